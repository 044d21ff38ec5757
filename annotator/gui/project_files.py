"""Choosing a project to open: the New / Open file dialogs, a project on a server, and the demo project;
and connecting to a project (`connect`), asking for the password a server wants, with a progress dialog
while a project made by an older annotator is brought up to date (`OpeningProgress`).

Kept out of the main window, which only opens what is chosen here. The texts keep the "MainWindow"
translation context they were written in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QWidget

from ..core.errors import StorageError
from ..core.locations import display_location, is_server, wants_password, with_password
from ..core.project import BUILDING_INDEX, COUNTING_TOKENS, KEEPING_COPY, Project
from .dialogs.server_project import ask_password, ask_server_url
from .settings import recent_projects

PASSWORD_TRIES = 3
SHOW_AFTER = 0.5  # seconds: opening that is done sooner shows no progress dialog
PAINT_EVERY = 0.05  # seconds: the window is painted at most this often while a project is brought up to date


def _in_window_words(what: str) -> str:
    if what == COUNTING_TOKENS:
        return QCoreApplication.translate("OpeningProgress", "Counting the tokens again (a new tokenizer)…")
    if what == BUILDING_INDEX:
        return QCoreApplication.translate("OpeningProgress", "Building the search index…")
    if what == KEEPING_COPY:
        return QCoreApplication.translate(
            "OpeningProgress", "Keeping a copy of the project as it was (its format is upgraded next)…"
        )
    return what


class OpeningProgress:
    """The core's `Progress` for opening a project (`Project(..., progress=)`), which may count tokens again
    or build the search index once (a project made by an older annotator): a modal progress dialog, shown
    only when the work has lasted SHOW_AFTER seconds, and the window kept painting meanwhile (events other
    than the user's handled, at most every PAINT_EVERY seconds). It cannot be cancelled. `close()` after."""

    def __init__(self, parent: QWidget | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.parent, self.clock = parent, clock
        self.started = clock()
        self.painted_at = -1.0
        self.dialog: QProgressDialog | None = None

    def report(self, done: int, total: int, what: str) -> None:
        now = self.clock()
        if now - self.painted_at < PAINT_EVERY and done < total:
            return
        if self.dialog is None and now - self.started >= SHOW_AFTER:
            self.dialog = QProgressDialog(self.parent)
            self.dialog.setWindowTitle(QCoreApplication.translate("OpeningProgress", "Opening the project"))
            self.dialog.setCancelButton(None)  # no button: opening cannot be cancelled
            self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.setMinimumDuration(0)
            self.dialog.show()
        if self.dialog is not None:
            self.dialog.setLabelText(_in_window_words(what))
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setValue(min(done, max(total, 1)))
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        self.painted_at = now

    def cancelled(self) -> bool:
        return False

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None


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
            return self._opened(location)
        except StorageError as exc:
            if not (is_server(location) and wants_password(str(exc))):
                raise
        for attempt in range(PASSWORD_TRIES):
            password = self.ask_password(self.parent, display_location(location), attempt > 0)
            if password is None:
                return None
            try:
                return self._opened(with_password(str(location), password))
            except StorageError as exc:
                if not wants_password(str(exc)) or attempt == PASSWORD_TRIES - 1:
                    raise
        return None

    def _opened(self, location: str | Path) -> Project:
        """The project at `location`, with a progress dialog while opening brings it up to date."""
        progress = OpeningProgress(self.parent)
        try:
            return Project(location, progress=progress)
        finally:
            progress.close()

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
