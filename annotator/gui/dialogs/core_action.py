"""Running a core action from a tool panel (curation, suggestions): its refusal is the window's error message;
after it, the session shows the project as the file now holds it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt

from ...core.errors import AnnotatorError
from ..session import Session
from ..status_line import Feedback

# A table cell of Arabic text: right-aligned on screen in either interface direction (a plain AlignRight
# would flip to the left in the mirrored Arabic interface).
ARABIC_CELL = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter


def run_core_action(session: Session, feedback: Feedback, action: Callable[[], object]) -> bool:
    """True when `action` went through (then the session was reloaded from the file, and the status bar says
    "saved" with the time)."""
    try:
        action()
    except AnnotatorError as exc:
        feedback.error(str(exc))
        return False
    session.reload_from_file()
    feedback.saved()
    return True
