"""The one way long work reports how far it is and learns that it should stop.

Import, export, merge, agreement, check and rescue take a `progress: Progress` (default `NO_PROGRESS`).
They call `checkpoint(progress, done, total, what)` at their natural steps (before each file read, each
document written, each table rescued): it raises `Cancelled` when `progress.cancelled()` says so, and
otherwise passes the step on to `progress.report`. The last report of a finished operation has
`done == total`, and `done / total` never goes back. A step comes before anything is written, so a cancelled
import or merge leaves the project as it was, and a cancelled export or rescue leaves no file (they write
into temporary files renamed at the end).

Two clients: the window (gui/jobs.py: the job's progress bar, and its Cancel button behind `cancelled`) and
the command line (cli.py: a bar on stderr when it is a terminal and the work is long).
"""

from __future__ import annotations

from typing import Protocol

from .errors import AnnotatorError


class Progress(Protocol):
    """What long work reports to, and asks whether to stop."""

    def report(self, done: int, total: int, what: str) -> None:
        """`done` of `total` steps are done; `what` says in a few words what comes next (English)."""
        ...

    def cancelled(self) -> bool:
        """Whether the work should stop at its next step (the work then raises `Cancelled`)."""
        ...


class Cancelled(AnnotatorError):
    """The work was cancelled (its `Progress` said so); nothing was written."""

    def __init__(self, message: str = "cancelled; nothing was written"):
        super().__init__(message)


class _NoProgress:
    """Reports to no one and never cancels: the default."""

    def report(self, done: int, total: int, what: str) -> None:
        pass

    def cancelled(self) -> bool:
        return False


NO_PROGRESS: Progress = _NoProgress()


def checkpoint(progress: Progress, done: int, total: int, what: str) -> None:
    """A step of the work: raise `Cancelled` if asked to stop, else report `done` of `total`."""
    if progress.cancelled():
        raise Cancelled()
    progress.report(done, total, what)


class Within:
    """A part of a larger work's progress: what the part reports as `done` of its `total` is shown as the
    share between `start` and `end` of the whole's `total` (e.g. the check, then its warnings, as one bar)."""

    def __init__(self, progress: Progress, start: int, end: int, total: int):
        self.progress, self.start, self.end, self.total = progress, start, end, total

    def report(self, done: int, total: int, what: str) -> None:
        share = (self.end - self.start) * min(done, total) // total if total > 0 else 0
        self.progress.report(self.start + share, self.total, what)

    def cancelled(self) -> bool:
        return self.progress.cancelled()
