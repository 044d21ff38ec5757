"""`annotator` / `annotator gui` / `annotator demo`: start Qt and show the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ..core.resources import resource
from .fonts import load_fonts


def application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    app.setWindowIcon(QIcon(str(resource("icons", "annotator.svg"))))
    load_fonts()
    return app


def run(project: str | Path | None = None, language: str | None = None) -> int:
    """Open `project`, else the last project, else the start page, in `language` (None: ANNOTATOR_LANG,
    else the setting, else the system's); returns the exit code."""
    from . import i18n
    from .main_window import MainWindow
    from .settings import last_project

    app = application()
    i18n.install(i18n.chosen_language(language), app)
    window = MainWindow()
    path = project or last_project()
    if path is not None:
        window.open_project(path)
    window.show()
    return app.exec()
