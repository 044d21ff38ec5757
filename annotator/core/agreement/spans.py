"""Span comparison of two annotators on one document: exact matches, a one-to-one pairing by overlap,
the label confusion that pairing gives, and the disagreements a reviewer walks through.

Spans are (start, end, label) tuples, sorted. Matching sweeps the spans in start order with a window of
the spans still open, so a document with tens of thousands of spans costs n log n, not n^2.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import filterfalse
from typing import Any, NamedTuple, TypeAlias, Union

Span3 = tuple[int, int, str]  # start, end, label
# (what a has, what b has) -> how many: labels, tags or values of two annotators side by side
PairTable: TypeAlias = "Counter[tuple[str, str]]"

NONE = "(none)"  # the confusion matrix's row / column for "no span there"


def match(a: Sequence[Span3], b: Sequence[Span3]) -> tuple[list[tuple[Span3, Span3]], list[Span3], list[Span3]]:
    """One-to-one pairs of overlapping spans of a and b (each sorted, without repeats): identical spans
    first; then, in a's start order, each span of a takes the open span of b that has its label, else the
    one it overlaps most (earliest on ties). Returns (pairs, spans only in a, spans only in b)."""
    same, moved, only_a, only_b = match_apart(a, b)
    return [(s, s) for s in same] + moved, only_a, only_b


def match_apart(
    a: Sequence[Span3], b: Sequence[Span3]
) -> tuple[list[Span3], list[tuple[Span3, Span3]], list[Span3], list[Span3]]:
    """`match` with the identical spans apart (most spans, which then need no loop of their own):
    (identical spans, the other pairs, spans only in a, spans only in b)."""
    in_b = set(b).__contains__
    same = list(filter(in_b, a))
    if len(same) == len(a) == len(b):
        return same, [], [], []
    rest_a = list(filterfalse(in_b, a))
    rest_b = list(filterfalse(set(a).__contains__, b))  # (spans in both are those of `same`)
    pairs: list[tuple[Span3, Span3]] = []
    only_a: list[Span3] = []
    taken = [False] * len(rest_b)
    open_: list[int] = []  # indices into rest_b that started before the current span of a ends
    j = 0
    for span in rest_a:
        start, end, label = span
        while j < len(rest_b) and rest_b[j][0] < end:
            open_.append(j)
            j += 1
        open_ = [k for k in open_ if not taken[k] and rest_b[k][1] > start]
        best = -1
        best_score = (False, 0)
        for k in open_:
            other = rest_b[k]
            overlap = min(end, other[1]) - max(start, other[0])
            if overlap <= 0:
                continue
            score = (other[2] == label, overlap)
            if score > best_score:
                best, best_score = k, score
        if best < 0:
            only_a.append(span)
        else:
            taken[best] = True
            pairs.append((span, rest_b[best]))
    only_b = [s for k, s in enumerate(rest_b) if not taken[k]]
    return same, pairs, only_a, only_b


Has = Union[Span3, str, None]  # noqa: UP007 (a runtime alias; `|` needs 3.10 types) what an annotator has at a disagreement: a span, a value, or nothing


class Disagreement(NamedTuple):
    """One place where two annotators differ; `start`/`end` cover both sides so a window can jump there
    (None for a document-level stance). A named tuple: a large project has hundreds of thousands."""

    document: str
    a: str
    b: str
    layer: str  # entity | quotation | cue | stance (document label, task in `task`) | quotation_stance
    what: str  # label | boundaries | label_and_boundaries | only_a | only_b | speaker | cue | kind | value
    start: int | None
    end: int | None
    a_has: Has
    b_has: Has
    target: str | None = None  # the stance target, for stance items
    task: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = {
            "document": self.document,
            "a": self.a,
            "b": self.b,
            "layer": self.layer,
            "what": self.what,
            "start": self.start,
            "end": self.end,
            "a_has": _has_json(self.a_has),
            "b_has": _has_json(self.b_has),
        }
        if self.target is not None:
            out["target"] = self.target
        if self.task is not None:
            out["task"] = self.task
        return out

    def label(self, side: str) -> str:
        """What annotator a (side "a") or b has: a span's label, a value, or "-" for nothing."""
        has = self.a_has if side == "a" else self.b_has
        if has is None:
            return "-"
        return has[2] if isinstance(has, tuple) else str(has)

    def offsets(self, side: str) -> str:
        """`start-end` of that annotator's span, or "" (kept apart from the label: a number right after
        Arabic text would be ordered right to left with it)."""
        has = self.a_has if side == "a" else self.b_has
        return f"{has[0]}-{has[1]}" if isinstance(has, tuple) else ""


def disagreements_json(disagreements: Iterable[Disagreement]) -> str:
    """`json.dumps([d.to_json() for d in disagreements], ensure_ascii=False)`, character for character,
    without a dict per disagreement (a large project has hundreds of thousands; the dicts cost more than
    finding them)."""
    return "[" + disagreements_json_items(disagreements) + "]"


def disagreements_json_items(disagreements: Iterable[Disagreement]) -> str:
    """The items of `disagreements_json`'s array, without the brackets. Strings repeat (documents,
    annotators, labels), and so does the start of a disagreement's text in a document: each is encoded
    once. Numbers are written as they are (a cache of them would mostly miss)."""
    enc = JsonTexts()
    heads: dict[tuple[str, str, str, str, str], str] = {}  # up to "start"
    parts = []
    for document, a, b, layer, what, start, end, a_has, b_has, target, task in disagreements:
        key = (document, a, b, layer, what)
        head = heads.get(key)
        if head is None:
            head = heads[key] = (
                f'{{"document": {enc[document]}, "a": {enc[a]}, "b": {enc[b]}, '
                f'"layer": {enc[layer]}, "what": {enc[what]}, "start": '
            )
        has_a = (
            f'{{"start": {a_has[0]}, "end": {a_has[1]}, "label": {enc[a_has[2]]}}}'
            if isinstance(a_has, tuple)
            else enc[a_has]
        )
        has_b = (
            f'{{"start": {b_has[0]}, "end": {b_has[1]}, "label": {enc[b_has[2]]}}}'
            if isinstance(b_has, tuple)
            else enc[b_has]
        )
        where = _NO_RANGE if start is None else f'{start}, "end": {end}'  # (None: a document's stance)
        tail = "" if target is None else f', "target": {enc[target]}'
        if task is not None:
            tail += f', "task": {enc[task]}'
        parts.append(f'{head}{where}, "a_has": {has_a}, "b_has": {has_b}{tail}}}')
    return ", ".join(parts)


_NO_RANGE = 'null, "end": null'


class JsonTexts(dict[Any, str]):
    """value -> its JSON text, each encoded on first use (a dict lookup costs less than a call)."""

    def __missing__(self, value: Any) -> str:
        found = self[value] = json.dumps(value, ensure_ascii=False)
        return found


def _has_json(has: Has) -> Any:
    if isinstance(has, tuple):
        return {"start": has[0], "end": has[1], "label": has[2]}
    return has


def span_disagreements(
    document: str,
    a: str,
    b: str,
    layer: str,
    pairs: Iterable[tuple[Span3, Span3]],
    only_a: Iterable[Span3],
    only_b: Iterable[Span3],
) -> list[Disagreement]:
    make = Disagreement._make  # from a whole tuple: cheaper than the named tuple's keyword-aware __new__
    out = []
    for x, y in pairs:
        if x == y:
            continue
        same_label = x[2] == y[2]
        same_bounds = x[:2] == y[:2]
        what = "boundaries" if same_label else ("label" if same_bounds else "label_and_boundaries")
        out.append(make((document, a, b, layer, what, min(x[0], y[0]), max(x[1], y[1]), x, y, None, None)))
    out += [make((document, a, b, layer, "only_a", s[0], s[1], s, None, None, None)) for s in only_a]
    out += [make((document, a, b, layer, "only_b", s[0], s[1], None, s, None, None)) for s in only_b]
    return out


def confusion(
    pairs: Iterable[tuple[Span3, Span3]],
    only_a: Iterable[Span3],
    only_b: Iterable[Span3],
    table: PairTable | None = None,
    same_labels: Sequence[str] = (),
) -> PairTable:
    """(label of a, label of b) counts of the overlap pairing; NONE where one side has no span. Added to
    `table` when given (a pair's running counts: no Counter per document). `same_labels`: the labels of
    identical spans, when `pairs` leaves them out (`match_apart`)."""
    table = Counter() if table is None else table
    table.update(zip(same_labels, same_labels, strict=True))
    table.update((x[2], y[2]) for x, y in pairs)
    table.update((s[2], NONE) for s in only_a)
    table.update((NONE, s[2]) for s in only_b)
    return table
