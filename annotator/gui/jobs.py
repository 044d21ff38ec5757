"""Long work (import, export, check, merge) off the GUI thread, with progress and Cancel.

A job runs a function in a QThread. The function opens its own `Project` there: SQLite connections must
not cross threads, and the window's connection stays free for labelling. It gets the core's `Progress`
(core/progress.py), which this worker implements: `report` moves the dialog's bar, and `cancelled` is
true once Cancel was pressed, so the core raises `Cancelled` at its next step; what the work writes is
one transaction (an import, a merge) or a temporary file renamed at the end (an export), so a cancelled
job leaves nothing. `in_window_words` puts what the core says it is doing into the window's language.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QThread, Signal, Slot

from ..core.errors import AnnotatorError
from ..core.progress import Cancelled, Progress
from . import terms

__all__ = ["Cancelled", "Job", "in_window_words"]

# The core's progress words (English), and the window's: (pattern, context, text, how to fill it in).
_WORDS: list[tuple[re.Pattern[str], str, str, Callable[[re.Match[str]], dict[str, str]]]] = [
    (
        re.compile(r"reading (.+)"),
        "Transfer",
        str(QT_TRANSLATE_NOOP("Transfer", "reading {file}")),
        lambda m: {"file": m[1]},
    ),
    (
        re.compile(r"writing (\d+) documents? to the project"),
        "Transfer",
        str(QT_TRANSLATE_NOOP("Transfer", "writing {documents} to the project")),
        lambda m: {"documents": terms.documents(int(m[1]))},
    ),
    (
        re.compile(r"writing (.+)"),
        "Transfer",
        str(QT_TRANSLATE_NOOP("Transfer", "writing {name}")),
        lambda m: {"name": m[1]},
    ),
    (
        re.compile(re.escape("checking SQLite, offsets, texts, relations…")),
        "Transfer",
        str(QT_TRANSLATE_NOOP("Transfer", "checking SQLite, offsets, texts, relations…")),
        lambda m: {},
    ),
    (
        re.compile(re.escape("looking for spans with punctuation at their edges…")),
        "Transfer",
        str(QT_TRANSLATE_NOOP("Transfer", "looking for spans with punctuation at their edges…")),
        lambda m: {},
    ),
    (
        re.compile(r"imported|written|merged|checked|compared|rescued"),
        "JobDialog",  # the work's last step
        str(QT_TRANSLATE_NOOP("JobDialog", "done")),
        lambda m: {},
    ),
]


def in_window_words(what: str) -> str:
    """What the core's progress says it is doing, in the window's language (as it is, when not known)."""
    for pattern, context, text, fill in _WORDS:
        match = pattern.fullmatch(what)
        if match:
            return QCoreApplication.translate(context, text).format(**fill(match))
    return what


class _Worker(QObject):
    """Runs the work in its thread; the core's `Progress` for it (the signal crosses to the GUI thread)."""

    progress = Signal(int, int, str)
    ended = Signal(str, object)  # "done" (result), "failed" (message), "cancelled" (None)

    def __init__(self, work: Callable[[Progress], Any]):
        super().__init__()
        self.work = work
        self.cancel_requested = threading.Event()

    def report(self, done: int, total: int, what: str) -> None:
        self.progress.emit(done, total, in_window_words(what))

    def cancelled(self) -> bool:
        return self.cancel_requested.is_set()

    @Slot()
    def run(self) -> None:
        try:
            result = self.work(self)
        except Cancelled:
            self.ended.emit("cancelled", None)
        except AnnotatorError as exc:
            self.ended.emit("failed", str(exc))
        except Exception as exc:  # noqa: BLE001 - shown to the linguist, never a silent thread death
            self.ended.emit("failed", f"{type(exc).__name__}: {exc}")
        else:
            self.ended.emit("done", result)


class Job(QObject):
    """One run of `work` in its own thread. `ended(outcome, payload)` arrives in the GUI thread."""

    progress = Signal(int, int, str)
    ended = Signal(str, object)

    def __init__(self, work: Callable[[Progress], Any], parent: QObject | None = None):
        super().__init__(parent)
        self.outcome: str | None = None
        self.payload: Any = None
        self._thread = QThread()
        self._worker = _Worker(work)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self.progress)
        self._worker.ended.connect(self._on_ended)
        # The thread's own loop ends as soon as the work does (called in the worker's thread: `wait` in the
        # GUI thread then returns without needing the GUI's event loop).
        self._worker.ended.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._worker.cancel_requested.set()

    @property
    def running(self) -> bool:
        return self._thread.isRunning() and self.outcome is None

    def wait(self, ms: int = 30000) -> bool:
        return self._thread.wait(ms)

    def _on_ended(self, outcome: str, payload: Any) -> None:
        self.outcome, self.payload = outcome, payload
        self._thread.quit()
        self._thread.wait()
        self.ended.emit(outcome, payload)
