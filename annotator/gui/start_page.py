"""The start page: new project, open one, a recent one, or the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from ..core.locations import is_server
from .settings import recent_projects


class StartPage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    demoRequested = Signal()
    recentChosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        title = QLabel(self.tr("<h1>annotator</h1><p>Label Arabic news articles: entities, quotations, stances.</p>"))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.new_button = QPushButton(self.tr("New project…"))
        self.open_button = QPushButton(self.tr("Open project…"))
        self.demo_button = QPushButton(self.tr("Open the demo project (5 articles)"))
        self.new_button.clicked.connect(self.newRequested)
        self.open_button.clicked.connect(self.openRequested)
        self.demo_button.clicked.connect(self.demoRequested)
        self.recent = QListWidget()
        self.recent.setAccessibleName(self.tr("Recent projects"))
        self.recent.itemActivated.connect(lambda item: self.recentChosen.emit(item.text()))
        self.recent.itemDoubleClicked.connect(lambda item: self.recentChosen.emit(item.text()))
        buttons = QHBoxLayout()
        for b in (self.new_button, self.open_button, self.demo_button):
            buttons.addWidget(b)
        box = QVBoxLayout()
        box.addWidget(title)
        box.addLayout(buttons)
        box.addWidget(QLabel(self.tr("Recent projects (double-click or Enter to open):")))
        box.addWidget(self.recent, 1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(box, 3)
        outer.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        self.recent.clear()
        self.recent.addItems([p for p in recent_projects() if is_server(p) or Path(p).exists()])
        if self.recent.count():
            self.recent.setCurrentRow(0)
