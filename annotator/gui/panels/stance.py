"""The document's stance toward each target of the project: FAVOR / AGAINST / NEUTRAL / UNRELATED or unset.

Keyboard: Up/Down choose the target; F, A, N, U set the value; 0 or Delete unsets it. Mouse: the buttons.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from ..flow_layout import FlowLayout, remove_all
from ..keyboard_layouts import latin_equivalent
from ..operations.base import DOC_LABELS, EVERYTHING, SCHEMA
from ..terms import label_name

UNSET_KEYS = (Qt.Key.Key_0, Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class TargetList(QListWidget):
    """The targets; takes the value keys while it has focus."""

    def __init__(self, panel: StancePanel):
        super().__init__()
        self.panel = panel

    def keyPressEvent(self, event) -> None:
        # Under an Arabic layout the F key types ب: take the Latin key on the same physical key.
        text = (latin_equivalent(event.text()) or event.text()).upper()
        if event.key() in UNSET_KEYS or text == "0":
            self.panel.set_current(None)
            return
        for value in self.panel.session.schema.stance_values:
            if text and value.startswith(text):
                self.panel.set_current(value)
                return
        super().keyPressEvent(event)


class StancePanel(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setAccessibleName(self.tr("Document stance"))
        self.targets = TargetList(self)
        self.targets.setAccessibleName(self.tr("Stance targets"))
        self.value_buttons: dict[str | None, QPushButton] = {}
        self._buttons_row = FlowLayout()  # wraps in a narrow panel
        self.new_target = QLineEdit()
        self.new_target.setPlaceholderText(self.tr("new target, e.g. إسرائيل"))
        add = QPushButton(self.tr("Add target"))
        add.clicked.connect(self._add_target)
        self.new_target.returnPressed.connect(self._add_target)
        adder = QHBoxLayout()
        adder.addWidget(self.new_target, 1)
        adder.addWidget(add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.targets, 1)
        layout.addLayout(self._buttons_row)
        layout.addLayout(adder)
        session.documentOpened.connect(self.rebuild)
        session.schemaChanged.connect(self.rebuild)
        session.changed.connect(self._on_change)
        self.rebuild()

    def _make_buttons(self) -> None:
        remove_all(self._buttons_row)
        self.value_buttons = {}
        for value in [*self.session.schema.stance_values, None]:
            button = QPushButton(self._button_text(value) if value else self.tr("unset (0)"))
            button.clicked.connect(lambda _=False, v=value: self.set_current(v))
            self._buttons_row.addWidget(button)
            self.value_buttons[value] = button

    @staticmethod
    def _button_text(value: str) -> str:
        """ "FAVOR (F)"; with a name in the interface's language the key first, as in the legend: "F مؤيد (FAVOR)"."""
        shown = label_name(value)
        return f"{value} ({value[0]})" if shown == value else f"{value[0]} {shown}"

    def rebuild(self) -> None:
        keep = self.targets.currentRow()
        self._make_buttons()
        self.targets.clear()
        doc_id = self.session.document_id
        for target in self.session.schema.targets:
            value = self.session.stance_ops.get(doc_id, target) if doc_id is not None else None
            item = QListWidgetItem(f"{target}: {label_name(value) if value else '—'}")
            item.setData(Qt.ItemDataRole.UserRole, target)
            self.targets.addItem(item)
        if self.targets.count():
            self.targets.setCurrentRow(min(max(keep, 0), self.targets.count() - 1))

    def _on_change(self, change) -> None:
        if change.area in (DOC_LABELS, EVERYTHING, SCHEMA):
            self.rebuild()

    def set_current(self, value: str | None) -> None:
        item = self.targets.currentItem()
        if item is None or self.session.document_id is None:
            return
        self.session.stance_ops.set(self.session.document_id, item.data(Qt.ItemDataRole.UserRole), value)

    def _add_target(self) -> None:
        name = self.new_target.text().strip()
        if name:
            self.session.stance_ops.add_target(name)
            self.new_target.clear()
            for row in range(self.targets.count()):
                if self.targets.item(row).data(Qt.ItemDataRole.UserRole) == name:
                    self.targets.setCurrentRow(row)
