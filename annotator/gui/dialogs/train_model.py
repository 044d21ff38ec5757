"""Tools › Suggestions › Train model…: a spaCy entity recogniser trained on the annotator's own layer (or
gold) in the background (a job: progress and Cancel, gui/jobs.py) while the linguist keeps labelling. The
model goes to the folder beside the project (core/learning/folder.py), replacing the previous one only
when training has finished; then it suggests for the open document, and the held-out precision, recall
and F1 are shown here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from ..terms import ltr
from .job_dialog import JobDialog, Work

if TYPE_CHECKING:
    from ..model_loop import ModelLoop


class TrainModelDialog(JobDialog):
    start_text = str(QT_TRANSLATE_NOOP("TrainModelDialog", "Train"))

    def __init__(
        self, loop: ModelLoop, trained: Callable[[], None] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.loop = loop
        self.trained = trained or (lambda: None)  # the window's: show the model's suggestions
        self.setWindowTitle(self.tr("Train a model"))
        self.layer = QComboBox()
        session = loop.session
        for name in loop.layers():
            shown = self.tr("gold") if session is not None and name != session.annotator else name
            self.layer.addItem(shown, name)
        folder = loop.model_dir()
        where = QLabel(
            self.tr(
                "It learns from the documents marked done (20 % of them held out to score it), in the "
                "background: go on labelling. The model goes to {folder}."
            ).format(folder=ltr(str(folder)) if folder is not None else "–")
        )
        where.setWordWrap(True)
        form = QFormLayout(self.options)
        form.addRow(self.tr("Learn from:"), self.layer)
        form.addRow(where)
        self.job_ended = self._ended
        self.resize(520, 240)

    def make_work(self) -> Work | None:
        work = self.loop.training_work(str(self.layer.currentData()))
        if isinstance(work, str):
            self.status.setText(work)
            return None
        return work

    def start(self) -> None:
        super().start()
        if self.job is not None and self.job.running:
            self.loop.training_started(self.job)

    def describe(self, result: Any) -> str:
        from ..model_loop import figures_line

        report, _nlp = result
        return figures_line(report)

    def _ended(self, outcome: str) -> None:
        payload = self.job.payload if self.job is not None else None
        self.loop.training_ended(self.job, outcome, payload, announce=False)
        if outcome == "done":
            self.trained()
