"""Krippendorff's unitizing alpha (u-alpha, Krippendorff 1995 / 2004) for spans, with the values DKPro
Statistics' `KrippendorffAlphaUnitizingAgreement` gives (INCEpTION reports that class).

A study is R raters marking units of categories (labels) on a continuum of length L. Per category c:

    D_O(c) = 2 / (R (R-1) L^2) * sum over rater pairs of
             [ sum over overlapping unit pairs ((begin difference)^2 + (end difference)^2)
               + sum over units that overlap no unit of the other rater: length^2 ]
    D_E(c) = 2/L * sum over units u of [ (N_c - 1) l(l-1)(2l-1) / 3 + l^2 * sum over gaps g >= l of (g - l + 1) ]
             / (R L (R L - 1) - sum over units of l(l-1))

with l the unit's length, N_c the number of units of c over all raters, and the gaps every rater leaves
between (and around) their units of c. That is what DKPro's section-by-section sweep adds up; written
this way it needs one sorted merge per rater pair and a sort of the gaps, not a loop over every gap for
every unit. alpha(c) = 1 - D_O(c) / D_E(c); the study's alpha = 1 - sum D_O / sum D_E over its categories.

Several documents form one continuum, laid end to end in order (as DKPro would see their
concatenation). Units of one rater and category may not overlap: as INCEpTION does, a unit that overlaps
one kept before it (in start order, longer first) is left out and counted.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import filterfalse
from operator import gt, itemgetter
from typing import Any, NamedTuple

from .coefficients import Coefficient, undefined

Unit = tuple[int, int]  # [start, end)
SHORT = 8  # units: fewer are swept as they are
_START, _END, _CATEGORY = itemgetter(0), itemgetter(1), itemgetter(2)


def units_by_category(spans: Iterable[tuple[int, int, Hashable]]) -> tuple[dict[Hashable, list[Unit]], int]:
    """One rater's units per category, sorted, without overlaps within a category; and how many were left
    out for overlapping an earlier one. `spans` must be sorted by (start, end); of spans starting
    together the longest is kept (INCEpTION takes them longest first)."""
    spans = list(spans)
    starts, ends = list(map(_START, spans)), list(map(_END, spans))
    if not any(map(gt, ends, starts[1:])):  # no span overlaps the next (most): none is left out
        out: dict[Hashable, list[Unit]] = {}
        for category, unit in zip(map(_CATEGORY, spans), zip(starts, ends)):  # noqa: B905 (the same length)
            kept = out.get(category)
            if kept is None:
                out[category] = [unit]
            else:
                kept.append(unit)
        return out, 0
    out = {}
    skipped = 0
    for start, end, category in spans:
        kept = out.get(category)
        if kept is None:
            out[category] = [(start, end)]
            continue
        last_start, last_end = kept[-1]
        if start < last_end:
            skipped += 1
            if start == last_start:  # longer than the one kept (sorted by end): it takes its place
                kept[-1] = (start, end)
            continue
        kept.append((start, end))
    return out, skipped


def pair_observed(a: Sequence[Unit], b: Sequence[Unit]) -> int:
    """The observed-disagreement sum of two raters' units of one category (sorted, non-overlapping)."""
    if a == b:  # annotators agree on most documents' units: every pair then adds 0
        return 0
    if len(a) > SHORT and len(b) > SHORT:
        # A unit both raters have adds 0 and overlaps no other unit of either (neither rater's units
        # overlap one another): only the others are swept (most units, over many documents, are shared).
        a, b = list(filterfalse(set(b).__contains__, a)), list(filterfalse(set(a).__contains__, b))
    total = 0
    i = j = 0
    na, nb = len(a), len(b)
    hit_a = hit_b = False  # whether a[i] / b[j] overlaps a unit of the other rater
    while i < na and j < nb:
        x, y = a[i], b[j]
        if x == y:  # the same unit (most): adds 0, and overlaps no other unit of either
            i += 1
            j += 1
            hit_a = hit_b = False
            continue
        a_start, a_end = x
        b_start, b_end = y
        if a_start < b_end and b_start < a_end:
            total += (a_start - b_start) ** 2 + (a_end - b_end) ** 2
            hit_a = hit_b = True
        if a_end <= b_end:  # a[i] can overlap no later unit of b
            if not hit_a:
                total += (a_end - a_start) ** 2
            i += 1
            hit_a = False
        if b_end <= a_end:
            if not hit_b:
                total += (b_end - b_start) ** 2
            j += 1
            hit_b = False
    for units, k, hit in ((a, i, hit_a), (b, j, hit_b)):  # what is left of one of them overlaps nothing
        for start, end in units[k + hit :]:
            total += (end - start) ** 2
    return total


@dataclass(slots=True)
class _Category:
    observed: int = 0
    # Unit lengths, and the gaps between units of one rater (not before the first): lists while documents
    # are added, tallied (value -> how many) by `tally`, since only how many of each value matter; a
    # worker's tallies cross to the main process and merge far faster than its lists.
    lengths: list[int] | Counter[int] = field(default_factory=list)
    gaps: list[int] | Counter[int] = field(default_factory=list)

    def tally(self) -> None:
        if isinstance(self.lengths, list):
            self.lengths = Counter(self.lengths)
        if isinstance(self.gaps, list):
            self.gaps = Counter(self.gaps)

    def untally(self) -> None:
        if not isinstance(self.lengths, list):
            self.lengths = list(self.lengths.elements())
        if not isinstance(self.gaps, list):
            self.gaps = list(self.gaps.elements())

    def units(self) -> int:
        return self.lengths.total() if isinstance(self.lengths, Counter) else len(self.lengths)

    first: dict[int, int] = field(default_factory=dict)  # rater -> start of its first unit (continuum)
    last_end: dict[int, int] = field(default_factory=dict)  # rater -> end of its last unit (continuum)


class Layout(NamedTuple):
    """One rater's units of one category in one document, summed up for a study: their lengths, the gaps
    between them, where the first starts and the last ends (built once, added to several studies; a
    named tuple, as it is built for every document, annotator and label)."""

    lengths: list[int]
    inner_gaps: list[int]
    first: int
    last: int

    @staticmethod
    def of(units: Sequence[Unit]) -> Layout:
        if len(units) == 1:  # most labels in most documents
            start, end = units[0]
            return Layout([end - start], [], start, end)
        lengths = [end - start for start, end in units]
        # units do not overlap, so no gap is negative; filter(None) drops those of 0
        gaps = list(filter(None, [b[0] - a[1] for a, b in zip(units, units[1:])]))  # noqa: B905 (one shorter)
        return Layout(lengths, gaps, units[0][0], units[-1][1])


def layouts(units: dict[Hashable, list[Unit]]) -> dict[Hashable, Layout]:
    return {category: Layout.of(found) for category, found in units.items() if found}


@dataclass(frozen=True)
class UnitizingResult:
    alpha: Coefficient
    per_category: dict[Hashable, Coefficient]
    observed: dict[Hashable, float]  # D_O per category
    expected: dict[Hashable, float]  # D_E per category
    documents: int
    skipped_overlapping: int

    def to_json(self) -> dict[str, Any]:
        out = self.alpha.to_json("alpha")
        out.pop("observed", None)
        out["documents"] = self.documents
        out["per_label"] = {str(c): _category_json(coef) for c, coef in sorted(self.per_category.items(), key=str)}
        if self.skipped_overlapping:
            out["overlapping_units_left_out"] = self.skipped_overlapping
        return out


def _category_json(coef: Coefficient) -> dict[str, Any]:
    out = coef.to_json("alpha")
    out.pop("observed", None)
    return out


class UnitizingStudy:
    """Accumulates one study document by document: `add_document`, then `result()`."""

    def __init__(self, raters: int):
        self.raters = raters
        self.length = 0
        self.documents = 0
        self.skipped = 0
        self._categories: dict[Hashable, _Category] = defaultdict(_Category)
        self._tallied = False  # lengths and gaps are Counters (`tally`), not lists

    def add_document(
        self,
        length: int,
        units: Sequence[dict[Hashable, list[Unit]]],
        observed: dict[Hashable, int] | None = None,
        summaries: Sequence[dict[Hashable, Layout]] | None = None,
        documents: int = 1,
    ) -> None:
        """One document of `length` characters: per rater (in the study's order), its units per category.
        `observed` (per category, summed over rater pairs) and `summaries` (`layouts` of each rater's
        units) may be given when the caller already has them. `documents`: how many documents laid end
        to end that "document" is (the same study as adding them one by one)."""
        offset = self.length
        if summaries is None:
            summaries = [layouts(per_category) for per_category in units]
        if self._tallied:  # lists again
            for cat in self._categories.values():
                cat.untally()
            self._tallied = False
        categories = self._categories
        for rater, per_category in enumerate(summaries):
            for category, layout in per_category.items():
                cat = categories[category]
                first = layout.first + offset
                last = cat.last_end.get(rater)
                if last is None:
                    cat.first[rater] = first
                elif first > last:
                    cat.gaps.append(first - last)  # type: ignore[union-attr]  # lists until tallied
                if layout.inner_gaps:
                    cat.gaps += layout.inner_gaps  # type: ignore[operator]
                cat.lengths += layout.lengths  # type: ignore[operator]
                cat.last_end[rater] = layout.last + offset
        if observed is None:
            observed = Counter()
            for r1 in range(len(units)):
                for r2 in range(r1 + 1, len(units)):
                    for category in set(units[r1]) | set(units[r2]):
                        observed[category] += pair_observed(units[r1].get(category, ()), units[r2].get(category, ()))
        for category, value in observed.items():
            if value:
                self._categories[category].observed += value
        self.length += length
        self.documents += documents

    def add_observed(self, observed: dict[Hashable, int]) -> None:
        """Only the observed disagreement of a document (its units come later, by `absorb`)."""
        for category, value in observed.items():
            if value:
                self._categories[category].observed += value

    def absorb(self, solos: Sequence[UnitizingStudy]) -> None:
        """Take the units of one-rater studies, rater k of this study being solos[k], all over the same
        documents: those of this study, each of which had all its raters (only `add_observed` was called
        here). Every rater then lays its units on the same continuum, so its lengths and gaps here are
        those of its own study."""
        self.length, self.documents = solos[0].length, solos[0].documents
        for rater, solo in enumerate(solos):
            solo.tally()
            for category, theirs in solo._categories.items():
                cat = self._categories[category]
                cat.tally()
                cat.lengths.update(theirs.lengths)  # type: ignore[union-attr]  # tallied
                cat.gaps.update(theirs.gaps)  # type: ignore[union-attr]
                if 0 in theirs.first:
                    cat.first[rater] = theirs.first[0]
                    cat.last_end[rater] = theirs.last_end[0]
        self.tally()

    def extend(self, other: UnitizingStudy) -> None:
        """Append another study of the same raters, whose documents follow this one's (the gap around the
        seam joins the two)."""
        self.tally()
        other.tally()
        for category, theirs in other._categories.items():
            cat = self._categories[category]
            cat.observed += theirs.observed
            cat.tally()  # (a category new here)
            assert isinstance(cat.lengths, Counter) and isinstance(cat.gaps, Counter)
            cat.lengths.update(theirs.lengths)
            cat.gaps.update(theirs.gaps)
            for rater, first in theirs.first.items():
                last = cat.last_end.get(rater)
                if last is None:
                    cat.first[rater] = self.length + first
                elif self.length + first > last:
                    cat.gaps[self.length + first - last] += 1
                cat.last_end[rater] = self.length + theirs.last_end[rater]
        self.length += other.length
        self.documents += other.documents
        self.skipped += other.skipped

    def tally(self) -> None:
        """Tally each category's lengths and gaps now (in a worker process, before the study crosses to
        the main process); adding documents after this still works."""
        for cat in self._categories.values():
            cat.tally()
        self._tallied = True

    def result(self) -> UnitizingResult:
        R, L = self.raters, self.length
        per_category: dict[Hashable, Coefficient] = {}
        d_o: dict[Hashable, float] = {}
        d_e: dict[Hashable, float] = {}
        total_units = 0
        for category, cat in self._categories.items():
            n_units = cat.units()
            if not n_units:
                continue
            total_units += n_units
            if R < 2 or L == 0:
                per_category[category] = undefined("u-alpha needs two annotators and some text", n_units)
                continue
            d_o[category] = 2 * cat.observed / (R * (R - 1) * L * L)
            d_e[category] = _expected(R, L, cat)
            per_category[category] = _alpha(d_o[category], d_e[category], n_units)
        if not per_category:
            alpha = undefined("no spans to compare")
        elif not d_e:
            alpha = undefined("u-alpha needs two annotators and some text", total_units)
        else:
            alpha = _alpha(sum(d_o.values()), sum(d_e.values()), total_units)
        return UnitizingResult(alpha, per_category, d_o, d_e, self.documents, self.skipped)


def _expected(R: int, L: int, cat: _Category) -> float:
    gaps = Counter(cat.gaps)  # gap -> how many
    for rater in range(R):
        last = cat.last_end.get(rater)
        if last is None:
            gaps[L] += 1  # no unit of this category: one gap over the whole continuum
            continue
        if cat.first[rater] > 0:
            gaps[cat.first[rater]] += 1
        if last < L:
            gaps[L - last] += 1
    values = sorted(gaps)
    # over the gaps of values[i:]: how many, and their sum
    count_from = [0] * (len(values) + 1)
    sum_from = [0] * (len(values) + 1)
    for i in range(len(values) - 1, -1, -1):
        many = gaps[values[i]]
        count_from[i] = count_from[i + 1] + many
        sum_from[i] = sum_from[i + 1] + many * values[i]
    lengths = Counter(cat.lengths)  # length -> how many
    n_units = lengths.total()
    total = 0
    squared_lengths = 0
    for length, count in lengths.items():
        first = bisect.bisect_left(values, length)
        room = sum_from[first] - (length - 1) * count_from[first]  # sum over gaps g >= length of (g - length + 1)
        total += count * ((n_units - 1) * length * (length - 1) * (2 * length - 1) // 3 + length * length * room)
        squared_lengths += count * length * (length - 1)
    denominator = R * L * (R * L - 1) - squared_lengths
    return 2 * total / (L * denominator) if denominator > 0 else 0.0


def _alpha(d_o: float, d_e: float, units: int) -> Coefficient:
    if d_e == 0:
        return undefined("expected disagreement is 0 (the units leave no room to differ): u-alpha is undefined", units)
    return Coefficient(1.0 - d_o / d_e, units)


def unitizing_alpha(
    length: int, raters: Sequence[Iterable[tuple[int, int, Hashable]]], begin: int = 0
) -> UnitizingResult:
    """u-alpha of one continuum [begin, begin + length): per rater, its (start, end, category) units."""
    study = UnitizingStudy(len(raters))
    per_rater = []
    for spans in raters:
        units, skipped = units_by_category(sorted((s - begin, e - begin, c) for s, e, c in spans))
        study.skipped += skipped
        per_rater.append(units)
    study.add_document(length, per_rater)
    return study.result()
