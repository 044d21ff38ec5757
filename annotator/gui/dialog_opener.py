"""Everything the menus open, each given what it needs (the project, the session, the workspace, callbacks) and
never the window: the jobs (File › Import, Export, Merge and Tools › Check, dialogs/transfer.py), the tool
panels docked beside the article (Suggestions, Agreement, Curation: tool_docks.py), Settings, the schema
editor, the list of keys (F1) and About. The window is `window.dialogs`; what is open stays reachable here
(`job_dialog`, `curation_dialog`...) for the window and for tests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from ..core.project import Project
from ..core.project_session import ProjectSession
from .dialogs.help import KeysDialog
from .dialogs.schema_editor import SchemaEditor
from .session import Session
from .status_line import Feedback
from .tool_docks import ToolDocks
from .workspace import Workspace

if TYPE_CHECKING:
    from .dialogs.about import AboutDialog
    from .dialogs.agreement import AgreementDialog
    from .dialogs.curation import CurationDialog
    from .dialogs.job_dialog import JobDialog
    from .dialogs.settings_dialog import SettingsDialog
    from .dialogs.suggestions import SuggestionsDialog
    from .dialogs.train_model import TrainModelDialog
    from .model_loop import ModelLoop

D = TypeVar("D", bound="JobDialog")


class Host(Protocol):
    """What the opener reads of the window when it opens something: the project held, its session and
    workspace as they are now, and the few things only the window can do."""

    hold: ProjectSession | None
    session: Session | None
    workspace: Workspace | None
    ask_files: Callable[[str, str], list[str]]

    @property
    def help_rows(self) -> list[tuple[str, str]]: ...
    def set_annotator(self, name: str) -> Session | None: ...
    def look_for_changes_elsewhere(self, *, announce: bool = True) -> bool: ...


class DialogOpener:
    def __init__(self, host: Host, parent: QWidget, docks: ToolDocks, feedback: Feedback):
        self.host, self.parent, self.docks, self.feedback = host, parent, docks, feedback
        self.job_dialog: JobDialog | None = None
        self.suggestions_dialog: SuggestionsDialog | None = None
        self.agreement_dialog: AgreementDialog | None = None
        self.curation_dialog: CurationDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.schema_editor: SchemaEditor | None = None
        self.keys_dialog: KeysDialog | None = None
        self.about_dialog: AboutDialog | None = None
        self.train_model_dialog: TrainModelDialog | None = None
        self._model_loop_made: ModelLoop | None = None  # made when a project first opens: model_loop.py
        self.file_choosers: dict[str, dict[str, Any]] = {}  # tests put their own file choosers here

    # ---- jobs: import, export, check, merge ---------------------------------------------------------
    def _needed_project(self) -> Project | None:
        """The open project, or None after telling the linguist to open one."""
        hold = self.host.hold
        if hold is None:
            self.feedback.message(
                QCoreApplication.translate("MainWindow", "open or create a project first (File › New / Open)")
            )
        return hold.project if hold is not None else None

    def import_dialog(self, paths: Sequence[str] = ()) -> None:
        if (project := self._needed_project()) is not None:
            from .dialogs.transfer import ImportDialog

            self._run_job(
                ImportDialog(project.location, list(paths), self.parent, **self.file_choosers.get("import", {}))
            )

    def export_dialog(self) -> None:
        if (project := self._needed_project()) is not None:
            from .dialogs.transfer import ExportDialog

            session = self.host.session
            current = session.document.name if session is not None and session.document is not None else None
            self._run_job(
                ExportDialog(project, current, self.parent, **self.file_choosers.get("export", {})), writes=False
            )

    def check_dialog(self) -> None:
        if (project := self._needed_project()) is not None:
            from .dialogs.transfer import CheckDialog

            self._run_job(CheckDialog(project.location, self.parent), writes=False).start()

    def merge_projects(self) -> None:
        """File › Merge: bring other annotators' project files into this one, off the GUI thread."""
        if (project := self._needed_project()) is not None:
            from .dialogs.transfer import MergeDialog

            self._run_job(MergeDialog(project.location, self.host.ask_files, self.parent)).add_files()

    def _run_job(self, dialog: D, writes: bool = True) -> D:
        """Show a job's dialog; `writes`: the job writes into the project, and its end shows what it wrote."""
        if writes:
            dialog.job_ended = self._job_ended
        self.job_dialog = dialog
        dialog.show()
        return dialog

    def _job_ended(self, outcome: str) -> None:
        """After an import or a merge: show the new documents now rather than at the window's next look, and
        not as another program's changes (the job wrote through its own connection, which PRAGMA
        data_version cannot tell from another program's)."""
        self.host.look_for_changes_elsewhere(announce=False)

    def own_job_writing(self) -> bool:
        """Whether an import or a merge of this window is under way (its end comes to `_job_ended`)."""
        dialog = self.job_dialog
        return (
            dialog is not None
            and dialog.job_ended == self._job_ended
            and dialog.job is not None
            and dialog.job.outcome is None
        )

    def stop_job(self) -> None:
        """The window closes: a running import or export stops, leaving nothing (a training too: the
        previous model stays)."""
        if self._model_loop_made is not None:
            self._model_loop_made.stop()
        job = self.job_dialog.job if self.job_dialog is not None else None
        if job is not None and job.running:
            job.cancel()
            job.wait()

    # ---- the tool panels, docked ----------------------------------------------------------------------
    def open_tool(self, name: str, quiet: bool = False) -> bool:
        """Open the tool `name` ("suggestions", "agreement", "curation") in its dock; False when it cannot be
        (no project, or fewer than two annotators; `quiet`: without saying so)."""
        if name == "suggestions":
            return self.open_suggestions()
        return self.open_agreement(quiet) if name == "agreement" else self.open_curation(quiet)

    def open_suggestions(self) -> bool:
        from .dialogs.suggestions import SuggestionsDialog

        session, workspace = self.host.session, self.host.workspace
        if session is None or workspace is None:
            return False

        def ask_gazetteer() -> str | None:
            path, _ = QFileDialog.getOpenFileName(
                self.parent,
                QCoreApplication.translate("MainWindow", "A gazetteer to use (Cancel: none)"),
                str(Path.home()),
                QCoreApplication.translate("MainWindow", "Gazetteer (*.tsv *.txt)"),
            )
            return path or None

        self.suggestions_dialog = SuggestionsDialog(session, workspace, self.feedback, ask_gazetteer)
        self.docks.show("suggestions", self.suggestions_dialog)
        return True

    def _compared(self, quiet: bool, too_few: str) -> tuple[Session, Workspace, list[str]] | None:
        """The session, the workspace and the annotators agreement and curation compare; None without a project
        or with fewer than two annotators (then `too_few` is said, unless `quiet`)."""
        hold, session, workspace = self.host.hold, self.host.session, self.host.workspace
        if hold is None or session is None or workspace is None:
            return None
        working = hold.working_annotators()
        if len(working) >= 2:
            return session, workspace, working
        if not quiet:
            self.feedback.error(too_few)
        return None

    def open_agreement(self, quiet: bool = False) -> bool:
        from .dialogs.agreement import AgreementDialog

        compared = self._compared(
            quiet,
            QCoreApplication.translate(
                "MainWindow",
                "agreement compares the work of at least two annotators; merge their projects first (File › Merge)",
            ),
        )
        if compared is None:
            return False
        self.agreement_dialog = AgreementDialog(compared[0], compared[1], self.feedback, compared[2])
        self.docks.show("agreement", self.agreement_dialog)
        return True

    def open_curation(self, quiet: bool = False) -> bool:
        from .dialogs.curation import CurationDialog

        compared = self._compared(
            quiet,
            QCoreApplication.translate(
                "MainWindow",
                "curation compares the work of at least two annotators; merge their projects first (File › Merge)",
            ),
        )
        if compared is None:
            return False
        self.curation_dialog = CurationDialog(compared[0], compared[1], self.feedback, compared[2])
        self.docks.show("curation", self.curation_dialog)
        return True

    def close_tools(self) -> None:
        """The project closes: remember where the tools are (for the next project), then close them."""
        if self._model_loop_made is not None:
            self._model_loop_made.detach()
        if self.train_model_dialog is not None:
            self.train_model_dialog.close()
            self.train_model_dialog = None
        self.docks.save()
        self.docks.close_all()
        self.suggestions_dialog = self.agreement_dialog = self.curation_dialog = None

    # ---- the model in the loop (model_loop.py) -------------------------------------------------------------
    @property
    def model_loop(self) -> ModelLoop:
        """The window's model (imported when first needed: the start page does without it)."""
        if self._model_loop_made is None:
            from .model_loop import ModelLoop

            self._model_loop_made = ModelLoop(self.feedback, self.parent)
            self._model_loop_made.on_suggested = self._reload_suggestions
        return self._model_loop_made

    def session_opened(self, session: Session) -> None:
        """A project opened (or another annotator): the model follows."""
        self.model_loop.attach(session)

    def train_model(self) -> None:
        """Tools › Suggestions › Train model…: not modal; the linguist goes on labelling."""
        from .dialogs.train_model import TrainModelDialog

        if self._model_loop() is None:
            return
        self.train_model_dialog = TrainModelDialog(self.model_loop, self._show_model_suggestions, self.parent)
        self.train_model_dialog.show()

    def _show_model_suggestions(self) -> None:
        if self.suggestions_dialog is None or not self.suggestions_dialog.open_:
            self.open_suggestions()
        self._reload_suggestions()

    def _reload_suggestions(self) -> None:
        if self.suggestions_dialog is not None and self.suggestions_dialog.open_:
            self.suggestions_dialog.reload()

    def _model_loop(self) -> ModelLoop | None:
        """The model loop, on the window's session (None without a project)."""
        session = self.host.session
        if session is None:
            return None
        if self.model_loop.session is not session:
            self.model_loop.attach(session)
        return self.model_loop

    def accept_confident(self) -> None:
        if (loop := self._model_loop()) is not None:
            loop.accept_confident()

    def next_most_useful(self) -> None:
        if (loop := self._model_loop()) is not None:
            loop.next_most_useful()

    # ---- settings, schema, keys, about -----------------------------------------------------------------
    def open_settings(self) -> None:
        from .dialogs.settings_dialog import SettingsDialog

        host = self.host
        self.settings_dialog = SettingsDialog(
            host.session,
            set_annotator=host.set_annotator,
            parent=self.parent,
            article=lambda: host.workspace.view if host.workspace else None,
        )
        self.settings_dialog.show()

    def edit_schema(self) -> None:
        """Not modal: the open view follows each edit, so the linguist sees what a change does."""
        if self.host.session is not None:
            self.schema_editor = SchemaEditor(self.host.session, self.parent)
            self.schema_editor.show()

    def show_help(self) -> None:
        self.keys_dialog = KeysDialog(self.host.help_rows, self.parent)
        self.keys_dialog.show()

    def show_about(self) -> None:
        from .dialogs.about import AboutDialog

        self.about_dialog = AboutDialog(self.parent)
        self.about_dialog.show()
