"""Agreement coefficients against published and hand-computed values, and their undefined cases."""

import random
from collections import Counter

import pytest

from annotator.core.agreement.coefficients import MatchCounts, cohen_kappa, fleiss_kappa, krippendorff_alpha_nominal

# Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each; counts per diagnosis
# (depression, personality disorder, schizophrenia, neurosis, other).
FLEISS_1971 = """
0 0 0 6 0 | 0 3 0 0 3 | 0 1 4 0 1 | 0 0 0 0 6 | 0 3 0 3 0 | 2 0 4 0 0 | 0 0 4 0 2 | 2 0 3 1 0 | 2 0 0 4 0 | 0 0 0 0 6
1 0 0 5 0 | 1 1 0 4 0 | 0 3 3 0 0 | 1 0 0 5 0 | 0 2 0 3 1 | 0 0 5 0 1 | 3 0 0 1 2 | 5 1 0 0 0 | 0 2 0 4 0 | 1 0 2 0 3
0 0 0 0 6 | 0 1 0 5 0 | 0 2 0 1 3 | 2 0 0 4 0 | 1 0 0 4 1 | 0 5 0 1 0 | 4 0 0 0 2 | 0 2 0 4 0 | 1 0 5 0 0 | 0 0 0 0 6
"""

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 observers, 12 units, missing values.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def fleiss_items():
    rows = [row.split() for row in FLEISS_1971.replace("\n", "|").split("|") if row.strip()]
    return [{category: int(n) for category, n in enumerate(row) if int(n)} for row in rows]


def units(matrix):
    return [[v for v in column if v is not None] for column in zip(*matrix, strict=True)]


def test_fleiss_1971_psychiatric_diagnoses():
    items = fleiss_items()
    assert len(items) == 30 and all(sum(i.values()) == 6 for i in items)
    result = fleiss_kappa(items)
    assert result.value == pytest.approx(0.430, abs=0.0005)
    assert result.items == 30


def test_krippendorff_reliability_example_with_missing_values():
    result = krippendorff_alpha_nominal(units(KRIPPENDORFF_2011))
    assert result.value == pytest.approx(0.743, abs=0.0005)
    assert result.items == 11  # unit 12 has a single value: not pairable


def test_alike_items_given_once_with_how_many_give_the_same_figures():
    """Agreement over a large project hands the coefficients each pattern of values once, with its count."""
    items = fleiss_items()
    patterns = Counter(tuple(sorted(item.items())) for item in items)
    grouped = fleiss_kappa([dict(p) for p in patterns], list(patterns.values()))
    assert len(patterns) < len(items) and grouped.items == 30
    assert grouped.value == pytest.approx(fleiss_kappa(items).value, abs=1e-12)
    doubled = units(KRIPPENDORFF_2011) * 2
    grouped_units = Counter(tuple(sorted(u)) for u in doubled)
    alpha = krippendorff_alpha_nominal(list(grouped_units), list(grouped_units.values()))
    assert alpha.items == 22
    assert alpha.value == pytest.approx(krippendorff_alpha_nominal(doubled).value, abs=1e-12)


def test_cohen_kappa_by_hand():
    # 10 items: a and b agree on 7 (4 x FAVOR, 3 x AGAINST).
    # p_o = 0.7; a: FAVOR 5, AGAINST 5; b: FAVOR 6, AGAINST 4 -> p_e = (5*6 + 5*4) / 100 = 0.5
    # kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    pairs = (
        [("FAVOR", "FAVOR")] * 4 + [("AGAINST", "AGAINST")] * 3 + [("FAVOR", "AGAINST")] + [("AGAINST", "FAVOR")] * 2
    )
    result = cohen_kappa(pairs)
    assert result.value == pytest.approx(0.4)
    assert result.observed == pytest.approx(0.7)
    assert result.items == 10


@pytest.mark.parametrize("seed", range(5))
def test_alpha_equals_the_krippendorff_package_on_random_data(seed):
    krippendorff = pytest.importorskip("krippendorff")
    rng = random.Random(seed)
    coders, n_units = rng.randint(2, 5), rng.randint(5, 60)
    matrix = [
        [rng.choice([1, 2, 3, None]) if rng.random() < 0.85 else None for _ in range(n_units)] for _ in range(coders)
    ]
    ours = krippendorff_alpha_nominal(units(matrix))
    data = [[float("nan") if v is None else v for v in row] for row in matrix]
    try:
        theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    except ValueError:  # the package refuses data with one value; we must say undefined there
        assert ours.value is None
        return
    assert ours.value == pytest.approx(theirs, abs=1e-9)


def test_undefined_cases_say_why_instead_of_zero():
    assert cohen_kappa([]).value is None and "no items" in cohen_kappa([]).reason
    one_category = cohen_kappa([("FAVOR", "FAVOR")] * 5)
    assert one_category.value is None and one_category.items == 5 and "one and the same" in one_category.reason
    assert fleiss_kappa([]).value is None
    assert fleiss_kappa([{"X": 3}] * 4).value is None
    assert krippendorff_alpha_nominal([[1], [2]]).value is None  # nothing pairable
    single = krippendorff_alpha_nominal([[1, 1], [1, 1, 1]])
    assert single.value is None and "one category" in single.reason
    assert single.to_json("krippendorff_alpha")["krippendorff_alpha"] is None


def test_match_counts():
    counts = MatchCounts(tp=6, only_a=2, only_b=4)
    assert counts.precision == pytest.approx(6 / 8)
    assert counts.recall == pytest.approx(6 / 10)
    assert counts.f1 == pytest.approx(12 / 18)
    empty = MatchCounts().to_json()
    assert empty["f1"] is None and "neither" in empty["reason"]
