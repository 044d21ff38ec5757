"""Choosing a project to open: the New / Open file dialogs and the demo project.

Kept out of the main window, which only opens what is chosen here. The texts keep the "MainWindow"
translation context they were written in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget


class ProjectFiles:
    """The File menu's ways to a project; each ends in `open_project(path)` unless the user cancels."""

    def __init__(self, parent: QWidget, open_project: Callable[[Path], object]) -> None:
        self.parent = parent
        self.open_project = open_project

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.parent,
            QCoreApplication.translate("MainWindow", "New project"),
            str(Path.home() / "news.annotator"),
            QCoreApplication.translate("MainWindow", "Projects (*.annotator)"),
        )
        if path:
            self.open_project(Path(path if path.endswith(".annotator") else path + ".annotator"))

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.parent,
            QCoreApplication.translate("MainWindow", "Open project"),
            str(Path.home()),
            QCoreApplication.translate("MainWindow", "Projects (*.annotator)"),
        )
        if path:
            self.open_project(Path(path))

    def open_demo(self) -> None:
        from ..core.demo import build_demo, default_demo_path

        path = default_demo_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        build_demo(path).close()
        self.open_project(path)
