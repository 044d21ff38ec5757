"""The main window: the start page or the workspace, the menus and keys (built from the table in actions.py),
the status bar (status_line.py), and the Qt side of a project's life.

The rules of holding a project are the core's (core/project_session.py: who else holds it, taking over, the
heartbeat, backups, closing); the window asks the user what the core cannot decide, runs the timers that
call it, and builds the session and workspace. Dialogs and tool panels get the session and callbacks
(`Feedback`), never the window. A text field that has focus keeps its typed letters (Qt gives a focused
line edit printable keys before window shortcuts).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from ..core.errors import AnnotatorError, StorageError
from ..core.project import Project
from ..core.project_session import BACKUP_CHECK_SECONDS, HEARTBEAT_SECONDS, WATCH_SECONDS, ProjectSession
from . import settings as prefs
from .actions import WindowActions
from .background_backup import BackgroundBackup
from .dialog_opener import DialogOpener
from .dialogs.annotator import ask_annotator_name, ask_second_window
from .find_bar import FindBar
from .fonts import DEFAULT_FAMILY, DEFAULT_POINT_SIZE
from .keyboard_layouts import UndoKeys
from .live_updates import LiveUpdates
from .message_bar import MessageBar
from .others_note import OthersNote
from .project_files import ProjectFiles
from .session import Session
from .start_page import StartPage
from .status_line import Feedback, StatusLine
from .terms import ltr
from .tool_docks import ToolDocks
from .workspace import Workspace


class MainWindow(QMainWindow):
    def __init__(self, ask_name=ask_annotator_name, ask_second=ask_second_window, ask_files=None):
        super().__init__()
        self.ask_files = ask_files or (
            lambda title, filter_: QFileDialog.getOpenFileNames(self, title, str(Path.home()), filter_)[0]
        )
        self.ask_name = ask_name  # tests replace the dialogs
        self.ask_second = ask_second
        self.setWindowTitle(self.tr("annotator"))
        self._fit_to_screen(1280, 800)
        self.hold: ProjectSession | None = None  # the open project, held for the annotator
        self.session: Session | None = None
        self.workspace: Workspace | None = None
        self.project_files = ProjectFiles(self, self.open_project)  # File › New, Open, the demo
        self.start_page = StartPage()
        self.start_page.newRequested.connect(self.project_files.new_project)
        self.start_page.openRequested.connect(self.project_files.open_project_dialog)
        self.start_page.demoRequested.connect(self.project_files.open_demo)
        self.start_page.recentChosen.connect(self.open_project)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        self.message_bar = MessageBar()
        self.others_note = OthersNote(self.message_bar, self.switch_annotator, self)
        self.backup = BackgroundBackup(self.message_bar, self)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.message_bar)
        column.addWidget(self.stack, 1)
        self.find_bar = FindBar(self)
        self.find_bar.message.connect(self.show_message)
        column.addWidget(self.find_bar)
        self.setCentralWidget(central)
        # what the core is asked while a project is open: other programs' writes, the heartbeat, a due backup
        self.timers = [
            self._timer(WATCH_SECONDS, self.look_for_changes_elsewhere),
            self._timer(HEARTBEAT_SECONDS, self._heartbeat),
            self._timer(BACKUP_CHECK_SECONDS, self._backup_if_due),
        ]
        self.live = LiveUpdates(self, self.look_for_changes_elsewhere, self.timers, lambda: self.workspace)
        self.status = StatusLine(self.statusBar())
        self.annotator_label, self.position_label, self.saved_label = (
            self.status.annotator_label,
            self.status.position_label,
            self.status.saved_label,
        )
        self.feedback = Feedback(self.show_message, self.show_error, self.note_saved, self._update_status)
        self.setAcceptDrops(True)  # files dropped onto the window are imported
        # Suggestions, Agreement and Curation open as docks beside the article, remembered per user
        self.tool_docks = ToolDocks(
            self,
            {"suggestions": self.tr("Suggestions"), "agreement": self.tr("Agreement"), "curation": self.tr("Curation")},
            lambda name: self.dialogs.open_tool(name),
            self._focus_article,
        )
        self.dialogs = DialogOpener(self, self, self.tool_docks, self.feedback)
        self.menu_actions = WindowActions(self, self)
        self.undo_action, self.redo_action = self.menu_actions["edit.undo"], self.menu_actions["edit.redo"]
        # Undo / Redo are greyed out when there is nothing to undo or redo; looked up after each change
        # (a zero-delay timer: not inside the label's own keystroke).
        self.undo_state_timer = self._timer(
            0, lambda: self.menu_actions.update_enabled(self.session, ("edit.undo", "edit.redo"))
        )
        self.undo_state_timer.setSingleShot(True)
        # Ctrl+Z / Ctrl+Shift+Z undo the project from the find field and the panels' fields too
        self.undo_keys = UndoKeys([self.undo_action, self.redo_action], self)
        self.undo_keys.watch(self)
        self._update_enabled()

    def _timer(self, seconds: float, slot: Callable[[], object]) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(int(seconds * 1000))
        timer.timeout.connect(slot)
        return timer

    @property
    def project(self) -> Project | None:
        return self.hold.project if self.hold is not None else None

    @property
    def help_rows(self) -> list[tuple[str, str]]:
        return self.menu_actions.help_rows

    @property
    def label_actions(self) -> list[QAction]:
        return self.menu_actions.labels

    # ---- projects -----------------------------------------------------------------------------------
    def open_project(self, path: str | Path) -> bool:
        try:
            project = self.project_files.connect(path)  # a file, or a server (which may ask for a password)
        except AnnotatorError as exc:
            QMessageBox.warning(self, self.tr("Cannot open the project"), str(exc))
            return False
        if project is None:
            return False
        name = prefs.annotator_for(project.location) or self.ask_name(self, "", None)
        if not name:
            project.close()
            return False
        prefs.set_annotator_for(project.location, name)
        hold = ProjectSession(project, name)
        conflict = hold.conflict()
        choice = self.ask_second(self, name, conflict.who) if conflict is not None else None
        if conflict is not None and choice is None:
            project.close()
            return False
        read_only_reason = self.tr(
            "read-only: {who} is working on this project as {name}; close it, or reopen this project and take over"
        ).format(who=conflict.who if conflict else "", name=name)
        self.close_project()
        self.hold = hold
        self._guarded(lambda: hold.start(choice, read_only_reason=read_only_reason))
        read_only = hold.read_only  # READ_ONLY chosen, or a server role that may only read
        self.session = Session(project, name, self)
        self.session.changes.changed.connect(self._saved)
        self.session.changed.connect(self._after_change)
        self.session.changes.error.connect(self.show_error)
        self.session.changes.failed.connect(self.show_failed_write)
        self.session.documentOpened.connect(self._update_status)
        self.session.schemaChanged.connect(self._rebuild_label_actions)
        family = prefs.value("font_family", DEFAULT_FAMILY)
        size = prefs.value("point_size", DEFAULT_POINT_SIZE, float)
        self.workspace = Workspace(self.session, family=family, point_size=size)
        self.workspace.message.connect(self.show_message)
        self.workspace.helpRequested.connect(self.dialogs.show_help)
        self.dialogs.session_opened(self.session)  # the model in the loop follows (model_loop.py)
        self.workspace.view.zoomChanged.connect(lambda s: prefs.set_value("point_size", s))
        self.workspace.view.addActions(self.menu_actions.article_actions())
        self.undo_keys.watch(self.workspace)
        self.stack.addWidget(self.workspace)
        self.session.documentOpened.connect(self._find_in_new_document)
        self.stack.setCurrentWidget(self.workspace)
        self._rebuild_label_actions()
        prefs.remember_project(project.location)
        self.setWindowTitle(
            self.tr("annotator — {file} — annotating as {name}").format(file=project.short_name, name=name)
            + (self.tr(" (read-only)") if read_only else "")
        )
        last = prefs.value(prefs.last_document_key(project.location), "")
        if not (last and self.session.open_name(last)):
            self.session.open_index(0)
        if not self.session.documents:
            self.show_message(self.tr("this project has no documents yet: import some with File › Import"))
        if read_only:
            reason = project.read_only_reason or read_only_reason
            if project.out_of_date(("search index",)):  # (a reader cannot build it, and search still works)
                reason += " " + self.tr("Searches read every document until an annotator opens it (an old index).")
            self.message_bar.show_problem(reason)
        else:
            if project.kept_before_upgrade is not None:  # (a later problem, or the others' note, replaces it)
                kept = self.tr(
                    "upgraded to this version's format, which older versions cannot open; as it was, it is in {path}"
                )
                self.message_bar.show_note(kept.format(path=ltr(str(project.kept_before_upgrade))))
            self._backup_if_due()
            self.others_note.count(hold)  # in the background: it counts spans
        self.live.follow(hold, self.session)  # from now on, notice what other programs write (a server says)
        self._update_status()
        for tool in self.tool_docks.restore():  # the tools open when the last project closed, where they were
            self.dialogs.open_tool(tool, quiet=True)
        self.workspace.view.setFocus()  # keys (labels, PgDn) go to the article from the start
        return True

    def _guarded(self, action: Callable[[], object]) -> Any:
        """Run a write of the window itself (not a user's edit); a failure shows in the message bar."""
        try:
            return action()
        except StorageError as exc:
            self.message_bar.show_problem(str(exc))
            return None

    def _backup_if_due(self) -> None:
        if self.hold is not None:
            self.backup.start(self.hold, prefs.backups_enabled())  # in a thread: a large file takes seconds

    def _heartbeat(self) -> None:
        hold = self.hold
        if hold is None or self._guarded(hold.heartbeat) is not False:
            return
        reason = self.tr(
            "read-only: another window took over this project as {name}; reopen the project to take it back"
        ).format(name=hold.annotator)
        hold.stop_writing(reason)
        self.setWindowTitle(self.windowTitle() + self.tr(" (read-only)"))
        self.message_bar.show_problem(reason, self.tr("Reopen"), lambda: self.open_project(hold.project.location))

    def look_for_changes_elsewhere(self, *, announce: bool = True) -> bool:
        """Refresh the documents list and the open document when another program changed the project (while
        an import or merge of this window runs, its end looks instead: `_job_ended`)."""
        if self.hold is None or self.session is None or self.dialogs.own_job_writing():
            return False
        changed = self.hold.changed_elsewhere()
        if changed:
            self.session.reload_from_file()
            self._update_status()
            if announce:
                self.show_message(self.tr("updated with changes another program saved to the project"))
        return changed

    def close_project(self) -> None:
        for timer in self.timers:
            timer.stop()
        self.message_bar.hide()
        self.others_note.forget()
        self.backup.wait()
        self.find_bar.close_bar()
        if self.hold is not None:  # first: the next window is not asked about this one
            self._guarded(self.hold.end_session)
        if self.workspace is not None:
            self.dialogs.close_tools()  # which tools are open, where and how large: for the next project
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        if self.session is not None:
            self.session.deleteLater()
            self.session = None
        if self.hold is not None:
            self._guarded(self.hold.close)
            self.hold = None
        self._rebuild_label_actions()
        self.start_page.refresh()
        self.stack.setCurrentWidget(self.start_page)
        self.setWindowTitle(self.tr("annotator"))
        self._update_status()

    def switch_annotator(self) -> None:
        if self.project is None:
            return
        current = self.session.annotator if self.session is not None else prefs.annotator_for(self.project.location)
        name = self.ask_name(self, current, self.project.annotators.human())
        if name and name != current:
            self.set_annotator(name)

    def set_annotator(self, name: str) -> Session | None:
        """Annotate this project as `name` from now on (remembered per project): the project reopens as them;
        the new session."""
        if self.project is None:
            return None
        prefs.set_annotator_for(self.project.location, name)
        self.open_project(self.project.location)
        self.show_message(self.tr("now annotating as {name}").format(name=name))
        return self.session

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.dialogs.stop_job()  # a running import or export stops, leaving nothing
        self.close_project()  # ends this window's session, so the next window is not asked about it
        super().closeEvent(event)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.project is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.dialogs.import_dialog(paths)

    # ---- commands (the menus' callbacks: actions.py; the workspace's and the dialogs' are theirs) -----

    def open_find(self) -> None:
        if self.session is not None:
            self.find_bar.open_bar()

    def _find_in_new_document(self) -> None:
        if not self.find_bar.isHidden() and not self.find_bar.everywhere.isChecked():
            self.find_bar.run()
        elif not self.find_bar.isHidden():
            self.find_bar._mark()

    @staticmethod
    def ask_preview(dialog) -> int:
        """Run a confirmation dialog (tests answer it instead)."""
        return dialog.exec()

    def zoom(self, steps: int) -> None:
        if self.workspace is not None:
            view = self.workspace.view
            view.zoom(steps) if steps else view.set_point_size(DEFAULT_POINT_SIZE)

    def set_family(self, family: str) -> None:
        prefs.set_value("font_family", family)
        if self.workspace is not None:
            self.workspace.view.set_family(family)

    def _focus_article(self) -> None:
        if self.workspace is not None:
            self.workspace.view.setFocus()  # a tool closed: the keyboard goes back to the article

    # ---- keys, enabling, the status bar -------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """A key no widget and no shortcut took: under an Arabic layout, run the action of the same physical key."""
        if not self.menu_actions.run_latin_shortcut(event):
            super().keyPressEvent(event)

    def _rebuild_label_actions(self) -> None:
        self.menu_actions.set_labels(self.session.schema.labels if self.session is not None else ())

    def _update_enabled(self) -> None:
        self.menu_actions.update_enabled(self.session)

    def _after_change(self, _change) -> None:
        # Until the exact look-up (next turn of the event loop), a change may have made either possible:
        # a key pressed before then must not hit a greyed-out action ("nothing to undo" is harmless).
        if self.session is not None and not self.session.project.read_only:
            self.undo_action.setEnabled(True)
            self.redo_action.setEnabled(True)
        self.undo_state_timer.start()

    def show_message(self, text: str) -> None:
        self.status.show_message(text)

    def show_error(self, text: str) -> None:
        self.status.show_error(text)

    def note_saved(self, summary: str = "") -> None:
        """A write of this window went through: "saved ✓" with the time. Every change through the hub comes
        here, and the core actions the find bar and the tool panels run themselves (Label all, a suggestion
        accepted, a curation decision)."""
        self.status.note_saved(summary)

    def _saved(self, change) -> None:
        self.note_saved(change.summary)
        if change.summary:
            self.show_message(change.summary)

    def show_failed_write(self, text: str, retry) -> None:
        """A write the project file refused: say so until dismissed, show the file as it is, offer a retry."""
        self.status.note_not_saved()
        if self.session is not None:  # (a server still unreachable: the bar below says it)
            self._guarded(self.session.reload_from_file)
        if self.project is not None and self.project.read_only:
            self.message_bar.show_problem(text)
        else:
            self.message_bar.show_problem(text, self.tr("Retry"), retry)

    def _update_status(self) -> None:
        self.status.show_session(self.session)
        if self.session is not None and self.session.document is not None and self.project is not None:
            prefs.set_value(prefs.last_document_key(self.project.location), self.session.document.name)
        self._update_enabled()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if hasattr(self, "tool_docks"):  # (not during __init__)
            self.tool_docks.fit_width()

    def _fit_to_screen(self, width: int, height: int) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and screen.width() > 0:
            width, height = min(width, screen.width()), min(height, screen.height())
        self.resize(width, height)
