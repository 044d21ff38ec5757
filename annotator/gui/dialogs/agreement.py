"""Tools › Agreement: how far the annotators agree, where they differ, and a way to each difference.

The figures come from `core.agreement.compute`, run off the GUI thread on its own connection to the
project (SQLite connections stay in their thread), with a progress bar and Cancel. Tabs: the pairs matrix
(entity overlap F1), per-label F1 bars of the chosen pair, their label confusion, and the list of
disagreements in words (`disagreement_words`); activating a disagreement opens its document with the place
selected, in the article beside this panel (tool_docks.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
)

from ...core.agreement import AgreementReport, Cancelled, Disagreement, PairReport, compute
from ...core.agreement.disagreement_list import DisagreementList
from ...core.errors import AnnotatorError
from ...core.project import Project
from ..session import Session
from ..status_line import Feedback
from ..terms import label_name
from ..tool_docks import ToolPanel
from ..workspace import Workspace
from .disagreement_table import DisagreementsModel, DisagreementsView
from .disagreement_words import DisagreementWords

# rows of the disagreements the table measures to fit a column to its contents (Qt's default: 1,000)
RESIZE_PRECISION = 200


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


@dataclass(frozen=True)
class Computed:
    """What the computation hands the window: the report, and its disagreements by pair of annotators."""

    report: AgreementReport
    by_pair: dict[frozenset[str], Sequence[Disagreement]]


def disagreements_by_pair(report: AgreementReport) -> dict[frozenset[str], Sequence[Disagreement]]:
    """The report's disagreements by pair, in order, sorted off the window's thread: worker processes hand
    them back as JSON text, and decoding the 320,000 of 10,000 articles to pick a pair's took 3.4 s. Each is
    decoded as its row is shown (`DisagreementList.by_pair`)."""
    listed = report.disagreements
    found: Mapping[frozenset[str], Sequence[Disagreement]]
    if isinstance(listed, DisagreementList):
        found = listed.by_pair()
    else:
        lists: dict[frozenset[str], list[Disagreement]] = {}
        for d in listed:
            lists.setdefault(frozenset((d.a, d.b)), []).append(d)
        found = lists
    return {frozenset((p.a, p.b)): found.get(frozenset((p.a, p.b)), []) for p in report.pairs}


class _Worker(QObject):
    """Computes in its thread; the core's `Progress` for it (core/progress.py): Cancel sets `cancel_requested`."""

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, path: str | Path, annotators: list[str]):
        super().__init__()
        self.path, self.annotators, self.cancel_requested = path, annotators, False

    def run(self) -> None:
        try:
            with Project(self.path, create=False, read_only=True) as project:
                # (workers from a fork server: forked from this thread, they could copy SQLite mid-call on
                # the GUI thread; the program's launcher is safe to import again, as a fork server's workers do)
                report = compute(project, self.annotators, progress=self, fork_server=True)
            by_pair = disagreements_by_pair(report)
        except Cancelled:
            self.failed.emit(QCoreApplication.translate("AgreementDialog", "cancelled"))
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
        else:
            self.done.emit(Computed(report, by_pair))

    def report(self, done: int, total: int, what: str) -> None:
        self.progress.emit(done, total)

    def cancelled(self) -> bool:
        return self.cancel_requested


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    _table_look(table)
    return table


def _table_look(table: QTableView) -> None:
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setMinimumSectionSize(24)  # Qt's default can be 150 px with some fonts


def _set_row(table: QTableWidget, row: int, values: list[str]) -> None:
    for column, value in enumerate(values):
        table.setItem(row, column, QTableWidgetItem(value))


class AgreementDialog(ToolPanel):
    def __init__(self, session: Session, workspace: Workspace, feedback: Feedback, annotators: list[str]):
        super().__init__()
        self.session, self.workspace, self.feedback = session, workspace, feedback
        self.annotators = annotators
        self.report: AgreementReport | None = None
        self.by_pair: dict[frozenset[str], Sequence[Disagreement]] = {}  # the report's disagreements by pair
        self.setWindowTitle(self.tr("Agreement between annotators"))
        self.status = QLabel(self.tr("computing…"))
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.pair_choice = QComboBox()
        self.pair_choice.currentIndexChanged.connect(self._show_pair)
        self.matrix = _table(["", *annotators])
        self.labels = _table([self.tr("Label"), self.tr("Exact F1"), self.tr("Overlap F1"), "", self.tr("Spans A / B")])
        self.labels.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.confusion = _table([])
        self.words = DisagreementWords(self._document_text, self)
        self.disagreement_rows = DisagreementsModel(
            self.words, [self.tr("Document"), self.tr("Kind"), self.tr("Text"), self.tr("Disagreement")], self
        )
        self.disagreements = DisagreementsView()
        _table_look(self.disagreements)
        self.disagreements.setModel(self.disagreement_rows)
        header = self.disagreements.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(RESIZE_PRECISION)
        self.disagreements.activated.connect(lambda index: self.open_disagreement(index.row()))
        self.disagreements.doubleClicked.connect(lambda index: self.open_disagreement(index.row()))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.matrix, self.tr("Pairs (entity overlap F1)"))
        self.tabs.addTab(self.labels, self.tr("Per label"))
        self.tabs.addTab(self.confusion, self.tr("Confusion"))
        self.tabs.addTab(self.disagreements, self.tr("Disagreements"))
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.bar)
        top.addWidget(self.cancel_button)
        pair_row = QHBoxLayout()
        pair_row.addWidget(QLabel(self.tr("Pair:")))
        pair_row.addWidget(self.pair_choice, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(pair_row)
        layout.addWidget(self.tabs, 1)
        self.setFocusProxy(self.tabs)
        self._start()

    # ---- computing off the GUI thread ---------------------------------------------------------------
    def _start(self) -> None:
        self.thread_ = QThread(self)
        self.worker = _Worker(self.session.project.location, self.annotators)
        self.worker.moveToThread(self.thread_)
        self.thread_.started.connect(self.worker.run)
        self.worker.progress.connect(self._on_progress)
        self.worker.done.connect(self._on_done)
        self.worker.failed.connect(self._on_failed)
        for signal in (self.worker.done, self.worker.failed):
            signal.connect(self.thread_.quit, Qt.ConnectionType.DirectConnection)  # quit is thread-safe
        self.thread_.start()

    def cancel(self) -> None:
        self.worker.cancel_requested = True
        self.cancel_button.setEnabled(False)

    def wait(self, ms: int = 30000) -> bool:
        """Block until the computation ended (tests, closing)."""
        return self.thread_.wait(ms)

    def _on_progress(self, done: int, total: int) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)

    def _on_failed(self, message: str) -> None:
        self.status.setText(self.tr("no figures: {reason}").format(reason=message))
        self.cancel_button.setEnabled(False)

    def _on_done(self, computed: Computed) -> None:
        report = self.report = computed.report
        self.by_pair = computed.by_pair
        self.cancel_button.setEnabled(False)
        self.bar.setValue(self.bar.maximum())
        self.status.setText(
            self.tr(
                "{annotators} annotators, {documents} documents ({complete} worked on by all), "
                "{disagreements} disagreements"
            ).format(
                annotators=len(report.annotators),
                documents=report.documents,
                complete=report.complete_documents,
                disagreements=len(report.disagreements),
            )
        )
        names = report.annotators
        self.matrix.setRowCount(len(names))
        for r, a in enumerate(names):
            cells = [a]
            for b in names:
                cells.append("" if a == b else _figure(report.pair(a, b).entity.overlap.f1))
            _set_row(self.matrix, r, cells)
        self.pair_choice.blockSignals(True)
        self.pair_choice.clear()
        for pair in report.pairs:
            self.pair_choice.addItem(f"{pair.a} / {pair.b}", (pair.a, pair.b))
        self.pair_choice.blockSignals(False)
        self._show_pair()

    # ---- one pair -----------------------------------------------------------------------------------
    def current_pair(self) -> PairReport | None:
        data = self.pair_choice.currentData()
        return None if self.report is None or data is None else self.report.pair(*data)

    def _show_pair(self) -> None:
        pair = self.current_pair()
        if pair is None or self.report is None:
            return
        per_label = pair.entity.per_label
        self.labels.setRowCount(len(per_label))
        for r, (label, (exact, overlap)) in enumerate(sorted(per_label.items())):
            _set_row(
                self.labels,
                r,
                [
                    label_name(label),
                    _figure(exact.f1),
                    _figure(overlap.f1),
                    "",
                    f"{pair.entity.count_a[label]} / {pair.entity.count_b[label]}",
                ],
            )
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setValue(round(1000 * (overlap.f1 or 0)))
            bar.setFormat(_figure(overlap.f1))
            self.labels.setCellWidget(r, 3, bar)
        labels = sorted({x for key in pair.confusion for x in key})
        self.confusion.setColumnCount(len(labels) + 1)
        self.confusion.setHorizontalHeaderLabels([f"{pair.a} \\ {pair.b}", *map(label_name, labels)])
        self.confusion.setRowCount(len(labels))
        for r, a_label in enumerate(labels):
            _set_row(
                self.confusion,
                r,
                [label_name(a_label), *(str(pair.confusion.get((a_label, b), 0) or "") for b in labels)],
            )
        # (the rows' words are made as the table shows them: disagreement_table.py)
        self.disagreement_rows.show(self.by_pair[frozenset((pair.a, pair.b))])

    def _document_text(self, name: str) -> str | None:
        """A document's text for the words of the disagreements (the window's own project, in this thread)."""
        document = self.session.project.documents.by_name(name)
        return None if document is None else document.text

    def open_disagreement(self, row: int, _column: int = 0) -> None:
        """Open the disagreement's document with its place selected in the article."""
        d = self.disagreement_rows.shown[row]
        if not self.session.open_name(d.document):
            return
        if d.start is not None and d.end is not None:
            self.workspace.view.show_range(d.start, d.end)
        self.feedback.message(self.words.message(d))

    def tool_closed(self) -> None:
        """A computation still running stops (its thread belongs to this panel)."""
        self.cancel()
        self.wait()
