"""u-alpha against the worked examples of DKPro Statistics' tests (Krippendorff 1995 and 2004), with the
tolerances those tests use."""

import pytest

from annotator.core.agreement.unitizing import UnitizingStudy, pair_observed, unitizing_alpha, units_by_category


def krippendorff_2004():
    """Krippendorff (2004: p. 254): continuum [150, 450), two observers, categories c and k."""
    first = [(225, 295, "c"), (370, 400, "c"), (180, 240, "k"), (300, 350, "k")]
    second = [(220, 300, "c"), (355, 375, "c"), (400, 420, "c"), (180, 240, "k"), (300, 350, "k")]
    return unitizing_alpha(300, [first, second], begin=150)


def test_krippendorff_2004_example():
    result = krippendorff_2004()
    assert result.alpha.value == pytest.approx(0.8591, abs=0.0005)
    assert result.observed["c"] == pytest.approx(0.0144, abs=0.0001)
    assert result.expected["c"] == pytest.approx(0.0532, abs=0.0001)
    assert result.per_category["c"].value == pytest.approx(0.7286, abs=0.0001)
    assert result.observed["k"] == pytest.approx(0.0, abs=0.0001)
    assert result.expected["k"] == pytest.approx(0.0490, abs=0.0001)
    assert result.per_category["k"].value == pytest.approx(1.0, abs=0.0001)
    assert result.alpha.items == 9


def krippendorff_1995(stretch):
    """Krippendorff (1995: p. 57): four categories A-D, two observers, 24 positions stretched."""

    def unit(offset, length, rater, category):
        return int(offset * stretch), int(offset * stretch) + int(length * stretch), rater, category

    units = [
        unit(2, 8, 0, "A"),
        unit(14, 6, 0, "A"),
        unit(4, 4, 1, "A"),
        unit(15, 2, 1, "A"),
        unit(0, 18, 0, "B"),
        unit(0, 2, 1, "B"),
        unit(2, 1, 1, "B"),
        unit(3, 1, 1, "B"),
        unit(4, 1, 1, "B"),
        unit(5, 1, 1, "B"),
        unit(6, 3, 1, "B"),
        unit(9, 1, 1, "B"),
        unit(2, 6, 0, "C"),
        unit(10, 2, 0, "C"),
        unit(14, 4, 0, "C"),
        unit(20, 2, 0, "C"),
        unit(0, 2, 1, "C"),
        unit(4, 4, 1, "C"),
        unit(10, 4, 1, "C"),
        unit(16, 2, 1, "C"),
        unit(20, 2, 1, "C"),
        unit(0, 2, 0, "D"),
        unit(2, 8, 0, "D"),
        unit(10, 4, 0, "D"),
        unit(14, 6, 0, "D"),
        unit(20, 4, 0, "D"),
        unit(0, 4, 1, "D"),
        unit(4, 4, 1, "D"),
        unit(8, 7, 1, "D"),
        unit(15, 2, 1, "D"),
        unit(17, 7, 1, "D"),
    ]
    raters = [[(s, e, c) for s, e, r, c in units if r == rater] for rater in (0, 1)]
    return unitizing_alpha(int(24 * stretch), raters)


def test_krippendorff_1995_observed_disagreement():
    result = krippendorff_1995(1)
    expected = {"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}
    for category, value in expected.items():
        assert result.observed[category] == pytest.approx(value, abs=0.00001)


def test_krippendorff_1995_expected_disagreement_and_alpha():
    result = krippendorff_1995(1200000 / 24)
    for category, value in {"A": 0.06990, "B": 1.17731, "C": 0.08642, "D": 0.41445}.items():
        assert result.expected[category] == pytest.approx(value, abs=0.005)
    for category, value in {"A": 0.553, "B": -0.926, "C": 0.679, "D": 0.066}.items():
        assert result.per_category[category].value == pytest.approx(value, abs=0.02)


def test_krippendorff_1995_half_stretch():
    result = krippendorff_1995(12 / 24)
    assert result.observed["C"] == pytest.approx(0.02777, abs=0.00001)
    assert result.expected["C"] == pytest.approx(0.05494, abs=0.00001)
    assert result.per_category["C"].value == pytest.approx(0.494, abs=0.02)


def test_dkpro_unitizing_example():
    # r0: -11111111-   r1: --1-1-1---
    result = unitizing_alpha(10, [[(1, 9, "A")], [(2, 3, "A"), (4, 5, "A"), (6, 7, "A")]])
    assert result.observed["A"] == pytest.approx(0.9100, abs=0.0001)
    assert result.expected["A"] == pytest.approx(0.5351, abs=0.0001)
    assert result.per_category["A"].value == pytest.approx(-0.7003, abs=0.0001)


def test_distances_of_dkpro_distance_tests():
    # positional distance of overlapping units (Krippendorff 2004): begin^2 + end^2 differences
    assert pair_observed([(225, 295)], [(220, 300)]) == 50
    assert pair_observed([(370, 400)], [(355, 375)]) == 850
    # a unit overlapping nothing of the other rater costs its squared length
    assert pair_observed([(400, 420)], []) == 400
    assert pair_observed([(1, 9)], [(2, 3)]) == 37


def test_undefined_cases():
    assert unitizing_alpha(20, [[], [], []]).alpha.value is None
    assert "no spans" in unitizing_alpha(20, [[], []]).alpha.reason
    # one character, marked by both: no unit could have been placed otherwise
    whole = unitizing_alpha(1, [[(0, 1, "X")], [(0, 1, "X")]])
    assert whole.alpha.value is None and "expected disagreement is 0" in whole.alpha.reason


def test_overlapping_units_of_one_rater_are_left_out_like_inception():
    units, skipped = units_by_category(
        sorted(
            [
                (0, 10, "X"),
                (2, 4, "X"),
                (8, 12, "X"),
                (2, 4, "Y"),
                (0, 3, "X"),
                (12, 14, "X"),
                (12, 13, "X"),
                (14, 15, "X"),
            ]
        )
    )
    assert units == {"X": [(0, 10), (12, 14), (14, 15)], "Y": [(2, 4)]} and skipped == 4


def test_documents_laid_end_to_end_equal_one_continuum():
    one = unitizing_alpha(40, [[(2, 8, "X"), (25, 30, "X")], [(3, 8, "X"), (22, 30, "X")]])
    study = UnitizingStudy(2)
    study.add_document(20, [{"X": [(2, 8)]}, {"X": [(3, 8)]}])
    study.add_document(20, [{"X": [(5, 10)]}, {"X": [(2, 10)]}])
    two = study.result()
    assert two.alpha.value == pytest.approx(one.alpha.value)
    assert two.documents == 2


def test_studies_of_consecutive_documents_extend_into_one():
    docs = [
        (20, [{"X": [(2, 8)]}, {"X": [(3, 8)], "Y": [(10, 12)]}]),
        (15, [{}, {"X": [(0, 4)]}]),
        (20, [{"X": [(5, 10)], "Y": [(0, 3)]}, {"X": [(2, 10)]}]),
    ]
    whole = UnitizingStudy(2)
    for length, units in docs:
        whole.add_document(length, units)
    for cut in (1, 2):
        first, second = UnitizingStudy(2), UnitizingStudy(2)
        for length, units in docs[:cut]:
            first.add_document(length, units)
        for length, units in docs[cut:]:
            second.add_document(length, units)
        first.extend(second)
        assert first.result().expected == pytest.approx(whole.result().expected)
        assert first.result().alpha.value == pytest.approx(whole.result().alpha.value)


def test_tallied_studies_give_the_same_figures_and_take_more_documents():
    """A worker tallies its lengths and gaps before sending its study; figures do not change."""
    docs = [
        (20, [{"X": [(2, 8), (12, 14)]}, {"X": [(3, 8)], "Y": [(10, 12)]}]),
        (15, [{}, {"X": [(0, 4), (6, 8)]}]),
        (20, [{"X": [(5, 10)], "Y": [(0, 3)]}, {"X": [(2, 10)]}]),
    ]
    whole = UnitizingStudy(2)
    for length, units in docs:
        whole.add_document(length, units)
    first, second = UnitizingStudy(2), UnitizingStudy(2)
    first.add_document(*docs[0])
    first.tally()
    first.add_document(*docs[1])  # after tallying
    second.add_document(*docs[2])
    second.tally()
    first.extend(second)
    assert first.result().expected == pytest.approx(whole.result().expected)
    assert first.result().alpha.value == pytest.approx(whole.result().alpha.value)


def test_observed_disagreement_of_long_unit_lists_is_that_of_the_plain_sweep():
    """`pair_observed` leaves the units both raters have out of its sweep when the lists are long (a batch
    of documents): the sum is that of the sweep over every unit, and of the pairs written out."""
    import random

    rng = random.Random(5)

    def units() -> list[tuple[int, int]]:
        out, at = [], 0
        for _ in range(rng.randint(0, 60)):
            at += rng.randint(0, 6)
            end = at + rng.randint(1, 8)
            out.append((at, end))
            at = end
        return out

    def naive(a, b):  # every overlapping pair, and the units that overlap nothing of the other rater
        total = 0
        for x in a:
            hits = [y for y in b if x[0] < y[1] and y[0] < x[1]]
            total += sum((x[0] - y[0]) ** 2 + (x[1] - y[1]) ** 2 for y in hits) or (not hits) * (x[1] - x[0]) ** 2
        total += sum((y[1] - y[0]) ** 2 for y in b if not any(x[0] < y[1] and y[0] < x[1] for x in a))
        return total

    for _ in range(200):
        a = units()
        b = []
        for unit in sorted({u for u in a if rng.random() < 0.8} | set(units())):
            if not b or unit[0] >= b[-1][1]:  # one rater's units never overlap
                b.append(unit)
        assert pair_observed(a, b) == naive(a, b), (a, b)
