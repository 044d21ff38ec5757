"""Where the window's selection should start and end: it snaps outward to whole words, inward past spaces
and punctuation.

A word is what the tokenizer calls one (core/tokens.py `is_word_char`: letters, digits, _, combining
marks, tatweel, ZWJ / ZWNJ and the direction marks); anything else (spaces, punctuation, quotation
marks) separates words. Punctuation at either edge of a
selection (« » “ ” " ' ‹ › brackets ، ؛ ؟ . ...: core/span_edges.py, the definition `annotator check`
warns with) is left out, so dragging over «الأمم المتحدة،» gives الأمم المتحدة. Offsets are code
points.
"""

from __future__ import annotations

from .span_edges import is_edge_mark
from .tokens import is_word_char


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace at both ends of [start, end)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def trim_punctuation(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop white space and punctuation at both ends of [start, end); a range of nothing else is kept."""
    start, end = trim(text, start, end)
    s, e = start, end
    while s < e and (text[s].isspace() or is_edge_mark(text[s])):
        s += 1
    while e > s and (text[e - 1].isspace() or is_edge_mark(text[e - 1])):
        e -= 1
    return (s, e) if s < e else (start, end)


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) so it neither starts nor ends inside a word; spaces and punctuation at the edges
    are dropped.

    A selection that touches nothing but punctuation is kept as it is, trimmed of spaces.
    """
    start, end = trim_punctuation(text, max(0, start), min(len(text), end))
    if start >= end:
        return start, end
    while start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
        start -= 1
    while end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end]):
        end += 1
    return start, end
