"""The window's menus and keys as one typed table: each `ActionSpec` says where the action sits (its menu path),
its text, its keys, what it calls and when it is enabled; `WindowActions` builds the QActions from it.

Modelled on napari's `_qapp_model` actions: an action is data (id, title, callback, menus, keybindings,
enablement) rather than code spread over the window. Callbacks take the window through `Commands`, the
protocol naming everything the menus call, so mypy checks each against the window and no action reaches a
method by its name in a string. Texts are source strings of the MainWindow translation context
(QT_TRANSLATE_NOOP, so lupdate finds them here), translated when the menus are built. Keys are QActions of
the window, so they work while the menu bar is hidden, the menus show them and F1 lists them (`help_rows`).
Label keys come from the schema and are rebuilt when it changes (`set_labels`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu

from . import terms
from .fonts import ARABIC_FAMILIES
from .keyboard_layouts import latin_sequence
from .session import Session

if TYPE_CHECKING:
    from ..core.model import LabelDef
    from .dialog_opener import DialogOpener
    from .find_bar import FindBar
    from .project_files import ProjectFiles
    from .workspace import Workspace

CONTEXT = "MainWindow"  # the translation context of every text here (the window's, as before the table)


def _t(marked: object) -> str:
    """A source text marked for lupdate with QT_TRANSLATE_NOOP("MainWindow", ...): it stays the source text
    here (lupdate sees the context only written out) and is translated when the menus are built."""
    return str(marked)


def translate(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class Commands(Protocol):
    """What the menus call on the window (the workspace's commands through `in_workspace`, the dialogs'
    through `dialogs`)."""

    workspace: Workspace | None
    find_bar: FindBar
    dialogs: DialogOpener
    project_files: ProjectFiles

    def switch_annotator(self) -> None: ...
    def close_project(self) -> None: ...
    def close(self) -> bool: ...
    def zoom(self, steps: int) -> None: ...
    def set_family(self, family: str) -> None: ...
    def open_find(self) -> None: ...


Callback = Callable[[Commands], object]
Predicate = Callable[[Session | None], bool]
Shortcut = str | QKeySequence.StandardKey


# ---- when an action is enabled --------------------------------------------------------------------------
def always(session: Session | None) -> bool:
    return True


def has_document(session: Session | None) -> bool:
    return session is not None and session.document is not None


def can_undo(session: Session | None) -> bool:
    """Greyed out when there is nothing to undo (or the window only reads the project)."""
    return (
        session is not None
        and has_document(session)
        and not session.project.read_only
        and session.history_ops.can_undo()
    )


def can_redo(session: Session | None) -> bool:
    return (
        session is not None
        and has_document(session)
        and not session.project.read_only
        and session.history_ops.can_redo()
    )


def _set_family(window: Commands, family: str) -> None:
    window.set_family(family)


def _apply_label(workspace: Workspace, label: str) -> None:
    workspace.apply_label(label)


def in_workspace(call: Callable[[Workspace], object]) -> Callback:
    """A command of the workspace (label, speaker, next span...): nothing while no project is open."""

    def run(window: Commands) -> object:
        return call(window.workspace) if window.workspace is not None else None

    return run


@dataclass(frozen=True)
class ActionSpec:
    id: str  # unique and stable: "file.new", "label.PER"
    menu: tuple[str, ...]  # the menu path, as source texts: ("&View", "Article &font")
    text: str  # the menu entry's source text (translated when built, unless `translate`)
    callback: Callback
    shortcuts: tuple[Shortcut, ...] = ()
    help: str = ""  # its row in F1 (default: the text without its &)
    enabled_when: Predicate = has_document
    in_article_only: bool = False  # its keys act only while the article has the keyboard (Tab walks spans)
    role: QAction.MenuRole = QAction.MenuRole.TextHeuristicRole
    translate: bool = True  # False: text and help are given already translated (label names)


FILE = (_t(QT_TRANSLATE_NOOP("MainWindow", "&File")),)
EDIT = (_t(QT_TRANSLATE_NOOP("MainWindow", "&Edit")),)
ANNOTATE = (_t(QT_TRANSLATE_NOOP("MainWindow", "&Annotate")),)
DOCUMENT = (_t(QT_TRANSLATE_NOOP("MainWindow", "&Document")),)
VIEW = (_t(QT_TRANSLATE_NOOP("MainWindow", "&View")),)
FONTS = (*VIEW, _t(QT_TRANSLATE_NOOP("MainWindow", "Article &font")))
TOOLS = (_t(QT_TRANSLATE_NOOP("MainWindow", "&Tools")),)
MODEL = (*TOOLS, _t(QT_TRANSLATE_NOOP("MainWindow", "Suggestions from a &model")))
HELP = (_t(QT_TRANSLATE_NOOP("MainWindow", "&Help")),)
KEY = QKeySequence.StandardKey

# In the order they are made: the menus appear in the order of their first action, and F1 lists the keys so.
ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "file.new",
        FILE,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&New project…")),
        lambda w: w.project_files.new_project(),
        (KEY.New,),
        enabled_when=always,
    ),
    ActionSpec(
        "file.open",
        FILE,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Open project…")),
        lambda w: w.project_files.open_project_dialog(),
        (KEY.Open,),
        enabled_when=always,
    ),
    ActionSpec(
        "file.server",
        FILE,
        _t(QT_TRANSLATE_NOOP("MainWindow", "Open &server project…")),
        lambda w: w.project_files.open_server_project(),
        enabled_when=always,
    ),
    ActionSpec(
        "file.demo",
        FILE,
        _t(QT_TRANSLATE_NOOP("MainWindow", "Open the &demo project")),
        lambda w: w.project_files.open_demo(),
        enabled_when=always,
    ),
    ActionSpec(
        "file.import",
        FILE,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Import documents (files or a folder)…")),
        lambda w: w.dialogs.import_dialog(),
        ("Ctrl+I",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "import files or a folder (or drop them onto the window)")),
        enabled_when=always,
    ),
    ActionSpec(
        "file.export",
        FILE,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Export…")),
        lambda w: w.dialogs.export_dialog(),
        ("Ctrl+E",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "export in any format")),
        enabled_when=always,
    ),
    ActionSpec(
        "file.merge",
        FILE,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Merge annotators' projects…")),
        lambda w: w.dialogs.merge_projects(),
    ),
    ActionSpec(
        "file.switch_annotator",
        FILE,
        _t(QT_TRANSLATE_NOOP("MainWindow", "Switch &annotator…")),
        lambda w: w.switch_annotator(),
    ),
    ActionSpec("file.close", FILE, _t(QT_TRANSLATE_NOOP("MainWindow", "&Close project")), lambda w: w.close_project()),
    ActionSpec(
        "file.quit",
        FILE,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Quit")),
        lambda w: w.close(),
        (KEY.Quit,),
        enabled_when=always,
    ),
    ActionSpec(
        "edit.undo",
        EDIT,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Undo")),
        in_workspace(lambda ws: ws.undo()),
        ("Ctrl+Z",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "undo your last action")),
        enabled_when=can_undo,
    ),
    ActionSpec(
        "edit.redo",
        EDIT,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Redo")),
        in_workspace(lambda ws: ws.redo()),
        ("Ctrl+Shift+Z", "Ctrl+Y"),
        _t(QT_TRANSLATE_NOOP("MainWindow", "redo")),
        enabled_when=can_redo,
    ),
    ActionSpec(
        "edit.schema",
        EDIT,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Schema (labels, colours, keys, targets)…")),
        lambda w: w.dialogs.edit_schema(),
    ),
    ActionSpec(
        "edit.settings",
        EDIT,
        _t(QT_TRANSLATE_NOOP("MainWindow", "Se&ttings…")),
        lambda w: w.dialogs.open_settings(),
        (KEY.Preferences,),
        _t(QT_TRANSLATE_NOOP("MainWindow", "settings: annotator, language, font, label colours and keys, backups")),
        enabled_when=always,
        role=QAction.MenuRole.PreferencesRole,
    ),
    ActionSpec(
        "annotate.speaker",
        ANNOTATE,
        _t(QT_TRANSLATE_NOOP("MainWindow", "Make the selected &speaker of the quotation")),
        in_workspace(lambda ws: ws.speaker()),
        ("S",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "speaker: the selected or clicked entity speaks the current quotation")),
    ),
    ActionSpec(
        "annotate.kind",
        ANNOTATE,
        _t(QT_TRANSLATE_NOOP("MainWindow", "Quotation &kind: direct → indirect → mixed")),
        in_workspace(lambda ws: ws.cycle_kind()),
        ("K",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "kind of the current quotation (cycles)")),
    ),
    ActionSpec(
        "annotate.delete",
        ANNOTATE,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Delete the selected span")),
        in_workspace(lambda ws: ws.delete_selected()),
        ("Del", "Backspace"),
        _t(QT_TRANSLATE_NOOP("MainWindow", "delete the selected span")),
    ),
    ActionSpec(
        "annotate.next_span",
        ANNOTATE,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Next span")),
        in_workspace(lambda ws: ws.step_span(1)),
        ("Tab",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "in the article: select the next span")),
        in_article_only=True,
    ),
    ActionSpec(
        "annotate.previous_span",
        ANNOTATE,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Previous span")),
        in_workspace(lambda ws: ws.step_span(-1)),
        ("Shift+Tab",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "in the article: select the previous span")),
        in_article_only=True,
    ),
    ActionSpec(
        "annotate.clear",
        ANNOTATE,
        _t(QT_TRANSLATE_NOOP("MainWindow", "Clear the selection")),
        in_workspace(lambda ws: ws.clear_selection()),
        ("Esc",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "clear the selection")),
    ),
    ActionSpec(
        "document.next",
        DOCUMENT,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Next document")),
        in_workspace(lambda ws: ws.next_document()),
        ("PgDown",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "next document")),
    ),
    ActionSpec(
        "document.previous",
        DOCUMENT,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Previous document")),
        in_workspace(lambda ws: ws.previous_document()),
        ("PgUp",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "previous document")),
    ),
    ActionSpec(
        "document.done",
        DOCUMENT,
        _t(QT_TRANSLATE_NOOP("MainWindow", "Mark &done / not done")),
        in_workspace(lambda ws: ws.toggle_done()),
        ("Ctrl+Return", "Ctrl+Enter"),
        _t(QT_TRANSLATE_NOOP("MainWindow", "mark the document done (again: in progress)")),
    ),
    ActionSpec(
        "view.zoom_in",
        VIEW,
        _t(QT_TRANSLATE_NOOP("MainWindow", "Zoom &in")),
        lambda w: w.zoom(1),
        ("Ctrl++", "Ctrl+="),
        _t(QT_TRANSLATE_NOOP("MainWindow", "larger text")),
    ),
    ActionSpec(
        "view.zoom_out",
        VIEW,
        _t(QT_TRANSLATE_NOOP("MainWindow", "Zoom &out")),
        lambda w: w.zoom(-1),
        ("Ctrl+-",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "smaller text")),
    ),
    ActionSpec(
        "view.zoom_normal",
        VIEW,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Normal size")),
        lambda w: w.zoom(0),
        ("Ctrl+0",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "normal text size")),
    ),
    ActionSpec(
        "view.next_panel",
        VIEW,
        _t(QT_TRANSLATE_NOOP("MainWindow", "Next &panel (article, quotations, entities, stance, documents)")),
        in_workspace(lambda ws: ws.cycle_focus(1)),
        ("F6",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "move the keyboard focus to the next panel")),
    ),
    ActionSpec(
        "view.previous_panel",
        VIEW,
        _t(QT_TRANSLATE_NOOP("MainWindow", "Previous panel")),
        in_workspace(lambda ws: ws.cycle_focus(-1)),
        ("Shift+F6",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "previous panel")),
    ),
    ActionSpec(
        "view.documents",
        VIEW,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Documents list")),
        in_workspace(lambda ws: ws.toggle_panel(ws.navigator)),
        ("Ctrl+Shift+D",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "show or hide the documents list")),
    ),
    ActionSpec(
        "view.side",
        VIEW,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Side panel (quotations, entities, stance)")),
        in_workspace(lambda ws: ws.toggle_panel(ws.side)),
        ("Ctrl+Shift+P",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "show or hide the side panel")),
    ),
    *(
        ActionSpec(
            f"view.font.{family}",
            FONTS,
            family,
            functools.partial(_set_family, family=family),
            enabled_when=always,
            translate=False,
        )
        for family in ARABIC_FAMILIES
    ),
    ActionSpec(
        "edit.find",
        EDIT,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Find…")),
        lambda w: w.open_find(),
        (KEY.Find,),
        _t(QT_TRANSLATE_NOOP("MainWindow", "find: tashkeel, hamza forms and proclitics seen through")),
    ),
    ActionSpec(
        "edit.find_next",
        EDIT,
        _t(QT_TRANSLATE_NOOP("MainWindow", "Find &next")),
        lambda w: w.find_bar.step(1),
        ("F3",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "next hit of the find bar")),
    ),
    ActionSpec(
        "edit.find_previous",
        EDIT,
        _t(QT_TRANSLATE_NOOP("MainWindow", "Find &previous")),
        lambda w: w.find_bar.step(-1),
        ("Shift+F3",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "previous hit")),
    ),
    ActionSpec(
        "tools.check",
        TOOLS,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Check the project…")),
        lambda w: w.dialogs.check_dialog(),
        enabled_when=always,
    ),
    ActionSpec(
        "tools.suggestions",
        TOOLS,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Suggestions…")),
        lambda w: w.dialogs.open_suggestions(),
        ("Ctrl+Shift+S",),
        _t(
            QT_TRANSLATE_NOOP(
                "MainWindow",
                "suggestions: ghosts from your earlier labels, a gazetteer and quotation marks; Enter accepts",
            )
        ),
    ),
    ActionSpec(
        "tools.model.train",
        MODEL,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Train model…")),
        lambda w: w.dialogs.train_model(),
    ),
    ActionSpec(
        "tools.model.accept_confident",
        MODEL,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Accept all confident suggestions of this document")),
        lambda w: w.dialogs.accept_confident(),
        ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"),
        _t(
            QT_TRANSLATE_NOOP(
                "MainWindow", "accept the model's suggestions scored at or above the threshold (Settings)"
            )
        ),
    ),
    ActionSpec(
        "tools.model.next",
        MODEL,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Next most useful document")),
        lambda w: w.dialogs.next_most_useful(),
        ("Ctrl+Shift+N",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "open the undone document the model is least sure of")),
    ),
    ActionSpec(
        "tools.agreement",
        TOOLS,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Agreement between annotators…")),
        lambda w: w.dialogs.open_agreement(),
        ("Ctrl+Shift+A",),
        _t(
            QT_TRANSLATE_NOOP(
                "MainWindow", "agreement: figures per pair and label, the confusion, and every disagreement"
            )
        ),
    ),
    ActionSpec(
        "tools.curation",
        TOOLS,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Curation into gold…")),
        lambda w: w.dialogs.open_curation(),
        ("Ctrl+Shift+G",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "curation: settle the annotators' disagreements into the gold layer")),
    ),
    ActionSpec(
        "help.keys",
        HELP,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&Keys")),
        lambda w: w.dialogs.show_help(),
        ("F1",),
        _t(QT_TRANSLATE_NOOP("MainWindow", "this list of keys")),
        enabled_when=always,
    ),
    ActionSpec(
        "help.about",
        HELP,
        _t(QT_TRANSLATE_NOOP("MainWindow", "&About annotator")),
        lambda w: w.dialogs.show_about(),
        enabled_when=always,
    ),
)


def label_actions(labels: Iterable[LabelDef]) -> list[ActionSpec]:
    """One action per label with a key: "شخص (PER) (entity)" in the Annotate menu, after a separator."""
    specs = []
    for label in labels:
        if not label.key:
            continue
        shown = terms.label_name(label.name)  # "شخص (PER)" in Arabic
        specs.append(
            ActionSpec(
                f"label.{label.name}",
                ANNOTATE,
                f"{shown} ({terms.category_name(label.category)})",
                in_workspace(functools.partial(_apply_label, label=label.name)),
                (label.key.upper(),),
                QCoreApplication.translate(
                    "MainWindow", "label {label}: the selected words, or relabel the selected span"
                ).format(label=shown),
                translate=False,
            )
        )
    return specs


class WindowActions:
    """The QActions of `window`, built from `table` with `commands` as their target; `help_rows` for F1."""

    def __init__(self, window: QMainWindow, commands: Commands, table: Sequence[ActionSpec] = ACTIONS):
        self.window, self.commands = window, commands
        self.menus: dict[tuple[str, ...], QMenu] = {}
        self.built: dict[str, tuple[ActionSpec, QAction]] = {}
        self.rows: dict[str, tuple[str, str]] = {}  # id -> (keys, what they do), in the order made
        self.label_ids: list[str] = []
        for spec in table:
            self.add(spec)
        self.menu(ANNOTATE).addSeparator()  # the label keys of the schema come after it

    def __getitem__(self, action_id: str) -> QAction:
        return self.built[action_id][1]

    def menu(self, path: tuple[str, ...]) -> QMenu:
        if path not in self.menus:
            title = translate(path[-1])
            self.menus[path] = (
                self.window.menuBar().addMenu(title) if len(path) == 1 else self.menu(path[:-1]).addMenu(title)
            )
        return self.menus[path]

    def add(self, spec: ActionSpec) -> QAction:
        if spec.id in self.built:
            raise ValueError(f"two actions are called {spec.id!r}")
        text = translate(spec.text) if spec.translate else spec.text
        action = QAction(text, self.window)
        if spec.shortcuts:
            action.setShortcuts([QKeySequence(k) for k in spec.shortcuts])
            named = " / ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in spec.shortcuts)
            if named:  # a standard key the platform does not bind (Preferences, Quit) has no row in F1
                help_text = (
                    (translate(spec.help) if spec.translate else spec.help) if spec.help else text.replace("&", "")
                )
                self.rows[spec.id] = (named, help_text)
        if spec.in_article_only:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.setMenuRole(spec.role)
        action.triggered.connect(lambda *_, call=spec.callback: call(self.commands))
        self.menu(spec.menu).addAction(action)
        self.window.addAction(action)  # shortcuts work while the menu bar is hidden or closed
        self.built[spec.id] = (spec, action)
        return action

    def remove(self, action_id: str) -> None:
        _spec, action = self.built.pop(action_id)
        self.rows.pop(action_id, None)
        for menu in self.menus.values():
            menu.removeAction(action)
        self.window.removeAction(action)
        action.deleteLater()

    # ---- the schema's label keys --------------------------------------------------------------------------
    def set_labels(self, labels: Iterable[LabelDef]) -> None:
        for action_id in self.label_ids:
            self.remove(action_id)
        self.label_ids = []
        for spec in label_actions(labels):
            self.add(spec)
            self.label_ids.append(spec.id)

    @property
    def labels(self) -> list[QAction]:
        return [self[i] for i in self.label_ids]

    # ---- state ----------------------------------------------------------------------------------------
    @property
    def help_rows(self) -> list[tuple[str, str]]:
        return list(self.rows.values())

    def article_actions(self) -> list[QAction]:
        """The actions whose keys act only inside the article: the window adds them to its view."""
        return [action for spec, action in self.built.values() if spec.in_article_only]

    def update_enabled(self, session: Session | None, only: Iterable[str] | None = None) -> None:
        for action_id in self.built if only is None else only:
            spec, action = self.built[action_id]
            action.setEnabled(spec.enabled_when(session))

    def run_latin_shortcut(self, event: QKeyEvent) -> bool:
        """A key no widget and no shortcut took: under an Arabic layout, run the action of the same physical
        key. Only keys nothing else took arrive here, so where Qt already found the Latin key (X11 with a Latin
        layout configured too) the action ran once and this never sees the key."""
        sequence = latin_sequence(event)
        if sequence is None:
            return False
        focus = QApplication.focusWidget()
        for action in self.window.actions():
            if not action.isEnabled() or sequence not in action.shortcuts():
                continue
            if (
                action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut
                and focus not in action.associatedObjects()
            ):
                continue
            action.trigger()
            return True
        return False
