"""Documents every annotator worked on, compared a hundred at a time as one text (core/agreement/report.py
`_Run._add_batch`): each document's spans shifted by the lengths of the texts before it, so spans of two
documents never meet; `Batch` cuts each document's counts, disagreements and quotation links back out by
offset, in the order and at the offsets comparing it alone gives (tests/core/test_agreement_fast_path.py)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from ..model import QUOTATION
from .layers import BatchView, Quote
from .results import PairReport
from .spans import Disagreement, Span3

if TYPE_CHECKING:
    pass


_START = itemgetter(0)


class Batch:
    """Documents laid end to end (`_Run._add_batch`): their names, where each starts, and the
    disagreements found in each, in the documents' own offsets."""

    def __init__(self, names: list[str], offsets: list[int]):
        self.names = names
        self.offsets = offsets
        self.disagreements: list[list[Disagreement]] = [[] for _ in names]

    def document(self, position: int) -> int:
        """The document (its index) of a span starting at `position` (spans are never empty)."""
        return bisect_right(self.offsets, position) - 1

    def counts(
        self, spans_a: list[Span3], spans_b: list[Span3], same: list[Span3], moved_same_label: list[Span3]
    ) -> list[tuple[int, int, int, int, int, int]]:
        """Per document: (tp, only_a, only_b) of the exact match, then of the overlap match (every list
        sorted by start)."""
        na, nb, exact, moved = map(self._per_document, (spans_a, spans_b, same, moved_same_label))
        out = []
        for a, b, tp, more in zip(na, nb, exact, moved, strict=True):
            tpo = tp + more
            out.append((tp, a - tp, b - tp, tpo, a - tpo, b - tpo))
        return out

    def _per_document(self, spans: list[Span3]) -> list[int]:
        """How many of `spans` (sorted by start) each document has."""
        if not spans:
            return [0] * len(self.names)
        starts = list(map(_START, spans))
        cuts = [bisect_left(starts, offset) for offset in self.offsets[1:]]
        return [end - start for start, end in zip([0, *cuts], [*cuts, len(starts)], strict=True)]

    def _local(self, span: Span3, offset: int) -> Span3:
        return (span[0] - offset, span[1] - offset, span[2])

    def span_disagreements(
        self,
        a: str,
        b: str,
        layer: str,
        pairs: Iterable[tuple[Span3, Span3]],
        only_a: Iterable[Span3],
        only_b: Iterable[Span3],
    ) -> None:
        """`spans.span_disagreements`, each in its document's list and offsets."""
        make = Disagreement._make
        found, names, offsets, document = self.disagreements, self.names, self.offsets, self.document
        for x, y in pairs:
            if x == y:
                continue
            k = document(x[0])
            o = offsets[k]
            what = "boundaries" if x[2] == y[2] else ("label" if x[:2] == y[:2] else "label_and_boundaries")
            found[k].append(
                make(
                    (
                        names[k], a, b, layer, what, min(x[0], y[0]) - o, max(x[1], y[1]) - o,
                        (x[0] - o, x[1] - o, x[2]), (y[0] - o, y[1] - o, y[2]), None, None,
                    )
                )
            )  # fmt: skip
        for s in only_a:
            k = document(s[0])
            o = offsets[k]
            local = (s[0] - o, s[1] - o, s[2])
            found[k].append(make((names[k], a, b, layer, "only_a", local[0], local[1], local, None, None, None)))
        for s in only_b:
            k = document(s[0])
            o = offsets[k]
            local = (s[0] - o, s[1] - o, s[2])
            found[k].append(make((names[k], a, b, layer, "only_b", local[0], local[1], None, local, None, None)))

    def compare_quotes(
        self, pair: PairReport, va: BatchView, vb: BatchView, pairs: Iterable[tuple[Span3, Span3]]
    ) -> None:
        """`_Run._compare_quotes` of a batch."""
        for x, y in pairs:
            qa, qb = va.quotes.get(x), vb.quotes.get(y)
            if qa is None or qb is None:
                continue
            k = self.document(x[0])
            o = self.offsets[k]
            start, end = min(x[0], y[0]) - o, max(x[1], y[1]) - o
            for what, has_a, has_b in tally_quote_pair(pair, qa, qb):
                if what != "kind":  # a speaker or cue span: in the document's offsets
                    has_a = None if has_a is None else self._local(has_a, o)
                    has_b = None if has_b is None else self._local(has_b, o)
                self.disagreements[k].append(
                    Disagreement(self.names[k], pair.a, pair.b, QUOTATION, what, start, end, has_a, has_b)
                )


def tally_quote_pair(pair: PairReport, qa: Quote, qb: Quote) -> list[tuple[str, Any, Any]]:
    """Count one matched pair of quotations into `pair`: their speaker and cue links and their kinds; what
    differs, as (what, a's, b's) in that order (speaker, cue, kind)."""
    differing: list[tuple[str, Any, Any]] = []
    for what, tally, has_a, has_b in (
        ("speaker", pair.speaker, qa.speaker, qb.speaker),
        ("cue", pair.cue_link, qa.cue, qb.cue),
    ):
        if has_a is None and has_b is None:
            continue
        tally["items"] += 1
        if has_a is not None and has_b is not None and has_a[:2] == has_b[:2]:
            tally["agree"] += 1
        else:
            differing.append((what, has_a, has_b))
    if qa.kind and qb.kind:
        pair.kind_table[(qa.kind, qb.kind)] += 1
        if qa.kind != qb.kind:
            differing.append(("kind", qa.kind, qb.kind))
    return differing
