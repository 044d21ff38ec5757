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

import hashlib
import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, product
from typing import NamedTuple, cast

from pyarabic import araby

from .tokens import characters_fingerprint, is_word_char
from .tokens import word_pattern as _word_pattern

__all__ = [
    "BLANK_AFTER",
    "END_INVALID",
    "PROCLITIC_CHAINS",
    "SPACE_AFTER",
    "START_SHARED",
    "Hit",
    "Normalized",
    "Words",
    "find",
    "fingerprint",
    "index_words",
    "normalize",
    "normalize_query",
    "words",
]

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
    for c, p, a in product(_CONJUNCTIONS, _PREPOSITIONS, _ARTICLES)
) - {""}
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


# What normalisation changes, per teh_marbuta flag: each character whose replacement is not itself (white
# space other than " " becomes " "; runs are collapsed after), as one regex class and a replacement table. A
# regex substitution touches only those (hamza forms, ة, ى, tashkeel, line breaks: a few in a hundred in
# news), three times faster than `str.translate`, which looks every character up in a dict.
_REPLACE = {
    flag: {c: v for c, v in {**table, **{c: " " for c in _whitespace()}}.items() if c != v}
    for flag, table in _TABLES.items()
}
_CHANGED = {
    flag: re.compile("[" + "".join(re.escape(c) for c in sorted(table)) + "]") for flag, table in _REPLACE.items()
}
# The characters whose replacement is not one character (dropped, or a ligature's letters), where the offset
# map is not 1:1.
_IRREGULAR = {
    flag: re.compile("[" + "".join(re.escape(c) for c, v in table.items() if len(v) != 1) + "]")
    for flag, table in _TABLES.items()
}
_SPACE_RUNS = re.compile(" {2,}")
# 0, 1, 2, ...: stretches of the offset map are slices of it (a copy in C) rather than ranges counted out
# one int at a time; texts longer than this count theirs.
_IDENTITY = array("l", range(1 << 16))


def _count_out(origin: array[int], start: int, stop: int) -> None:
    if stop <= len(_IDENTITY):
        origin.extend(_IDENTITY[start:stop])
    else:
        origin.extend(range(start, stop))


def _normalize(text: str, teh_marbuta: bool) -> Normalized:
    # Mostly C-speed: replace the few characters that change, and build the offset map from stretches between
    # the fewer that do not map 1:1 (a Python loop over every character takes ~1 s per million).
    table, replace = _TABLES[teh_marbuta], _REPLACE[teh_marbuta]
    spaced = _CHANGED[teh_marbuta].sub(lambda found: replace[found.group()], text)
    origin = array("l")  # 8 bytes an offset, against ~36 in a list of ints: a long article is held in cache
    pos = 0
    for irregular in _IRREGULAR[teh_marbuta].finditer(text):
        at = irregular.start()
        _count_out(origin, pos, at)
        origin.extend([at] * len(table[text[at]]))
        pos = at + 1
    _count_out(origin, pos, len(text))
    # Collapse each run of whitespace to one space, and drop leading whitespace.
    pieces: list[str] = []
    collapsed = array("l")
    pos = len(spaced) - len(spaced.lstrip(" "))
    for run in _SPACE_RUNS.finditer(spaced, pos):
        pieces.append(spaced[pos : run.start() + 1])
        collapsed.extend(origin[pos : run.start() + 1])
        pos = run.end()
    if pos:
        pieces.append(spaced[pos:])
        collapsed.extend(origin[pos:])
        spaced, origin = "".join(pieces), collapsed
    origin.append(len(text))
    return Normalized(spaced, origin, text)


# per document text: the find bar and "label all" query one text many times
_normalize_cached = lru_cache(maxsize=16)(_normalize)


def normalize_query(query: str, *, teh_marbuta: bool = True) -> str:
    """A query as it is matched: normalised, without leading or trailing whitespace."""
    return normalize(query, teh_marbuta=teh_marbuta).text.strip()


# What `words` says of a word besides its offsets (bits of its flags).
START_SHARED = 1  # its first character shares a stored code point with the character before it (a ligature)
END_INVALID = 2  # no hit ends with it: its end is inside a stored character, or a combining mark follows
SPACE_AFTER = 4  # the stored text holds exactly one " " between it and the next word
BLANK_AFTER = 8  # normalised, one space is between it and the next word (white space, tashkeel, ZWNJ...)


class Words(NamedTuple):
    """`words`' answer: parallel lists, one item per word."""

    keys: list[str]  # the normalised word
    starts: list[int]  # [start, end): what a hit of the whole word covers in the stored text
    ends: list[int]
    flags: list[int]  # the bits above


def words(text: str) -> Words:
    """The words of `text` as whole-word search sees them (teh marbuta folded), in text order: each word's
    normalised form, the stored text [start, end) a hit of the whole word covers (from its first letter to
    after the marks of its last), and its flags (the bits above). A hit of the word's tail after a
    proclitic chain starts inside [start, end) (`normalize` the covered text to see where). What the
    search index (core/search_index.py) is built from: `find` gives no other hits.

    Per word, lists made in C where they can be (a loop per word costs more than normalising the text):
    the flags a ligature or a combining mark that is kept can set are looked for only in texts that hold
    one."""
    norm = _normalize(text, True)
    haystack, origin = norm.text, norm.origin
    parts = _word_split().split(haystack)  # before the first word, the first word, between, ..., after the last
    keys = parts[1::2]
    if not keys:
        return Words([], [], [], [])
    bounds = list(accumulate(map(len, parts)))  # word i is haystack[bounds[2i]:bounds[2i + 1]]
    firsts, lasts = bounds[0:-1:2], bounds[1::2]
    starts = [origin[a] for a in firsts]
    ends = [origin[b - 1] + 1 for b in lasts]
    size, special = len(text), _special()
    if special.dropped.search(text):  # the hit ends after the marks of its last letter
        ends = [_after_marks(text, end) if end < size and text[end] in _DROPPED_MARKS else end for end in ends]
    flags = [
        (SPACE_AFTER | BLANK_AFTER if end + 1 == start and text[end] == " " else BLANK_AFTER)
        if b + 1 == a and haystack[b] == " "
        else 0
        for end, start, b, a in zip(ends, starts[1:], lasts, firsts[1:], strict=False)
    ]
    flags.append(0)
    if special.rare.search(text):
        for i, (a, b, end) in enumerate(zip(firsts, lasts, ends, strict=True)):
            if a and origin[a - 1] == origin[a]:
                flags[i] |= START_SHARED
            if origin[b] == origin[b - 1] or _is_mark(text, end):
                flags[i] |= END_INVALID
    return Words(keys, starts, ends, flags)


def index_words(text: str) -> tuple[list[str], list[int], list[int], list[str]]:
    """`index_words_split(text)` without the split."""
    return index_words_split(text)[0]


def index_words_split(text: str) -> tuple[tuple[list[str], list[int], list[int], list[str]], list[str] | None]:
    """`words(text)`'s keys, starts and flags, and each word's spelling (`text[start:end]`): the same
    answer, made without a loop per word where the text allows (what the search index is built from);
    with the text split at its runs of word characters (`tokens.count_split` counts its tokens from it),
    or None where it was not split.

    Most texts' words are runs of word characters of the stored text, each normalised on its own (a word
    of news recurs thousands of times: its key is looked up, `_WordKeys`), and the flags of each break
    between two words depend on that break alone (`_BreakFlags`): so the text is split where it is stored,
    and no offset map is made. A run that starts or ends with characters normalisation drops (بـ: a
    tatweel) is cut to what the word covers. A text where that may not hold is answered by `words`: one
    with a ligature, a combining mark that is kept or an astral character (`_special().rare`), one with a
    character outside words that normalises into a word's (`_joining`), and one with a run of word
    characters that is not one word once normalised (a lone tatweel, say)."""
    if _special().rare.search(text) or _joining().search(text):
        return _words_spelt(text), None
    parts = _word_split().split(text)  # before the first word, the first word, between, ..., after the last
    spellings = parts[1::2]
    known = _word_keys()
    keys = list(map(known.__getitem__, spellings))
    if None in keys:
        return _words_spelt(text), parts
    starts = list(accumulate(map(len, parts)))[0:-1:2]
    flags = list(map(_BREAK_FLAGS.__getitem__, parts[2:-1:2]))
    if spellings:
        flags.append(0)
    if not known.cut.keys().isdisjoint(spellings):
        _cut_words(known.cut, starts, flags, spellings)
    return (cast("list[str]", keys), starts, flags, spellings), parts


def _cut_words(cut: dict[str, tuple[int, int]], starts: list[int], flags: list[int], spellings: list[str]) -> None:
    """Runs of word characters cut to what their word covers (`_WordKeys.cut`), in place: their start and
    spelling, and no SPACE_AFTER where the space does not touch both words."""
    for i, spelling in enumerate(spellings):
        if spelling in cut:
            head, tail = cut[spelling]
            starts[i] += head
            spellings[i] = spelling[head : len(spelling) - tail]
            if tail:
                flags[i] &= ~SPACE_AFTER
            if head and i:
                flags[i - 1] &= ~SPACE_AFTER


def _words_spelt(text: str) -> tuple[list[str], list[int], list[int], list[str]]:
    found = words(text)
    return found.keys, found.starts, found.flags, [text[a:b] for a, b in zip(found.starts, found.ends, strict=True)]


_WORD_CACHE_LIMIT = 200_000  # words (news vocabulary repeats: a few tens of thousands cover an archive)


class _WordKeys(dict[str, str | None]):
    """A run of word characters -> its key when, in any text, `words` finds it as one word (no flags of its
    own), else None; `cut`: such runs whose word starts after their first character or ends before their
    last (characters normalisation drops: بـ) -> how many characters are left out at each end."""

    def __init__(self) -> None:
        super().__init__()
        self.cut: dict[str, tuple[int, int]] = {}

    def __missing__(self, spelling: str) -> str | None:
        found = words(spelling)
        key = found.keys[0] if len(found.keys) == 1 and found.flags[0] == 0 else None
        if key is not None and (found.starts[0], found.ends[0]) != (0, len(spelling)):
            self.cut[spelling] = (found.starts[0], len(spelling) - found.ends[0])
        self[spelling] = key
        return key


class _BreakFlags(dict[str, int]):
    """What stands between two words (no word character) -> the flags of the word before: BLANK_AFTER when it
    normalises to white space only (one space once runs are collapsed), and SPACE_AFTER too when it is one
    " "."""

    def __missing__(self, between: str) -> int:
        replace = _REPLACE[True]
        spaced = _CHANGED[True].sub(lambda found: replace[found.group()], between)
        flags = (
            (SPACE_AFTER | BLANK_AFTER if between == " " else BLANK_AFTER) if spaced and not spaced.strip(" ") else 0
        )
        if len(self) >= _WORD_CACHE_LIMIT:
            self.clear()
        self[between] = flags
        return flags


_WORD_KEYS = [_WordKeys()]
_BREAK_FLAGS = _BreakFlags()


def _word_keys() -> _WordKeys:
    """The runs' keys known: a new, empty table once the one in use is full. A text is answered from one
    table (its `cut` must agree with its keys), which is never emptied: a thread may be reading it."""
    if len(_WORD_KEYS[0]) >= _WORD_CACHE_LIMIT:
        _WORD_KEYS[0] = _WordKeys()
    return _WORD_KEYS[0]


@lru_cache(maxsize=1)
def _joining() -> re.Pattern[str]:
    """Characters whose normalised form crosses the line between words and what stands between them: one
    outside words that is dropped or holds a word character (﷼: ریال), one inside a word that holds a
    character outside words. Where they are, the words of the stored text may not be those of the
    normalised one (none in news)."""
    word = _word_pattern()
    found = [
        c
        for c, v in _REPLACE[True].items()
        if (not word.fullmatch(c) and (not v or any(word.fullmatch(x) for x in v)))
        or (word.fullmatch(c) and any(not word.fullmatch(x) for x in v))
    ]
    return re.compile("[" + "".join(re.escape(c) for c in sorted(found)) + "]" if found else "(?!)")


def _after_marks(text: str, end: int) -> int:
    while end < len(text) and text[end] in _DROPPED_MARKS:
        end += 1
    return end


@lru_cache(maxsize=1)
def _word_split() -> re.Pattern[str]:
    return re.compile(f"({_word_pattern().pattern})")


class _Special(NamedTuple):
    dropped: re.Pattern[str]  # a combining mark normalisation drops (tashkeel)
    rare: re.Pattern[str]  # what may set START_SHARED or END_INVALID: a character normalised into several
    #                           (a ligature: ﻻ), or a combining mark that is kept (or an astral character)


@lru_cache(maxsize=1)
def _special() -> _Special:
    """Built on first use (a pass over the BMP's categories), not on import."""
    expanding = [c for c, v in _TABLES[True].items() if len(v) > 1]
    kept_marks = [chr(c) for c in range(0x10000) if chr(c) not in _DROPPED_MARKS and _is_mark(chr(c), 0)]
    return _Special(
        re.compile("[" + "".join(re.escape(c) for c in sorted(_DROPPED_MARKS)) + "]"),
        re.compile("[" + "".join(re.escape(c) for c in sorted(expanding + kept_marks)) + "\U00010000-\U0010ffff]"),
    )


def fingerprint() -> str:
    """What whole-word matching depends on, as a short text: these rules' version, the normalisation
    table and the word characters (the Unicode database and pyarabic's marks may differ between
    installations). A search index made under another fingerprint is not used (core/search_index.py)."""
    table = sorted(_TABLES[True].items())
    rules = repr((MATCHING_VERSION, table, sorted(PROCLITIC_CHAINS), MIN_CLITIC_STEM, sorted(_DROPPED_MARKS)))
    digest = hashlib.sha256(rules.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{MATCHING_VERSION} {digest} {characters_fingerprint()}"


# Raise when what `find` matches changes in a way the fingerprint's tables do not show.
MATCHING_VERSION = 1


class Hit(NamedTuple):  # a tuple: made thousands of times per query on a long article
    """One match in the stored text: `text[start:end]` is the hit; `word_start` is where its word begins
    (< start when a proclitic chain such as و or لل comes before it in the same word)."""

    start: int
    end: int
    word_start: int


def find(
    text: str, query: str, *, whole_word: bool = True, clitics: bool = True, teh_marbuta: bool = True
) -> list[Hit]:
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
