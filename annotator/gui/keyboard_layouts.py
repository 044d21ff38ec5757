"""Keys that work whatever keyboard layout is active: Arabic letters and digits back to the Latin key.

A linguist types Arabic, so the Arabic layout is often the active one when they press a label key: the
key marked Q then sends ض, the key marked 1 may send ١. Qt finds the Latin key itself only where the
platform tells it (X11/Wayland with a Latin layout also configured: xkb's "latin fallback" in Qt's
possibleKeys; Windows' virtual keys); everywhere else the key press reaches the window unmatched. There
`latin_equivalent` maps it to the key on the same physical key of the standard Arabic (101) PC layout (the
same on Windows, X11 `ara` and macOS "Arabic – PC"), and Arabic-Indic / Eastern Arabic-Indic digits to
0-9, so the window can run the action bound to that key.

Keys that work whatever has the focus: Ctrl+Z and Ctrl+Shift+Z (Ctrl+Y) are the project's undo and redo in
every part of the window (`UndoKeys`). Qt offers them to a focused line edit first, for its own text undo, so
while the find field (or a quotation's target, or a new stance target) had the focus the window's Undo never
ran, even right after Label all said "one undo step: Ctrl+Z". The window's one-line fields hand these keys to
the window's actions, always: a field's text undo is given up (its text is short and typed again in a
moment), and Ctrl+Z means one thing wherever the focus is. With nothing to undo the key does nothing, as in
the article.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

# Unshifted: the Arabic letter on each key of the Arabic (101) layout -> the key's Latin letter or sign.
# B sends the lam-alef ligature: one presentation-form character on X11, two letters (لا) on Windows.
ARABIC_101 = {
    "ذ": "`",
    "ض": "q",
    "ص": "w",
    "ث": "e",
    "ق": "r",
    "ف": "t",
    "غ": "y",
    "ع": "u",
    "ه": "i",
    "خ": "o",
    "ح": "p",
    "ج": "[",
    "د": "]",
    "ش": "a",
    "س": "s",
    "ي": "d",
    "ب": "f",
    "ل": "g",
    "ا": "h",
    "ت": "j",
    "ن": "k",
    "م": "l",
    "ك": ";",
    "ط": "'",
    "ئ": "z",
    "ء": "x",
    "ؤ": "c",
    "ر": "v",
    "لا": "b",
    "\ufefb": "b",
    "ى": "n",
    "ة": "m",
    "و": ",",
    "ز": ".",
    "ظ": "/",
}
# Shifted: only the Arabic-script signs (Latin ones such as [ or ~ are ambiguous with their own key).
ARABIC_101_SHIFTED = {
    "\u064e": "q",
    "\u064b": "w",
    "\u064f": "e",
    "\u064c": "r",
    "لإ": "t",
    "\ufef9": "t",
    "إ": "y",
    "؛": "p",
    "\u0650": "a",
    "\u064d": "s",
    "لأ": "g",
    "\ufef7": "g",
    "أ": "h",
    "ـ": "j",
    "،": "k",
    "\u0652": "x",
    "لآ": "b",
    "\ufef5": "b",
    "آ": "n",
    "؟": "/",
}
_DIGIT_ZEROS = (0x0660, 0x06F0)  # Arabic-Indic ٠..٩ and Eastern Arabic-Indic (Persian, Urdu) ۰..۹


def latin_equivalent(text: str, *, shifted: bool = False) -> str | None:
    """The Latin key (lower case) on the same physical key as `text` typed on the Arabic layout, or None."""
    if len(text) == 1 and any(zero <= ord(text) <= zero + 9 for zero in _DIGIT_ZEROS):
        return str(int(text))  # int() reads every Unicode decimal digit
    table = ARABIC_101_SHIFTED if shifted else ARABIC_101
    return table.get(text)


def latin_sequence(event: QKeyEvent) -> QKeySequence | None:
    """The key sequence `event` would be on a Latin layout (same physical key, same modifiers), or None.

    Looks at the text first (what the layout produced), then at the key code: with Ctrl held the text is a
    control character, but Qt still names the key by its letter (Ctrl+ض comes as key 0x636).
    """
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    shifted = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
    latin = None
    if event.text() and event.text().isprintable():
        latin = latin_equivalent(event.text(), shifted=shifted)
    code = event.key()
    if latin is None and 0x20 < code < 0x110000 and code != Qt.Key.Key_unknown:
        latin = latin_equivalent(chr(code), shifted=shifted)
    if latin is None:
        return None
    # A shifted Arabic sign already says Shift: the Latin sequence is Shift + the key's base.
    key = Qt.Key(ord(latin.upper()))
    return QKeySequence(QKeyCombination(modifiers, key))


class UndoKeys(QObject):
    """An event filter on the line edits of a window: the keys of `actions` (undo, redo) run those actions."""

    def __init__(self, actions: Sequence[QAction], parent: QObject | None = None):
        super().__init__(parent)
        self.actions = list(actions)

    def watch(self, root: QWidget) -> None:
        """Every line edit inside `root`, editable combo boxes' included (again after a part is rebuilt: Qt
        installs one filter once)."""
        for edit in root.findChildren(QLineEdit):
            edit.installEventFilter(self)

    def _action_for(self, event: QKeyEvent) -> QAction | None:
        keys = QKeySequence(event.keyCombination())
        return next((action for action in self.actions if keys in action.shortcuts()), None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) or not isinstance(event, QKeyEvent):
            return False
        action = self._action_for(event)
        if action is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.ignore()  # not the field's key: the window's shortcut runs
        elif action.isEnabled():  # a key press reaches the field only when no enabled shortcut took it
            action.trigger()
        return True
