"""Tools › Curation: settle the open document's disagreements into the gold layer, by keys.

One row per unit (a place where annotators may disagree: a cluster of overlapping entities, quotations
or cues, or a stance target), one column per annotator, and gold. Keys act on the current row:
1-9 gold takes that annotator's version, R rejects (settled, nothing in gold), G takes every unit all
annotators agree on, E lets the curator label gold by hand there, V switches whose layer the article
shows, PgDn / PgUp the next / previous document. Everything is an undoable action of `gold`: Ctrl+Z here undoes
gold only (the main window's Ctrl+Z undoes the annotator's layer), and the status bar names the layer.

A panel docked beside the article (tool_docks.py; the class keeps its name, the context of its translations).
Esc closes it and never changes gold.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...core import curation
from ...core.model import GOLD
from ..operations import HistoryOps
from ..session import Session
from ..status_line import Feedback
from ..terms import category_name, label_name
from ..tool_docks import ColumnFit, ToolPanel
from ..workspace import Workspace
from .core_action import ARABIC_CELL, run_core_action

SETTLED, AGREED, OPEN = "#2e7d32", "#1565c0", "#b00020"


class CurationDialog(ToolPanel):
    def __init__(self, session: Session, workspace: Workspace, feedback: Feedback, annotators: list[str]):
        super().__init__()
        self.session, self.workspace, self.feedback = session, workspace, feedback
        self.project = session.project
        self.annotators = [a for a in annotators if a != GOLD]
        self.units: list[curation.Unit] = []
        self.setWindowTitle(self.tr("Curation into gold"))
        self.progress = QLabel()
        self.progress.setStyleSheet("font-weight: bold;")
        self.progress.setWordWrap(True)  # a long document name wraps instead of widening the dock
        self.table = QTableWidget(0, 3 + len(self.annotators))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Kind"),
                self.tr("Text"),
                *(self._column_title(i, a) for i, a in enumerate(self.annotators, 1)),
                self.tr("Gold"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.columns = ColumnFit(self.table, text_column=1)  # narrow in a dock: the text takes the room left
        self.table.verticalHeader().setVisible(False)
        self.navigator = workspace.navigator
        self.table.currentCellChanged.connect(lambda row, *_: self._show_unit(row))
        self.agreed_button = QPushButton(self.tr("Accept all agreed (G)"))
        self.agreed_button.clicked.connect(self.accept_agreed)
        keys = QLabel(
            self.tr(
                "1–9 take that annotator's version · R reject · E edit gold here · G accept all agreed · "
                "V whose layer the article shows · PgDn/PgUp document · "
                "Ctrl+Z / Ctrl+Shift+Z undo / redo in gold"
            )
        )
        keys.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        top.addWidget(self.agreed_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.table)
        layout.addWidget(keys)
        for i in range(len(self.annotators)):
            self.bind(str(i + 1), functools.partial(self.accept_version, i))
        for key, slot in (
            ("R", self.reject_unit),
            ("G", self.accept_agreed),
            ("E", self.edit_here),
            ("V", self.cycle_shown_layer),
            ("PgDown", lambda: self._step_document(1)),
            ("PgUp", lambda: self._step_document(-1)),
            ("Ctrl+Z", self.undo),
            ("Ctrl+Shift+Z", self.redo),
            ("Ctrl+Y", self.redo),
        ):
            self.bind(key, slot)
        # Undo here acts on gold only, whoever the main window writes as; its message says "gold".
        self.gold_history = HistoryOps(self.project, GOLD, self.session.changes)
        self.session.documentOpened.connect(self._document_opened)
        self.navigator.show_curation(
            {doc: curation.progress(self.project, doc, self.annotators) for doc in self.session.documents.ids}
        )
        self.reload()

    def _document_opened(self) -> None:
        if self.open_:
            self.reload()

    def tool_closed(self) -> None:
        self.navigator.show_curation({})

    def _column_title(self, key: int, annotator: str) -> str:
        """ "1: A"; kept left to right in the mirrored interface (else it reads "A :1")."""
        title = f"{key}: {annotator}"
        return f"\u2066{title}\u2069" if self.isRightToLeft() else title

    # ---- showing ------------------------------------------------------------------------------------
    def reload(self) -> None:
        row = max(self.table.currentRow(), 0)
        doc = self.session.document
        self.units = curation.units(self.project, doc.id, self.annotators) if doc is not None else []
        article = doc.text if doc is not None else ""
        self.table.setRowCount(len(self.units))
        for r, unit in enumerate(self.units):
            text = unit.target if unit.category == curation.STANCE else article[unit.start : unit.end]
            cells = [category_name(unit.category), text]
            for name in self.annotators:
                if unit.category == curation.STANCE:
                    cells.append(label_name(unit.stances.get(name)) or "—")
                else:
                    cells.append(
                        ", ".join(
                            f"{label_name(s.label)} «{s.text}»"
                            if (s.start, s.end) != (unit.start, unit.end)
                            else label_name(s.label)
                            for s in unit.versions.get(name, [])
                        )
                        or "—"
                    )
            gold = (
                (label_name(unit.gold_stance) or "—")
                if unit.category == curation.STANCE
                else ", ".join(label_name(s.label) for s in unit.gold)
                or (self.tr("rejected") if unit.rejected else "—")
            )
            cells.append(gold)
            colour = SETTLED if unit.settled else AGREED if unit.agreed(self.annotators) else OPEN
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if c == 1:  # the Arabic reads right to left inside its cell
                    item.setTextAlignment(ARABIC_CELL)
                if c == len(cells) - 1:
                    item.setForeground(QBrush(QColor(colour)))
                self.table.setItem(r, c, item)
        settled = sum(1 for u in self.units if u.settled)
        agreed = sum(1 for u in self.units if not u.settled and u.agreed(self.annotators))
        name = doc.name if doc is not None else ""
        # The Arabic name inside an isolate, so that it cannot turn the English sentence around it.
        self.progress.setText(
            self.tr("{settled} of {units} settled, {agreed} agreed and waiting — {name}").format(
                settled=settled, units=len(self.units), agreed=agreed, name=f"\u2068{name}\u2069"
            )
        )
        self.columns.measure()
        if self.units:
            self.table.setCurrentCell(min(row, len(self.units) - 1), 0)
        if doc is not None and self.navigator.curation.get(doc.id) != (settled, len(self.units)):
            self.navigator.curation[doc.id] = (settled, len(self.units))
            self.navigator.reload()

    def current(self) -> curation.Unit | None:
        row = self.table.currentRow()
        return self.units[row] if 0 <= row < len(self.units) else None

    def _show_unit(self, row: int) -> None:
        if 0 <= row < len(self.units) and self.units[row].category != curation.STANCE:
            unit = self.units[row]
            view = self.workspace.view
            view.show_range(unit.start, unit.end)

    # ---- acting -------------------------------------------------------------------------------------
    def _act(self, action: Callable[[], object], *, next_row: bool = True) -> None:
        row = self.table.currentRow()
        if not run_core_action(self.session, self.feedback, action):
            return
        self.reload()
        if next_row and self.units:
            self.table.setCurrentCell(min(row + 1, len(self.units) - 1), 0)

    def accept_version(self, index: int) -> None:
        unit = self.current()
        if unit is not None and index < len(self.annotators):
            self._act(
                lambda: curation.accept(self.project, self.session.open_document_id, unit, self.annotators[index])
            )

    def reject_unit(self) -> None:
        """R: settle the selected unit with nothing in gold. (Esc only closes the panel: a key a user presses
        to get away never changes gold.)"""
        unit = self.current()
        if unit is not None:
            self._act(lambda: curation.reject(self.project, self.session.open_document_id, unit))

    def accept_agreed(self) -> None:
        if self.session.document is None:
            return
        count = []
        self._act(
            lambda: count.append(curation.accept_agreed(self.project, self.session.open_document_id, self.annotators)),
            next_row=False,
        )
        if count:
            self.feedback.message(self.tr("gold took %n item(s) all annotators agree on", "", count[0]))

    def undo(self) -> None:
        self._gold_step("undo")

    def redo(self) -> None:
        self._gold_step("redo")

    def _gold_step(self, what: str) -> None:
        """Ctrl+Z / Ctrl+Shift+Z here: undo or redo gold's last step (never the annotator's), and say so."""
        ops = self.gold_history
        if (ops.undo() if what == "undo" else ops.redo()) is None and ops.nothing:
            self.feedback.message(ops.nothing_message(what))
        self.reload()

    def edit_here(self) -> None:
        """Label gold by hand: the window now writes as gold and shows gold's layer at this unit."""
        self.session.annotate_as(GOLD)
        self._show_unit(self.table.currentRow())
        self.feedback.message(
            self.tr("now labelling the gold layer: select and press a label key; Tools › Curation again to go on")
        )
        self.feedback.status()
        self.workspace.view.setFocus()

    def cycle_shown_layer(self) -> None:
        names = [*self.annotators, GOLD]
        current = self.session.shown_annotator
        following = names[(names.index(current) + 1) % len(names)] if current in names else names[0]
        self.session.show_layer_of(following)
        self.feedback.message(self.tr("the article shows {name}'s layer").format(name=following))

    def _step_document(self, step: int) -> None:
        if step > 0:
            self.session.next_document()
        else:
            self.session.previous_document()
