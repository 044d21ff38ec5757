"""The document navigator: every document with the annotator's status and counts; click to open.

A view over a model that reads the rows it shows (`gui/document_list.py`, a page at a time): a project of
100,000 articles opens and scrolls as fast as one of ten. What a row shows is `DocumentsModel.text` and
`.tooltip` (one place each, to extend)."""

from __future__ import annotations

import unicodedata
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QTableView

from ..document_list import DocumentRow
from ..operations.base import EVERYTHING, SPANS, STATUS
from ..terms import status_name

STATUS_COLOUR = {"new": "#777777", "in_progress": "#b36b00", "done": "#1d7a1d"}
HERE_MARK = "  ●"  # after the name of a document another annotator has open now (its tooltip says who)
NAME, STATUS_COL, ENTITIES, QUOTES = range(4)


def reads_right_to_left(text: str) -> bool:
    """Whether the first strongly directional character is Arabic or Hebrew ("01 وبعد" is)."""
    for ch in text:
        direction = unicodedata.bidirectional(ch)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


class NameDelegate(QStyledItemDelegate):
    """Draws an Arabic name as a right-to-left paragraph, so a name too long for the column loses its end
    (on the left) rather than showing the ellipsis beside its beginning."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        if reads_right_to_left(option.text):
            option.direction = Qt.LayoutDirection.RightToLeft
            option.displayAlignment = (
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
            )
            option.textElideMode = Qt.TextElideMode.ElideRight
        elif option.direction == Qt.LayoutDirection.RightToLeft:
            # A Latin name ("01 article") in the mirrored Arabic interface keeps its own left-to-right order,
            # at the right edge like the Arabic names.
            option.direction = Qt.LayoutDirection.LeftToRight
            option.displayAlignment = (
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
            )


DISPLAY, TOOLTIP, FOREGROUND, USER = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.UserRole,
)
ROLES = {int(DISPLAY.value), int(TOOLTIP.value), int(FOREGROUND.value), int(USER.value)}
FIRST_ROWS = 60  # rows made before the list is first shown, so that its columns fit them at once
KEPT_CELLS = 2000  # rows whose cells are kept made (then all are made again as they are shown)
Index = QModelIndex | QPersistentModelIndex


class DocumentsModel(QAbstractTableModel):
    """The session's documents as rows (name, status, entities, quotations), each read when it is shown."""

    rowsMade = Signal()  # cells of rows not shown before were made (`made` lists them)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.curation: dict[int, tuple[int, int]] = {}  # document id -> (settled, units), while curating
        self.here: dict[int, list[str]] = {}  # document id -> who else has it open now (show_who_is_here)
        self.headers: list[str] = ["", "", "", ""]
        self.header_tips: list[str] = ["", "", "", ""]
        self._sets_of: object = None  # the schema whose label sets `_sets` are
        self._sets: tuple[set[str], set[str]] = (set(), set())
        self.made: list[int] = []  # rows whose cells were made since the view last fitted its columns
        # row -> what its cells show (texts, the status colour, the name's tooltip), made once per row shown:
        # a paint asks each cell for eight roles, and a scroll asks again
        self._cells: dict[int, tuple[list[str], QBrush, str | None]] = {}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name and default
        return 0 if parent.isValid() else len(self.session.documents)

    def cells(self, row: int) -> tuple[list[str], QBrush, str | None]:
        """(the four cells' texts, the status's colour, the name's tooltip) of a row, made once."""
        found = self._cells.get(row)
        if found is None:
            if len(self._cells) >= KEPT_CELLS:
                self._cells.clear()
            texts = [self.text(row, column) for column in range(4)]
            found = self._cells[row] = (texts, QBrush(QColor(self.status_colour(row))), self.tooltip(row, NAME))
            self.made.append(row)
            if len(self.made) == 1:
                self.rowsMade.emit()
        return found

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name and default
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < 4:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips[section] or None
        return None

    def set_headers(self, labels: list[str], tips: list[str] | None = None) -> None:
        self.headers = list(labels)
        if tips is not None:
            self.header_tips = list(tips)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == DISPLAY:
            return self.cells(row)[0][column]
        if role == TOOLTIP:
            return self.cells(row)[2] if column == NAME else None
        if role == FOREGROUND:
            return self.cells(row)[1] if column == STATUS_COL else None
        return row if column == NAME else None  # UserRole: the row

    def document(self, row: int) -> DocumentRow:
        return self.session.documents.row(row)

    def text(self, row: int, column: int) -> str:
        """What the list shows in a cell."""
        document = self.document(row)
        if column == NAME:
            return document.summary.name + (HERE_MARK if document.summary.id in self.here else "")
        if column == STATUS_COL:
            progress = self.curation.get(document.summary.id)
            return status_name(document.status) if progress is None else f"{progress[0]}/{progress[1]}"
        entities, quotes = self._label_sets()
        counted = entities if column == ENTITIES else quotes
        return str(sum(n for label, n in document.counts.items() if label in counted))

    def _label_sets(self) -> tuple[set[str], set[str]]:
        """(the entity labels, the quotation labels) of the session's schema, made once per schema."""
        schema = self.session.schema
        if self._sets_of is not schema:
            self._sets_of = schema
            self._sets = (
                {lab.name for lab in schema.labels if schema.is_entity(lab.name)},
                self.session.quote_labels(),
            )
        return self._sets

    def tooltip(self, row: int, column: int) -> str | None:
        """A cell's tooltip (the name's: the name and the length)."""
        if column != NAME:
            return None
        summary = self.document(row).summary
        tip = QCoreApplication.translate("DocumentNavigator", "{name} — %n character(s)", "", summary.length).format(
            name=summary.name
        )
        if summary.id in self.here:
            names = QCoreApplication.translate("DocumentNavigator", ", ").join(self.here[summary.id])
            here = QCoreApplication.translate("DocumentNavigator", "{names} is here (working on it now)")
            tip += "\n" + here.format(names=names)
        return tip

    def show_who_is_here(self, here: dict[int, list[str]]) -> None:
        """Mark the documents other annotators have open now (document id -> their names): a mark after the
        name, and who in the tooltip."""
        if here == self.here:
            return
        self.here = {document: list(names) for document, names in here.items()}
        self._cells.clear()
        if self.rowCount():
            self.dataChanged.emit(self.index(0, NAME), self.index(self.rowCount() - 1, NAME))

    def status_colour(self, row: int) -> str:
        document = self.document(row)
        progress = self.curation.get(document.summary.id)
        if progress is not None:
            return "#2e7d32" if progress[0] == progress[1] else "#b00020"
        return STATUS_COLOUR.get(document.status, "#000000")

    def reload(self) -> None:
        self.beginResetModel()
        self.session.documents.forget()
        self._cells.clear()
        self.endResetModel()

    def refresh(self, row: int, status: str, label_counts: dict[str, int]) -> None:
        """The row of the open document shows its status and counts as they are now."""
        if not 0 <= row < self.rowCount():
            return
        document = self.document(row)
        document.status, document.counts = status, dict(label_counts)
        self._cells.pop(row, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, 3))


class _Item:
    """A row as the item-based list offered it (`topLevelItem(i).text(column)`), for callers and tests."""

    def __init__(self, model: QAbstractTableModel, row: int) -> None:
        self.model, self.row = model, row

    def text(self, column: int) -> str:
        return str(self.model.index(self.row, column).data() or "")

    def toolTip(self, column: int) -> str:  # noqa: N802 - the item's name
        return str(self.model.index(self.row, column).data(Qt.ItemDataRole.ToolTipRole) or "")


class _HeaderItem:
    def __init__(self, model: DocumentsModel) -> None:
        self.model = model

    def text(self, column: int) -> str:
        return self.model.headers[column]

    def toolTip(self, column: int) -> str:  # noqa: N802 - the item's name
        return self.model.header_tips[column]


class DocumentNavigator(QTableView):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.documents_model = DocumentsModel(session, self)
        self.setModel(self.documents_model)
        # Whose work the status and counts are: the session's annotator, never everyone's.
        who = session.annotator
        self.documents_model.set_headers(
            [self.tr("Documents — {name}").format(name=who), self.tr("Status"), self.tr("Ent."), self.tr("Quo.")],
            [
                self.tr("status and counts of {name}'s work (File › Switch annotator for another's)").format(name=who),
                self.tr("{name}'s status of each document").format(name=who),
                self.tr("entities {name} labelled").format(name=who),
                self.tr("quotations {name} marked").format(name=who),
            ],
        )
        # A table drawn as the tree list it was (a tree view lays out every row when shown: 0.7 s for
        # 100,000; a table, the rows in sight): no grid, no row numbers, whole rows chosen, one row high
        # as a tree's, the header's texts at the start, Tab to the next widget.
        self.verticalHeader().hide()
        self.setShowGrid(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, header.ResizeMode.Stretch)
        for col in (STATUS_COL, ENTITIES, QUOTES):
            header.setSectionResizeMode(col, header.ResizeMode.Fixed)
        # The status and count columns fit their contents as Qt's ResizeToContents would, from the rows
        # shown so far (it reads the first 1,000 rows, each a read, and misses those shown later).
        self._fitted: set[tuple[int, str]] = set()  # (column, text) of the cells fitted
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.timeout.connect(self._fit_columns)
        self.documents_model.rowsMade.connect(self._fit_timer.start)
        self._fit_columns(again=True)
        self.name_delegate = NameDelegate(self)
        self.setItemDelegateForColumn(NAME, self.name_delegate)
        self.setAccessibleName(self.tr("Documents"))
        self.activated.connect(self._open)
        self.clicked.connect(self._open)
        session.documentOpened.connect(self._mark_current)
        session.changed.connect(self._on_change)
        self._mark_current()

    @property
    def curation(self) -> dict[int, tuple[int, int]]:
        """Curation progress per document id (settled, units), shown in the status column while curating."""
        return self.documents_model.curation

    def show_curation(self, progress: dict[int, tuple[int, int]]) -> None:
        """Show curation progress (settled of all units) in the status column; {} to show status again."""
        self.documents_model.curation = dict(progress)
        self.documents_model.set_headers(
            [self.tr("Document"), self.tr("Gold") if progress else self.tr("Status"), self.tr("Ent."), self.tr("Quo.")]
        )
        self.reload()

    def reload(self) -> None:
        self.documents_model.reload()
        self._fit_columns(again=True)
        self._mark_current()

    def _fit_columns(self, again: bool = False) -> None:
        """Widen the status and count columns to the rows made since the last call (`again`: start from the
        headers' widths, the rows are all made anew)."""
        model, header = self.documents_model, self.horizontalHeader()
        if again:  # the first screenful, before it is painted, and the rows' height (a tree's: its first row's)
            for row in range(min(model.rowCount(), FIRST_ROWS)):
                model.cells(row)
            if model.rowCount():
                rows_header = self.verticalHeader()
                rows_header.setMinimumSectionSize(1)
                rows_header.setDefaultSectionSize(
                    max(self.sizeHintForIndex(model.index(0, column)).height() for column in range(4))
                )
        rows, model.made = model.made, []
        if again:
            self._fitted.clear()
        for column in (STATUS_COL, ENTITIES, QUOTES):
            width = header.sectionSizeHint(column) if again or not rows else header.sectionSize(column)
            widths = [width, header.sectionSizeHint(column)]
            for row in rows:  # a text seen before is as wide as it was (a few statuses, a few numbers)
                text = model.cells(row)[0][column]
                if (column, text) not in self._fitted:
                    self._fitted.add((column, text))
                    widths.append(self.sizeHintForIndex(model.index(row, column)).width())
            width = max(widths)
            if width != header.sectionSize(column):
                header.resizeSection(column, width)

    def moveCursor(self, action, modifiers):  # noqa: N802 - Qt's name
        """Home and End go to the first and the last document, as in the tree list (a table's go along the row)."""
        rows = self.documents_model.rowCount()
        if rows and action == QAbstractItemView.CursorAction.MoveHome:
            return self.documents_model.index(0, NAME)
        if rows and action == QAbstractItemView.CursorAction.MoveEnd:
            return self.documents_model.index(rows - 1, NAME)
        return super().moveCursor(action, modifiers)

    # ---- the item-based list's ways, for callers and tests ------------------------------------------
    def topLevelItemCount(self) -> int:  # noqa: N802 - QTreeWidget's name
        return self.documents_model.rowCount()

    def topLevelItem(self, row: int) -> _Item | None:  # noqa: N802 - QTreeWidget's name
        return _Item(self.documents_model, row) if 0 <= row < self.documents_model.rowCount() else None

    def headerItem(self) -> _HeaderItem:  # noqa: N802 - QTreeWidget's name
        return _HeaderItem(self.documents_model)

    def visualItemRect(self, item: _Item) -> QRect:  # noqa: N802 - QTreeWidget's name
        return self.visualRect(self.documents_model.index(item.row, NAME))

    # ---- following the session ----------------------------------------------------------------------
    def _refresh_current(self) -> None:
        session = self.session
        if session.document is None:
            return
        self.documents_model.refresh(
            session.index,
            session.project.status.get(session.document.id, session.annotator),
            session.layer.label_counts(),
        )

    def _on_change(self, change) -> None:
        if change.area == EVERYTHING:
            self.reload()
        elif change.area in (SPANS, STATUS) or change.document_id == self.session.document_id:
            self._refresh_current()

    def _mark_current(self) -> None:
        index = self.documents_model.index(self.session.index, NAME)
        if index.isValid():
            self.setCurrentIndex(index)
            self._refresh_current()

    def _open(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() != self.session.index:
            self.session.open_index(index.row())
