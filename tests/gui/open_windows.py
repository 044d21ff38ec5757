"""Opening the real main window in tests."""

from __future__ import annotations

import pytest


def open_window_as_a(qtbot, path, width: int = 1280):
    """The real MainWindow opened on the project at `path` as annotator A (known, never asked), shown."""
    from annotator.gui import settings as prefs
    from annotator.gui.main_window import MainWindow

    prefs.set_annotator_name("A")
    win = MainWindow(ask_name=lambda *a: pytest.fail("the name was already known"), ask_files=lambda *a: [])
    qtbot.addWidget(win)
    assert win.open_project(path)
    win.resize(width, 800)
    win.show()
    qtbot.waitExposed(win)
    return win
