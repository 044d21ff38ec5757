"""What a name may be: labels, relation types, tasks, stance targets and values, annotators, documents.

Names come from other people's files and from the window, and end up in menus, legends, reports, file
names and other tools' configuration files. So, for every name: text, no leading or trailing spaces, at
most LIMITS.name_chars characters, and none of
- control characters (newlines, tabs, escape sequences: a name is one line, and a terminal must not
  take it as a command), nor line or paragraph separators (U+2028, U+2029);
- bidi controls (U+202A-U+202E embeddings and overrides, U+2066-U+2069 isolates, U+200E/U+200F marks,
  U+061C ALM): they make a name look like another one (an override can show `GPE` for `EPG`), and a
  name is always shown inside its own isolate, so it never needs them;
- `<` and `>`: a name is not markup (Qt labels and HTML reports would render `<img src=...>`).
Joiners (ZWJ, ZWNJ), tashkeel and any script stay allowed: they are part of real names.

Labels and relation types name types in other tools' files (brat's annotation.conf, IOB tags, UIMA
feature values), so they are one word of letters, digits, `_` and `-` (Arabic letters included),
starting with a letter or digit: no spaces, `[`, `]`, `:`, `=`, `,`, `|`, `<`, `>`, `#`, quotes or
markup, which brat's configuration syntax or an HTML report would read as their own.

The project (import, schema editing, stance targets, annotators) checks every name here, so the window,
the command line and the Python API refuse the same names with the same message.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import InputError
from .intake_policy import LIMITS

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_LINE_SEPARATORS = frozenset("\u2028\u2029\x85")
_IDENTIFIER = re.compile(r"[^\W_][\w-]*")


def _describe(char: str) -> str:
    what = "half a surrogate pair" if unicodedata.category(char) == "Cs" else "a control character"
    return f"U+{ord(char):04X} ({unicodedata.name(char, what)})"


def name_problem(name: object, what: str) -> str | None:
    """Why `name` cannot be the name of a `what` (e.g. "annotator"), or None when it can."""
    if not isinstance(name, str) or not name.strip() or name != name.strip():
        return f"{what} name {name!r} must be non-empty text without leading or trailing spaces"
    if len(name) > LIMITS.name_chars:
        return f"{what} name {name[:40]!r}... has {len(name)} characters, more than {LIMITS.name_chars}; shorten it"
    for i, char in enumerate(name):
        category = unicodedata.category(char)
        if char in BIDI_CONTROLS:
            return (
                f"{what} name {name!r} holds the bidi control {_describe(char)} at character {i}, which can "
                "make a name look like another; remove it"
            )
        if category in ("Cc", "Cs") or char in _LINE_SEPARATORS:
            return (
                f"{what} name {name!r} holds {_describe(char)} at character {i}; a name is one line of "
                "text without control characters: remove it"
            )
        if char in "<>":
            return f"{what} name {name!r} holds {char!r}; a name is text, not markup: remove it"
    return None


def _unless(problem: str | None, name: object) -> str:
    if problem:
        raise InputError(problem)
    return name  # type: ignore[return-value]


def check_name(name: object, what: str) -> str:
    """`name` if it may name a `what`; InputError saying why not otherwise."""
    return _unless(name_problem(name, what), name)


def identifier_problem(name: object, what: str) -> str | None:
    """Why `name` cannot be a label or relation type (a `what`), or None when it can."""
    problem = name_problem(name, what)
    if problem:
        return problem
    if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
        return (
            f"{what} name {name!r} must be one word of letters, digits, _ and - starting with a letter or "
            "digit (it names a type in brat's annotation.conf, IOB tags and XMI): no spaces, brackets, "
            "punctuation or markup"
        )
    return None


def check_identifier(name: object, what: str) -> str:
    """`name` if it may be a label or relation type; InputError saying why not otherwise."""
    return _unless(identifier_problem(name, what), name)
