"""Running a core action from a dialog of the window (curation, suggestions): its refusal is the window's
error message; after it, the window shows the project as the file now holds it."""
from __future__ import annotations

from collections.abc import Callable

from ...core.errors import AnnotatorError


def run_core_action(window, action: Callable[[], object]) -> bool:
    """True when `action` went through (and the session was reloaded from the file)."""
    try:
        action()
    except AnnotatorError as exc:
        window.show_error(str(exc))
        return False
    window.session.reload_from_file()
    return True
