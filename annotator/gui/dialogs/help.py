"""F1: every key of the workspace in one table, generated from the window's actions."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

EXTRA = [
    (
        str(QT_TRANSLATE_NOOP("KeysDialog", "Select text with the mouse")),
        str(QT_TRANSLATE_NOOP("KeysDialog", "snaps to whole words")),
    ),
    (
        str(QT_TRANSLATE_NOOP("KeysDialog", "Alt + select")),
        str(QT_TRANSLATE_NOOP("KeysDialog", "keeps the exact selection (a clitic و / ل stays outside the span)")),
    ),
    (
        str(QT_TRANSLATE_NOOP("KeysDialog", "Shift + arrows")),
        str(QT_TRANSLATE_NOOP("KeysDialog", "select text with the keyboard")),
    ),
    (
        str(QT_TRANSLATE_NOOP("KeysDialog", "Click a span")),
        str(QT_TRANSLATE_NOOP("KeysDialog", "selects it; click again to reach the span around it")),
    ),
    (
        str(QT_TRANSLATE_NOOP("KeysDialog", "Stance panel: F / A / N / U, 0")),
        str(QT_TRANSLATE_NOOP("KeysDialog", "set / unset the document's stance toward the chosen target")),
    ),
    (str(QT_TRANSLATE_NOOP("KeysDialog", "Ctrl + mouse wheel")), str(QT_TRANSLATE_NOOP("KeysDialog", "zoom"))),
]


class KeysDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keys"))
        table = QTableWidget(len(rows) + len(EXTRA), 2)
        table.setHorizontalHeaderLabels([self.tr("Key"), self.tr("What it does")])
        table.verticalHeader().hide()
        extra = [(self.tr(key), self.tr(what)) for key, what in EXTRA]
        for row, (key, what) in enumerate([*rows, *extra]):
            table.setItem(row, 0, QTableWidgetItem(key))
            table.setItem(row, 1, QTableWidgetItem(what))
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.resizeColumnToContents(0)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(620, 560)
