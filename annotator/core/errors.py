"""Errors the core raises on purpose. The CLI prints them as one line; the GUI shows them as a message."""

from __future__ import annotations

import re

# control characters (C0, DEL, C1) and the Unicode line and paragraph separators: in a file name they could
# move the cursor, recolour or clear the terminal, or break the one-line message
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def shown(text: str) -> str:
    """`text` safe to print on a terminal: each control character written as Python writes it in a string
    literal (`\\x1b`, `\\n`, `\\t`); everything else, Arabic and spaces included, exactly as it is."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


class AnnotatorError(Exception):
    """Something the user can fix; `exit_code` is what the CLI exits with."""

    exit_code = 1


class InputError(AnnotatorError):
    """Bad input (a file, an offset, a label): the CLI exits with 2 and nothing was written."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None):
        # one line, always: messages quote parsers (libxml2 ends some with a newline) and file names; a
        # file name (or anything quoted) with control characters shows them escaped (see `shown`)
        message = shown(" ".join(message.split("\n")).replace("\r", " ").rstrip())
        self.file = file
        self.line = line
        self.problem = message
        where = ""
        if file is not None:
            where = f"{shown(file)}:{line}: " if line is not None else f"{shown(file)}: "
        super().__init__(where + message)


class NotFound(AnnotatorError):
    """A document, span or relation that does not exist (any more)."""

    exit_code = 2


class StorageError(AnnotatorError):
    """The project file could not be read or written (busy, disk full, read-only, damaged): nothing of
    the change was saved. The message says what to do."""

    exit_code = 1


class ReadOnlyProject(StorageError):
    """The project was opened read-only (another window of the same annotator is editing it)."""
