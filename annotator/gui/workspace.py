"""The annotation workspace of one session: navigator, article view, legend and panels, and what keys do.

The window's actions call the methods here (label, quote, cue, speaker, kind, delete, next span, undo, next
document...); they read the view's selection, snap it to words (unless it was made with Alt), and call the
operations.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QApplication, QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from ..core.domain import CUE_RELATION, KIND_ATTRIBUTE
from ..core.model import CUE, ENTITY, QUOTATION
from ..core.word_snapping import snap_to_words, trim
from .highlights import HighlightStyle
from .operations.base import EVERYTHING
from .panels.documents import DocumentNavigator
from .panels.entities import EntitiesPanel
from .panels.legend import Legend
from .panels.quotations import KINDS, QuotationsPanel
from .panels.stance import StancePanel
from .session import Session
from .terms import kind_name
from .text_view import ArticleView, describe

NARROW_PX = 1000  # below this width the documents list starts collapsed
CENTRE_MIN_PX = 280  # the article (with its legend) never gets narrower than this


class Workspace(QWidget):
    message = Signal(str)  # something to tell the linguist (the window shows it in the status bar)
    helpRequested = Signal()  # the legend's "all keys" asks the window for the list of keys

    def __init__(self, session: Session, parent=None, *, family: str | None = None, point_size: float | None = None):
        super().__init__(parent)
        self.session = session
        self.view = ArticleView(family=family, point_size=point_size)
        self.view.setAccessibleName(self.tr("Article"))
        self.legend = Legend(session)
        self.navigator = DocumentNavigator(session)
        self.entities = EntitiesPanel(session)
        self.quotations = QuotationsPanel(session)
        self.stance = StancePanel(session)
        self.doc_title = QLabel()
        self.doc_title.setWordWrap(True)  # a long name wraps instead of widening the window
        self.doc_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.doc_title.setStyleSheet("font-weight: bold; padding: 2px;")

        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.doc_title)
        centre_layout.addWidget(self.legend)
        centre_layout.addWidget(self.view, 1)
        self.side = QTabWidget()
        self.side.addTab(self.quotations, self.tr("Quotations"))
        self.side.addTab(self.entities, self.tr("Entities"))
        self.side.addTab(self.stance, self.tr("Document stance"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(1, 1)
        # From 640 px up: the article keeps a readable width; the documents list and the side panel
        # shrink, and below NARROW_PX start collapsed (F6 or View › Documents list / Side panel bring
        # them back). Panels that cannot fit their contents scroll rather than clip.
        centre.setMinimumWidth(CENTRE_MIN_PX)
        self.navigator.setMinimumWidth(140)
        self.side.setMinimumWidth(200)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([260, 700, 360])
        self._narrow: bool | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.legend.labelClicked.connect(self.apply_label)
        self.legend.commandClicked.connect(self._legend_command)
        self.view.spanClicked.connect(session.select_span)
        self.view.emptyClicked.connect(lambda: session.select_span(None))
        session.documentOpened.connect(self._show_document)
        session.changed.connect(self._on_change)
        session.schemaChanged.connect(self._on_schema)
        session.selectedSpanChanged.connect(self._on_selected)
        session.changes.error.connect(self.message)
        if session.document is not None:
            self._show_document()

    # ---- fitting the window -------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        narrow = self.width() < NARROW_PX
        if narrow != self._narrow:  # only when crossing the line, so the linguist's own dragging stays
            self._narrow = narrow
            width = self.width()
            if narrow:
                fits = width - CENTRE_MIN_PX >= self.side.minimumWidth()
                side = min(320, max(self.side.minimumWidth(), int(width * 0.38))) if fits else 0
                self.splitter.setSizes([0, width - side, side])
            else:
                self.splitter.setSizes([int(width * 0.2), int(width * 0.52), int(width * 0.28)])

    def panel_shown(self, panel: QWidget) -> bool:
        index = self.splitter.indexOf(panel)
        return self.splitter.sizes()[index] > 0

    def show_panel(self, panel: QWidget, show: bool = True) -> None:
        """Open (or collapse) the documents list or the side panel, taking the room from the article."""
        index = self.splitter.indexOf(panel)
        sizes = self.splitter.sizes()
        if show and sizes[index] == 0:
            want = max(panel.minimumWidth(), panel.sizeHint().width() if index == 0 else 300)
            sizes[index] = want
            sizes[1] = max(CENTRE_MIN_PX, sizes[1] - want)
        elif not show:
            sizes[1] += sizes[index]
            sizes[index] = 0
        self.splitter.setSizes(sizes)

    def toggle_panel(self, panel: QWidget) -> None:
        """Show the documents list or the side panel when collapsed, collapse it when shown."""
        self.show_panel(panel, not self.panel_shown(panel))

    # ---- showing ------------------------------------------------------------------------------------
    def _show_document(self) -> None:
        doc = self.session.document
        self.doc_title.setText(doc.name if doc else "")
        if doc is not None:
            self.view.show_text(doc.text, self.session.offsets, self.session.layer, HighlightStyle(self.session.schema))
        self.view.setFocus()

    def _on_change(self, change) -> None:
        if change.area == EVERYTHING and change.document_id not in (None, self.session.document_id):
            self.message.emit(self.tr("{change} (in another document)").format(change=change.summary))
        self.view.refresh_highlights()

    def _on_schema(self) -> None:
        self.view.set_style(HighlightStyle(self.session.schema))

    def _on_selected(self, span_id) -> None:
        self.view.select_span(span_id, scroll=span_id is not None)
        span = self.session.layer.span(span_id) if span_id is not None else None
        if span is not None:
            # The span's Arabic goes inside isolates so it cannot reorder the English around it.
            self.message.emit(
                self.tr("1-9 relabel, Del delete, S speaker — selected {span}").format(
                    span=f"\u2068{describe(span)}\u2069"
                )
            )

    # ---- what the selection means -------------------------------------------------------------------
    def chosen_range(self) -> tuple[int, int] | None:
        """The view's selection in code points, snapped to words unless it was made with Alt held."""
        selection = self.view.selection()
        if selection is None or self.session.document is None:
            return None
        text = self.session.document.text
        start, end = trim(text, *selection) if self.view.exact_selection else snap_to_words(text, *selection)
        return (start, end) if start < end else None

    def _clear_text_selection(self) -> None:
        cursor = self.view.textCursor()
        cursor.clearSelection()
        self.view.setTextCursor(cursor)
        self.view.exact_selection = False

    def _selected(self):
        span_id = self.session.selected_span
        return self.session.layer.span(span_id) if span_id is not None else None

    # ---- actions ------------------------------------------------------------------------------------
    def apply_label(self, label: str) -> None:
        """Label the selected text, or relabel the selected span (same category only)."""
        if self.session.document is None:
            return
        category = self.session.schema.category_of(label)
        if category == QUOTATION:
            return self.quote()
        if category == CUE:
            return self.cue()
        chosen = self.chosen_range()
        if chosen is not None:
            span = self.session.span_ops.add(self.session.open_document_id, *chosen, label)
            if span is not None:
                self._clear_text_selection()
                self.session.select_span(span.id)
            return
        selected = self._selected()
        if selected is not None and self.session.schema.is_entity(selected.label):
            if selected.label != label:
                self.session.span_ops.set_label(selected.id, label)
            return
        self.message.emit(self.tr("select some words first (or click an entity to relabel it)"))

    def quote(self) -> None:
        chosen = self.chosen_range()
        if chosen is not None:
            span = self.session.span_ops.add_quote(self.session.open_document_id, *chosen)
            if span is not None:
                self._clear_text_selection()
                self.session.select_span(span.id)
                self.message.emit(
                    self.tr(
                        "quotation added (direct; K for indirect): now select its cue verb and "
                        "press C, its speaker and press S"
                    )
                )
            return
        selected = self._selected()
        if selected is not None and selected.label in self.session.quote_labels():
            self.session.set_current_quote(selected.id)
            return
        self.message.emit(self.tr("select the quoted words first, then press Q"))

    def cue(self) -> None:
        quote_id = self.session.current_quote
        chosen = self.chosen_range()
        if chosen is not None:
            span = self.session.span_ops.add_cue(self.session.open_document_id, *chosen, quote_id)
            if span is not None:
                self._clear_text_selection()
                if quote_id is None:
                    self.message.emit(
                        self.tr("cue added, linked to no quotation (select a quotation first to link it)")
                    )
            return
        selected = self._selected()
        if selected is not None and quote_id is not None and self.session.schema.category_of(selected.label) == CUE:
            self.session.span_ops.link(CUE_RELATION, quote_id, selected.id)
            return
        self.message.emit(self.tr("select the cue verb (قال، أكد ...) first, then press C"))

    def speaker(self) -> None:
        quote_id = self.session.current_quote
        if quote_id is None:
            self.message.emit(
                self.tr("choose a quotation first (press Q on its words, or click it), then S on the speaker")
            )
            return
        target = None
        chosen = self.chosen_range()
        if chosen is not None:
            existing = [
                s
                for s in self.session.layer.spans_in(*chosen)
                if (s.start, s.end) == chosen and self.session.schema.is_entity(s.label)
            ]
            target = (
                existing[0]
                if existing
                else self.session.span_ops.add(self.session.open_document_id, *chosen, self._speaker_label())
            )
            self._clear_text_selection()
        else:
            selected = self._selected()
            if selected is not None and self.session.schema.is_entity(selected.label):
                target = selected
        if target is None:
            self.message.emit(self.tr("click the speaker's entity (or select the speaker's name), then press S"))
            return
        if self.session.span_ops.link_speaker(quote_id, target.id) is not None:
            self.message.emit(self.tr("speaker of the quotation: {text}").format(text=target.text))

    def _speaker_label(self) -> str:
        names = [lab.name for lab in self.session.schema.labels_of(ENTITY)]
        return "PER" if "PER" in names else names[0]

    def cycle_kind(self) -> None:
        quote_id = self.session.current_quote
        quote = self.session.layer.span(quote_id) if quote_id is not None else None
        if quote is None:
            self.message.emit(self.tr("choose a quotation first (click it or press Q on its words)"))
            return
        # direct → indirect → mixed → direct; a quotation without a kind (imported) gets direct first.
        now = quote.attributes.get(KIND_ATTRIBUTE)
        new = KINDS[(KINDS.index(now) + 1) % len(KINDS)] if now in KINDS else KINDS[0]
        self.session.span_ops.set_kind(quote.id, new)
        self.message.emit(
            self.tr("quotation kind: {kind} (K again: {next})").format(
                kind=kind_name(new), next=kind_name(KINDS[(KINDS.index(new) + 1) % len(KINDS)])
            )
        )

    def delete_selected(self) -> None:
        selected = self._selected()
        if selected is None:
            self.message.emit(self.tr("click a span (or Tab to it) to delete it"))
            return
        self.session.span_ops.delete(selected.id)

    def step_span(self, step: int) -> None:
        """Select the next (+1) or previous (-1) span in reading order: keyboard access to every span."""
        spans = self.session.layer.spans()
        if not spans:
            return
        ids: list[int] = [s.id for s in spans]
        current = self.session.selected_span
        if current in ids:
            i = (ids.index(current) + step) % len(ids)
        else:
            pos = self.session.offsets.utf16_to_cp(self.view.textCursor().position())
            after = [i for i, s in enumerate(spans) if s.start >= pos]
            i = (after[0] if after else 0) if step > 0 else ((after[0] - 1) if after else len(spans) - 1)
        self._clear_text_selection()
        self.session.select_span(ids[i])

    def clear_selection(self) -> None:
        self._clear_text_selection()
        self.session.select_span(None)

    # ---- documents and history (Edit › Undo / Redo, the Document menu; their texts are the window's) ---------
    def undo(self) -> None:  # the status bar names the layer undone (Operations.history)
        ops = self.session.history_ops
        if ops.undo() is None and ops.nothing:
            self.message.emit(ops.nothing_message("undo"))

    def redo(self) -> None:
        ops = self.session.history_ops
        if ops.redo() is None and ops.nothing:
            self.message.emit(ops.nothing_message("redo"))

    def next_document(self) -> None:
        if not self.session.next_document():
            self.message.emit(QCoreApplication.translate("MainWindow", "this is the last document"))

    def previous_document(self) -> None:
        if not self.session.previous_document():
            self.message.emit(QCoreApplication.translate("MainWindow", "this is the first document"))

    def toggle_done(self) -> None:
        if self.session.document is None:
            return
        status = self.session.status_ops.toggle_done(self.session.document.id)
        self.message.emit(
            QCoreApplication.translate("MainWindow", "document marked done — PgDn for the next one")
            if status == "done"
            else QCoreApplication.translate("MainWindow", "document back in progress")
        )

    def focus_order(self) -> list[tuple[QWidget, QWidget]]:
        """(area, the widget in it that takes the keyboard) in F6 order."""
        return [
            (self.view, self.view),
            (self.quotations, self.quotations.table),
            (self.entities, self.entities),
            (self.stance, self.stance.targets),
            (self.navigator, self.navigator),
        ]

    def cycle_focus(self, step: int) -> None:
        """F6: the next panel gets the keyboard (its tab is brought to the front)."""
        order = self.focus_order()
        focused = QApplication.focusWidget()
        current = next(
            (
                i
                for i, (area, _) in enumerate(order)
                if focused is area or (focused is not None and area.isAncestorOf(focused))
            ),
            -1,
        )
        area, target = order[(current + step) % len(order)]
        if area in (self.quotations, self.entities, self.stance):
            self.side.setCurrentWidget(area)
            self.show_panel(self.side)
        elif area is self.navigator:
            self.show_panel(self.navigator)
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.message.emit(self.tr("keyboard in: {panel}").format(panel=area.accessibleName() or self.tr("panel")))

    def _legend_command(self, what: str) -> None:
        {
            "speaker": self.speaker,
            "kind": self.cycle_kind,
            "delete": self.delete_selected,
            "all keys": self.helpRequested.emit,
        }[what]()
