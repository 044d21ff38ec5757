"""Agreement coefficients over coded items: Cohen's kappa, Fleiss' kappa, Krippendorff's nominal alpha,
and precision / recall / F1 from match counts.

Every result carries the number of items it rests on. Where a coefficient is undefined (no items, a
single category, nothing pairable) its value is None and `reason` says why: never 0, never NaN.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any, TypeVar


@dataclass(frozen=True)
class Coefficient:
    """A chance-corrected coefficient, its observed agreement and its item count."""

    value: float | None
    items: int
    observed: float | None = None
    reason: str | None = None  # why value is None

    def to_json(self, name: str) -> dict[str, Any]:
        """`{name: value, "items": n, "observed": p}` plus `name_reason` when the value is undefined."""
        out: dict[str, Any] = {name: rounded(self.value), "items": self.items, "observed": rounded(self.observed)}
        if self.reason:
            out[f"{name}_reason"] = self.reason
        return out


def rounded(x: float | None) -> float | None:
    """Six decimals for the JSON output; None stays None."""
    return None if x is None else round(x, 6)


def undefined(reason: str, items: int = 0, observed: float | None = None) -> Coefficient:
    return Coefficient(None, items, observed, reason)


H = TypeVar("H", bound=Hashable)  # a category: a label, a tag, a value


def cohen_kappa(pairs: Iterable[tuple[H, H]]) -> Coefficient:
    """Cohen's kappa of two coders over items both coded: (value of a, value of b) per item."""
    table = Counter(pairs)
    return cohen_kappa_from_table(table)


def cohen_kappa_from_table(table: Mapping[tuple[H, H], int]) -> Coefficient:
    """Cohen's kappa from a confusion table {(value of a, value of b): count}."""
    n = sum(table.values())
    if n == 0:
        return undefined("no items that both annotators coded")
    agree = sum(count for (x, y), count in table.items() if x == y)
    marg_a: Counter[H] = Counter()
    marg_b: Counter[H] = Counter()
    for (x, y), count in table.items():
        marg_a[x] += count
        marg_b[y] += count
    observed = agree / n
    expected = sum(marg_a[c] * marg_b[c] for c in marg_a) / (n * n)
    if expected >= 1.0:
        return undefined(
            "both annotators used one and the same category for every item: expected agreement "
            "is 1, so kappa is undefined",
            n,
            observed,
        )
    return Coefficient((observed - expected) / (1.0 - expected), n, observed)


def fleiss_kappa(items: Sequence[Mapping[Any, int]], repeats: Sequence[int] | None = None) -> Coefficient:
    """Fleiss' kappa over items that every coder coded: per item, {category: number of coders}.
    `repeats`: how many items each of `items` stands for (alike items given once; default 1 each).

    All items must have the same number of codes (the coders), at least two."""
    if not items:
        return undefined("no item was coded by every annotator")
    repeats = [1] * len(items) if repeats is None else repeats
    raters = sum(items[0].values())
    if any(sum(item.values()) != raters for item in items):
        raise ValueError("Fleiss' kappa needs the same number of codes for every item")
    n_items = sum(repeats)
    if raters < 2:
        return undefined("Fleiss' kappa needs at least two annotators", n_items)
    totals: Counter[Any] = Counter()
    agreement_sum = 0.0
    for item, times in zip(items, repeats, strict=True):
        for category, n in item.items():
            totals[category] += n * times
        agreement_sum += times * (sum(c * c for c in item.values()) - raters) / (raters * (raters - 1))
    observed = agreement_sum / n_items
    expected = sum((t / (n_items * raters)) ** 2 for t in totals.values())
    if expected >= 1.0:
        return undefined(
            "every annotator used one and the same category for every item: expected agreement "
            "is 1, so kappa is undefined",
            n_items,
            observed,
        )
    return Coefficient((observed - expected) / (1.0 - expected), n_items, observed)


def krippendorff_alpha_nominal(
    units: Iterable[Sequence[Hashable]], repeats: Iterable[int] | None = None
) -> Coefficient:
    """Krippendorff's alpha for nominal data with missing values: per unit, the values the coders who
    coded it gave (any number; units with fewer than two values are not pairable and are left out).
    `repeats`: how many units each of `units` stands for (alike units given once; default 1 each).

    alpha = 1 - (n - 1) * sum of off-diagonal coincidences / sum over c != k of n_c * n_k, from the
    coincidence matrix (Krippendorff 2011, "Computing Krippendorff's alpha-reliability")."""
    coincidences: dict[tuple[Hashable, Hashable], float] = defaultdict(float)
    pairable_units = 0
    for values, times in zip(units, repeat(1) if repeats is None else repeats):  # noqa: B905 (repeat is endless)
        m = len(values)
        if m < 2:
            continue
        pairable_units += times
        counts = Counter(values)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs = n_c * (n_c - 1) if c == k else n_c * n_k
                if pairs:
                    coincidences[(c, k)] += times * pairs / (m - 1)
    if not pairable_units:
        return undefined("no item was coded by two or more annotators")
    marginals: dict[Hashable, float] = defaultdict(float)
    for (c, _), value in coincidences.items():
        marginals[c] += value
    n = sum(marginals.values())
    disagreement = sum(v for (c, k), v in coincidences.items() if c != k)
    expected = sum(marginals[c] * marginals[k] for c in marginals for k in marginals if c != k)
    observed = 1.0 - disagreement / n
    if expected == 0:
        return undefined("only one category was used: alpha is undefined", pairable_units, observed)
    return Coefficient(1.0 - (n - 1) * disagreement / expected, pairable_units, observed)


def proportion(agree: int, items: int, what: str) -> Coefficient:
    """A plain proportion of agreeing items (no chance correction): value == observed."""
    if items == 0:
        return undefined(f"no {what}")
    return Coefficient(agree / items, items, agree / items)


@dataclass
class MatchCounts:
    """Counts of one span comparison: matched (tp), only in a, only in b; precision takes b as reference."""

    tp: int = 0
    only_a: int = 0
    only_b: int = 0

    def add(self, tp: int, only_a: int, only_b: int) -> None:
        self.tp += tp
        self.only_a += only_a
        self.only_b += only_b

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.only_a) if self.tp + self.only_a else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.only_b) if self.tp + self.only_b else None

    @property
    def f1(self) -> float | None:
        denominator = 2 * self.tp + self.only_a + self.only_b
        return 2 * self.tp / denominator if denominator else None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "tp": self.tp,
            "only_a": self.only_a,
            "only_b": self.only_b,
            "precision": rounded(self.precision),
            "recall": rounded(self.recall),
            "f1": rounded(self.f1),
        }
        if self.f1 is None:
            out["reason"] = "neither annotator has a span here"
        elif self.precision is None:
            out["reason"] = "annotator a has no span here: precision undefined"
        elif self.recall is None:
            out["reason"] = "annotator b has no span here: recall undefined"
        return out
