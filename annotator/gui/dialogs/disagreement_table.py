"""The Agreement window's list of a pair's disagreements, as a model the table asks for the rows it shows.

A pair of annotators on 10,000 articles differs in about 90,000 places: a table item per cell, each with its
sentence, kept the window's thread 6.4 s and 250 MB when the figures came (issue 27). The words of a row are
made when the table first shows it (`DisagreementWords`), and kept for a scroll back.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from ...core.agreement import Disagreement
from .core_action import ARABIC_CELL
from .disagreement_words import DisagreementWords

DOCUMENT, KIND, PLACE, SENTENCE = range(4)
Index = QModelIndex | QPersistentModelIndex


class DisagreementsModel(QAbstractTableModel):
    """Rows: the disagreements shown (`show`); columns: document, kind, the text of the place, the sentence."""

    def __init__(self, words: DisagreementWords, headers: list[str], parent: QObject | None = None):
        super().__init__(parent)
        self.words = words
        self.headers = headers
        self.shown: Sequence[Disagreement] = []
        self._made: dict[int, tuple[str, str, str]] = {}  # row -> (kind, place, sentence), as first shown

    def show(self, disagreements: Sequence[Disagreement]) -> None:
        self.beginResetModel()
        self.shown = disagreements
        self._made = {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def text(self, row: int, column: int) -> str:
        """What the cell shows."""
        d = self.shown[row]
        if column == DOCUMENT:
            return d.document
        return self._row(row)[column - 1]

    def _row(self, row: int) -> tuple[str, str, str]:
        made = self._made.get(row)
        if made is None:
            d = self.shown[row]
            made = self._made[row] = (self.words.kind(d), self.words.place(d), self.words.sentence(d))
        return made

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == PLACE:
                return self.words.place(self.shown[row], limit=400)
            if column == SENTENCE:
                return self._row(row)[2]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PLACE:
            return ARABIC_CELL
        return None


class DisagreementsView(QTableView):
    """The table of a pair's disagreements. The column of the places' words is at most a third of the
    table's width: fitted to its longest words, it pushed the end of the table out of a docked panel, and
    the right-aligned Arabic was cut at its start (the words' first letters) at the view's edge; narrower,
    a place's words are elided at their end."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)  # (Qt elides the logical end: the left of Arabic)

    def setModel(self, model: QAbstractTableModel | None) -> None:  # type: ignore[override]  # (Qt's name)
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self.fit_place_column)
        self.horizontalHeader().setSectionResizeMode(PLACE, QHeaderView.ResizeMode.Interactive)

    def fit_place_column(self) -> None:
        widest = max(PLACE_AT_LEAST, self.viewport().width() // 3)
        self.setColumnWidth(PLACE, min(self.sizeHintForColumn(PLACE), widest))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.fit_place_column()


PLACE_AT_LEAST = 120  # px: the places' column, however narrow the panel
