"""Arabic-aware search (core/arabic.py): normalisation through an offset map, so every hit is an exact
slice of the stored text, and proclitic-aware whole-word matching."""

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.arabic import PROCLITIC_CHAINS, find, normalize, normalize_query

DATA = Path(__file__).resolve().parents[1] / "data"

TRICKY = (DATA / "tricky.txt").read_text(encoding="utf-8")


def hits(text, query, **options):
    return [text[h.start : h.end] for h in find(text, query, **options)]


@pytest.mark.parametrize(
    "text, query, expected",
    [
        ("قالَ المُتَحَدِّثُ", "المتحدث", ["المُتَحَدِّثُ"]),  # the hit ends after the marks of its last letter
        ("نتنيـــــاهو يلتقي", "نتنياهو", ["نتنيـــــاهو"]),
        ("أحمد وإبراهيم وآمال وٱلرحمن", "ابراهيم", ["إبراهيم"]),
        ("مصطفى موسى", "مصطفي", ["مصطفى"]),
        ("مدرسة ومدرسه", "مدرسة", ["مدرسة", "مدرسه"]),
        ("الأرقام ١٢٣ و۴۵۶", "123", ["١٢٣"]),
        ("الأرقام ١٢٣ و۴۵۶", "456", ["۴۵۶"]),
        ("حرف مركّب ﻻ هنا", "لا", ["ﻻ"]),  # a ligature is one code point: the hit is all of it
        ("وصل\u200dصفري وفصل\u200cصفري", "وصلصفري", ["وصل\u200dصفري"]),
        ("CNN قالت", "cnn", ["CNN"]),
        ("مجلس\n  الأمن", "مجلس الأمن", ["مجلس\n  الأمن"]),
    ],
)
def test_normalised_matches_are_exact_slices(text, query, expected):
    assert hits(text, query) == expected


def test_a_hit_never_takes_part_of_a_ligature():
    assert find("ﻻ", "ا", whole_word=False) == [] and hits("ﻻ", "لا", whole_word=False) == ["ﻻ"]


def test_a_hit_never_splits_a_letter_from_its_marks():
    assert find("cafe\u0301", "cafe", whole_word=False) == [] and hits("cafe\u0301 x", "cafe\u0301") == ["cafe\u0301"]


def test_teh_marbuta_folding_is_optional():
    assert hits("مدرسة ومدرسه", "مدرسة", teh_marbuta=False) == ["مدرسة"]


@pytest.mark.parametrize(
    "word, query, hit",
    [
        ("لواشنطن", "واشنطن", "واشنطن"),
        ("وبالبيت", "بيت", "بيت"),
        ("وبالبيت", "البيت", "البيت"),
        ("فقال", "قال", "قال"),
        ("والرئيس", "رئيس", "رئيس"),
        ("والرئيس", "الرئيس", "الرئيس"),
        ("للأمم", "أمم", "أمم"),
        # ل + ال is written لل: the article's lam stays with the stem, the preposition stays out
        ("للأمم", "الأمم", "لأمم"),
        ("وللأمم", "الأمم", "لأمم"),
        ("بالأمم", "الأمم", "الأمم"),
        ("كالبيت", "بيت", "بيت"),
    ],
)
def test_a_hit_may_follow_a_proclitic_chain_and_covers_the_stem(word, query, hit):
    text = f"قبل {word}، بعد"
    [found] = find(text, query)
    assert text[found.start : found.end] == hit
    assert (found.word_start < found.start) == (hit != word) and text[found.word_start : found.end] == word


@pytest.mark.parametrize(
    "text, query",
    [
        ("استقال", "قال"),  # ست is no proclitic chain
        ("مقالات", "قال"),  # the hit must end at a word end
        ("أمم", "الأمم"),  # a query with the article needs the article
        ("بلل", "ل"),  # a one-letter stem after a clitic is not matched
        ("واشنطنية", "واشنطن"),
    ],
)
def test_no_hit_inside_other_words(text, query):
    assert find(text, query) == []


@pytest.mark.parametrize("joined", ["غزة_اليوم", "غزة\u2060اليوم"])  # _ and the word joiner U+2060
def test_a_word_is_what_the_tokenizer_calls_one(joined):
    """Whole words are the tokenizer's words (core/tokens.py `is_word_char`): a hashtag joined with _ is one
    word, so غزة is not found whole inside it; nor where a word joiner says no break."""
    from annotator.core.tokens import tokenize

    text = f"وسم #{joined} عن غزة"
    assert [text[s:e] for s, e in tokenize(text)][2] == joined
    assert [h.start for h in find(text, "غزة")] == [text.rindex("غزة")]
    assert len(find(text, "غزة", whole_word=False)) == 2
    assert hits(text, joined) == [joined]


def test_a_word_with_zwj_or_zwnj_inside_is_found_whole():
    text = "قال وصل\u200dصفري و فصل\u200cصفري"
    assert hits(text, "وصلصفري") == ["وصل\u200dصفري"] and hits(text, "فصلصفري") == ["فصل\u200cصفري"]
    assert find(text, "وصل") == [] and find(text, "صفري") == []  # never cut at the joiner


def test_without_clitics_only_whole_words_match():
    assert hits("لواشنطن وواشنطن واشنطن", "واشنطن", clitics=False) == ["واشنطن"]


def test_proclitic_chains_hold_the_common_combinations():
    assert {"و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "وبال", "فال", "ولل"} <= PROCLITIC_CHAINS


def test_tricky_corpus_line_of_clitics():
    line = next(line for line in TRICKY.splitlines() if line.startswith("ولواشنطن"))
    assert hits(line, "واشنطن") == ["واشنطن"] and hits(line, "البيت") == ["البيت"]
    assert hits(line, "الأمم") == ["لأمم"] and hits(line, "قال") == ["قال"]


def test_the_offset_map_points_into_the_stored_text():
    text = "قالَ 🇺🇸 ﻻ\u200f"
    norm = normalize(text)
    assert norm.text == "قال 🇺🇸 لا"
    assert len(norm.origin) == len(norm.text) + 1 and norm.origin[-1] == len(text)
    assert [text[i] for i in norm.origin[:3]] == ["ق", "ا", "ل"]
    assert norm.origin[-3] == norm.origin[-2] == text.index("ﻻ")


# Text built from Arabic words, clitics, marks and the hard characters of the corpus.
pieces = st.sampled_from(
    [
        "واشنطن",
        "الأمم",
        "قال",
        "بيت",
        "و",
        "ل",
        "ب",
        "ال",
        "ف",
        " ",
        "\u064e",
        "\u0651",
        "\u0640",
        "\u200d",
        "\u200c",
        "\u200f",
        "\u200e",
        "\u061c",
        "🇺🇸",
        "👩\u200d👩\u200d👧",
        "\ufe0f",
        "ﻻ",
        "أ",
        "إ",
        "آ",
        "ى",
        "ة",
        "١",
        "۴",
        "\n",
        "«",
        "»",
        "e\u0301",
        "\u0301",
        "A",
    ]
)
corpus_lines = st.sampled_from(TRICKY.splitlines())  # flags, ZWJ families, bidi marks, ﻻ, digits, clitics
texts = st.lists(st.one_of(pieces, corpus_lines, st.characters(blacklist_categories=("Cs",))), max_size=40).map("".join)
queries = st.sampled_from(
    ["واشنطن", "الأمم", "أمم", "قال", "بيت", "البيت", "لا", "1", "ه", "ي", "🇺🇸", "واشنطن قال", "a", "e"]
)


@settings(max_examples=400, deadline=None)
@given(texts, queries, st.booleans(), st.booleans())
def test_every_hit_is_a_slice_that_normalises_to_the_query(text, query, clitics, whole_word):
    wanted = normalize_query(query)
    for hit in find(text, query, clitics=clitics, whole_word=whole_word):
        assert 0 <= hit.word_start <= hit.start < hit.end <= len(text)
        found = normalize_query(text[hit.start : hit.end])
        # the one exception: an article query in its contracted form after ل (الأمم in للأمم is لأمم)
        contracted = (
            wanted.startswith("ال")
            and found == wanted[1:]
            and normalize_query(text[hit.word_start : hit.start]).endswith("ل")
        )
        assert found == wanted or contracted
        # never a combining mark left behind at the end, never one cut off at the start
        assert hit.end == len(text) or not unicodedata.category(text[hit.end]).startswith("M")
        assert not unicodedata.category(text[hit.start]).startswith("M")


@settings(max_examples=200, deadline=None)
@given(texts, st.sampled_from(["واشنطن", "قال", "بيت"]))
def test_every_plain_occurrence_is_found(text, word):
    # a word standing alone (spaces around it) is always found, whatever surrounds it
    padded = f"{text} {word} {text}"
    starts = [h.start for h in find(padded, word)]
    assert len(text) + 1 in starts


def reference_normalize(text):
    """The normalisation one character at a time: what the fast version (translate + ranges) must equal."""
    from annotator.core.arabic import _TABLES

    out, origin, after_space = [], [], True
    for i, char in enumerate(text):
        if char.isspace():
            if not after_space:
                out.append(" ")
                origin.append(i)
                after_space = True
            continue
        for piece in _TABLES[True].get(char, char):
            out.append(piece)
            origin.append(i)
            after_space = False
    return "".join(out), origin + [len(text)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            pieces,
            st.sampled_from([" ", "  ", "\n\n", "\xa0", "\t", " \u200f "]),
            st.characters(blacklist_categories=("Cs",)),
        ),
        max_size=40,
    ).map("".join)
)
def test_the_fast_offset_map_equals_the_one_character_at_a_time_one(text):
    norm = normalize(text)
    assert (norm.text, list(norm.origin)) == reference_normalize(text)
