"""Running a core action from a dialog of the window (curation, suggestions): its refusal is the window's
error message; after it, the window shows the project as the file now holds it."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt

from ...core.errors import AnnotatorError

# A table cell of Arabic text: right-aligned on screen in either interface direction (a plain AlignRight
# would flip to the left in the mirrored Arabic interface).
ARABIC_CELL = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter


def run_core_action(window, action: Callable[[], object]) -> bool:
    """True when `action` went through (then the session was reloaded from the file, and the status bar says
    "saved" with the time)."""
    try:
        action()
    except AnnotatorError as exc:
        window.show_error(str(exc))
        return False
    window.session.reload_from_file()
    window.note_saved()
    return True
