"""Fixtures of the GUI tests: settings in a temporary folder, a small project, a window on it."""

from __future__ import annotations

import pytest
from gui_texts import ARTICLE, SECOND, THIRD
from PySide6.QtCore import QSettings

from annotator.core.model import AnnotatedDocument
from annotator.core.project import Project


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Every test has its own QSettings file, so nothing leaks into the user's or the next test's."""
    folder = tmp_path / "settings"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    yield folder


@pytest.fixture
def project(tmp_path):
    with Project(tmp_path / "news.annotator") as p:
        p.import_documents(
            [
                AnnotatedDocument("01 article", ARTICLE),
                AnnotatedDocument("02 gaza", SECOND),
                AnnotatedDocument("03 cairo", THIRD),
            ]
        )
        p.schema.add_target("إسرائيل")
        p.schema.add_target("الولايات المتحدة")
        yield p


@pytest.fixture
def window(qtbot, project):
    from annotator.gui import settings as prefs
    from annotator.gui.main_window import MainWindow

    prefs.set_annotator_name("A")
    win = MainWindow(ask_name=lambda *a: pytest.fail("the name was already known"))
    qtbot.addWidget(win)
    # The window opens its own Project on the same file (as the app does); the fixture's stays for checks.
    assert win.open_project(project.path)
    win.resize(1300, 800)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.workspace.view.setFocus()
    return win


@pytest.fixture(autouse=True, scope="session")
def empty_clipboard_at_the_end():
    """Qt's offscreen platform crashes at exit (a segmentation fault after every test passed, exit 139)
    when the clipboard still holds data: leave it empty."""
    yield
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        QGuiApplication.clipboard().clear()


@pytest.fixture
def url():
    """A server project with two documents; its URL (the throwaway server trusts its user: no password).
    Skipped without a server (ANNOTATOR_TEST_POSTGRES); dropped when the test ends."""
    from postgres_databases import drop_databases, new_database, server_or_skip

    server_or_skip()
    location = new_database()
    with Project(location) as project:
        project.import_documents([AnnotatedDocument("01 article", ARTICLE), AnnotatedDocument("02 gaza", SECOND)])
    yield location
    drop_databases()
