"""The window's status bar: a passing message, who annotates, which document, whether the last write was saved.

Dialogs and tool panels tell the window things through `Feedback`, a few callbacks they are given (never the
window itself). Texts keep the MainWindow translation context they had in the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, QTime
from PySide6.QtWidgets import QApplication, QLabel, QStatusBar

from .session import Session

MESSAGE_MS = 8000


@dataclass(frozen=True)
class Feedback:
    """What a dialog or a tool panel may tell the window."""

    message: Callable[[str], None]  # a line in the status bar for a while
    error: Callable[[str], None]  # the same in red, with a beep
    saved: Callable[[], None]  # a core action it ran itself went through: "saved ✓" with the time
    status: Callable[[], None]  # whom the window writes as changed (curation's E): the bar says it again


class StatusLine:
    """The status bar's message and its permanent labels (annotator, position, saved)."""

    def __init__(self, bar: QStatusBar):
        self.bar = bar
        self.annotator_label, self.position_label, self.saved_label = QLabel(), QLabel(), QLabel()
        for label in (self.annotator_label, self.position_label, self.saved_label):
            bar.addPermanentWidget(label)

    def show_message(self, text: str) -> None:
        self.bar.setStyleSheet("")
        self.bar.showMessage(self._fit(text), MESSAGE_MS)

    def show_error(self, text: str) -> None:
        self.bar.setStyleSheet("color: #b00020;")
        self.bar.showMessage(self._fit(text), MESSAGE_MS)
        QApplication.beep()

    def _fit(self, text: str) -> str:
        """The message elided with … to the room left of the permanent labels (a narrow window otherwise
        cut it mid-letter against them); the whole of it is the status bar's tooltip."""
        self.bar.setToolTip(text)
        used = sum(
            w.sizeHint().width() + 12 for w in (self.annotator_label, self.position_label, self.saved_label) if w.text()
        )
        room = self.bar.width() - used - 24
        return self.bar.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, max(room, 40))

    def note_saved(self, summary: str = "") -> None:
        """A write of this window went through: "saved ✓" with the time."""
        self.saved_label.setStyleSheet("")
        now = QTime.currentTime().toString("HH:mm:ss")
        self.saved_label.setText(QCoreApplication.translate("MainWindow", "saved ✓ {time}").format(time=now))
        self.saved_label.setToolTip(summary)

    def note_not_saved(self) -> None:
        """A write the project file refused: said until the next one goes through."""
        self.saved_label.setText(QCoreApplication.translate("MainWindow", "NOT saved ✗"))
        self.saved_label.setStyleSheet("color: #b00020; font-weight: bold;")
        QApplication.beep()

    def show_session(self, session: Session | None) -> None:
        """Who annotates and which document is open (nothing without a project)."""
        if session is None:
            for label in (self.annotator_label, self.position_label, self.saved_label):
                label.clear()
            return
        name = session.annotator
        self.annotator_label.setText(QCoreApplication.translate("MainWindow", "annotator: {name}").format(name=name))
        self.annotator_label.setStyleSheet("font-weight: bold;")
        n = len(session.documents)
        self.position_label.setText(
            QCoreApplication.translate("MainWindow", "document {index} of {count}").format(
                index=session.index + 1, count=n
            )
            if n
            else QCoreApplication.translate("MainWindow", "no documents")
        )
        if not self.saved_label.text():
            self.saved_label.setText(QCoreApplication.translate("MainWindow", "saved ✓"))
