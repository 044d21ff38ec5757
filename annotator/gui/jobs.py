"""Long work (import, export, check) off the GUI thread, with progress and Cancel.

A job runs a function in a QThread. The function opens its own `Project` there: SQLite connections must
not cross threads, and the window's connection stays free for labelling. It reports progress through
`step(done, total, what)`, which raises `Cancelled` once Cancel was pressed; the work therefore stops at
its next step, and what it writes is one transaction (an import) or a temporary file renamed at the end
(an export), so a cancelled job leaves nothing.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from ..core.errors import AnnotatorError

Step = Callable[[int, int, str], None]


class Cancelled(Exception):
    """Raised inside the work when the linguist pressed Cancel."""


class _Worker(QObject):
    progress = Signal(int, int, str)
    ended = Signal(str, object)       # "done" (result), "failed" (message), "cancelled" (None)

    def __init__(self, work: Callable[[Step], Any]):
        super().__init__()
        self.work = work
        self.cancel_requested = threading.Event()

    def step(self, done: int, total: int, what: str) -> None:
        if self.cancel_requested.is_set():
            raise Cancelled
        self.progress.emit(done, total, what)

    @Slot()
    def run(self) -> None:
        try:
            result = self.work(self.step)
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

    def __init__(self, work: Callable[[Step], Any], parent: QObject | None = None):
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
