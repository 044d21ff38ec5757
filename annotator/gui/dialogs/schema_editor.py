"""The schema editor: add, rename, recolour and rebind entity labels; add and rename stance targets.

Every edit is saved at once through the schema operations, and the open view follows (its legend,
colours and keys change while the dialog is open).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.domain import free_key, spare_colour
from ...core.model import ENTITY, LabelDef
from ..session import Session
from ..terms import category_name

NAME, CATEGORY, COLOUR, KEY = range(4)
RESERVED_KEYS = {"s", "k"}  # speaker and kind: fixed keys of the workspace


def fill_label_table(table: QTableWidget, labels: list[LabelDef], *, names_editable: bool = True) -> None:
    """One row per label: name, kind, colour (its own background), key; each cell knows its label's name."""
    table.setRowCount(len(labels))
    for row, label in enumerate(labels):
        items = [
            QTableWidgetItem(label.name),
            QTableWidgetItem(category_name(label.category)),
            QTableWidgetItem(label.colour),
            QTableWidgetItem(label.key),
        ]
        fixed = [CATEGORY, COLOUR] if names_editable else [NAME, CATEGORY, COLOUR]
        for col in fixed:
            items[col].setFlags(items[col].flags() & ~Qt.ItemFlag.ItemIsEditable)
        items[COLOUR].setBackground(QColor(label.colour))
        for col, item in enumerate(items):
            item.setData(Qt.ItemDataRole.UserRole, label.name)
            table.setItem(row, col, item)


class SchemaEditor(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Schema: labels and targets"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Label"), self.tr("Kind"), self.tr("Colour"), self.tr("Key")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._item_changed)
        self.table.cellDoubleClicked.connect(self._cell_double_clicked)
        add_label = QPushButton(self.tr("Add label…"))
        add_label.clicked.connect(self.add_label_interactive)
        recolour = QPushButton(self.tr("Colour…"))
        recolour.clicked.connect(lambda: self.pick_colour(self.table.currentRow()))
        self.targets = QListWidget()
        add_target = QPushButton(self.tr("Add target…"))
        add_target.clicked.connect(self.add_target_interactive)
        rename_target = QPushButton(self.tr("Rename target…"))
        rename_target.clicked.connect(self.rename_target_interactive)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        label_buttons = QHBoxLayout()
        label_buttons.addWidget(add_label)
        label_buttons.addWidget(recolour)
        label_buttons.addStretch(1)
        target_buttons = QHBoxLayout()
        target_buttons.addWidget(add_target)
        target_buttons.addWidget(rename_target)
        target_buttons.addStretch(1)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Labels (double-click a name or key to edit it, the colour to change it):")))
        layout.addWidget(self.table, 2)
        layout.addLayout(label_buttons)
        layout.addWidget(QLabel(self.tr("Stance targets:")))
        layout.addWidget(self.targets, 1)
        layout.addLayout(target_buttons)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._filling = False
        session.changes.error.connect(self.error.setText)
        session.schemaChanged.connect(self.reload)
        self.reload()
        self.resize(560, 560)

    def reload(self) -> None:
        self._filling = True
        schema = self.session.schema
        fill_label_table(self.table, schema.labels)
        self.targets.clear()
        self.targets.addItems(schema.targets)
        self._filling = False

    # ---- labels -------------------------------------------------------------------------------------
    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        value = item.text().strip()
        self.error.clear()
        if item.column() == NAME and value != name:
            ok = self.session.schema_ops.update_label(name, new_name=value)
        elif item.column() == KEY:
            ok = self.set_key(name, value)
        else:
            return
        if not ok:
            self.reload()

    def set_key(self, name: str, key: str) -> bool:
        if key.lower() in RESERVED_KEYS:
            self.error.setText(
                self.tr("{key} is taken by the workspace (S speaker, K kind); choose another key").format(
                    key=key.upper()
                )
            )
            return False
        return self.session.schema_ops.update_label(name, key=key.lower())

    def _cell_double_clicked(self, row: int, col: int) -> None:
        if col == COLOUR:
            self.pick_colour(row)

    def pick_colour(self, row: int) -> None:
        item = self.table.item(row, NAME)
        if item is None:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        label = self.session.schema.label(name)
        if label is None:  # renamed or removed meanwhile (another program wrote to the project)
            return
        colour = QColorDialog.getColor(QColor(label.colour), self, self.tr("Colour of {label}").format(label=name))
        if colour.isValid():
            self.session.schema_ops.update_label(name, colour=colour.name())

    def add_label_interactive(self) -> None:
        name, ok = QInputDialog.getText(
            self, self.tr("Add label"), self.tr("Name of the new entity label (one word, e.g. NORP):")
        )
        if ok and name.strip():
            self.add_label(name.strip())

    def add_label(self, name: str, colour: str | None = None, key: str | None = None) -> bool:
        """Add an entity label; by default with the next spare colour and the first free key, as an
        import would."""
        schema = self.session.schema
        colour = colour or spare_colour(len(schema.labels))
        if key is None:
            key = free_key(lab.key for lab in schema.labels)
        return self.session.schema_ops.add_label(LabelDef(name, ENTITY, colour, key))

    # ---- targets ------------------------------------------------------------------------------------
    def add_target_interactive(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Add target"), self.tr("A stance target (e.g. حماس):"))
        if ok and name.strip():
            self.session.schema_ops.add_target(name.strip())

    def rename_target_interactive(self) -> None:
        item = self.targets.currentItem()
        if item is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename target"), self.tr("New name:"), text=item.text())
        if ok and name.strip() and name.strip() != item.text():
            self.session.schema_ops.rename_target(item.text(), name.strip())
