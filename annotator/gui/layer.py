"""The annotations of one document held in memory for drawing: spans indexed by position, relations.

Loaded once per document from the core; then changed piece by piece from the operations' change notices,
so adding or deleting one span among 20,000 costs a bisection, not a reload. Qt-free.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass

from ..core.domain import CUE_RELATION, QUOTE_LABEL, SPEAKER_RELATION
from ..core.model import Relation, Span


@dataclass(frozen=True)
class Quotation:
    quote: Span
    cue: Span | None
    speaker: Span | None


class DocumentLayer:
    def __init__(self, spans: Iterable[Span] = (), relations: Iterable[Relation] = ()):
        self._spans: dict[int, Span] = {}
        self._starts: list[tuple[int, int]] = []  # (start, id), sorted
        self._max_length = 0  # longest span seen: how far back a span overlapping a range can start
        self._relations: dict[int, Relation] = {}
        self._label_counts: dict[str, int] = {}
        self.reset(spans, relations)

    def reset(self, spans: Iterable[Span], relations: Iterable[Relation]) -> None:
        self._spans = {s.id: s for s in spans}
        self._starts = sorted((s.start, s.id) for s in self._spans.values())
        self._max_length = max((s.end - s.start for s in self._spans.values()), default=0)
        self._relations = {r.id: r for r in relations}
        self._label_counts = {}
        for s in self._spans.values():
            self._count(s.label, 1)

    def _count(self, label: str, delta: int) -> None:
        self._label_counts[label] = self._label_counts.get(label, 0) + delta
        if not self._label_counts[label]:
            del self._label_counts[label]

    # ---- reading ------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._spans)

    def label_counts(self) -> dict[str, int]:
        return dict(self._label_counts)

    def span(self, span_id: int) -> Span | None:
        return self._spans.get(span_id)

    def spans(self) -> list[Span]:
        return sorted(self._spans.values(), key=lambda s: (s.start, -s.end, s.id))

    def spans_in(self, start: int, end: int) -> list[Span]:
        """Spans overlapping [start, end), by start then longest first (outer before inner)."""
        lo = bisect_left(self._starts, (start - self._max_length,))
        hi = bisect_left(self._starts, (end,))
        found = [self._spans[i] for _, i in self._starts[lo:hi]]
        found = [s for s in found if s.end > start]
        found.sort(key=lambda s: (s.start, -s.end, s.id))
        return found

    def spans_at(self, pos: int) -> list[Span]:
        """Spans containing the code point at `pos`, innermost (shortest) first."""
        found = [s for s in self.spans_in(pos, pos + 1)]
        found.sort(key=lambda s: (s.end - s.start, s.id))
        return found

    def relations(self) -> list[Relation]:
        return list(self._relations.values())

    def quotations(self, quote_label: str = QUOTE_LABEL) -> list[Quotation]:
        cues: dict[int, Span] = {}
        speakers: dict[int, Span] = {}
        for r in self._relations.values():
            target = self._spans.get(r.target)
            if target is None:
                continue
            if r.type == CUE_RELATION:
                cues[r.source] = target
            elif r.type == SPEAKER_RELATION:
                speakers[r.source] = target
        quotes = [s for s in self._spans.values() if s.label == quote_label]
        quotes.sort(key=lambda s: (s.start, -s.end, s.id))
        return [Quotation(q, cues.get(q.id), speakers.get(q.id)) for q in quotes]

    # ---- changing -----------------------------------------------------------------------------------
    def add_span(self, span: Span) -> None:
        if span.id in self._spans:
            self.remove_span(span.id)
        self._spans[span.id] = span
        self._count(span.label, 1)
        insort(self._starts, (span.start, span.id))
        self._max_length = max(self._max_length, span.end - span.start)

    def remove_span(self, span_id: int) -> None:
        """Forget a span and the relations that touch it (the core deletes those with it)."""
        span = self._spans.pop(span_id, None)
        if span is None:
            return
        self._count(span.label, -1)
        i = bisect_left(self._starts, (span.start, span_id))
        if i < len(self._starts) and self._starts[i] == (span.start, span_id):
            del self._starts[i]
        for rid in [rid for rid, r in self._relations.items() if span_id in (r.source, r.target)]:
            del self._relations[rid]

    def update_span(self, span: Span) -> None:
        old = self._spans.get(span.id)
        if old is not None and old.start == span.start:
            self._count(old.label, -1)
            self._count(span.label, 1)
            self._spans[span.id] = span
            self._max_length = max(self._max_length, span.end - span.start)
        else:
            relations = [r for r in self._relations.values() if span.id in (r.source, r.target)]
            self.remove_span(span.id)
            self.add_span(span)
            for r in relations:
                self._relations[r.id] = r

    def add_relation(self, relation: Relation) -> None:
        self._relations[relation.id] = relation

    def remove_relation(self, relation_id: int) -> None:
        self._relations.pop(relation_id, None)
