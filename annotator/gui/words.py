"""Where a selection should start and end: it snaps outward to whole words, inward past spaces.

A word is a run of letters, digits, combining marks (tashkeel), tatweel and the zero-width joiners;
anything else (spaces, punctuation, quotation marks) separates words. Offsets are code points. Qt-free.
"""
from __future__ import annotations

import unicodedata

_JOINERS = {"\u0640", "\u200c", "\u200d"}  # tatweel, ZWNJ, ZWJ


def is_word_char(ch: str) -> bool:
    if ch in _JOINERS:
        return True
    category = unicodedata.category(ch)
    return category[0] in "LMN"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace at both ends of [start, end)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) so it neither starts nor ends inside a word; spaces at the edges are dropped.

    A selection that touches no word character (only punctuation) is kept as it is, trimmed.
    """
    start, end = trim(text, max(0, start), min(len(text), end))
    if start >= end:
        return start, end
    while start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
        start -= 1
    while end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end]):
        end += 1
    return start, end


def word_at(text: str, pos: int) -> tuple[int, int]:
    """The word around code point `pos` (empty range where there is none)."""
    if not 0 <= pos < len(text) or not is_word_char(text[pos]):
        return pos, pos
    return snap_to_words(text, pos, pos + 1)
