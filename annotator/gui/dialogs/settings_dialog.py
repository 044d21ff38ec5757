"""Edit › Settings: who annotates, the interface language, the article's font, label colours and keys, backups,
the model's retraining and the score "accept all confident suggestions" takes.

OK / Apply / Cancel as users expect: nothing is written until Apply or OK; the font is previewed in the
article as it is chosen and Cancel puts the old one back. Label colours and keys are the project's (its
schema): they are staged here and saved in one step on Apply, as the schema editor would save them.
Renaming and adding labels or targets stays in the schema editor, one button away (it saves at once).

The dialog is given the window's session (None: no project open) and two callbacks, never the window:
`set_annotator` reopens the project as another annotator and returns the new session, `article` gives the
article view of the moment (the font is previewed there).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.model import LabelDef
from .. import settings as prefs
from ..fonts import ARABIC_FAMILIES, DEFAULT_FAMILY, DEFAULT_POINT_SIZE, article_font
from ..keyboard_layouts import latin_equivalent
from ..session import Session
from ..text_view import MAX_POINT, MIN_POINT, ArticleView
from .annotator import annotator_name_problem
from .schema_editor import COLOUR, KEY, NAME, RESERVED_KEYS, SchemaEditor, fill_label_table

PREVIEW_TEXT = "قال المتحدث باسم الأمم المتحدة إنّ «الوضع في غزة كارثي»."


class LabelsPage(QWidget):
    """Label colours and keys, staged until the dialog applies them."""

    def __init__(self, dialog: SettingsDialog):
        super().__init__()
        self.dialog = dialog
        self.pending: dict[str, tuple[str, str]] = {}  # label -> (colour, key) not yet saved
        self._filling = False
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Label"), self.tr("Kind"), self.tr("Colour"), self.tr("Key")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._key_edited)
        self.table.cellDoubleClicked.connect(lambda row, col: self.pick_colour(row) if col == COLOUR else None)
        recolour = QPushButton(self.tr("Colour…"))
        recolour.clicked.connect(lambda: self.pick_colour(self.table.currentRow()))
        self.more = QPushButton(self.tr("Add or rename labels, stance targets…"))
        self.more.clicked.connect(dialog.open_schema_editor)
        buttons = QHBoxLayout()
        buttons.addWidget(recolour)
        buttons.addStretch(1)
        buttons.addWidget(self.more)
        intro = QLabel(
            self.tr(
                "The project's labels: double-click a colour to change it, a key to type another "
                "(one character; an Arabic letter counts as its key on the Latin layout)."
            )
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def labels(self) -> list[LabelDef]:
        session = self.dialog.session
        if session is None:
            return []
        return [
            LabelDef(lab.name, lab.category, *self.pending.get(lab.name, (lab.colour, lab.key)))
            for lab in session.schema.labels
        ]

    def reload(self) -> None:
        self._filling = True
        fill_label_table(self.table, self.labels(), names_editable=False)
        self._filling = False

    def _stage(self, name: str, colour: str | None = None, key: str | None = None) -> None:
        label = next(lab for lab in self.labels() if lab.name == name)
        self.pending[name] = (colour if colour is not None else label.colour, key if key is not None else label.key)
        self.reload()

    def _key_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != KEY:
            return
        typed = item.text().strip()
        key = (latin_equivalent(typed) or typed).lower()
        self._stage(item.data(Qt.ItemDataRole.UserRole), key=key)

    def pick_colour(self, row: int) -> None:
        item, now = self.table.item(row, NAME), self.table.item(row, COLOUR)
        if item is None or now is None:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        colour = QColorDialog.getColor(QColor(now.text()), self, self.tr("Colour of %1").replace("%1", name))
        if colour.isValid():
            self._stage(name, colour=colour.name())

    def problem(self) -> str | None:
        keys = [lab.key for lab in self.labels() if lab.key]
        if len(set(keys)) != len(keys):
            twice = sorted({k for k in keys if keys.count(k) > 1})
            return self.tr("Each key can label one thing only: %1 is used twice").replace("%1", ", ".join(twice))
        for key in keys:
            if len(key) > 1:
                return self.tr("A key is one character, not %1").replace("%1", key)
            if key in RESERVED_KEYS:
                return self.tr("%1 is taken by the workspace (S speaker, K kind); choose another key").replace(
                    "%1", key.upper()
                )
        return None

    def apply(self) -> bool:
        session = self.dialog.session
        if not self.pending or session is None:
            return True
        if not session.schema_ops.set_colours_and_keys(dict(self.pending)):
            return False
        self.pending.clear()
        return True


class SettingsDialog(QDialog):
    def __init__(
        self,
        session: Session | None,
        *,
        set_annotator: Callable[[str], Session | None],
        article: Callable[[], ArticleView | None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.session = session
        self.set_annotator = set_annotator
        self.article = article
        self.setWindowTitle(self.tr("Settings"))
        self.schema_editor: SchemaEditor | None = None
        self.annotator = QComboBox()
        self.annotator.setEditable(True)
        self.annotator_note = QLabel()
        self.language = QComboBox()
        for text, value in ((self.tr("System"), "system"), ("English", "en"), ("العربية", "ar")):
            self.language.addItem(text, value)
        self.backups = QCheckBox(self.tr("Back up the project when the window opens it, then every hour"))
        general = QWidget()
        form = QFormLayout(general)
        form.addRow(self.tr("Annotator in this project:"), self.annotator)
        form.addRow("", self.annotator_note)
        form.addRow(self.tr("Interface language:"), self.language)
        form.addRow("", QLabel(self.tr("The language applies at the next start.")))
        form.addRow(self.tr("Backups:"), self.backups)
        form.addRow(
            "",
            QLabel(self.tr("Imports and merges from the command line back up an existing project first either way.")),
        )
        self.retrain_every = QSpinBox()
        self.retrain_every.setRange(0, 10000)
        self.retrain_every.setSpecialValueText(self.tr("never"))
        self.accept_threshold = QSpinBox()
        self.accept_threshold.setRange(1, 100)
        self.accept_threshold.setSuffix(" %")
        form.addRow(self.tr("Train the model again after every:"), self.retrain_every)
        form.addRow("", QLabel(self.tr("documents marked done (in the background; 0: never)")))
        form.addRow(self.tr("Accept all confident suggestions from:"), self.accept_threshold)
        self.family = QComboBox()
        self.family.addItems(list(ARABIC_FAMILIES))
        self.point_size_box = QDoubleSpinBox()
        self.point_size_box.setRange(MIN_POINT, MAX_POINT)
        self.point_size_box.setDecimals(0)
        self.point_size_box.setSuffix(" pt")
        self.preview = QLabel(PREVIEW_TEXT)
        self.preview.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.preview.setWordWrap(True)
        self.preview.setMinimumHeight(90)
        font_page = QWidget()
        font_form = QFormLayout(font_page)
        font_form.addRow(self.tr("Article font:"), self.family)
        font_form.addRow(self.tr("Size:"), self.point_size_box)
        font_form.addRow(self.preview)
        self.labels_page = LabelsPage(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(general, self.tr("General"))
        self.tabs.addTab(font_page, self.tr("Article font"))
        self.tabs.addTab(self.labels_page, self.tr("Labels and keys"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.family.currentTextChanged.connect(self._preview_font)
        self.point_size_box.valueChanged.connect(self._preview_font)
        self.load()
        self.resize(620, 520)

    # ---- reading what is in force -------------------------------------------------------------------
    def load(self) -> None:
        """Show the settings in force (again after Apply: switching annotator reopens the project)."""
        session = self.session
        self.annotator.clear()
        if session is not None:
            self.annotator.addItems(sorted(set(session.project.annotators.human()) | {session.annotator}))
            self.annotator.setCurrentText(session.annotator)
            self.annotator_note.setText(
                self.tr("Your labels are kept under this name; another name shows that annotator's work.")
            )
            session.schemaChanged.connect(self.labels_page.reload)
        else:
            self.annotator_note.setText(self.tr("Open a project to choose who annotates in it."))
        self.annotator.setEnabled(session is not None)
        self.labels_page.setEnabled(session is not None)
        self.language.setCurrentIndex(max(0, self.language.findData(prefs.interface_language())))
        self.backups.setChecked(prefs.backups_enabled())
        self.retrain_every.setValue(prefs.retrain_every())
        self.accept_threshold.setValue(round(prefs.accept_threshold() * 100))
        self.saved_family = str(prefs.value("font_family", DEFAULT_FAMILY))
        self.saved_size = float(prefs.value("point_size", DEFAULT_POINT_SIZE, float))
        self.family.setCurrentText(self.saved_family)
        self.point_size_box.setValue(self.saved_size)
        self.labels_page.reload()
        self._preview_font()

    # ---- the font, previewed --------------------------------------------------------------------------
    def _preview_font(self, *_: object) -> None:
        self.preview.setFont(article_font(self.family.currentText(), self.point_size_box.value()))
        self._show_in_article(self.family.currentText(), self.point_size_box.value())

    def _show_in_article(self, family: str, size: float) -> None:
        view = self.article()
        if view is not None:
            view.set_family(family)
            if view.point_size != size:
                view.set_point_size(size)

    # ---- buttons ------------------------------------------------------------------------------------
    def apply(self) -> bool:
        """Write every setting; False (and nothing written) when one of them cannot be taken."""
        self.error.clear()
        name = self.annotator.currentText().strip()
        session = self.session
        problem = (annotator_name_problem(name) if session is not None else None) or self.labels_page.problem()
        if problem:
            self.error.setText(problem)
            return False
        if not self.labels_page.apply():
            return False
        prefs.set_value("font_family", self.family.currentText())
        prefs.set_value("point_size", self.point_size_box.value())
        self.saved_family, self.saved_size = self.family.currentText(), self.point_size_box.value()
        prefs.set_interface_language(self.language.currentData())
        prefs.set_backups_enabled(self.backups.isChecked())
        prefs.set_retrain_every(self.retrain_every.value())
        prefs.set_accept_threshold(self.accept_threshold.value() / 100)
        if session is not None and name != session.annotator:
            self.session = self.set_annotator(name)
            self.load()
        return True

    def accept(self) -> None:
        if self.apply():
            super().accept()

    def reject(self) -> None:
        self._show_in_article(self.saved_family, self.saved_size)  # undo the preview
        super().reject()

    def open_schema_editor(self) -> None:
        if self.session is not None:
            self.schema_editor = SchemaEditor(self.session, self)
            self.schema_editor.show()
