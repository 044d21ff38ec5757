"""F1: every key of the workspace in one table, generated from the window's actions."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout

EXTRA = [
    ("Select text with the mouse", "snaps to whole words"),
    ("Alt + select", "keeps the exact selection (a clitic و / ل stays outside the span)"),
    ("Shift + arrows", "select text with the keyboard"),
    ("Click a span", "selects it; click again to reach the span around it"),
    ("Stance panel: F / A / N / U, 0", "set / unset the document's stance toward the chosen target"),
    ("Ctrl + mouse wheel", "zoom"),
]


class KeysDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Keys")
        table = QTableWidget(len(rows) + len(EXTRA), 2)
        table.setHorizontalHeaderLabels(["Key", "What it does"])
        table.verticalHeader().hide()
        for row, (key, what) in enumerate([*rows, *EXTRA]):
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
