"""Errors the core raises on purpose. The CLI prints them as one line; the GUI shows them as a message."""
from __future__ import annotations


class AnnotatorError(Exception):
    """Something the user can fix; `exit_code` is what the CLI exits with."""
    exit_code = 1


class InputError(AnnotatorError):
    """Bad input (a file, an offset, a label): the CLI exits with 2 and nothing was written."""
    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None):
        # one line, always: messages quote parsers (libxml2 ends some with a newline) and file names
        message = " ".join(message.split("\n")).replace("\r", " ").rstrip()
        self.file = file
        self.line = line
        self.problem = message
        where = ""
        if file is not None:
            where = f"{file}:{line}: " if line is not None else f"{file}: "
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
