"""The one tokenizer of every token-based format (CoNLL, Hugging Face, spaCy DocBin).

Tokens are character ranges [start, end) of the stored text (code points), never copies with changes:

- a word is a run of letters, digits, combining marks (tashkeel), tatweel and format characters (ZWJ,
  ZWNJ, direction marks), so وصل‍صفري and المُتَحَدِّثُ stay one token each;
- an emoji or other symbol keeps its modifiers, variation selectors and ZWJ sequence (👩‍👩‍👧 is one);
- any other visible character (punctuation: « » . ، ؟) is a token of its own;
- white space (anything str.isspace() calls so) separates tokens and is never part of one.

- Arabic proclitics stand alone where they are clitics: a conjunction و / ف at the start of a word, then
  a preposition ب / ل / ك (at the start, or after such a conjunction), each becomes a token of its own
  when what remains is a word (core/clitics.py decides, by word frequencies): وبيروت is و بيروت,
  لواشنطن is ل واشنطن, بالقاهرة is ب القاهرة, while بيروت, فلسطين, واشنطن, وكالة, لبنان stay whole.
  The decision sees the word only, never the annotations or the rest of the text, so the spaCy
  tokenizer this package registers (formats/spacy_tokenizer.py) makes the same tokens at training time
  as the export wrote, and an entity after a clitic stays aligned.

`split_at` then cuts tokens at span boundaries that still fall inside them (a suffix, a span ending
mid-word), so a token-level format loses no span; those few cuts are the tokenizer's to miss, and the
exports count them. Sentences end at a line break, or after . ! ? ؟ … ۔ followed by space,
but never inside a span that must stay whole.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from . import clitics

Token = tuple[int, int]  # [start, end) in code points

# Projects store each document's token count (agreement's O/O cell). Raise VERSION with any change to
# what `tokenize` gives (tests/core/test_token_counts.py fails until then): projects then count again.
VERSION = 6  # 2: clitics cut by word frequencies (core/clitics.py), not by a letter rule; 3: ب + noun adverbs;
# 4: وهل، وتم، لما cut, والده and بليون whole (tuned on PADT newswire too); 5: و/ف before a hamza word
# (وأضاف), a ب + article form (وبالتالي) and لكن cut; 6: a word whose definite form is a word stays whole
# (لجان, بنود), لأن whole
_SPAN = re.Match.span


def _bmp_classes(groups: dict[str, set[str]]) -> dict[str, str]:
    """Regex character class bodies: for each group, every BMP code point whose category is in it."""
    runs: dict[str, list[list[int]]] = {name: [] for name in groups}
    owner = {cat: name for name, cats in groups.items() for cat in cats}
    for cp in range(0x10000):
        name = owner.get(unicodedata.category(chr(cp)))
        if name is None:
            continue
        found = runs[name]
        if found and found[-1][1] == cp - 1:
            found[-1][1] = cp
        else:
            found.append([cp, cp])
    return {name: "".join(_range(a, b) for a, b in found) for name, found in runs.items()}


def _range(a: int, b: int) -> str:
    return re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"


@lru_cache(maxsize=1)
def _classes() -> dict[str, str]:
    # Built once on first use (a scan of the BMP's categories), so importing the module is free.
    return _bmp_classes({"marks": {"Mn", "Mc", "Me", "Cf"}, "symbols": {"So", "Sk"}})


def _word_char() -> str:
    """The one definition of a word character, for the tokenizer, the window's word snapping
    (core/word_snapping.py) and whole-word search (core/arabic.py): a letter, digit or _ (\\w), a combining
    mark (tashkeel), tatweel (a letter), or a format character (ZWJ, ZWNJ, the direction marks LRM / RLM)."""
    return f"[\\w{_classes()['marks']}]"


@lru_cache(maxsize=1)
def _word_char_pattern() -> re.Pattern[str]:
    return re.compile(_word_char())


def is_word_char(ch: str) -> bool:
    """Whether the character `ch` is part of a word (see `_word_char`)."""
    # Letters (\w holds them all) and white space (never in a word) answered first: search asks per hit
    return ch.isalnum() or (not ch.isspace() and _word_char_pattern().fullmatch(ch) is not None)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    # Speed matters (40M characters in an export): \w is one C category test, and classes of BMP
    # characters only compile to a bitmap; a class with astral ranges would be scanned range by range.
    # So astral characters are classed coarsely: astral letters and digits are \w, any other astral
    # character (emoji, mostly) starts or continues a symbol token.
    bmp = _classes()
    astral = "\U00010000-\U0010ffff"
    word_char = _word_char()
    word = f"{word_char}+"  # letters, digits, tashkeel, tatweel (a letter), ZWJ / ZWNJ / direction marks
    emoji = f"(?:[{bmp['symbols']}]|[{astral}])(?:[{bmp['marks']}{bmp['symbols']}]|[{astral}])*"
    return re.compile(rf"{word}|{emoji}|\S")


# Format characters and marks a word may carry between its letters (skipped when it is looked up).
_ARABIC_MARK = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0640"


@lru_cache(maxsize=1)
def _clitic_word_pattern() -> re.Pattern[str]:
    """A whole word that begins with a clitic letter (the only words core.clitics may cut)."""
    word_char = _word_char()
    return re.compile(f"(?<!{word_char})[{clitics.CLITIC_LETTERS}]{word_char}+")


@lru_cache(maxsize=1)
def _not_letter() -> re.Pattern[str]:
    return re.compile(f"[{_ARABIC_MARK}{_classes()['marks']}]")


def bare(word: str) -> str:
    """`word`'s letters without tashkeel, tatweel and format characters: what core.clitics looks up."""
    return _not_letter().sub("", word)


def names_of(entity_texts: Iterable[str]) -> frozenset[str]:
    """The words of labelled entities (bare), which the tokenizer takes as words (core.clitics)."""
    words = _word_pattern()
    return frozenset(bare(m.group()) for text in entity_texts for m in words.finditer(text)) - {""}


@lru_cache(maxsize=1)
def _word_pattern() -> re.Pattern[str]:
    return re.compile(f"{_word_char()}+")


def word_pattern() -> re.Pattern[str]:
    """A run of word characters (`is_word_char`): a whole word, as search sees one."""
    return _word_pattern()


@lru_cache(maxsize=200_000)
def _cuts_in_word(word: str, names: frozenset[str] = clitics.NO_NAMES) -> tuple[int, ...]:
    """Offsets inside `word` where a proclitic ends, its tashkeel kept with it (وَبيروت: after وَ)."""
    bare_cuts = clitics.cuts(bare(word), names)
    if not bare_cuts:
        return ()
    letters = [i for i, ch in enumerate(word) if not _not_letter().fullmatch(ch)]  # bare letter -> offset
    return tuple(letters[k] for k in bare_cuts if k < len(letters))


def clitic_cuts(
    text: str, start: int = 0, end: int | None = None, names: frozenset[str] = clitics.NO_NAMES
) -> list[int]:
    """Offsets in text[start:end] where a proclitic ends inside a word (tokenize cuts there)."""
    out: list[int] = []
    for m in _clitic_word_pattern().finditer(text, start, len(text) if end is None else end):
        found = _cuts_in_word(m.group(), names)
        if found:
            at = m.start()
            out.extend(at + k for k in found)
    return out


def tokenize(
    text: str, start: int = 0, end: int | None = None, names: frozenset[str] = clitics.NO_NAMES
) -> list[Token]:
    """Tokens of text[start:end] as absolute [start, end) ranges. `names`: words taken as words whatever
    the word list says (`names_of` the project's labelled entities)."""
    finditer = _pattern().finditer
    plain = list(map(_SPAN, finditer(text, start, len(text) if end is None else end)))  # map: no Python frame a token
    cuts = clitic_cuts(text, start, end, names)
    return split_at(plain, cuts) if cuts else plain


def split_at(tokens: Sequence[Token], boundaries: Iterable[int], starts: Sequence[int] | None = None) -> list[Token]:
    """Tokens cut at every boundary that falls strictly inside one (boundaries at white space do nothing).
    `starts`: the tokens' starts, when the caller has them. Nothing to cut: the same list comes back."""
    if starts is None:
        starts = [s for s, _ in tokens]
    inside: dict[int, list[int]] = {}  # token index -> the cuts inside it; few tokens have any
    for cut in sorted(set(boundaries)):
        i = bisect.bisect_right(starts, cut) - 1
        if i >= 0 and tokens[i][0] < cut < tokens[i][1]:
            inside.setdefault(i, []).append(cut)
    if not inside:
        return tokens if isinstance(tokens, list) else list(tokens)
    out: list[Token] = []
    done = 0
    for i in sorted(inside):
        out.extend(tokens[done:i])
        edges = [tokens[i][0], *inside[i], tokens[i][1]]
        out.extend(zip(edges, edges[1:], strict=False))
        done = i + 1
    out.extend(tokens[done:])
    return out


# A break: after a full stop and space, or at a line break. Only where a match ends counts, so the white
# space before a line break need not be matched (scanning for it at every space was a third of the time).
_BREAK = re.compile(r"[.!?؟…۔]\s+|\n\s*")


def sentences(
    text: str,
    tokens: Sequence[Token],
    keep_whole: Sequence[tuple[int, int]] = (),
    token_starts: Sequence[int] | None = None,
) -> list[list[Token]]:
    """Tokens grouped into sentences; no sentence break falls inside a range of `keep_whole`.

    `keep_whole` must be sorted by start and not overlap (the entities a format writes); `token_starts`:
    the tokens' starts, when the caller has them.
    """
    starts = [s for s, _ in keep_whole]
    if token_starts is None:
        token_starts = [s for s, _ in tokens]
    out: list[list[Token]] = []
    first = 0
    for m in _BREAK.finditer(text):
        if _inside(keep_whole, starts, m.end()):
            continue
        cut = bisect.bisect_left(token_starts, m.end(), first)
        if cut > first:
            out.append(list(tokens[first:cut]))
            first = cut
    if first < len(tokens):
        out.append(list(tokens[first:]))
    return out


def _inside(ranges: Sequence[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """Whether pos lies strictly inside one of the ranges (a break there would cut it)."""
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and ranges[i][0] < pos < ranges[i][1]


# What a word character is (`is_word_char`, `word_pattern`), apart from the clitic cuts: raise with any
# change to them. The search index depends on this and not on VERSION, so a change of the clitic rules
# leaves every project's index as it is (core/arabic.py fingerprint).
CHARACTERS_VERSION = 1


def characters_fingerprint() -> str:
    """What word characters are made by: CHARACTERS_VERSION and the Unicode database that classes them."""
    return f"words {CHARACTERS_VERSION} unicode {unicodedata.unidata_version}"


def fingerprint() -> str:
    """What stored token counts were made by: this tokenizer's VERSION and the Unicode database that
    classes its characters (another Python may class some differently)."""
    return f"{VERSION} unicode {unicodedata.unidata_version}"


def count(text: str) -> int:
    """The number of tokens `tokenize(text)` gives, without building them (agreement counts every
    token of every document): the tokens before the clitic cuts, plus those cuts (`clitic_cuts`' count,
    each word's looked up in C: map over the cached `_cuts_in_word`, no Python frame a word)."""
    return _pattern().subn("", text)[1] + sum(map(len, map(_cuts_in_word, _clitic_word_pattern().findall(text))))


def count_split(parts: Sequence[str]) -> int:
    """`count` of the text `parts` were split from at its words (`re.split` by `word_pattern()` in a
    group: what lies before the first word, the first word, what lies between, ..., after the last),
    without scanning the text again: the search index splits every text so (issue 27 item 2: an import
    counted each text on its own, a fifth of its CPU). Each word is a token, so is each character between
    words that is not white space, and each clitic cut. A symbol between words (an emoji) may begin a
    token that takes in what follows it, even word characters (a ZWJ): such a text is counted by `count`."""
    between = "".join(parts[0::2])
    if _symbol().search(between):
        return count("".join(parts))
    words = parts[1::2]
    return len(words) + len("".join(between.split())) + sum(map(_CUTS_IN_RUN.__getitem__, words))


@lru_cache(maxsize=1)
def _symbol() -> re.Pattern[str]:
    """What starts a token of several characters (`_pattern`'s emoji): a symbol, or a character beyond the BMP."""
    return re.compile(f"[{_classes()['symbols']}]|[\U00010000-\U0010ffff]")


class _CutsInRun(dict[str, int]):
    """How many clitic cuts each run of word characters holds (those `_clitic_word_pattern` finds: a clitic
    letter and more; the letter alone has none), looked up in C (`map` over `__getitem__`), a word's first
    look-up made here. Bounded: emptied when it holds MAX words (a news corpus uses far fewer)."""

    MAX = 500_000

    def __missing__(self, word: str) -> int:
        if len(self) >= self.MAX:
            self.clear()
        found = self[word] = len(_cuts_in_word(word)) if word[0] in clitics.CLITIC_LETTERS else 0
        return found


_CUTS_IN_RUN = _CutsInRun()
