"""Snapping a selection to word boundaries, and the exact (Alt) selection that keeps a clitic outside."""

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.tokens import is_word_char
from annotator.core.word_snapping import snap_to_words, trim


def word_at(text: str, pos: int) -> tuple[int, int]:
    """The word around code point `pos` (empty range where there is none): a snap of its one character."""
    if not 0 <= pos < len(text) or not is_word_char(text[pos]):
        return pos, pos
    return snap_to_words(text, pos, pos + 1)


TEXT = "وأضاف نتنياهو أن الوفد لن يسافر لواشنطن هذا الأسبوع."


def test_a_selection_inside_a_word_grows_to_the_whole_word():
    i = TEXT.index("نتنياهو")
    assert snap_to_words(TEXT, i + 2, i + 4) == (i, i + len("نتنياهو"))


def test_spaces_and_punctuation_at_the_edges_are_dropped():
    i = TEXT.index("الأسبوع")
    assert snap_to_words(TEXT, i - 1, len(TEXT)) == (i, len(TEXT) - 1)  # the final "." is left out
    assert snap_to_words(TEXT, i - 1, i + 3) == (i, i + len("الأسبوع"))
    assert snap_to_words(TEXT, len(TEXT) - 1, len(TEXT)) == (len(TEXT) - 1, len(TEXT))  # only a mark: kept


def test_snapping_takes_the_clitic_which_trim_alone_keeps_outside():
    i = TEXT.index("لواشنطن")
    washington = (i + 1, i + len("لواشنطن"))
    assert snap_to_words(TEXT, *washington) == (i, washington[1])  # snapped: ل comes along
    assert trim(TEXT, *washington) == washington  # exact (Alt): ل stays outside


def test_tashkeel_and_tatweel_are_part_of_a_word():
    text = "قالَ نتنيـــاهو"
    assert word_at(text, 1) == (0, 4)
    assert word_at(text, 8) == (5, len(text))
    assert all(is_word_char(c) for c in "\u064e\u0640\u200d")


@given(st.text(alphabet="لوقال بايدن،.«» \n", max_size=40), st.data())
def test_snapped_ranges_never_start_or_end_inside_a_word(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s, e = snap_to_words(text, start, end)
    assert 0 <= s <= e <= len(text)
    if s < e:
        assert not (s > 0 and is_word_char(text[s - 1]) and is_word_char(text[s]))
        assert not (e < len(text) and is_word_char(text[e - 1]) and is_word_char(text[e]))
        assert not text[s].isspace() and not text[e - 1].isspace()
        words = [i for i in range(start, end) if is_word_char(text[i])]
        if words:
            # it covers every word character of the original selection, and begins and ends with one
            assert s <= words[0] and words[-1] < e
            assert is_word_char(text[s]) and is_word_char(text[e - 1])


def test_the_windows_words_are_whole_tokens_over_tricky_txt():
    """core/word_snapping.py and core/tokens.py share one definition of a word character: the word the window
    snaps to around any word token starts and ends where tokens do (the tokenizer may cut it further, at a
    clitic), over the corpus of awkward text (direction marks, ZWNJ, emoji ZWJ sequences, tashkeel)."""
    from pathlib import Path

    from annotator.core.tokens import tokenize

    text = (Path(__file__).parents[1] / "data" / "tricky.txt").read_text(encoding="utf-8")
    tokens = tokenize(text)
    starts, ends = {s for s, _ in tokens}, {e for _, e in tokens}
    words = {word_at(text, s) for s, _ in tokens if is_word_char(text[s])}
    assert len(words) > 50
    misfits = [(s, e, text[s:e]) for s, e in sorted(words) if s not in starts or e not in ends]
    assert misfits == []
