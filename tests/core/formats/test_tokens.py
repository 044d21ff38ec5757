"""The one tokenizer: tokens are exact ranges of the text, cut at span boundaries on request."""

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.tokens import sentences, split_at, tokenize

ALPHABET = list("قال واشنطن ولواشنطن.،؟!«»\n\t ") + [
    "\u064e",
    "\u0640",
    "\u200d",
    "\u200c",
    "\u200f",
    "👩",
    "🇺",
    "🇸",
    "\ufe0f",
    "\u00a0",
    "x",
    "7",
    "٣",
]


def texts(tokens, text):
    return [text[s:e] for s, e in tokens]


def test_words_keep_marks_tatweel_and_joiners():
    text = "قالَ المُتَحَدِّثُ نتنيـــــاهو ووصل\u200dصفري"
    assert texts(tokenize(text), text) == ["قالَ", "المُتَحَدِّثُ", "نتنيـــــاهو", "و", "وصل\u200dصفري"]


def test_is_word_char_is_the_tokenizers_word_character_for_every_character():
    """`is_word_char` answers letters and white space without the regex (search asks it per hit): the same
    answers as the tokenizer's pattern, over the BMP and some astral characters."""
    import re

    from annotator.core.tokens import _word_char, is_word_char

    pattern = re.compile(_word_char())
    chars = [chr(c) for c in (*range(0xD800), *range(0xE000, 0x10000), 0x1D400, 0x1F600, 0x1E944, 0xE0001)]
    assert [c for c in chars if is_word_char(c) != bool(pattern.fullmatch(c))] == []
    assert all(map(is_word_char, "_\u200c\u200d\u200e\u200f\u0640\u064e")) and not any(map(is_word_char, " «،"))


def test_proclitics_stand_alone_where_what_remains_is_a_word():
    text = "ولواشنطن وَبيروت بالقاهرة لـواشنطن وبين كل ولم فقط و2006 للحكومة"
    assert texts(tokenize(text), text) == [
        "و",
        "ل",
        "واشنطن",
        "وَ",
        "بيروت",
        "ب",
        "القاهرة",
        "لـ",
        "واشنطن",
        "و",
        "بين",
        "كل",
        "و",
        "لم",
        "فقط",
        "و",
        "2006",
        "ل",
        "لحكومة",
    ]


def test_emoji_sequences_are_one_token_and_punctuation_stands_alone():
    text = "و👩\u200d👩\u200d👧 عائلة، «نص»."
    assert texts(tokenize(text), text) == ["و", "👩\u200d👩\u200d👧", "عائلة", "،", "«", "نص", "»", "."]


def test_split_at_cuts_clitics_only_inside_tokens():
    text = "قال مديرهم"
    start = text.index("هم")
    tokens = split_at(tokenize(text), [start, start + 2, 3])  # 3 falls in white space: no effect
    assert texts(tokens, text) == ["قال", "مدير", "هم"]


def test_sentences_break_at_lines_and_full_stops_but_not_inside_kept_ranges():
    text = "قال إنه سيصل. وأضاف U.S. غدا\nسطر"
    toks = tokenize(text)
    assert [" ".join(texts(s, text)) for s in sentences(text, toks)] == [
        "قال إنه سيصل .",
        "و أضاف U . S .",
        "غدا",
        "سطر",
    ]
    keep = [(text.index("سيصل"), text.index("وأضاف") + 5)]
    assert len(sentences(text, toks, keep)) == 3


@settings(max_examples=300)
@given(st.text(alphabet=ALPHABET, max_size=60), st.lists(st.integers(0, 60), max_size=6))
def test_tokens_cover_every_visible_character_exactly_once(text, cuts):
    tokens = split_at(tokenize(text), [c for c in cuts if c <= len(text)])
    covered = [False] * len(text)
    last_end = 0
    for start, end in tokens:
        assert last_end <= start < end
        assert not any(c.isspace() for c in text[start:end])
        for i in range(start, end):
            covered[i] = True
        last_end = end
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))
    for s in sentences(text, tokens):
        assert s
