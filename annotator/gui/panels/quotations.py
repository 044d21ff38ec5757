"""Quotations of the open document: quote, cue, speaker, kind and the speaker's stance.

The table lists them; a click shows the quotation in the text and makes it current (the one C and S
attach to). Below, the current quotation's kind and stance can be set.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QEvent, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.domain import KIND_ATTRIBUTE, QUOTE_KINDS, STANCE_ATTRIBUTE, TARGET_ATTRIBUTE
from ..layer import Quotation
from ..operations.base import EVERYTHING, SCHEMA, SPANS
from ..terms import kind_name, label_name
from . import REBUILD_DELAY_MS, rebuild_soon

KINDS = QUOTE_KINDS
COLUMN_SHARES = (0.34, 0.16, 0.2, 0.12, 0.18)  # quote, cue, speaker, kind, stance: parts of the width
UNSET = "—"


def short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


_ROOT = QModelIndex()  # the invalid index Qt passes for the top level


class QuotationModel(QAbstractTableModel):
    """Rows of quotations; a model, not items, so 2,000 quotations cost no widget objects."""

    HEADERS = (
        str(QT_TRANSLATE_NOOP("QuotationModel", "Quote")),
        str(QT_TRANSLATE_NOOP("QuotationModel", "Cue")),
        str(QT_TRANSLATE_NOOP("QuotationModel", "Speaker")),
        str(QT_TRANSLATE_NOOP("QuotationModel", "Kind")),
        str(QT_TRANSLATE_NOOP("QuotationModel", "Stance")),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Quotation] = []

    def set_rows(self, rows: list[Quotation]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_ROOT) -> int:
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.HEADERS[section])
        return None

    def cell(self, row: int, col: int) -> str:
        q = self.rows[row]
        attrs = q.quote.attributes
        stance, target = attrs.get(STANCE_ATTRIBUTE), attrs.get(TARGET_ATTRIBUTE)
        return (
            short(q.quote.text),
            q.cue.text if q.cue else "",
            q.speaker.text if q.speaker else "",
            kind_name(attrs.get(KIND_ATTRIBUTE, "")),
            f"{label_name(stance)} → {target}" if stance and target else label_name(stance),
        )[col]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.rows[index.row()].quote.text if index.column() == 0 else self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.UserRole:
            return self.rows[index.row()].quote.id
        return None


class QuotationsPanel(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setAccessibleName(self.tr("Quotations"))
        self.model = QuotationModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Quotations"))
        self.table.setTabKeyNavigation(False)  # Tab goes on to the kind and stance fields
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Columns share the table's width (quote widest), so the table never scrolls sideways; long cells
        # are elided and shown whole in their tooltip.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setMinimumSectionSize(24)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.viewport().installEventFilter(self)
        self.table.clicked.connect(lambda index: self._activate(index.row()))
        self.table.activated.connect(lambda index: self._activate(index.row()))
        self.current_label = QLabel(self.tr("No quotation selected: select its words and press Q"))
        self.current_label.setWordWrap(True)
        self.kind = QComboBox()
        self.kind.addItem(UNSET, None)
        for kind in KINDS:
            self.kind.addItem(kind_name(kind), kind)
        self.stance = QComboBox()
        self.target = QComboBox()
        self.target.setLineEdit(target_line := QLineEdit())
        target_line.setPlaceholderText(self.tr("target of the speaker's stance"))
        form = QFormLayout()
        form.addRow(self.tr("Kind (K)"), self.kind)
        form.addRow(self.tr("Speaker's stance"), self.stance)
        form.addRow(self.tr("toward"), self.target)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.current_label)
        layout.addLayout(form)
        self.kind.activated.connect(self._kind_chosen)
        self.stance.activated.connect(self._stance_chosen)
        self.target.activated.connect(self._stance_chosen)
        target_line.editingFinished.connect(self._target_edited)
        session.documentOpened.connect(self.rebuild)
        session.changed.connect(self._on_change)
        session.schemaChanged.connect(self._fill_choices)
        session.currentQuoteChanged.connect(lambda _id: self._show_current())
        self._quote_ids: list[int] = []
        self._timer = QTimer(self, singleShot=True, interval=REBUILD_DELAY_MS)
        self._timer.timeout.connect(self.rebuild)
        self._fill_choices()
        self.rebuild()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return False

    def fit_columns(self) -> None:
        width = self.table.viewport().width()
        header = self.table.horizontalHeader()
        for col, share in enumerate(COLUMN_SHARES):
            header.resizeSection(col, max(24, int(width * share)))
        header.resizeSection(0, max(24, width - sum(header.sectionSize(c) for c in range(1, len(COLUMN_SHARES)))))

    # ---- building -----------------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        schema = self.session.schema
        self.stance.clear()
        self.stance.addItem(UNSET, None)
        for value in schema.stance_values:  # shown "مؤيد (FAVOR)" in Arabic, saved FAVOR
            self.stance.addItem(label_name(value), value)
        self.target.clear()
        self.target.addItems(["", *schema.targets])
        self._show_current()

    def _on_change(self, change) -> None:
        if change.area in (SPANS, EVERYTHING, SCHEMA):
            rebuild_soon(self._timer, self.rebuild, self.session.layer)

    def rebuild(self) -> None:
        quotations = self.session.layer.quotations(self.session.span_ops.quote_label())
        self.model.set_rows(quotations)
        self._quote_ids = [q.quote.id for q in quotations]
        self._show_current()

    def _show_current(self) -> None:
        quote_id = self.session.current_quote
        quote = self.session.layer.span(quote_id) if quote_id is not None else None
        enabled = quote is not None
        for widget in (self.kind, self.stance, self.target):
            widget.setEnabled(enabled)
        if quote is None:
            self.current_label.setText(self.tr("No quotation selected: select its words and press Q"))
            self.table.clearSelection()
            return
        # The quote inside an isolate (U+2068 ... U+2069): its Arabic cannot reorder the English around it.
        self.current_label.setText(
            self.tr("Current: {quote} — C adds its cue, S its speaker").format(
                quote=f"\u2068«{short(quote.text, 60)}»\u2069"
            )
        )
        kind_row = self.kind.findData(quote.attributes.get(KIND_ATTRIBUTE))
        self.kind.setCurrentIndex(max(kind_row, 0))
        stance = quote.attributes.get(STANCE_ATTRIBUTE)
        stance_row = self.stance.findData(stance) if stance else 0
        if stance_row < 0:  # a value the schema no longer has: shown as it is
            self.stance.addItem(stance, stance)
            stance_row = self.stance.count() - 1
        self.stance.setCurrentIndex(stance_row)
        self.target.setCurrentText(quote.attributes.get(TARGET_ATTRIBUTE) or "")
        if quote_id in self._quote_ids:
            self.table.selectRow(self._quote_ids.index(quote_id))

    # ---- user actions -------------------------------------------------------------------------------
    def _activate(self, row: int, _col: int = 0) -> None:
        if 0 <= row < len(self._quote_ids):
            self.session.select_span(self._quote_ids[row])

    def _kind_chosen(self) -> None:
        quote_id = self.session.current_quote
        if quote_id is not None:
            self.session.span_ops.set_kind(quote_id, self.kind.currentData())

    def _stance_chosen(self) -> None:
        quote_id = self.session.current_quote
        if quote_id is None:
            return
        stance = self.stance.currentData()
        target = self.target.currentText().strip()
        quote = self.session.layer.span(quote_id)
        if quote is None:
            return
        new = (stance or None, target or None)
        if new != (quote.attributes.get(STANCE_ATTRIBUTE), quote.attributes.get(TARGET_ATTRIBUTE)):
            self.session.span_ops.set_quote_stance(quote_id, *new)

    def _target_edited(self) -> None:
        self._stance_chosen()
