"""UTF-16 <-> code point conversion (gui/offsets.py), against Python's own UTF-16 encoder."""

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.gui.offsets import OffsetMap, utf16_length

FLAG_US = "\U0001f1fa\U0001f1f8"
FAMILY = "\U0001f469\u200d\U0001f469\u200d\U0001f467"

# Characters that make conversion interesting: astral (emoji, flags' regional indicators, CJK ext.),
# combining marks (tashkeel), joiners, and plain Arabic / Latin.
interesting = st.sampled_from(
    [
        "\U0001f600",
        "\U0001f1fa",
        "\U0001f1f8",
        "\U00020000",
        "\u064e",
        "\u0651",
        "\u200d",
        "\u200c",
        "\u0301",
        "ل",
        "و",
        "a",
        " ",
        "\n",
        FAMILY,
    ]
)
texts = st.lists(st.one_of(st.characters(blacklist_categories=("Cs",)), interesting), max_size=60).map("".join)


def utf16_of(text: str, cp: int) -> int:
    """Reference: how many UTF-16 units the first `cp` code points take."""
    return len(text[:cp].encode("utf-16-le")) // 2


@settings(max_examples=300)
@given(texts)
def test_every_code_point_maps_to_its_utf16_position_and_back(text):
    m = OffsetMap(text)
    assert m.utf16_length == utf16_length(text) == len(text.encode("utf-16-le")) // 2
    for cp in range(len(text) + 1):
        u = m.cp_to_utf16(cp)
        assert u == utf16_of(text, cp)
        assert m.utf16_to_cp(u) == cp


@settings(max_examples=200)
@given(texts, st.data())
def test_a_span_survives_the_round_trip(text, data):
    m = OffsetMap(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    u_start, u_end = m.span_to_utf16(start, end)
    assert text.encode("utf-16-le")[2 * u_start : 2 * u_end].decode("utf-16-le") == text[start:end]
    assert m.span_to_cp(u_start, u_end) == (start, end)


@settings(max_examples=200)
@given(texts)
def test_a_position_inside_a_surrogate_pair_stays_on_that_character(text):
    m = OffsetMap(text)
    for cp, ch in enumerate(text):
        if ord(ch) > 0xFFFF:
            middle = m.cp_to_utf16(cp) + 1
            assert m.utf16_to_cp(middle) == cp  # rounds down to the character
            assert m.span_to_cp(middle - 1, middle) == (cp, cp + 1)  # an end inside it keeps it whole


def test_flags_and_a_zwj_family_before_a_span():
    text = f"{FLAG_US}{FAMILY} قال بايدن"
    m = OffsetMap(text)
    start = text.index("بايدن")
    assert start == 12  # 2 regional indicators + 5 family code points + space + قال + space
    assert m.cp_to_utf16(start) == 17  # the 5 astral code points (2 flags' letters, 3 people) take two units
    assert m.span_to_cp(17, 22) == (12, 17)


def test_out_of_range_positions_clamp():
    m = OffsetMap("a\U0001f600b")
    assert m.cp_to_utf16(-3) == 0 and m.cp_to_utf16(99) == 4
    assert m.utf16_to_cp(-1) == 0 and m.utf16_to_cp(99) == 3


def test_a_million_characters_build_and_convert_quickly():
    import time

    text = ("بايدن قال 😀 إن " * 70000)[:1_000_000]
    t0 = time.perf_counter()
    m = OffsetMap(text)
    for cp in range(0, len(text), 997):
        m.utf16_to_cp(m.cp_to_utf16(cp))
    # Not a benchmark (benchmarks/bench_gui.py prints figures): a linear scan per call would take minutes.
    assert time.perf_counter() - t0 < 5
