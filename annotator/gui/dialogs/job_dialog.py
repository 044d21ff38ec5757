"""A dialog that runs one long job (gui/jobs.py): its options above, a progress bar and Cancel below.

Subclasses build their options and `make_work()`; the dialog stays usable (Cancel) while the job runs in
its own thread, and says how it ended: done, refused (the core's one-line message) or cancelled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QProgressBar, QVBoxLayout, QWidget

from ...core.progress import Progress
from ..jobs import Job

# what a job runs, off the GUI thread: it reports to the core's `Progress`; its result goes to `describe`
Work = Callable[[Progress], Any]


class JobDialog(QDialog):
    start_text = str(QT_TRANSLATE_NOOP("JobDialog", "Start"))  # subclasses: their own, translated in their context

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job: Job | None = None
        # the window's callback, told the outcome ("done", "failed", "cancelled")
        self.job_ended: Callable[[str], None] | None = None
        self.options = QWidget()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton(self.tr(self.start_text), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.options)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    # ---- to fill in ---------------------------------------------------------------------------------
    def make_work(self) -> Work | None:
        """The function to run (it gets the core's `Progress`), or None after saying in `status` what is
        missing."""
        raise NotImplementedError

    def describe(self, result: Any) -> str:
        return self.tr("done")

    # ---- running ------------------------------------------------------------------------------------
    def start(self) -> None:
        if self.job is not None and self.job.running:
            return
        work = self.make_work()
        if work is None:
            return
        self.job = Job(work, self)
        self.job.progress.connect(self._on_progress)
        self.job.ended.connect(self._on_ended)
        self.options.setEnabled(False)
        self.start_button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the first step says how much there is
        self.status.setText(self.tr("working…"))
        self.job.start()

    def cancel(self) -> None:
        if self.job is not None and self.job.running:
            self.status.setText(self.tr("cancelling…"))
            self.job.cancel()
        else:
            self.reject()

    def _on_progress(self, done: int, total: int, what: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        self.status.setText(what)

    def _on_ended(self, outcome: str, payload: Any) -> None:
        self.options.setEnabled(True)
        self.start_button.setEnabled(True)
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if outcome == "done" else 0)
        if outcome == "done":
            self.status.setText(self.describe(payload))
            self.cancel_button.setText(self.tr("Close"))
        elif outcome == "cancelled":
            self.status.setText(self.tr("cancelled: nothing was written"))
        else:
            self.status.setText(self.tr("not done: {reason}").format(reason=payload))
        if self.job_ended is not None:
            self.job_ended(outcome)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.job.wait()
        super().closeEvent(event)

    def reject(self) -> None:
        if self.job is not None and self.job.running:
            self.cancel()
            return
        super().reject()
