"""The tool windows (Suggestions, Agreement, Curation) as dock panels beside the article.

A tool opened over the article hid the very place a double-click in it had just jumped to. Each tool is now
a `ToolPanel` inside its own `QDockWidget` (object names `suggestions_dock`, `agreement_dock`,
`curation_dock`), docked on the side panel's side of the window, tabbed with the other tools, floatable and
closable. Qt does not mirror dock areas, so the mirrored (Arabic) window docks them on the left. In a window
narrower than NARROW_PX a tool docked at a side moves below the article, which keeps its width; it goes back
when the window is wide again, unless the user has placed the dock since.

Where each dock is, whether it is open and its size are remembered per user (QSettings,
`window/state-ltr` or `window/state-rtl` for the mirrored window): saved when a project closes (and so when
the window closes), restored when a project opens, and the tools that were open open again.

Keys: a tool's own keys (1-9, R, Enter…) act while the keyboard is in it, before the window's shortcuts
(otherwise the window's label keys 1-9 would clash with Curation's); other plain keys stay in the tool as
they did in a window of its own, while Ctrl / Alt combinations and F-keys still reach the window. Esc closes
the tool (hides its dock) and never changes anything.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QKeyCombination, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QHeaderView, QMainWindow, QTableWidget, QWidget

from . import settings as prefs
from .keyboard_layouts import latin_sequence
from .workspace import NARROW_PX

TOOLS = ("suggestions", "agreement", "curation")
# QMainWindow.saveState (each dock's place, size and whether it is open), and the docks moved below the article
# only because the window was narrow; one of each per direction (the mirrored window docks on the other side)
STATE_KEY = "window/state"
BELOW_KEY = "window/tools_below"
OPEN_KEY = "window/tools_open"
STATE_VERSION = 1
SIDE_AREAS = (Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.LeftDockWidgetArea)
FREE_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


def _combination(event: QKeyEvent) -> QKeySequence:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier  # keypad Enter is Enter
    return QKeySequence(QKeyCombination(modifiers, Qt.Key(event.key())))


def _for_the_window(event: QKeyEvent) -> bool:
    """Ctrl / Alt combinations and F-keys: the window's (find, zoom, F1, F6…) wherever the keyboard is."""
    return bool(event.modifiers() & FREE_MODIFIERS) or Qt.Key.Key_F1 <= event.key() <= Qt.Key.Key_F35


class PanelKeys(QObject):
    """An event filter on a tool panel and its widgets: the panel's keys run its slots, before the window's
    shortcuts; under an Arabic layout the Latin key on the same physical key counts too."""

    def __init__(self, panel: QWidget):
        super().__init__(panel)
        self.panel = panel
        self.bindings: list[tuple[QKeySequence, Callable[[], object]]] = []

    def add(self, key: str, slot: Callable[[], object]) -> None:
        self.bindings.append((QKeySequence(key), slot))

    def watch(self) -> None:
        """The panel and every widget in it (again after widgets were added: Qt installs a filter once)."""
        for widget in (self.panel, *self.panel.findChildren(QWidget)):
            widget.installEventFilter(self)

    def slot_for(self, event: QKeyEvent) -> Callable[[], object] | None:
        pressed = [_combination(event)]
        latin = latin_sequence(event)
        if latin is not None:
            pressed.append(latin)
        return next((slot for key, slot in self.bindings if key in pressed), None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) or not isinstance(event, QKeyEvent):
            return False
        slot = self.slot_for(event)
        if kind == QEvent.Type.ShortcutOverride:
            if slot is not None or not _for_the_window(event):
                event.accept()  # a key press for the panel, not a window shortcut
                return True
            return False
        if slot is not None:
            slot()
            return True
        return False


class ColumnFit(QObject):
    """A tool's table in a narrow dock: each column as wide as its contents up to `most` pixels (a longer cell
    is elided, whole in its tooltip), the text column takes the rest. `measure` after filling the table."""

    def __init__(self, table: QTableWidget, text_column: int, most: int = 150, least: int = 120):
        super().__init__(table)
        self.table, self.text_column, self.most, self.least = table, text_column, most, least
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(24)  # Qt's default can be wider than a short column (150 px with some fonts)
        table.viewport().installEventFilter(self)

    def measure(self) -> None:
        header = self.table.horizontalHeader()
        for column in self._others():
            self.table.resizeColumnToContents(column)
            header.resizeSection(column, min(header.sectionSize(column), self.most))
        self.stretch()

    def stretch(self) -> None:
        header = self.table.horizontalHeader()
        used = sum(header.sectionSize(c) for c in self._others())
        header.resizeSection(self.text_column, max(self.least, self.table.viewport().width() - used))

    def _others(self) -> list[int]:
        return [c for c in range(self.table.columnCount()) if c != self.text_column]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.stretch()
        return False


class ToolPanel(QWidget):
    """A tool's content: shown in its ToolDock; `bind` its keys, `tool_closed` undoes what it shows elsewhere."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.open_ = True  # until its dock closes or another panel of the tool replaces it
        self.keys = PanelKeys(self)
        self.bind("Esc", self.close)

    def bind(self, key: str, slot: Callable[[], object]) -> None:
        self.keys.add(key, slot)

    def dock(self) -> QDockWidget | None:
        parent = self.parentWidget()
        return parent if isinstance(parent, QDockWidget) else None

    def finish(self) -> None:
        """Its dock closed, or the tool opened anew: once, take back what it shows elsewhere."""
        if self.open_:
            self.open_ = False
            self.tool_closed()

    def tool_closed(self) -> None:
        """What the tool shows in the window goes (ghosts, the gold column...); it no longer follows the session."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # A plain key no widget of the tool took stays here (the window's label keys are not for a tool).
        if _for_the_window(event):
            super().keyPressEvent(event)
        else:
            event.accept()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Closing the tool closes its dock (the panel stays in it, hidden with it)."""
        dock = self.dock()
        if dock is not None:
            event.ignore()
            dock.close()
        else:
            self.finish()
            super().closeEvent(event)


class ToolDock(QDockWidget):
    closed = Signal(str)  # its name: the user closed it (the × button, Esc in the tool, or its menu entry)

    def __init__(self, name: str, title: str, window: QMainWindow):
        super().__init__(title, window)
        self.name = name
        self.setObjectName(f"{name}_dock")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.setWidget(QWidget())  # until the tool is opened

    def panel(self) -> ToolPanel | None:
        widget = self.widget()
        return widget if isinstance(widget, ToolPanel) else None

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit(self.name)


class ToolDocks(QObject):
    """The window's tool docks: showing a tool's panel, fitting them to the window's width, remembering them."""

    def __init__(
        self,
        window: QMainWindow,
        titles: dict[str, str],
        reopen: Callable[[str], bool],
        closed: Callable[[], object] = lambda: None,
    ):
        super().__init__(window)
        self.window = window
        self.reopen = reopen  # open a tool again (its dock's entry in the window's context menu)
        self.after_close = closed  # a tool was closed (the window gives the keyboard back to the article)
        self.docks: dict[str, ToolDock] = {}
        self.below: set[str] = set()  # moved below the article because the window is narrow
        self._moving = False
        # the side panel's side: Qt keeps dock areas where they are in a right-to-left window
        self.side = (
            Qt.DockWidgetArea.LeftDockWidgetArea if window.isRightToLeft() else Qt.DockWidgetArea.RightDockWidgetArea
        )
        window.setDockOptions(window.dockOptions() | QMainWindow.DockOption.AllowTabbedDocks)
        for name in TOOLS:
            dock = ToolDock(name, titles[name], window)
            window.addDockWidget(self.side, dock)
            if self.docks:
                window.tabifyDockWidget(self.docks[TOOLS[0]], dock)
            dock.hide()
            dock.closed.connect(self._closed)
            dock.dockLocationChanged.connect(lambda _area, n=name: self._placed(n))
            dock.topLevelChanged.connect(lambda _floating, n=name: self._placed(n))
            dock.toggleViewAction().triggered.connect(lambda on, n=name: self._toggled(n, on))
            self.docks[name] = dock

    # ---- showing ------------------------------------------------------------------------------------
    def show(self, name: str, panel: ToolPanel) -> None:
        """Put `panel` in its dock (replacing the tool's earlier panel) and show it beside the article."""
        dock = self.docks[name]
        old = dock.panel()
        if old is not None and old is not panel:
            old.finish()
            old.deleteLater()
        dock.setWidget(panel)  # the dock keeps its short title: tabs stay readable
        panel.keys.watch()
        hidden = dock.isHidden()
        moved_below = hidden and not dock.isFloating() and self.window.width() < NARROW_PX and self._below_first(dock)
        dock.show()
        dock.raise_()  # the front tab, when tabbed with other tools
        panel.setFocus(Qt.FocusReason.ShortcutFocusReason)  # its keys at once (a panel's focus proxy: its list)
        if hidden and not dock.isFloating():
            self.fit_width()
            # moved below just now: a third of the height, not the half or more Qt gives a new bottom dock
            # (the article kept a quarter of a 700 px window)
            self._size(dock, force=moved_below)

    def _below_first(self, dock: ToolDock) -> bool:
        """In a narrow window, a tool about to open at a side goes below the article first (tabbed with those
        there): shown at the side, its width and the article's would widen the window past what it is.
        Whether it moved."""
        if self.window.dockWidgetArea(dock) not in SIDE_AREAS:
            return False
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        there = [d for d in self.docks.values() if not d.isHidden() and self.window.dockWidgetArea(d) == bottom]
        self._move([*there, dock], bottom)
        self.below.add(dock.name)
        return True

    def _size(self, dock: ToolDock, force: bool = False) -> None:
        """Beside the article: 38 % of the window's width; below it: a third of its height (unless it has a
        size already: the user's, or the one remembered)."""
        if self.window.dockWidgetArea(dock) in SIDE_AREAS:
            if force or dock.width() < 300:
                self.window.resizeDocks([dock], [max(320, self.window.width() * 38 // 100)], Qt.Orientation.Horizontal)
        elif force or dock.height() < 160:
            self.window.resizeDocks([dock], [max(180, self.window.height() // 3)], Qt.Orientation.Vertical)

    def open_names(self) -> list[str]:
        return [name for name, dock in self.docks.items() if not dock.isHidden()]

    def close_all(self) -> None:
        """The project closes: every tool goes (its panel dropped), the docks keep their places."""
        for dock in self.docks.values():
            panel = dock.panel()
            dock.hide()
            if panel is not None:
                panel.finish()
                dock.setWidget(QWidget())
                panel.deleteLater()

    def _closed(self, name: str) -> None:
        panel = self.docks[name].panel()
        if panel is not None:
            panel.finish()
        self.after_close()

    def _toggled(self, name: str, on: bool) -> None:
        if on and not self.reopen(name):
            self.docks[name].hide()

    # ---- the window's width -------------------------------------------------------------------------
    def _placed(self, name: str) -> None:
        if not self._moving:
            self.below.discard(name)  # the user's own place from now on

    def _move(self, docks: list[ToolDock], area: Qt.DockWidgetArea) -> None:
        """Into `area`, tabbed together; the tab in front stays in front."""
        front = [d for d in docks if not d.isHidden() and not d.visibleRegion().isEmpty()]
        self._moving = True
        try:
            for dock in docks:
                self.window.addDockWidget(area, dock)
            for dock in docks[1:]:
                self.window.tabifyDockWidget(docks[0], dock)
            for dock in front:
                dock.raise_()
        finally:
            self._moving = False

    def fit_width(self) -> None:
        """Below NARROW_PX the open docks at a side go below the article; above it, back to the side."""
        narrow = self.window.width() < NARROW_PX
        if narrow:
            moving = [
                d
                for d in self.docks.values()
                if not d.isHidden() and not d.isFloating() and self.window.dockWidgetArea(d) in SIDE_AREAS
            ]
            if moving:
                self._move(moving, Qt.DockWidgetArea.BottomDockWidgetArea)
                self.below |= {d.name for d in moving}
                self._size(moving[0], force=True)
        else:
            back = [
                self.docks[n]
                for n in sorted(self.below)
                if not self.docks[n].isFloating()
                and self.window.dockWidgetArea(self.docks[n]) == Qt.DockWidgetArea.BottomDockWidgetArea
            ]
            self.below.clear()
            if back:
                self._move(back, self.side)
                self._size(back[0], force=True)

    # ---- remembering --------------------------------------------------------------------------------
    def _key(self, key: str) -> str:
        return f"{key}-{'rtl' if self.window.isRightToLeft() else 'ltr'}"

    def save(self) -> None:
        prefs.set_value(self._key(STATE_KEY), self.window.saveState(STATE_VERSION))
        prefs.set_value(self._key(BELOW_KEY), sorted(self.below))
        prefs.set_value(self._key(OPEN_KEY), self.open_names())

    def restore(self) -> list[str]:
        """Put the docks where they were; the names of those that were open (hidden until their tool is built)."""
        state = prefs.value(self._key(STATE_KEY))
        if not isinstance(state, QByteArray) or state.isEmpty():
            return []
        if self.window.width() < NARROW_PX:
            # Qt lays the docks out as they were saved: beside the article, from a wider window, they do not fit
            # a window of 640 px, and restoreState crashes (a segmentation fault inside Qt 6.11 with Agreement's
            # panel). A narrow window puts open tools below the article anyway (fit_width): it reopens those
            # that were open, and they go there.
            return self._names(OPEN_KEY)
        self._moving = True
        try:
            restored = self.window.restoreState(state, STATE_VERSION)
        finally:
            self._moving = False
        if not restored:
            return []
        self.below = set(self._names(BELOW_KEY))
        opened = self.open_names()
        for name in opened:
            self.docks[name].hide()
        return opened

    def _names(self, key: str) -> list[str]:
        """Tool names remembered under `key` (QSettings gives one name back as a text, not a list)."""
        found = prefs.value(self._key(key), [])
        return [n for n in ([found] if isinstance(found, str) else found or []) if n in self.docks]
