"""A bar above the article for what must not go unnoticed: a write that failed (nothing was saved), a
project opened read-only; or, in a calmer colour, a note (other annotators' work in this project). It
stays until dismissed or acted on, unlike a status-bar message."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

_PROBLEM_STYLE = (
    "#messageBar { background: #fdecea; border: 1px solid #b00020; border-radius: 3px; }"
    "#messageBar QLabel { color: #5f0010; }"
)
_NOTE_STYLE = (
    "#messageBar { background: #e8f0fe; border: 1px solid #1a56c4; border-radius: 3px; }"
    "#messageBar QLabel { color: #0b2e6b; }"
)


class MessageBar(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.is_problem = True
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.action_button = QPushButton()
        self.close_button = QPushButton(self.tr("Dismiss"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button)
        self._action: Callable[[], object] | None = None
        self.action_button.clicked.connect(self._act)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def show_problem(self, text: str, action_text: str = "", action: Callable[[], object] | None = None) -> None:
        self._show(True, text, action_text, action)

    def show_note(self, text: str, action_text: str = "", action: Callable[[], object] | None = None) -> None:
        """Something to know, not something wrong; a problem shown later replaces it."""
        self._show(False, text, action_text, action)

    def _show(self, problem: bool, text: str, action_text: str, action: Callable[[], object] | None) -> None:
        self.is_problem = problem
        self.setStyleSheet(_PROBLEM_STYLE if problem else _NOTE_STYLE)
        self.text.setText(text)
        self._action = action
        self.action_button.setText(action_text)
        self.action_button.setVisible(action is not None)
        self.show()

    def _act(self) -> None:
        action, self._action = self._action, None
        self.hide()
        if action is not None:
            action()
