"""The legend: every label with its key and colour, plus the quotation keys; a click applies the label.

In Arabic a label shows its Arabic name with its code ("1 شخص (PER)", terms.label_name) and the rows run from
the right (flow_layout.py mirrors).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from ...core.model import CUE, ENTITY, QUOTATION
from ..flow_layout import FlowLayout, remove_all
from ..terms import category_name, label_name

# (key, the command it stands for, its shown name)
EXTRA_KEYS = (
    ("S", "speaker", str(QT_TRANSLATE_NOOP("Legend", "speaker"))),
    ("K", "kind", str(QT_TRANSLATE_NOOP("Legend", "kind"))),
    ("Del", "delete", str(QT_TRANSLATE_NOOP("Legend", "delete"))),
    ("F1", "all keys", str(QT_TRANSLATE_NOOP("Legend", "all keys"))),
)


class Legend(QWidget):
    labelClicked = Signal(str)  # a label name
    commandClicked = Signal(str)  # "speaker", "kind", "delete", "help"

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setAccessibleName(self.tr("Legend"))
        self._layout = FlowLayout(self)  # wraps, so the legend never sets the window's width
        self._layout.setContentsMargins(4, 2, 4, 2)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.buttons: dict[str, QPushButton] = {}
        session.schemaChanged.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        remove_all(self._layout)
        self.buttons = {}
        schema = self.session.schema
        for category in (ENTITY, QUOTATION, CUE):
            for label in schema.labels_of(category):
                key = label.key.upper() if label.key else ""
                shown = label_name(label.name)
                button = QPushButton(f"{key} {shown}" if key else shown)
                colour = QColor(label.colour)
                if category == ENTITY:
                    style = f"background:{colour.name()}; color:black;"
                elif category == QUOTATION:
                    style = f"border-bottom:3px solid {colour.name()}; background:white; color:black;"
                else:
                    style = f"border-bottom:3px dotted {colour.name()}; background:white; color:black;"
                button.setStyleSheet(f"QPushButton{{{style} padding:2px 6px; border-radius:3px;}}")
                button.setToolTip(
                    self.tr("{label} ({category}); key {key}").format(
                        label=shown, category=category_name(category), key=key or self.tr("none")
                    )
                )
                button.setFocusPolicy(button.focusPolicy().NoFocus)
                button.clicked.connect(lambda _=False, name=label.name: self.labelClicked.emit(name))
                self._layout.addWidget(button)
                self.buttons[label.name] = button
        for key, what, shown in EXTRA_KEYS:
            button = QPushButton(f"{key} {self.tr(shown)}")
            button.setFlat(True)
            button.setFocusPolicy(button.focusPolicy().NoFocus)
            button.clicked.connect(lambda _=False, w=what: self.commandClicked.emit(w))
            self._layout.addWidget(button)
            self.buttons[what] = button
        self._layout.addWidget(QLabel(self.tr("Alt + select: exact (keeps و / ل outside)")))
