"""UTF-16 <-> code point conversion: the only place in the program that converts.

The core counts Unicode code points; Qt counts UTF-16 units, where a character outside the Basic
Multilingual Plane (emoji, flags' regional indicators, rare CJK) takes two. A document's map is built once
(one pass over the text) and then answers each conversion with one bisection over the astral characters,
so a 1,000,000-character article converts in microseconds.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Code point <-> UTF-16 positions of one text.

    `utf16_to_cp` of a position inside a surrogate pair returns the code point of that pair (it rounds
    down); positions past the end clamp to the end, negative ones to 0.
    """

    __slots__ = ("_astral_cp", "_astral_u16", "length", "utf16_length")

    def __init__(self, text: str):
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 start of each astral character: every astral before it added one unit.
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral_cp)]
        self.length = len(text)
        self.utf16_length = self.length + len(self._astral_cp)

    def cp_to_utf16(self, cp: int) -> int:
        cp = min(max(cp, 0), self.length)
        if not self._astral_cp:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

    def utf16_to_cp(self, u: int) -> int:
        u = min(max(u, 0), self.utf16_length)
        if not self._astral_u16:
            return u
        # Astral characters that start before u each count two units for one code point. A position in
        # the middle of a pair counts its own pair too, which rounds it down to that character.
        return u - bisect_left(self._astral_u16, u)

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.cp_to_utf16(start), self.cp_to_utf16(end)

    def span_to_cp(self, start: int, end: int) -> tuple[int, int]:
        """A UTF-16 range to code points; an end inside a surrogate pair is rounded up so the pair stays whole."""
        cp_start = self.utf16_to_cp(start)
        cp_end = self.utf16_to_cp(end)
        if self.cp_to_utf16(cp_end) < min(max(end, 0), self.utf16_length):
            cp_end += 1
        return cp_start, cp_end


def utf16_length(text: str) -> int:
    return len(text) + len(_ASTRAL.findall(text))


# ---- display chunks -----------------------------------------------------------------------------------
# Qt lays out and repaints a paragraph as one block: a 1,000,000-character article without a line break
# took 34 s to open and seconds per label. The view therefore shows a long paragraph in chunks: at a space
# near every CHUNK_CHARS characters (a sentence end when there is one) the space is shown as a block
# separator. One character for one character, so display positions are the stored text's own (UTF-16 as
# above) and no offset moves; only a plain ASCII space is ever replaced, so no word is cut (cursive joining
# cannot break at a chunk edge) and the stored text is untouched.
CHUNK_CHARS = 1000
_SENTENCE_ENDS = (". ", "! ", "? ", "\u061f ", "\u06d4 ", ".» ", '." ', ".” ", "؟» ")


def display_breaks(text: str, chunk: int = CHUNK_CHARS) -> list[int]:
    """Code points of the spaces the view shows as block separators (sorted; empty for short paragraphs)."""
    breaks: list[int] = []
    for start, end in _long_paragraphs(text, chunk * 3 // 2):
        while end - start > chunk * 3 // 2:
            lo, hi = start + chunk // 2, start + chunk
            cut = max(
                (i + len(m) - 1 for m in _SENTENCE_ENDS if (i := text.rfind(m, lo, hi + len(m) - 1)) >= 0), default=-1
            )
            if cut < 0:
                cut = text.rfind(" ", lo, hi)
            if cut < 0:
                cut = text.find(" ", hi, end)
            if cut < 0:
                break  # no space left in this paragraph: it stays one block
            breaks.append(cut)
            start = cut + 1
    return breaks


def _long_paragraphs(text: str, longer_than: int):
    """(start, end) of each line-feed-separated paragraph longer than `longer_than` characters.

    str.find per paragraph, not a regex like [^\n]{1500,}: that one retries at every position of a short
    paragraph (20 s on a million characters in 600-character paragraphs)."""
    start, n = 0, len(text)
    while start < n:
        end = text.find("\n", start)
        end = n if end < 0 else end
        if end - start > longer_than:
            yield start, end
        start = end + 1


def display_text(text: str, breaks: list[int]) -> str:
    """The text the view lays out: `text` with the spaces at `breaks` shown as line feeds (block edges)."""
    if not breaks:
        return text
    pieces, last = [], 0
    for cut in breaks:
        pieces.append(text[last:cut])
        last = cut + 1
    pieces.append(text[last:])
    return "\n".join(pieces)
