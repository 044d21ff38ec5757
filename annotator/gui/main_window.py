"""The main window: menus and keys, the start page or the workspace, and the status bar.

Keys are QActions, so the menus show them and F1 lists them. Label keys come from the schema and are
rebuilt when it changes. A text field that has focus keeps its typed letters (Qt gives a focused line
edit printable keys before window shortcuts).
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTime, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..core import backups
from ..core.errors import AnnotatorError, StorageError
from ..core.project import Project
from . import settings as prefs
from . import terms
from .dialogs.annotator import ask_annotator_name
from .dialogs.help import KeysDialog
from .dialogs.schema_editor import SchemaEditor
from .fonts import ARABIC_FAMILIES, DEFAULT_FAMILY, DEFAULT_POINT_SIZE
from .keyboard_layouts import UndoKeys, latin_sequence
from .message_bar import MessageBar
from .session import Session
from .start_page import StartPage
from .tool_docks import ToolDocks
from .workspace import Workspace

if TYPE_CHECKING:
    from .dialogs.job_dialog import JobDialog

MESSAGE_MS = 8000
WATCH_MS = 1000         # how often the window looks for other programs' writes (PRAGMA data_version)
HEARTBEAT_MS = 15000    # how often the window says it is still there (sessions)
BACKUP_CHECK_MS = 600000  # how often a due backup (one an hour) is looked for



def ask_second_window(parent, annotator: str, who: str) -> str | None:
    """Another window of the same annotator has the project open: "read_only", "take_over" or None."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("MainWindow", "The project is open in another window"))
    box.setText(QCoreApplication.translate(
        "MainWindow", "{who} is already working on this project as {annotator}.").format(who=who, annotator=annotator))
    box.setInformativeText(QCoreApplication.translate(
        "MainWindow", "Two windows of one annotator would undo each other's work. Open this one read-only, "
                      "or take over (the other window becomes read-only)?"))
    read_only = box.addButton(QCoreApplication.translate("MainWindow", "Open read-only"),
                              QMessageBox.ButtonRole.AcceptRole)
    take_over = box.addButton(QCoreApplication.translate("MainWindow", "Take over"),
                              QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    return "read_only" if clicked is read_only else "take_over" if clicked is take_over else None


class MainWindow(QMainWindow):
    def __init__(self, ask_name=ask_annotator_name, ask_second=ask_second_window, ask_files=None):
        super().__init__()
        self.ask_files = ask_files or (lambda title, filter_: QFileDialog.getOpenFileNames(
            self, title, str(Path.home()), filter_)[0])
        self.ask_name = ask_name  # tests replace the dialogs
        self.ask_second = ask_second
        self.session_id: int | None = None
        self.setWindowTitle(self.tr("annotator"))
        self._fit_to_screen(1280, 800)
        self.project: Project | None = None
        self.session: Session | None = None
        self.workspace: Workspace | None = None
        self.start_page = StartPage()
        self.start_page.newRequested.connect(self.new_project)
        self.start_page.openRequested.connect(self.open_project_dialog)
        self.start_page.demoRequested.connect(self.open_demo)
        self.start_page.recentChosen.connect(lambda p: self.open_project(Path(p)))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        self.message_bar = MessageBar()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.message_bar)
        column.addWidget(self.stack, 1)
        from .find_bar import FindBar
        self.find_bar = FindBar(self)
        self.find_bar.message.connect(self.show_message)
        column.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self.watch_timer = self._timer(WATCH_MS, self.look_for_changes_elsewhere)
        self.heartbeat_timer = self._timer(HEARTBEAT_MS, self._heartbeat)
        self.backup_timer = self._timer(BACKUP_CHECK_MS, self._backup_if_due)
        self.annotator_label = QLabel()
        self.position_label = QLabel()
        self.saved_label = QLabel()
        for w in (self.annotator_label, self.position_label, self.saved_label):
            self.statusBar().addPermanentWidget(w)
        self.label_actions: list[QAction] = []
        self.schema_editor: SchemaEditor | None = None
        self.keys_dialog: KeysDialog | None = None
        self.curation_dialog = None
        self.agreement_dialog = None
        self.suggestions_dialog = None
        self.settings_dialog = None
        self.help_rows: list[tuple[str, str]] = []
        self.label_help_rows: list[tuple[str, str]] = []
        self.job_dialog: JobDialog | None = None
        # Undo / Redo are greyed out when there is nothing to undo or redo; looked up after each change
        # (a zero-delay timer: not inside the label's own keystroke).
        self.undo_state_timer = self._timer(0, self._update_undo_redo)
        self.undo_state_timer.setSingleShot(True)
        self.file_choosers: dict[str, dict] = {}   # tests put their own file choosers here
        self.setAcceptDrops(True)                  # files dropped onto the window are imported
        self._build_menus()
        # Suggestions, Agreement and Curation open as docks beside the article, remembered per user
        self.tool_docks = ToolDocks(self, {"suggestions": self.tr("Suggestions"), "agreement": self.tr("Agreement"),
                                           "curation": self.tr("Curation")}, self.open_tool)
        # Ctrl+Z / Ctrl+Shift+Z undo the project from the find field and the panels' fields too
        self.undo_keys = UndoKeys([self.undo_action, self.redo_action], self)
        self.undo_keys.watch(self)
        self._update_enabled()

    # ---- actions ------------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None, help_text: str = "", *, needs_doc=True) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(k) for k in keys])
            named = " / ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
            if named:   # a standard key the platform does not bind (Preferences, Quit) has no row in F1
                self.help_rows.append((named, help_text or text.replace("&", "")))
        action.triggered.connect(slot)
        action.setProperty("needs_doc", needs_doc)
        menu.addAction(action)
        self.addAction(action)  # shortcuts work while the menu bar is hidden or closed
        return action

    def _ws(self, method: str, *args):
        def call(*_):
            if self.workspace is not None:
                getattr(self.workspace, method)(*args)
        return call

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        self._action(file, self.tr("&New project…"), self.new_project, QKeySequence.StandardKey.New, needs_doc=False)
        self._action(file, self.tr("&Open project…"), self.open_project_dialog, QKeySequence.StandardKey.Open,
                     needs_doc=False)
        self._action(file, self.tr("Open the &demo project"), self.open_demo, needs_doc=False)
        self._action(file, self.tr("&Import documents (files or a folder)…"), lambda: self.import_dialog(), "Ctrl+I",
                     self.tr("import files or a folder (or drop them onto the window)"), needs_doc=False)
        self._action(file, self.tr("&Export…"), self.export_dialog, "Ctrl+E", self.tr("export in any format"),
                     needs_doc=False)
        self._action(file, self.tr("&Merge annotators' projects…"), self.merge_projects)
        self._action(file, self.tr("Switch &annotator…"), self.switch_annotator)
        self._action(file, self.tr("&Close project"), self.close_project)
        self._action(file, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, needs_doc=False)
        edit = bar.addMenu(self.tr("&Edit"))
        self.undo_action = self._action(edit, self.tr("&Undo"), self.undo, "Ctrl+Z", self.tr("undo your last action"))
        self.redo_action = self._action(edit, self.tr("&Redo"), self.redo, ["Ctrl+Shift+Z", "Ctrl+Y"], self.tr("redo"))
        self._action(edit, self.tr("&Schema (labels, colours, keys, targets)…"), self.edit_schema)
        settings_action = self._action(edit, self.tr("Se&ttings…"), self.open_settings,
                                       QKeySequence.StandardKey.Preferences,
                                       self.tr("settings: annotator, language, font, label colours and keys, backups"),
                                       needs_doc=False)
        settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.annotate_menu = bar.addMenu(self.tr("&Annotate"))
        self._fixed_annotate_actions = [
            self._action(self.annotate_menu, self.tr("Make the selected &speaker of the quotation"),
                         self._ws("speaker"), "S",
                         self.tr("speaker: the selected or clicked entity speaks the current quotation")),
            self._action(self.annotate_menu, self.tr("Quotation &kind: direct → indirect → mixed"),
                         self._ws("cycle_kind"),
                         "K", self.tr("kind of the current quotation (cycles)")),
            self._action(self.annotate_menu, self.tr("&Delete the selected span"), self._ws("delete_selected"),
                         ["Del", "Backspace"], self.tr("delete the selected span")),
            self._action(self.annotate_menu, self.tr("&Next span"), self._ws("step_span", 1), "Tab",
                         self.tr("in the article: select the next span")),
            self._action(self.annotate_menu, self.tr("&Previous span"), self._ws("step_span", -1), "Shift+Tab",
                         self.tr("in the article: select the previous span")),
            self._action(self.annotate_menu, self.tr("Clear the selection"), self._ws("clear_selection"), "Esc",
                         self.tr("clear the selection")),
        ]
        # Tab walks spans only inside the article; elsewhere it moves the focus as usual.
        self.view_only_actions = self._fixed_annotate_actions[3:5]
        for action in self.view_only_actions:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.annotate_menu.addSeparator()
        document = bar.addMenu(self.tr("&Document"))
        self._action(document, self.tr("&Next document"), self.next_document, "PgDown", self.tr("next document"))
        self._action(document, self.tr("&Previous document"), self.previous_document, "PgUp",
                     self.tr("previous document"))
        self._action(document, self.tr("Mark &done / not done"), self.toggle_done, ["Ctrl+Return", "Ctrl+Enter"],
                     self.tr("mark the document done (again: in progress)"))
        view = bar.addMenu(self.tr("&View"))
        self._action(view, self.tr("Zoom &in"), lambda: self._zoom(1), ["Ctrl++", "Ctrl+="], self.tr("larger text"))
        self._action(view, self.tr("Zoom &out"), lambda: self._zoom(-1), "Ctrl+-", self.tr("smaller text"))
        self._action(view, self.tr("&Normal size"), lambda: self._zoom(0), "Ctrl+0", self.tr("normal text size"))
        self._action(view, self.tr("Next &panel (article, quotations, entities, stance, documents)"),
                     self._ws("cycle_focus", 1), "F6", self.tr("move the keyboard focus to the next panel"))
        self._action(view, self.tr("Previous panel"), self._ws("cycle_focus", -1), "Shift+F6",
                     self.tr("previous panel"))
        self._action(view, self.tr("&Documents list"), self._ws("toggle_panel_named", "navigator"), "Ctrl+Shift+D",
                     self.tr("show or hide the documents list"))
        self._action(view, self.tr("&Side panel (quotations, entities, stance)"), self._ws("toggle_panel_named",
                                                                                           "side"),
                     "Ctrl+Shift+P", self.tr("show or hide the side panel"))
        fonts = view.addMenu(self.tr("Article &font"))
        for family in ARABIC_FAMILIES:
            fonts.addAction(family, functools.partial(self._set_family, family))
        self._action(edit, self.tr("&Find…"), self.open_find, QKeySequence.StandardKey.Find,
                     self.tr("find: tashkeel, hamza forms and proclitics seen through"))
        self._action(edit, self.tr("Find &next"), lambda: self.find_bar.step(1), "F3",
                     self.tr("next hit of the find bar"))
        self._action(edit, self.tr("Find &previous"), lambda: self.find_bar.step(-1), "Shift+F3",
                     self.tr("previous hit"))
        tools = bar.addMenu(self.tr("&Tools"))
        self._action(tools, self.tr("&Check the project…"), self.check_dialog, needs_doc=False)
        self._action(tools, self.tr("&Suggestions…"), self.open_suggestions, "Ctrl+Shift+S",
                     self.tr("suggestions: ghosts from your earlier labels, a gazetteer and quotation marks; "
                             "Enter accepts"))
        self._action(tools, self.tr("&Agreement between annotators…"), self.open_agreement, "Ctrl+Shift+A",
                     self.tr("agreement: figures per pair and label, the confusion, and every disagreement"))
        self._action(tools, self.tr("&Curation into gold…"), self.open_curation, "Ctrl+Shift+G",
                     self.tr("curation: settle the annotators' disagreements into the gold layer"))
        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&Keys"), self.show_help, "F1", self.tr("this list of keys"), needs_doc=False)
        self._action(help_menu, self.tr("&About annotator"), self.show_about, needs_doc=False)

    def _timer(self, interval_ms: int, slot: Callable[[], object]) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        return timer

    # ---- jobs: import, export, check (dialogs/transfer.py) ------------------------------------------
    def _needed_project(self) -> Project | None:
        """The open project, or None after telling the linguist to open one."""
        if self.project is None:
            self.show_message(self.tr("open or create a project first (File › New / Open)"))
        return self.project

    def import_dialog(self, paths: Sequence[str] = ()) -> None:
        if (project := self._needed_project()) is None:
            return
        from .dialogs.transfer import ImportDialog
        dialog = ImportDialog(project.path, list(paths), self, **self.file_choosers.get("import", {}))
        dialog.job_ended = self._job_ended
        self.job_dialog = dialog
        dialog.show()

    def export_dialog(self) -> None:
        if (project := self._needed_project()) is None:
            return
        from .dialogs.transfer import ExportDialog
        current = self.session.document.name if self.session and self.session.document else None
        self.job_dialog = ExportDialog(project, current, self, **self.file_choosers.get("export", {}))
        self.job_dialog.show()

    def check_dialog(self) -> None:
        if (project := self._needed_project()) is None:
            return
        from .dialogs.transfer import CheckDialog
        dialog = CheckDialog(project.path, self)
        self.job_dialog = dialog
        dialog.show()
        dialog.start()

    def _job_ended(self, outcome: str) -> None:
        """After an import or a merge: show the new documents now rather than at the next look (WATCH_MS), and
        not as another program's changes (the job wrote through its own connection, which PRAGMA data_version
        cannot tell from another program's)."""
        self.look_for_changes_elsewhere(announce=False)

    def _own_job_writing(self) -> bool:
        """Whether an import or a merge of this window is under way (its end comes to `_job_ended`)."""
        dialog = self.job_dialog
        return dialog is not None and dialog.job_ended == self._job_ended and dialog.job is not None \
            and dialog.job.outcome is None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """A key no widget and no shortcut took: under an Arabic layout, run the action of the same physical key."""
        if not self._run_latin_shortcut(event):
            super().keyPressEvent(event)

    def _run_latin_shortcut(self, event: QKeyEvent) -> bool:
        # Only keys nothing else took arrive here, so where Qt already found the Latin key (X11 with a Latin
        # layout configured too) the action ran once and this never sees the key.
        sequence = latin_sequence(event)
        if sequence is None:
            return False
        focus = QApplication.focusWidget()
        for action in self.actions():
            if not action.isEnabled() or sequence not in action.shortcuts():
                continue
            if action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut and \
                    focus not in action.associatedObjects():
                continue
            action.trigger()
            return True
        return False

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.project is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt's name
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_dialog(paths)

    def _rebuild_label_actions(self) -> None:
        for action in self.label_actions:
            self.annotate_menu.removeAction(action)
            self.removeAction(action)
            action.deleteLater()
        self.label_actions = []
        self.help_rows = [r for r in self.help_rows if r not in self.label_help_rows]
        self.label_help_rows = []
        if self.session is None:
            return
        for label in self.session.schema.labels:
            if not label.key:
                continue
            shown = terms.label_name(label.name)   # "شخص (PER)" in Arabic
            action = self._action(self.annotate_menu, f"{shown} ({terms.category_name(label.category)})",
                                  self._ws("apply_label", label.name), label.key.upper(),
                                  self.tr("label {label}: the selected words, or relabel the selected span")
                                  .format(label=shown))
            self.label_actions.append(action)
            self.label_help_rows.append(self.help_rows[-1])

    def _update_enabled(self) -> None:
        has_doc = self.session is not None and self.session.document is not None
        for action in self.actions():
            if action.property("needs_doc"):
                action.setEnabled(has_doc)
        self._update_undo_redo()

    def _after_change(self, _change) -> None:
        # Until the exact look-up (next turn of the event loop), a change may have made either possible:
        # a key pressed before then must not hit a greyed-out action ("nothing to undo" is harmless).
        if self.session is not None and not self.session.project.read_only:
            self.undo_action.setEnabled(True)
            self.redo_action.setEnabled(True)
        self.undo_state_timer.start()

    def _update_undo_redo(self) -> None:
        session = self.session
        if session is None or session.document is None or session.project.read_only:
            session = None
        self.undo_action.setEnabled(session is not None and session.history_ops.can_undo())
        self.redo_action.setEnabled(session is not None and session.history_ops.can_redo())

    # ---- projects -----------------------------------------------------------------------------------
    def open_project(self, path: Path) -> bool:
        try:
            project = Project(path)
        except AnnotatorError as exc:
            QMessageBox.warning(self, self.tr("Cannot open the project"), str(exc))
            return False
        name = prefs.annotator_for(project.path)
        if not name:
            name = self.ask_name(self, "", None)
            if not name:
                project.close()
                return False
        prefs.set_annotator_for(project.path, name)
        others = project.sessions.others(name)
        read_only_reason = None
        if others:
            who = project.sessions.describe(others)
            choice = self.ask_second(self, name, who)
            if choice is None:
                project.close()
                return False
            if choice == "take_over":
                project.sessions.end(*[o["id"] for o in others])
            else:
                read_only_reason = self.tr("read-only: {who} is working on this project as {name}; "
                                           "close it, or reopen this project and take over").format(who=who, name=name)
        self.close_project()
        self.project = project
        if read_only_reason:
            project.set_read_only(read_only_reason)
        else:
            self.session_id = self._guarded(lambda: project.sessions.start(name))
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
        self.workspace.helpRequested.connect(self.show_help)
        self.workspace.view.zoomChanged.connect(lambda s: prefs.set_value("point_size", s))
        self.workspace.view.addActions(self.view_only_actions)
        self.undo_keys.watch(self.workspace)
        self.stack.addWidget(self.workspace)
        self.session.documentOpened.connect(self._find_in_new_document)
        self.stack.setCurrentWidget(self.workspace)
        self._rebuild_label_actions()
        prefs.remember_project(project.path)
        self.setWindowTitle(self.tr("annotator — {file} — annotating as {name}").format(file=project.path.name,
                                                                                        name=name)
                            + (self.tr(" (read-only)") if read_only_reason else ""))
        last = prefs.value(f"last_document/{project.path.resolve()}", "")
        if not (last and self.session.open_name(last)):
            self.session.open_index(0)
        if not self.session.documents:
            self.show_message(self.tr("this project has no documents yet: import some with File › Import"))
        if read_only_reason:
            self.message_bar.show_problem(read_only_reason)
        else:
            self._backup_if_due()
            self._tell_others_work(project, name)
        project.changed_elsewhere()  # from now on, notice what other programs write
        for timer in (self.watch_timer, self.heartbeat_timer, self.backup_timer):
            timer.start()
        self._update_status()
        self._update_enabled()
        for name in self.tool_docks.restore():   # the tools open when the last project closed, where they were
            self.open_tool(name, quiet=True)
        self.workspace.view.setFocus()  # keys (labels, PgDn) go to the article from the start
        return True

    def _tell_others_work(self, project: Project, name: str) -> None:
        """Say whose work the project holds besides this annotator's, so none of it looks lost."""
        per_annotator = project.stats()["per_annotator"]
        others = sorted(((counts.get("spans", 0), who) for who, counts in per_annotator.items()
                         if who != name and counts.get("spans")), reverse=True)
        if not others:
            return
        mine = per_annotator.get(name, {}).get("spans", 0)
        theirs = self.tr("; ").join(self.tr("{who} has {spans} here").format(who=who, spans=terms.spans(n))
                                    for n, who in others[:3])
        self.message_bar.show_note(self.tr("{theirs}. You are annotating as {name} ({spans}); the window shows and "
                                           "counts your own work only.").format(theirs=theirs, name=name,
                                                                                spans=terms.spans(mine)),
                                   self.tr("Switch annotator…"), self.switch_annotator)

    def _guarded(self, action):
        """Run a write of the window itself (not a user's edit); a failure shows in the message bar."""
        try:
            return action()
        except StorageError as exc:
            self.message_bar.show_problem(str(exc))
            return None

    def _backup_if_due(self) -> None:
        if self.project is not None and not self.project.read_only and prefs.backups_enabled():
            self._guarded(lambda: backups.create_if_due(self.project))

    def _heartbeat(self) -> None:
        project, session_id = self.project, self.session_id
        if project is None or session_id is None:
            return
        alive = self._guarded(lambda: project.sessions.heartbeat(session_id))
        if alive is False:  # another window of this annotator took over
            self.session_id = None
            reason = self.tr("read-only: another window took over this project as {name}; reopen the project to "
                             "take it back").format(name=self.session.annotator if self.session else "")
            project.set_read_only(reason)
            self.setWindowTitle(self.windowTitle() + self.tr(" (read-only)"))
            self.message_bar.show_problem(reason, self.tr("Reopen"), lambda: self.open_project(project.path))

    def look_for_changes_elsewhere(self, *, announce: bool = True) -> bool:
        """Refresh the documents list and the open document when another program changed the project (while
        an import or merge of this window runs, its end looks instead: `_job_ended`)."""
        if self.project is None or self.session is None or self._own_job_writing():
            return False
        try:
            changed = self.project.changed_elsewhere()
        except Exception:  # noqa: BLE001 - a damaged or vanished file: the next write says so
            return False
        if changed:
            self.session.reload_from_file()
            self._update_status()
            if announce:
                self.show_message(self.tr("updated with changes another program saved to the project"))
        return changed

    def show_failed_write(self, text: str, retry) -> None:
        """A write the project file refused: say so until dismissed, show the file as it is, offer a retry."""
        self.saved_label.setText(self.tr("NOT saved ✗"))
        self.saved_label.setStyleSheet("color: #b00020; font-weight: bold;")
        QApplication.beep()
        if self.session is not None:
            self.session.reload_from_file()
        if self.project is not None and self.project.read_only:
            self.message_bar.show_problem(text)
        else:
            self.message_bar.show_problem(text, self.tr("Retry"), retry)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        job = self.job_dialog.job if self.job_dialog is not None else None
        if job is not None and job.running:   # a running import or export stops, leaving nothing
            job.cancel()
            job.wait()
        self.close_project()  # ends this window's session, so the next window is not asked about it
        super().closeEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if hasattr(self, "tool_docks"):   # (not during __init__)
            self.tool_docks.fit_width()

    def _fit_to_screen(self, width: int, height: int) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and screen.width() > 0:
            width, height = min(width, screen.width()), min(height, screen.height())
        self.resize(width, height)

    def close_project(self) -> None:
        for timer in (self.watch_timer, self.heartbeat_timer, self.backup_timer):
            timer.stop()
        self.message_bar.hide()
        self.find_bar.close_bar()
        if self.project is not None and self.session_id is not None:
            self._guarded(lambda: self.project.sessions.end(self.session_id))
        self.session_id = None
        if self.workspace is not None:
            self.tool_docks.save()        # which tools are open, where and how large: for the next project
            self.tool_docks.close_all()
            self.suggestions_dialog = self.agreement_dialog = self.curation_dialog = None
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        if self.session is not None:
            self.session.deleteLater()
            self.session = None
        if self.project is not None:
            self.project.close()
            self.project = None
        self._rebuild_label_actions()
        self.start_page.refresh()
        self.stack.setCurrentWidget(self.start_page)
        self.setWindowTitle(self.tr("annotator"))
        self._update_status()
        self._update_enabled()

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("New project"), str(Path.home() / "news.annotator"),
                                              self.tr("Projects (*.annotator)"))
        if path:
            if not path.endswith(".annotator"):
                path += ".annotator"
            self.open_project(Path(path))

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open project"), str(Path.home()),
                                              self.tr("Projects (*.annotator)"))
        if path:
            self.open_project(Path(path))

    def open_demo(self) -> None:
        from ..core.demo import build_demo, default_demo_path
        path = default_demo_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        build_demo(path).close()
        self.open_project(path)

    def merge_projects(self) -> None:
        """File › Merge: bring other annotators' project files into this one, off the GUI thread."""
        if (project := self._needed_project()) is None:
            return
        from .dialogs.transfer import MergeDialog
        dialog = MergeDialog(project.path, self.ask_files, self)
        dialog.job_ended = self._job_ended
        self.job_dialog = dialog
        dialog.show()
        dialog.add_files()

    def switch_annotator(self) -> None:
        if self.project is None:
            return
        current = self.session.annotator if self.session is not None else prefs.annotator_for(self.project.path)
        name = self.ask_name(self, current, self.project.annotators.human())
        if name and name != current:
            self.set_annotator(name)

    def set_annotator(self, name: str) -> None:
        """Annotate this project as `name` from now on (remembered per project): the project reopens as them."""
        if self.project is None:
            return
        prefs.set_annotator_for(self.project.path, name)
        self.open_project(self.project.path)
        self.show_message(self.tr("now annotating as {name}").format(name=name))

    def open_settings(self) -> None:
        from .dialogs.settings_dialog import SettingsDialog
        self.settings_dialog = SettingsDialog(self)
        self.settings_dialog.show()

    # ---- commands -----------------------------------------------------------------------------------
    def undo(self) -> None:   # the status bar names the layer undone (Operations.history)
        ops = self.session.history_ops if self.session is not None else None
        if ops is not None and ops.undo() is None and ops.nothing:
            self.show_message(ops.nothing_message("undo"))

    def redo(self) -> None:
        ops = self.session.history_ops if self.session is not None else None
        if ops is not None and ops.redo() is None and ops.nothing:
            self.show_message(ops.nothing_message("redo"))

    def next_document(self) -> None:
        if self.session is not None and not self.session.next_document():
            self.show_message(self.tr("this is the last document"))

    def previous_document(self) -> None:
        if self.session is not None and not self.session.previous_document():
            self.show_message(self.tr("this is the first document"))

    def toggle_done(self) -> None:
        if self.session is None or self.session.document is None:
            return
        status = self.session.status_ops.toggle_done(self.session.document.id)
        self.show_message(self.tr("document marked done — PgDn for the next one") if status == "done"
                          else self.tr("document back in progress"))

    def edit_schema(self) -> None:
        """Not modal: the open view follows each edit, so the linguist sees what a change does."""
        if self.session is not None:
            self.schema_editor = SchemaEditor(self.session, self)
            self.schema_editor.show()

    def _working_annotators(self) -> list[str]:
        from ..core.model import GOLD
        return sorted(a for a in self.project.stats()["per_annotator"] if a != GOLD) if self.project else []

    def _find_in_new_document(self) -> None:
        if not self.find_bar.isHidden() and not self.find_bar.everywhere.isChecked():
            self.find_bar.run()
        elif not self.find_bar.isHidden():
            self.find_bar._mark()

    def open_tool(self, name: str, quiet: bool = False) -> bool:
        """Open the tool `name` ("suggestions", "agreement", "curation") in its dock; False when it cannot be
        (no project, or fewer than two annotators; `quiet`: without saying so)."""
        if name == "suggestions":
            return self.open_suggestions()
        return self.open_agreement(quiet) if name == "agreement" else self.open_curation(quiet)

    def open_suggestions(self) -> bool:
        from .dialogs.suggestions import SuggestionsDialog
        if self.session is None:
            return False

        def ask_gazetteer():
            path, _ = QFileDialog.getOpenFileName(self, self.tr("A gazetteer to use (Cancel: none)"), str(Path.home()),
                                                  self.tr("Gazetteer (*.tsv *.txt)"))
            return path or None
        self.suggestions_dialog = SuggestionsDialog(self, ask_gazetteer)
        self.tool_docks.show("suggestions", self.suggestions_dialog)
        return True

    def open_find(self) -> None:
        if self.session is not None:
            self.find_bar.open_bar()

    @staticmethod
    def ask_preview(dialog) -> int:
        """Run a confirmation dialog (tests answer it instead)."""
        return dialog.exec()

    def open_agreement(self, quiet: bool = False) -> bool:
        from .dialogs.agreement import AgreementDialog
        if self.session is None:
            return False
        working = self._working_annotators()
        if len(working) < 2:
            if not quiet:
                self.show_error(self.tr("agreement compares the work of at least two annotators; merge their "
                                        "projects first (File › Merge)"))
            return False
        self.agreement_dialog = AgreementDialog(self, working)
        self.tool_docks.show("agreement", self.agreement_dialog)
        return True

    def open_curation(self, quiet: bool = False) -> bool:
        from .dialogs.curation import CurationDialog
        if self.session is None:
            return False
        working = self._working_annotators()
        if len(working) < 2:
            if not quiet:
                self.show_error(self.tr("curation compares the work of at least two annotators; merge their "
                                        "projects first (File › Merge)"))
            return False
        self.curation_dialog = CurationDialog(self, working)
        self.tool_docks.show("curation", self.curation_dialog)
        return True

    def show_help(self) -> None:
        self.keys_dialog = KeysDialog(self.help_rows, self)
        self.keys_dialog.show()

    def show_about(self) -> None:
        from .dialogs.about import AboutDialog
        self.about_dialog = AboutDialog(self)
        self.about_dialog.show()

    def _zoom(self, steps: int) -> None:
        if self.workspace is not None:
            view = self.workspace.view
            view.zoom(steps) if steps else view.set_point_size(DEFAULT_POINT_SIZE)

    def _set_family(self, family: str) -> None:
        prefs.set_value("font_family", family)
        if self.workspace is not None:
            self.workspace.view.set_family(family)

    # ---- status bar ---------------------------------------------------------------------------------
    def show_message(self, text: str) -> None:
        self.statusBar().setStyleSheet("")
        self.statusBar().showMessage(self._fit_message(text), MESSAGE_MS)

    def show_error(self, text: str) -> None:
        self.statusBar().setStyleSheet("color: #b00020;")
        self.statusBar().showMessage(self._fit_message(text), MESSAGE_MS)
        QApplication.beep()

    def _fit_message(self, text: str) -> str:
        """The message elided with … to the room left of the permanent labels (a narrow window otherwise
        cut it mid-letter against them); the whole of it is the status bar's tooltip."""
        bar = self.statusBar()
        bar.setToolTip(text)
        used = sum(w.sizeHint().width() + 12 for w in (self.annotator_label, self.position_label, self.saved_label)
                   if w.text())
        room = bar.width() - used - 24
        return bar.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, max(room, 40))

    def _saved(self, change) -> None:
        self.note_saved(change.summary)
        if change.summary:
            self.show_message(change.summary)

    def note_saved(self, summary: str = "") -> None:
        """A write of this window went through: "saved ✓" with the time. Every change through the hub comes
        here, and the core actions the find bar and the tool windows run themselves (Label all, a suggestion
        accepted, a curation decision)."""
        self.saved_label.setStyleSheet("")
        self.saved_label.setText(self.tr("saved ✓ {time}").format(time=QTime.currentTime().toString("HH:mm:ss")))
        self.saved_label.setToolTip(summary)

    def _update_status(self) -> None:
        session = self.session
        if session is None:
            for w in (self.annotator_label, self.position_label, self.saved_label):
                w.clear()
            return
        self.annotator_label.setText(self.tr("annotator: {name}").format(name=session.annotator))
        self.annotator_label.setStyleSheet("font-weight: bold;")
        n = len(session.documents)
        self.position_label.setText(self.tr("document {index} of {count}").format(index=session.index + 1, count=n)
                                    if n else self.tr("no documents"))
        if not self.saved_label.text():
            self.saved_label.setText(self.tr("saved ✓"))
        if session.document is not None and self.project is not None:
            prefs.set_value(f"last_document/{self.project.path.resolve()}", session.document.name)
        self._update_enabled()
