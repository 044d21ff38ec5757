"""Arabic-aware search: a normalisation for matching, with an offset map back to the stored text, and
proclitic-aware whole-word matching. Qt-free; the find bar, "label all" and suggestions build on it.

    hits = find("قال لواشنطن", "واشنطن")      # [Hit(start=5, end=11, word_start=4)]
    text[hits[0].start:hits[0].end] == "واشنطن"  # always an exact slice of the stored text

Normalisation (for matching only; the stored text is never changed):
- tashkeel, Quranic marks and the superscript alef are dropped (pyarabic's DIACRITICS), and tatweel;
- invisible format characters are dropped: ZWJ, ZWNJ, bidi marks and embeddings (LRM, RLM, ALM, ...);
- أ إ آ ٱ → ا; ى → ي; ة → ه (optional, on by default); Arabic presentation forms (ﻻ) → their letters;
- Arabic-Indic and Persian digits → ASCII digits; A-Z → a-z; any run of whitespace → one space.

A hit is a half-open [start, end) of code points of the stored text. It starts at its first letter and
ends after the combining marks (tashkeel) of its last letter; it never starts or ends inside a character
that normalises to several (ﻻ). Whole-word matching: the hit ends at a word end, and starts at a word
start or after a proclitic chain (و ف, then ب ك ل, then ال; ل + ال is written لل). The hit covers what
the query names: query واشنطن in لواشنطن is واشنطن; query الأمم in للأمم is لأمم (the article's written
lam with the stem, the preposition ل left out: entities include their article where the word has it);
query أمم in للأمم or الأمم is أمم. A word is what the tokenizer calls one (core/tokens.py `is_word_char`:
letters, digits, _, marks, format characters), so a hashtag such as #غزة_اليوم is one word; ZWJ, ZWNJ and
the direction marks are dropped before matching, so a word with them inside is found, and whole.
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import NamedTuple

from pyarabic import araby

from .tokens import is_word_char

__all__ = ["Hit", "Normalized", "PROCLITIC_CHAINS", "find", "normalize", "normalize_query"]

# Invisible characters that only steer joining or direction: a word with a ZWNJ is searched without it.
_FORMAT_CHARS = "\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

_ALEFS = araby.ALEF_HAMZA_ABOVE + araby.ALEF_HAMZA_BELOW + araby.ALEF_MADDA + araby.ALEF_WASLA


def _build_table(teh_marbuta: bool) -> dict[str, str]:
    table: dict[str, str] = {c: "" for c in (*araby.DIACRITICS, araby.TATWEEL, *_FORMAT_CHARS)}
    table.update({c: araby.ALEF for c in _ALEFS})
    table[araby.ALEF_MAKSURA] = araby.YEH
    if teh_marbuta:
        table[araby.TEH_MARBUTA] = araby.HEH
    table.update(zip(araby.NUMBERS_EAST, araby.NUMBERS_WEST, strict=False))
    table.update(zip(araby.NUMBERS_PERS, araby.NUMBERS_WEST, strict=False))
    table.update({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
    # Presentation forms (ﻻ, ﺍ, ...) as the letters they draw, normalised in turn.
    for code in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)):
        char = chr(code)
        letters = unicodedata.normalize("NFKC", char)
        if letters != char and unicodedata.category(char) != "Cn":
            table[char] = "".join(table.get(c, c) for c in letters if not c.isspace())
    return table


_TABLES = {True: _build_table(True), False: _build_table(False)}

# Proclitic chains in normalised form: a conjunction, then a preposition, then the article.
_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ك", "ل")
_ARTICLES = ("", "ال")
PROCLITIC_CHAINS = frozenset(
    c + (p + a if (p, a) != ("ل", "ال") else "لل")  # ل + ال is written لل
    for c, p, a in product(_CONJUNCTIONS, _PREPOSITIONS, _ARTICLES)) - {""}
_LONGEST_CHAIN = max(map(len, PROCLITIC_CHAINS))
# A query shorter than this matches whole words only: a one-letter stem after a clitic is mostly noise.
MIN_CLITIC_STEM = 2


@dataclass(frozen=True)
class Normalized:
    """A text as matching sees it. `origin[k]` is the code point of the stored text that normalised
    character k comes from; `origin[len(text)]` is the stored text's length."""
    text: str
    origin: Sequence[int]
    source: str

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The stored text's [start, end) for normalised [start, end) (end > start): from the first
        character's code point to after the last one's, and after the combining marks that follow it."""
        first = self.origin[start]
        last = self.origin[end - 1] + 1
        source, table_dropped = self.source, _DROPPED_MARKS
        while last < len(source) and source[last] in table_dropped:
            last += 1
        return first, last


# Dropped characters that belong to the letter before them (a hit's end takes them along).
_DROPPED_MARKS = frozenset(c for c, v in _TABLES[True].items() if not v and unicodedata.category(c).startswith("M"))


def normalize(text: str, *, teh_marbuta: bool = True) -> Normalized:
    """The normalised text and its offset map (see the module docstring for what changes)."""
    return _normalize_cached(text, teh_marbuta)


def _whitespace() -> list[str]:
    return [chr(c) for c in range(0x3000 + 1) if chr(c).isspace()]


# str.translate tables (whitespace -> one space each; runs are collapsed after) and the characters whose
# replacement is not one character (dropped, or a ligature's letters), where the offset map is not 1:1.
_TRANSLATE = {flag: {**{ord(c): v for c, v in table.items()}, **{ord(c): " " for c in _whitespace()}}
              for flag, table in _TABLES.items()}
_IRREGULAR = {flag: re.compile("[" + "".join(re.escape(c) for c, v in table.items() if len(v) != 1) + "]")
              for flag, table in _TABLES.items()}
_SPACE_RUNS = re.compile(" {2,}")


@lru_cache(maxsize=16)  # per document text: the find bar and "label all" query one text many times
def _normalize_cached(text: str, teh_marbuta: bool) -> Normalized:
    # Mostly C-speed: translate the whole text, and build the offset map from ranges between the few
    # characters that do not map 1:1 (a Python loop over every character takes ~1 s per million).
    table = _TABLES[teh_marbuta]
    spaced = text.translate(_TRANSLATE[teh_marbuta])
    origin = array("l")  # 8 bytes an offset, against ~36 in a list of ints: a long article is held in cache
    pos = 0
    for irregular in _IRREGULAR[teh_marbuta].finditer(text):
        at = irregular.start()
        origin.extend(range(pos, at))
        origin.extend([at] * len(table[text[at]]))
        pos = at + 1
    origin.extend(range(pos, len(text)))
    # Collapse each run of whitespace to one space, and drop leading whitespace.
    pieces: list[str] = []
    collapsed = array("l")
    pos = len(spaced) - len(spaced.lstrip(" "))
    for run in _SPACE_RUNS.finditer(spaced, pos):
        pieces.append(spaced[pos:run.start() + 1])
        collapsed.extend(origin[pos:run.start() + 1])
        pos = run.end()
    if pos:
        pieces.append(spaced[pos:])
        collapsed.extend(origin[pos:])
        spaced, origin = "".join(pieces), collapsed
    origin.append(len(text))
    return Normalized(spaced, origin, text)


def normalize_query(query: str, *, teh_marbuta: bool = True) -> str:
    """A query as it is matched: normalised, without leading or trailing whitespace."""
    return normalize(query, teh_marbuta=teh_marbuta).text.strip()


class Hit(NamedTuple):  # a tuple: made thousands of times per query on a long article
    """One match in the stored text: `text[start:end]` is the hit; `word_start` is where its word begins
    (< start when a proclitic chain such as و or لل comes before it in the same word)."""
    start: int
    end: int
    word_start: int


def find(text: str, query: str, *, whole_word: bool = True, clitics: bool = True,
         teh_marbuta: bool = True) -> list[Hit]:
    """Every occurrence of `query` in `text`, normalised on both sides, in text order, not overlapping.

    whole_word: a hit ends at a word end and starts at a word start or, with `clitics`, after a proclitic
    chain inside the word (و ف ب ك ل ال لل and their combinations: وبال، فال، ولل ...).
    """
    needle = normalize_query(query, teh_marbuta=teh_marbuta)
    if not needle:
        return []
    norm = normalize(text, teh_marbuta=teh_marbuta)
    haystack = norm.text
    candidates = [(start, False) for start in _occurrences(haystack, needle)]
    if whole_word and clitics and needle.startswith("ال") and len(needle) > 2:
        # A query with the article also matches its contracted form after ل: الأمم in للأمم is لأمم.
        candidates += [(start + 1, True) for start in _occurrences(haystack, "لل" + needle[2:])]
        candidates.sort()
    hits: list[Hit] = []
    last_end = 0
    origin, size, length = norm.origin, len(needle), len(haystack)
    for start, contracted in candidates:  # cheapest refusals first: this loop runs per occurrence
        end = start + size - contracted
        if start < last_end or (whole_word and end < length and is_word_char(haystack[end])):
            continue
        if (start and origin[start - 1] == origin[start]) or origin[end] == origin[end - 1]:
            continue  # inside one stored character (ﻻ -> لا)
        word_start = start
        if whole_word and (contracted or (start and is_word_char(haystack[start - 1]))):
            word_start = _word_start(haystack, start)
            prefix = haystack[word_start:start]
            if contracted:
                if prefix not in _CONTRACTED_ARTICLE_CHAINS:
                    continue
            elif not (clitics and size >= MIN_CLITIC_STEM and prefix in PROCLITIC_CHAINS):
                continue
        hit_start, hit_end = norm.to_original(start, end)
        if _is_mark(text, hit_start) or _is_mark(text, hit_end):  # would split a letter from its marks (é)
            continue
        hits.append(Hit(hit_start, hit_end, origin[word_start] if word_start < start else hit_start))
        last_end = end
    return hits


def _is_mark(text: str, at: int) -> bool:
    if at >= len(text):
        return False
    char = text[at]
    return not (char.isalnum() or char.isspace()) and unicodedata.category(char)[0] == "M"


# What may come before the article's written lam when ل + ال contracts: ل, ول, فل.
_CONTRACTED_ARTICLE_CHAINS = frozenset(c + "ل" for c in _CONJUNCTIONS)


def _occurrences(haystack: str, needle: str) -> list[int]:
    """Start of every occurrence of `needle`, overlapping ones included."""
    found, at = [], haystack.find(needle)
    while at >= 0:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


def _word_start(haystack: str, start: int) -> int:
    """Where the word holding `start` begins, looking back no further than one character past the longest
    proclitic chain (a longer prefix is no chain, so the exact start does not matter then)."""
    i, limit = start, max(0, start - _LONGEST_CHAIN - 1)
    while i > limit and is_word_char(haystack[i - 1]):
        i -= 1
    return i
