"""Tools › Suggestions: what this annotator already labelled elsewhere, a gazetteer and quotation marks next
to reporting verbs propose, shown as ghosts in the article (pale grey, dashed) and never saved as
annotations until accepted. Keys on the list: Enter accepts, Backspace rejects, A accepts every open
suggestion of the document; each is one undoable action. Compute… finds new ones (with a gazetteer TSV if
given); Cues… edits the project's reporting-verb lexicon. A panel docked beside the article (tool_docks.py);
closing it takes the ghosts away.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...core.suggestion_sources import compute_suggestions, read_gazetteer
from ...core.suggestions import Suggestion
from .. import terms
from ..session import Session
from ..status_line import Feedback
from ..tool_docks import ColumnFit, ToolPanel
from ..workspace import Workspace
from .core_action import ARABIC_CELL, run_core_action


def ghost_tip(suggestion: Suggestion) -> str:
    """What hovering a ghost says: its label, where it comes from and, for the model's, its score."""
    label, source = terms.label_name(suggestion.label), terms.source_name(suggestion.source)
    if suggestion.score is None:
        return QCoreApplication.translate("SuggestionsDialog", "suggested: {label} ({source})").format(
            label=label, source=source
        )
    return QCoreApplication.translate("SuggestionsDialog", "suggested: {label} ({source}, {score} %)").format(
        label=label, source=source, score=round(suggestion.score * 100)
    )


def source_text(suggestion: Suggestion) -> str:
    """Its source, and the model's score: "model 87 %"."""
    source = terms.source_name(suggestion.source)
    return source if suggestion.score is None else f"{source} {round(suggestion.score * 100)} %"


class SuggestionsDialog(ToolPanel):
    def __init__(
        self,
        session: Session,
        workspace: Workspace,
        feedback: Feedback,
        ask_gazetteer: Callable[[], str | None] | None = None,
        ask_cues: Callable[[list[str]], list[str] | None] | None = None,
    ) -> None:
        super().__init__()
        self.session, self.workspace, self.feedback = session, workspace, feedback
        self.project = session.project
        self.ask_gazetteer: Callable[[], str | None] = ask_gazetteer or (lambda: None)
        self.ask_cues: Callable[[list[str]], list[str] | None] = ask_cues or self._ask_cues
        self.suggestions: list[Suggestion] = []
        self.setWindowTitle(self.tr("Suggestions (never saved until accepted)"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Source"), self.tr("Label"), self.tr("Text"), self.tr("Speaker / cue")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.columns = ColumnFit(self.table, text_column=2)  # narrow in a dock: the text takes the room left
        self.table.verticalHeader().setVisible(False)
        self.table.currentCellChanged.connect(lambda row, *_: self._show(row))
        compute, cues = QPushButton(self.tr("Compute…")), QPushButton(self.tr("Cues…"))
        compute.clicked.connect(self.compute)
        cues.clicked.connect(self.edit_cues)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(compute)
        top.addWidget(cues)
        keys = QLabel(self.tr("Enter accept · Backspace reject · A accept all of this document · Ctrl+Z undo"))
        keys.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.table)
        layout.addWidget(keys)
        for key, slot in (
            ("Return", self.accept_current),
            ("Enter", self.accept_current),
            ("Backspace", self.reject_current),
            ("A", self.accept_all),
            ("Ctrl+Z", self.undo),
        ):
            self.bind(key, slot)
        self.session.documentOpened.connect(self._document_opened)
        self.reload()

    def _document_opened(self) -> None:
        if self.open_:
            self.reload()

    def tool_closed(self) -> None:
        self.workspace.view.show_ghosts([])

    # ---- showing ------------------------------------------------------------------------------------
    def reload(self) -> None:
        row = max(self.table.currentRow(), 0)
        doc = self.session.document
        self.suggestions = [] if doc is None else self.project.suggestions.for_document(doc.id, self.session.annotator)
        self.table.setRowCount(len(self.suggestions))
        for r, s in enumerate(self.suggestions):
            extra = s.extra or {}
            who = ", ".join(
                f"{k}: {terms.label_name(v.get('label', ''))} [{v.get('start')}–{v.get('end')}]"
                for k, v in extra.items()
                if isinstance(v, dict)
            )
            for c, value in enumerate([source_text(s), terms.label_name(s.label), s.text, who]):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if c == 2:
                    item.setTextAlignment(ARABIC_CELL)
                self.table.setItem(r, c, item)
        counts = self.project.suggestions.counts(self.session.annotator)
        precision = self.tr("; ").join(
            self.tr("{source}: {accepted} accepted, {rejected} rejected").format(
                source=terms.source_name(source), accepted=c.get("accepted", 0), rejected=c.get("rejected", 0)
            )
            for source, c in sorted(counts.items())
        )
        self.summary.setText(
            self.tr("{n} open here").format(n=len(self.suggestions)) + (f" — {precision}" if precision else "")
        )
        ordered = sorted(self.suggestions, key=lambda s: (s.start, s.end))
        self.workspace.view.show_ghosts([(s.start, s.end) for s in ordered], [ghost_tip(s) for s in ordered])
        self.columns.measure()
        if self.suggestions:
            self.table.setCurrentCell(min(row, len(self.suggestions) - 1), 0)

    def current(self) -> Suggestion | None:
        row = self.table.currentRow()
        return self.suggestions[row] if 0 <= row < len(self.suggestions) else None

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.suggestions):
            view = self.workspace.view
            view.show_range(self.suggestions[row].start, self.suggestions[row].end)

    # ---- acting -------------------------------------------------------------------------------------
    def _act(self, action: Callable[[], object], done: str = "") -> None:
        if not run_core_action(self.session, self.feedback, action):
            return
        self.reload()
        if done:
            self.feedback.message(done)

    def accept_current(self) -> None:
        s = self.current()
        if s is not None:
            self._act(
                lambda: self.project.suggestions.accept(s.id),
                self.tr("accepted {label} «{text}»").format(label=terms.label_name(s.label), text=s.text),
            )

    def reject_current(self) -> None:
        s = self.current()
        if s is not None:
            self._act(
                lambda: self.project.suggestions.reject(s.id),
                self.tr("rejected {label} «{text}»").format(label=terms.label_name(s.label), text=s.text),
            )

    def accept_all(self) -> None:
        doc = self.session.document_id
        if doc is not None:
            self._act(
                lambda: self.project.suggestions.accept_all(doc, self.session.annotator),
                self.tr("accepted every open suggestion of this document"),
            )

    def undo(self) -> None:
        """The window's undo (of the annotator's layer), whose status message names that layer."""
        ops = self.session.history_ops
        if ops.undo() is None and ops.nothing:
            self.feedback.message(ops.nothing_message("undo"))
        self.reload()

    def compute(self) -> None:
        """Find new suggestions for this annotator in every document (with a gazetteer, if one is chosen)."""
        path = self.ask_gazetteer()

        def run() -> None:
            gazetteer = read_gazetteer(Path(path)) if path else None
            report = compute_suggestions(self.project, self.session.annotator, gazetteer=gazetteer)
            self.feedback.message(
                self.tr("new suggestions: {counts}").format(
                    counts=", ".join(f"{k} {v}" for k, v in report.added.items())
                )
            )

        self._act(run)

    def _ask_cues(self, current: list[str]) -> list[str] | None:
        text, ok = QInputDialog.getMultiLineText(
            self,
            self.tr("Reporting verbs (cues)"),
            self.tr("One cue per line (قال، أضاف، أكد ...):"),
            "\n".join(current),
        )
        return [line.strip() for line in text.splitlines() if line.strip()] if ok else None

    def edit_cues(self) -> None:
        cues = self.ask_cues(self.project.suggestions.cue_lexicon())
        if cues is not None:
            self._act(
                lambda: self.project.suggestions.set_cue_lexicon(cues),
                self.tr("{cues} kept in the project").format(cues=terms.cues(len(cues))),
            )
