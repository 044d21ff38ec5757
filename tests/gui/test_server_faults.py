"""A window on a PostgreSQL server project (issue 25) when the connection goes: the next edit shows the red bar
with Retry, as for a busy file; nothing of it is saved; Retry saves it, on a new connection. Skipped without
ANNOTATOR_TEST_POSTGRES (tests/postgres_server.py starts a server)."""

from __future__ import annotations

import pytest
from gui_texts import ARTICLE
from PySide6.QtCore import Qt

from annotator.core.project import Project
from annotator.gui import settings as prefs
from annotator.gui.main_window import MainWindow


def cut_connections(url: str) -> None:
    """The server ends every connection to the project (as when it restarts, or the network drops)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [url.rsplit("/", 1)[1]],
        )


def let_in(url: str, allowed: bool) -> None:
    """A server that refuses new connections to the project (down for a while), or lets them in again."""
    import psycopg

    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{url.rsplit("/", 1)[1]}" ALLOW_CONNECTIONS {str(allowed).lower()}')


def spans_on_server(url: str) -> list[tuple[int, int, str]]:
    with Project(url, read_only=True) as p:
        doc = p.documents.list()[0]
        return [(s.start, s.end, s.label) for s in p.spans.for_document(doc.id, "A")]


def test_a_lost_server_shows_the_red_bar_and_retry_saves_the_edit(qtbot, url):
    prefs.set_annotator_name("A")
    win = MainWindow(ask_name=lambda *a: pytest.fail("the name was already known"))
    qtbot.addWidget(win)
    try:
        assert win.open_project(url)
        win.show()
        qtbot.waitExposed(win)
        i = ARTICLE.index("بايدن")
        win.workspace.view.set_selection(i, i + 5)
        win.workspace.apply_label("PER")
        assert spans_on_server(url) == [(i, i + 5, "PER")]
        cut_connections(url)
        j = ARTICLE.index("نتنياهو")
        win.workspace.view.set_selection(j, j + 7)
        win.workspace.apply_label("PER")
        bar = win.message_bar
        assert not bar.isHidden() and bar.is_problem
        assert "unreachable" in bar.text.text() and "not saved" in bar.text.text()
        assert bar.action_button.isVisible() and bar.action_button.text() == "Retry"
        assert win.saved_label.text().startswith("NOT saved")
        assert spans_on_server(url) == [(i, i + 5, "PER")]  # nothing of the failed edit
        assert len(win.session.layer) == 1  # the window shows the project as it is
        qtbot.mouseClick(bar.action_button, Qt.MouseButton.LeftButton)  # Retry
        assert bar.isHidden() and win.saved_label.text().startswith("saved")
        assert spans_on_server(url) == [(i, i + 5, "PER"), (j, j + 7, "PER")]
        assert len(win.session.layer) == 2
    finally:
        win.close()


def test_retry_while_the_server_is_still_down_fails_again_then_saves(qtbot, url):
    prefs.set_annotator_name("A")
    win = MainWindow(ask_name=lambda *a: pytest.fail("the name was already known"))
    qtbot.addWidget(win)
    try:
        assert win.open_project(url)
        win.show()
        qtbot.waitExposed(win)
        cut_connections(url)
        let_in(url, False)
        i = ARTICLE.index("بايدن")
        win.workspace.view.set_selection(i, i + 5)
        win.workspace.apply_label("PER")  # the window cannot even reload: the bar says so, with Retry
        bar = win.message_bar
        assert not bar.isHidden() and "unreachable" in bar.text.text() and bar.action_button.isVisible()
        qtbot.mouseClick(bar.action_button, Qt.MouseButton.LeftButton)  # Retry, still down
        assert not bar.isHidden() and "unreachable" in bar.text.text() and bar.action_button.isVisible()
        let_in(url, True)
        qtbot.mouseClick(bar.action_button, Qt.MouseButton.LeftButton)  # Retry, back
        assert bar.isHidden() and win.saved_label.text().startswith("saved")
        assert spans_on_server(url) == [(i, i + 5, "PER")]
    finally:
        let_in(url, True)
        win.close()
