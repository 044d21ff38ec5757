"""Arabic for plain terminals, which draw characters left to right, one by one, unjoined.

`for_terminal(text, mode)`: mode "on" reshapes (joined letter forms, arabic-reshaper) and reorders (the
Unicode bidi algorithm, python-bidi) each line into visual order; "off" leaves text as it is (logical
order, for pipes, files and terminals that shape Arabic themselves); "auto" is "on" when the output is a
terminal and "off" otherwise. Never used for text given to Qt, which shapes and reorders by itself.
"""
from __future__ import annotations

import sys
from typing import TextIO

BIDI_MODES = ("auto", "on", "off")


def wants_visual_order(mode: str, stream: TextIO | None = None) -> bool:
    if mode not in BIDI_MODES:
        raise ValueError(f"bidi mode must be one of {', '.join(BIDI_MODES)}, not {mode!r}")
    if mode == "auto":
        stream = stream if stream is not None else sys.stdout
        return bool(getattr(stream, "isatty", lambda: False)())
    return mode == "on"


def for_terminal(text: str, mode: str = "auto", stream: TextIO | None = None) -> str:
    """`text` as a plain terminal should print it under `mode` (see the module docstring)."""
    if not wants_visual_order(mode, stream):
        return text
    import arabic_reshaper

    # The pure-Python algorithm: python-bidi's default (Rust) get_display skips rule L4, so brackets and
    # guillemets in Arabic would show the wrong way round.
    from bidi.algorithm import get_display
    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))
