"""Choosing a project to open: the New / Open file dialogs, a project on a server, and the demo project;
and connecting to a project (`connect`), asking for the password a server wants.

Kept out of the main window, which only opens what is chosen here. The texts keep the "MainWindow"
translation context they were written in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from ..core.errors import StorageError
from ..core.locations import display_location, is_server, wants_password, with_password
from ..core.project import Project
from .dialogs.server_project import ask_password, ask_server_url
from .settings import recent_projects

PASSWORD_TRIES = 3


class ProjectFiles:
    """The File menu's ways to a project; each ends in `open_project(path)` unless the user cancels.
    `ask_url` and `ask_password` are the dialogs (tests replace them)."""

    def __init__(self, parent: QWidget, open_project: Callable[[str | Path], object]) -> None:
        self.parent = parent
        self.open_project = open_project
        self.ask_url: Callable[[QWidget | None, list[str]], str | None] = ask_server_url
        self.ask_password: Callable[[QWidget | None, str, bool], str | None] = ask_password

    def open_server_project(self) -> None:
        """File › Open server project…: a postgresql:// URL, typed or one of the server projects opened lately
        (the password from libpq's places, or asked)."""
        url = self.ask_url(self.parent, [p for p in recent_projects() if is_server(p)])
        if url:
            self.open_project(url)

    def connect(self, location: str | Path) -> Project | None:
        """Open the project at `location`. A server that wants a password the URL and libpq's places
        (~/.pgpass, a service file, PGPASSWORD) do not give: ask for it, and give it to this connection only
        (never stored); None when the user cancels. Other failures raise (AnnotatorError)."""
        try:
            return Project(location)
        except StorageError as exc:
            if not (is_server(location) and wants_password(str(exc))):
                raise
        for attempt in range(PASSWORD_TRIES):
            password = self.ask_password(self.parent, display_location(location), attempt > 0)
            if password is None:
                return None
            try:
                return Project(with_password(str(location), password))
            except StorageError as exc:
                if not wants_password(str(exc)) or attempt == PASSWORD_TRIES - 1:
                    raise
        return None

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
