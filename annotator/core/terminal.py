"""Arabic for plain terminals, which draw characters left to right, one by one, unjoined.

`for_terminal(text, mode)`: mode "on" reshapes (joined letter forms, arabic-reshaper) and reorders (the
Unicode bidi algorithm, python-bidi) each line into visual order (`visual_order`); "off" leaves text as it
is (logical order, for pipes, files and terminals that shape Arabic themselves); "auto" is "on" when the
output is a terminal other than TERM=dumb (Emacs' shell, say, which shapes and reorders by itself) and
"off" otherwise (`wants_visual_order`: the one decision, for every command). Never used for text given to
Qt, which shapes and reorders by itself.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from typing import TextIO

BIDI_MODES = ("auto", "on", "off")

# Bidi classes that can put a character on a right-to-left level; text without any stays as it is.
_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})


def wants_visual_order(mode: str, stream: TextIO | None = None) -> bool:
    """Whether `mode` ("auto", "on", "off") asks for visual order on `stream` (standard output by default):
    "auto" does for a terminal, unless TERM is dumb."""
    if mode not in BIDI_MODES:
        raise ValueError(f"bidi mode must be one of {', '.join(BIDI_MODES)}, not {mode!r}")
    if mode == "auto":
        stream = stream if stream is not None else sys.stdout
        is_terminal = bool(getattr(stream, "isatty", lambda: False)())
        return is_terminal and os.environ.get("TERM", "") != "dumb"
    return mode == "on"


def visual_order(text: str) -> str:
    """`text` as a plain (non-shaping) terminal must be sent it to show it right: each line reshaped and in
    visual order, its direction that of its first strong character, brackets and guillemets mirrored."""
    if not any(unicodedata.bidirectional(c) in _RIGHT_TO_LEFT for c in text):
        return text
    import arabic_reshaper

    # The pure-Python algorithm: python-bidi's default (Rust) get_display skips rule L4, so brackets and
    # guillemets in Arabic would show the wrong way round.
    from bidi.algorithm import get_display

    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))


def for_terminal(text: str, mode: str = "auto", stream: TextIO | None = None) -> str:
    """`text` as a plain terminal should print it under `mode` (see the module docstring)."""
    return visual_order(text) if wants_visual_order(mode, stream) else text
