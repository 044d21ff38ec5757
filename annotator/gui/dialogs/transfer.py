"""File › Import, File › Export and Tools › Check: the command line's jobs in the window.

Each runs off the GUI thread (dialogs/job_dialog.py) on its own connection to the project file. The window
notices the new documents through its watch timer, like any other program's writes. File choosers are
injected (`choose_files`, `choose_folder`, `choose_output`) so tests need no native dialog.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import AnnotatorError
from ...core.export_options import CHOICE, FLAG, NUMBER, OPTIONS, SPLIT_SPEC, ExportOption, offered
from ...core.formats.common import ExportResult
from ...core.formats.registry import FORMATS, readable, writable
from ...core.importing import expand_inputs, import_files
from ...core.locations import as_location
from ...core.model import ImportReport
from ...core.progress import Progress, Within
from ...core.project import Project
from .. import terms
from .job_dialog import JobDialog

if TYPE_CHECKING:
    from ...core.merging import MergeReport  # imported where a merge starts

ENCODINGS = ("", "cp1256", "iso-8859-6", "utf-16", "utf-8")  # "" = UTF-8, with or without BOM
BY_NAME = str(QT_TRANSLATE_NOOP("ImportDialog", "by file name (.txt, .jsonl, .conll, ...)"))

# The window's words of the export options (core/export_options.py: label, tip, unset, example, choices),
# marked here for translation (lupdate reads only the GUI); tests/gui/test_translations.py keeps this list
# equal to the core's.
EXPORT_OPTION_TEXTS = tuple(
    str(text)
    for text in (
        QT_TRANSLATE_NOOP("ExportDialog", "Split by document"),
        QT_TRANSLATE_NOOP(
            "ExportDialog",
            "one file per split; a document's split follows from its text and the seed, "
            "so adding documents moves none; a split left empty is refused",
        ),
        QT_TRANSLATE_NOOP("ExportDialog", "e.g. train=0.8,dev=0.1,test=0.1"),
        QT_TRANSLATE_NOOP("ExportDialog", "Seed of the split"),
        QT_TRANSLATE_NOOP("ExportDialog", "the same seed gives the same split"),
        QT_TRANSLATE_NOOP("ExportDialog", "Include the documents nobody worked on"),
        QT_TRANSLATE_NOOP(
            "ExportDialog",
            "write the documents the chosen annotators never worked on as documents "
            "without entities (left out by default, and counted)",
        ),
        QT_TRANSLATE_NOOP("ExportDialog", "Role in config.cfg"),
        QT_TRANSLATE_NOOP("ExportDialog", "without a split: what spaCy's config.cfg uses the file for"),
        QT_TRANSLATE_NOOP("ExportDialog", "as the file's name says"),
        QT_TRANSLATE_NOOP("ExportDialog", "train"),
        QT_TRANSLATE_NOOP("ExportDialog", "dev"),
        QT_TRANSLATE_NOOP("ExportDialog", "test"),
        QT_TRANSLATE_NOOP("ExportDialog", "Longest row in tokens"),
        QT_TRANSLATE_NOOP("ExportDialog", "cut longer sentences at token boundaries, never inside an entity"),
        QT_TRANSLATE_NOOP("ExportDialog", "no limit"),
        QT_TRANSLATE_NOOP("ExportDialog", "Add the document's text to every row"),
    )
)


def choose_files(parent: QWidget | None) -> list[str]:
    files, _ = QFileDialog.getOpenFileNames(
        parent, QCoreApplication.translate("Transfer", "Files to import"), str(Path.home())
    )
    return files


def choose_folder(parent: QWidget | None) -> str | None:
    return (
        QFileDialog.getExistingDirectory(
            parent, QCoreApplication.translate("Transfer", "Folder to import"), str(Path.home())
        )
        or None
    )


def choose_output(parent: QWidget | None, fmt: str) -> str | None:
    if FORMATS[fmt].folder:
        title = QCoreApplication.translate("Transfer", "Folder for the {format} export").format(format=fmt)
        return QFileDialog.getExistingDirectory(parent, title, str(Path.home())) or None
    title = QCoreApplication.translate("Transfer", "File for the {format} export").format(format=fmt)
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home()))
    return path or None


class ImportDialog(JobDialog):
    start_text = str(QT_TRANSLATE_NOOP("ImportDialog", "Import"))

    def __init__(
        self,
        project_path: str | Path,
        paths: Sequence[str] = (),
        parent: QWidget | None = None,
        *,
        choose_files: Callable[[QWidget | None], list[str]] = choose_files,
        choose_folder: Callable[[QWidget | None], str | None] = choose_folder,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import documents"))
        self.project_path = as_location(project_path)
        self._choose_files, self._choose_folder = choose_files, choose_folder
        self.inputs = QListWidget()
        add_files = QPushButton(self.tr("Add files…"))
        add_folder = QPushButton(self.tr("Add a folder…"))
        add_files.clicked.connect(lambda: self.add_paths(self._choose_files(self)))
        add_folder.clicked.connect(lambda: self.add_paths([p for p in [self._choose_folder(self)] if p]))
        self.format = QComboBox()
        self.format.addItem(self.tr(BY_NAME), None)
        for name in ["txt", *readable()]:
            self.format.addItem(name, name)
        self.encoding = QComboBox()
        self.encoding.setLineEdit(encoding_line := QLineEdit())
        self.encoding.addItems(ENCODINGS)
        encoding_line.setPlaceholderText(self.tr("UTF-8 (with or without BOM)"))
        self.annotator = QLineEdit()
        self.annotator.setPlaceholderText(self.tr("for formats that name no annotator (CoNLL, spaCy)"))
        buttons = QHBoxLayout()
        buttons.addWidget(add_files)
        buttons.addWidget(add_folder)
        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Encoding of .txt files"), self.encoding)  # the names `in_dialog_words` gives too
        form.addRow(self.tr("Annotator"), self.annotator)
        column = QVBoxLayout(self.options)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.inputs)
        column.addLayout(buttons)
        column.addLayout(form)
        self.add_paths(list(paths))

    def add_paths(self, paths: list[str]) -> None:
        for path in paths:
            self.inputs.addItem(QListWidgetItem(str(path)))

    def chosen(self) -> dict[str, Any]:
        return {
            "inputs": [self.inputs.item(i).text() for i in range(self.inputs.count())],
            "fmt": self.format.currentData(),
            "encoding": self.encoding.currentText().strip() or None,
            "annotator": self.annotator.text().strip() or None,
        }

    def make_work(self) -> Callable[[Progress], ImportReport] | None:
        options = self.chosen()
        if not options["inputs"]:
            self.status.setText(self.tr("add files or a folder first"))
            return None
        return import_work(self.project_path, **options)

    def _on_ended(self, outcome: str, payload: Any) -> None:
        super()._on_ended(outcome, self.in_dialog_words(payload) if outcome == "failed" else payload)

    def in_dialog_words(self, message: str) -> str:
        """A refusal of the core names the command line's options (--encoding, --annotator): name this dialog's
        fields instead (the command line keeps its words)."""
        encoding = self.tr("“{field}”").format(field=self.tr("Encoding of .txt files"))
        annotator = self.tr("“{field}”").format(field=self.tr("Annotator"))
        hints = [
            (
                r"import it with --encoding (\S+) \(or ([^)]+)\)",
                lambda m: self.tr("choose {codec} (or {other}) in {field} and import again").format(
                    codec=m[1], other=m[2], field=encoding
                ),
            ),
            (
                r"import it without --encoding \(files that really are in another encoding: import them separately, "
                r"with --encoding\)",
                lambda m: self.tr(
                    "empty {field} and import it again (files that really are in another encoding: "
                    "import them separately)"
                ).format(field=encoding),
            ),
            (r"give it with --encoding", lambda m: self.tr("choose it in {field}").format(field=encoding)),
            (r"with --annotator NAME", lambda m: self.tr("in {field}").format(field=annotator)),
            (r"--encoding\b", lambda m: encoding),  # any other mention
            (r"--annotator\b", lambda m: annotator),
        ]
        for pattern, words in hints:
            message = re.sub(pattern, words, message)
        return message

    def describe(self, report: ImportReport) -> str:
        text = (
            self.tr("imported {documents}").format(documents=terms.new_documents(report.documents_added))
            + (
                self.tr(" ({n} already in the project)").format(n=report.documents_existing)
                if report.documents_existing
                else ""
            )
            + self.tr(", ")
            + terms.spans(report.spans_added)
            + self.tr(", ")
            + terms.relations(report.relations_added)
        )
        return "\n".join([text, *report.notices])


def import_work(
    project_path: str | Path, inputs: list[str], fmt: str | None, encoding: str | None, annotator: str | None
) -> Callable[[Progress], ImportReport]:
    """Read every file (each a step that Cancel stops), then write them all in one transaction."""

    def work(progress: Progress) -> ImportReport:
        return import_files(
            expand_inputs(inputs, fmt), lambda: Project(project_path), fmt, encoding, annotator, progress=progress
        )

    return work


class ExportDialog(JobDialog):
    start_text = str(QT_TRANSLATE_NOOP("ExportDialog", "Export"))

    def __init__(
        self,
        project: Project,
        current_document: str | None = None,
        parent: QWidget | None = None,
        *,
        choose_output: Callable[[QWidget | None, str], str | None] = choose_output,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        self.project_path = as_location(project.location)
        self._choose_output = choose_output
        self.format = QComboBox()
        for name in writable():
            self.format.addItem(name)
            self.format.setItemData(self.format.count() - 1, FORMATS[name].description, Qt.ItemDataRole.ToolTipRole)
        self.out = QLineEdit()
        folders = ", ".join(n for n in writable() if FORMATS[n].folder)
        self.out.setPlaceholderText(self.tr("file (a folder for {formats})").format(formats=folders))
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self._choose)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(choose)
        self.annotators = QListWidget()
        for name in project.annotators.list():
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.annotators.addItem(item)
        self.current_document = current_document
        self.only_current = QCheckBox(
            self.tr("only the open document ({name})").format(name=f"\u2068{current_document}\u2069")
            if current_document
            else self.tr("only the open document")
        )
        self.only_current.setEnabled(current_document is not None)
        self.force = QCheckBox(self.tr("replace a file that is not an earlier export of this format"))
        # the chosen format's options (core/export_options.py), built again when the format changes
        self.format_options = QWidget()
        self.option_widgets: dict[str, QWidget] = {}
        form = QFormLayout(self.options)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Write to"), out_row)
        form.addRow(self.tr("Annotators (gold: the adjudicated layer)"), self.annotators)
        form.addRow("", self.only_current)
        form.addRow("", self.force)
        form.addRow(self.format_options)
        self.format.currentTextChanged.connect(self._show_format_options)
        self._show_format_options(self.format.currentText())

    def _show_format_options(self, fmt: str) -> None:
        """One control per option the format takes, as the core describes it; the other formats' go."""
        form = self.format_options.layout()
        if form is None:
            form = QFormLayout(self.format_options)
            form.setContentsMargins(0, 0, 0, 0)
        assert isinstance(form, QFormLayout)
        while form.rowCount():
            form.removeRow(0)  # deletes the row's widgets
        self.option_widgets = {}
        for option in offered(fmt):
            widget = self._option_widget(option)
            widget.setToolTip(self.tr(option.tip) if option.tip else "")
            self.option_widgets[option.name] = widget
            if option.kind == FLAG:
                form.addRow("", widget)
            else:
                form.addRow(self.tr(option.label), widget)

    def _option_widget(self, option: ExportOption) -> QWidget:
        if option.kind == FLAG:
            return QCheckBox(self.tr(option.label))
        if option.kind == NUMBER:
            number = QSpinBox()
            number.setRange(0, 2**31 - 1)
            number.setValue(option.default if isinstance(option.default, int) else 0)
            if option.default is None:
                number.setSpecialValueText(self.tr(option.unset))  # 0: not given
            return number
        if option.kind == CHOICE:
            choice = QComboBox()
            choice.addItem(self.tr(option.unset), None)
            for value in option.choices:
                choice.addItem(self.tr(value), value)
            return choice
        assert option.kind == SPLIT_SPEC, option.kind
        line = QLineEdit()
        line.setPlaceholderText(self.tr(option.example))
        return line

    def option_values(self) -> dict[str, object]:
        """What the chosen format's options say (option name -> value), for core.export_options."""
        values: dict[str, object] = {}
        for name, widget in self.option_widgets.items():
            if isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                values[name] = widget.value() if widget.value() or not widget.specialValueText() else None
            elif isinstance(widget, QComboBox):
                values[name] = widget.currentData()
            elif isinstance(widget, QLineEdit):
                values[name] = widget.text().strip()
        return values

    def _choose(self) -> None:
        path = self._choose_output(self, self.format.currentText())
        if path:
            self.out.setText(path)

    def chosen(self) -> dict[str, Any]:
        checked = [
            self.annotators.item(i).text()
            for i in range(self.annotators.count())
            if self.annotators.item(i).checkState() == Qt.CheckState.Checked
        ]
        everyone = len(checked) == self.annotators.count()
        return {
            "fmt": self.format.currentText(),
            "out": self.out.text().strip(),
            "annotators": None if everyone else checked,
            "document_names": [self.current_document] if self.only_current.isChecked() else None,
            "force": self.force.isChecked(),
            "option_values": self.option_values(),
        }

    def make_work(self) -> Callable[[Progress], ExportResult] | None:
        options = self.chosen()
        if not options["out"]:
            self.status.setText(self.tr("choose where to write first"))
            return None
        if options["annotators"] == []:
            self.status.setText(self.tr("tick at least one annotator"))
            return None
        return export_work(self.project_path, **options)

    def _on_ended(self, outcome: str, payload: Any) -> None:
        super()._on_ended(outcome, self.in_dialog_words(payload) if outcome == "failed" else payload)

    def in_dialog_words(self, message: str) -> str:
        """The core names the command line's options (--split, --as train|dev|test, --out, ...): name this
        dialog's controls instead (the command line keeps its words)."""

        def field(label: str) -> str:
            return self.tr("“{field}”").format(field=label)

        words: list[tuple[str, str]] = [
            (
                r"--annotator NAME or --gold",
                self.tr("a single annotator ticked in {field}").format(
                    field=field(self.tr("Annotators (gold: the adjudicated layer)"))
                ),
            ),
            (r"--out", field(self.tr("Write to"))),
            (r"--force", field(self.tr("replace a file that is not an earlier export of this format"))),
        ]
        for option in OPTIONS:
            forms = [f"{option.flag} {option.metavar}"] if option.metavar else []
            forms += [f"{option.flag} {'|'.join(option.choices)}"] if option.choices else []
            words += [(re.escape(form), field(self.tr(option.label))) for form in [*forms, option.flag]]
        for pattern, name in words:
            message = re.sub(pattern + r"(?![\w-])", name.replace("\\", r"\\"), message)  # the name as it is
        return message

    def describe(self, result: ExportResult) -> str:
        return "\n".join(
            [
                self.tr("wrote {paths}: {documents}, {spans}").format(
                    paths=", ".join(result.paths),
                    documents=terms.documents(result.documents),
                    spans=terms.spans(result.spans),
                ),
                *(self.in_dialog_words(note) for note in result.notes),
            ]
        )


def export_work(
    project_path: str | Path,
    fmt: str,
    out: str,
    annotators: list[str] | None,
    document_names: list[str] | None,
    force: bool,
    option_values: dict[str, object] | None = None,
) -> Callable[[Progress], ExportResult]:
    """The export as `annotator export` does it: the options checked by the same core function first."""
    from ...core.export_options import export_options
    from ...core.exporting import export

    def work(progress: Progress) -> ExportResult:
        with Project(project_path, create=False, read_only=True) as project:
            options = export_options(project, fmt, option_values or {}, document_names=document_names)
            return export(
                project,
                fmt,
                Path(out),
                annotators=annotators,
                document_names=document_names,
                force=force,
                options=options,
                progress=progress,
            )

    return work


class CheckDialog(JobDialog):
    """Tools › Check: what `annotator check` says, in the window."""

    start_text = str(QT_TRANSLATE_NOOP("CheckDialog", "Check again"))

    def __init__(self, project_path: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Check the project"))
        self.project_path = as_location(project_path)
        self.findings = QPlainTextEdit()
        self.findings.setReadOnly(True)
        column = QVBoxLayout(self.options)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.findings)
        self.resize(720, 420)

    def make_work(self) -> Callable[[Progress], tuple[list[str], list[str]]]:
        path = self.project_path

        def work(progress: Progress) -> tuple[list[str], list[str]]:
            with Project.for_check(path) as project:  # one bar: the check, then its warnings
                problems = project.check(Within(progress, 0, 1, 2))
                warnings = project.warnings(Within(progress, 1, 2, 2)) if not problems else []
            return problems, warnings

        return work

    def describe(self, result: tuple[list[str], list[str]]) -> str:
        problems, warnings = result
        self.findings.setPlainText("\n".join([*problems, *(self.tr("warning: {w}").format(w=w) for w in warnings)]))
        if problems:
            return self.tr("{problems} found (listed above, each with how to recover)").format(
                problems=terms.problems(len(problems))
            )
        return self.tr("the project is sound") + (
            self.tr("; {warnings} (listed above)").format(warnings=terms.warnings(len(warnings))) if warnings else ""
        )


class MergeDialog(JobDialog):
    """File › Merge: other annotators' project files into this one (what `annotator merge` does)."""

    start_text = str(QT_TRANSLATE_NOOP("MergeDialog", "Merge"))

    def __init__(
        self, project_path: str | Path, ask_files: Callable[[str, str], list[str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Merge annotators' projects into this one"))
        self.project_path = as_location(project_path)
        self.ask_files = ask_files
        self.files = QPlainTextEdit()
        self.files.setPlaceholderText(self.tr("one .annotator file per line"))
        self.renames = QLineEdit()
        self.renames.setPlaceholderText(self.tr("OLD=NEW, ... (bring an annotator in under another name)"))
        add = QPushButton(self.tr("Add project files…"))
        add.clicked.connect(self.add_files)
        column = QVBoxLayout(self.options)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(self.tr("Project files to bring in (they are only read):")))
        column.addWidget(self.files)
        column.addWidget(add)
        column.addWidget(QLabel(self.tr("Renames:")))
        column.addWidget(self.renames)
        self.resize(640, 360)

    def add_files(self) -> None:
        chosen = self.ask_files(self.tr("Merge annotators' projects into this one"), self.tr("Projects (*.annotator)"))
        if chosen:
            self.files.setPlainText("\n".join([*self.paths(), *chosen]))

    def paths(self) -> list[str]:
        return [line.strip() for line in self.files.toPlainText().splitlines() if line.strip()]

    def make_work(self) -> Callable[[Progress], MergeReport] | None:
        from ...core.merging import merge, parse_renames

        paths = [Path(p) for p in self.paths()]
        if not paths:
            self.status.setText(self.tr("choose the project files to merge first"))
            return None
        try:
            renames = parse_renames(x for x in self.renames.text().split(",") if x.strip())
        except AnnotatorError as exc:
            self.status.setText(str(exc))
            return None
        target = self.project_path

        def work(progress: Progress) -> MergeReport:
            with Project(target, create=False) as project:
                return merge(project, paths, renames, progress)

        return work

    def describe(self, report: MergeReport) -> str:
        merged = ", ".join(report.annotators_merged) or self.tr("no new annotator")
        return self.tr("merged {annotators}: {documents}, {spans}").format(
            annotators=merged,
            documents=terms.new_documents(report.documents_added),
            spans=terms.spans(report.spans_added),
        ) + (
            self.tr("; already here: {annotators}").format(annotators=", ".join(report.annotators_already_here))
            if report.annotators_already_here
            else ""
        )
