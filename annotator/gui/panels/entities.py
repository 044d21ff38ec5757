"""The entities of the open document, in text order; clicking one shows and selects it in the text.

The list is a model over the session's layer, rebuilt a moment after changes (coalesced), so a burst of
labelling in a long article costs one rebuild, not one per key press.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ...core.model import Span
from ..terms import label_name
from . import REBUILD_DELAY_MS, rebuild_soon

_ROOT = QModelIndex()  # the invalid index Qt passes for the top level


class SpanTableModel(QAbstractTableModel):
    HEADERS = (str(QT_TRANSLATE_NOOP("SpanTableModel", "Text")), str(QT_TRANSLATE_NOOP("SpanTableModel", "Label")))

    def __init__(self, schema, parent=None):
        super().__init__(parent)
        self.schema = schema
        self.spans: list[Span] = []

    def set_spans(self, spans: list[Span], schema) -> None:
        self.beginResetModel()
        self.spans, self.schema = spans, schema
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.spans)

    def columnCount(self, parent=_ROOT) -> int:
        return 2

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        span = self.spans[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return span.text if index.column() == 0 else label_name(span.label)
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 1:
            label = self.schema.label(span.label)
            return QColor(label.colour) if label else None
        if role == Qt.ItemDataRole.UserRole:
            return span.id
        return None

    def row_of(self, span_id: int) -> int:
        return next((i for i, s in enumerate(self.spans) if s.id == span_id), -1)


class EntitiesPanel(QTableView):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.model_ = SpanTableModel(session.schema, self)
        self.setModel(self.model_)
        self.setAccessibleName(self.tr("Entities"))
        self.setTabKeyNavigation(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.clicked.connect(self._activate)
        self.activated.connect(self._activate)
        self._timer = QTimer(self, singleShot=True, interval=REBUILD_DELAY_MS)
        self._timer.timeout.connect(self.rebuild)
        session.documentOpened.connect(self.rebuild)
        session.changed.connect(lambda _change: rebuild_soon(self._timer, self.rebuild, session.layer))
        session.schemaChanged.connect(lambda: rebuild_soon(self._timer, self.rebuild, session.layer))
        session.selectedSpanChanged.connect(self._follow)
        self.rebuild()

    def rebuild(self) -> None:
        schema = self.session.schema
        spans = [s for s in self.session.layer.spans() if schema.is_entity(s.label)]
        self.model_.set_spans(spans, schema)
        self._follow(self.session.selected_span)

    def _follow(self, span_id) -> None:
        row = self.model_.row_of(span_id) if span_id is not None else -1
        if row >= 0:
            self.selectRow(row)
        else:
            self.clearSelection()

    def _activate(self, index) -> None:
        span_id = self.model_.data(index, Qt.ItemDataRole.UserRole)
        if span_id is not None and span_id != self.session.selected_span:
            self.session.select_span(span_id)
