"""A project on a PostgreSQL server in the window (issue 25): named by its URL with its `//` and never a
password (title, recent projects, settings), opened from File › Open server project… and from the start page,
a password the server asks for given to the connection only, and another annotator's write appearing by
itself (LISTEN/NOTIFY, not the polling timer).

Needs a server: ANNOTATOR_TEST_POSTGRES (tests/postgres_server.py starts a throwaway one)."""

from __future__ import annotations

import pytest
from postgres_databases import drop_databases

from annotator.core.errors import StorageError
from annotator.core.project import Project
from annotator.gui import project_files
from annotator.gui import settings as prefs
from annotator.gui.main_window import MainWindow

SECRET = "hunter2-not-stored"
WAIT_MS = 30_000  # generous: the tests ask that it arrives, never how fast


def _with_secret(url: str) -> str:
    scheme, rest = url.split("://", 1)
    user, host = rest.split("@", 1)
    return f"{scheme}://{user}:{SECRET}@{host}"


def _window(qtbot) -> MainWindow:
    prefs.set_annotator_name("A")
    win = MainWindow(ask_name=lambda *a: pytest.fail("the name was already known"))
    qtbot.addWidget(win)
    return win


def test_a_server_project_is_named_by_its_url_without_the_password(qtbot, url, isolated_settings):
    win = _window(qtbot)
    assert win.open_project(_with_secret(url))
    assert win.windowTitle() == f"annotator — {url} — annotating as A"
    assert prefs.recent_projects()[0] == url
    win.session.open_index(1)  # the last document is remembered under the URL too
    win.close_project()
    assert [win.start_page.recent.item(i).text() for i in range(win.start_page.recent.count())] == [url]
    settings_text = "".join(p.read_text(encoding="utf-8") for p in isolated_settings.rglob("*.ini"))
    assert SECRET not in settings_text and url in settings_text.replace("\\", "")
    # the start page's recent entry opens it again, on the document left open
    win.start_page.recentChosen.emit(url)
    assert win.project is not None and win.project.display_name == url
    assert win.session.document.name == "02 gaza"


def test_file_open_server_project_asks_for_the_url(qtbot, url):
    win = _window(qtbot)
    offered: list[list[str]] = []
    win.project_files.ask_url = lambda parent, recent: offered.append(recent) or url
    win.menu_actions["file.server"].trigger()
    assert win.project is not None and win.project.on_server
    assert win.project.display_name == url
    # the File menu's dialog offers it again, with the server projects opened lately
    win.close_project()
    win.menu_actions["file.server"].trigger()
    assert offered == [[], [url]] and win.project.display_name == url


def test_the_server_project_dialog_takes_a_url_only(qtbot):
    from annotator.gui.dialogs.server_project import ServerProjectDialog

    dialog = ServerProjectDialog(None, ["postgresql://salma@db.example.org/news"])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert dialog.url() == "postgresql://salma@db.example.org/news" and ok.isEnabled()
    dialog.field.setText("news.annotator")
    assert not ok.isEnabled()


def test_a_password_the_server_asks_for_goes_to_the_connection_only(qtbot, url, monkeypatch, isolated_settings):
    opened: list[str] = []
    real = project_files.Project

    def server_wanting_a_password(location, **options):
        opened.append(str(location))
        if SECRET not in str(location):
            raise StorageError(f"{location}: cannot reach the PostgreSQL server (fe_sendauth: no password supplied)")
        return real(location, **options)

    monkeypatch.setattr(project_files, "Project", server_wanting_a_password)
    win = _window(qtbot)
    asked: list[str] = []
    win.project_files.ask_password = lambda parent, where, again: asked.append(where) or SECRET
    assert win.open_project(url)
    assert asked == [url]  # the prompt names the server, without a password
    assert opened == [url, _with_secret(url)]
    assert SECRET not in win.windowTitle()
    settings_text = "".join(p.read_text(encoding="utf-8") for p in isolated_settings.rglob("*.ini"))
    assert SECRET not in settings_text
    assert win.project.get_setting("password") is None
    # cancelling the prompt opens nothing
    win.close_project()
    win.project_files.ask_password = lambda parent, where, again: None
    assert not win.open_project(url)
    assert win.project is None


def test_another_annotators_span_appears_by_itself(qtbot, url):
    win = _window(qtbot)
    assert win.open_project(url)
    assert win.live.live and not win.timers[0].isActive()  # not polled: the server says when
    doc_id = win.session.document_id
    with Project(url) as other:  # another program, another connection
        span = other.spans.add(doc_id, "A", 0, 3, "PER")
        qtbot.waitUntil(lambda: win.session.layer.span(span.id) is not None, timeout=WAIT_MS)
    win.close_project()


def _finish(qtbot, dialog):
    qtbot.waitUntil(lambda: dialog.job is not None and dialog.job.outcome is not None, timeout=WAIT_MS)
    return dialog.job.outcome


def test_import_and_check_run_on_the_server_project_itself(qtbot, url, tmp_path):
    """The jobs open their own connection to the project: to the server's URL, never to a made-up file."""
    incoming = tmp_path / "incoming.txt"
    incoming.write_text("قالت الوزيرة إن المحادثات مستمرة", encoding="utf-8")
    win = _window(qtbot)
    assert win.open_project(url)
    win.dialogs.import_dialog([str(incoming)])
    dialog = win.dialogs.job_dialog
    qtbot.addWidget(dialog)
    dialog.start_button.click()
    assert _finish(qtbot, dialog) == "done", dialog.status.text()
    with Project(url, create=False, read_only=True) as project:
        assert "incoming" in [d.name for d in project.documents.list()]
    win.dialogs.check_dialog()
    dialog = win.dialogs.job_dialog
    qtbot.addWidget(dialog)
    assert _finish(qtbot, dialog) == "done"
    assert dialog.status.text().startswith("the project is sound")
    assert not list(tmp_path.rglob("*postgres*"))  # no file was made for the URL


def _who_is_here_shown(qtbot, location) -> None:
    from annotator.gui.panels.documents import HERE_MARK

    mine = _window(qtbot)
    assert mine.open_project(location)
    prefs.set_annotator_for(location, "Salma")
    theirs = MainWindow(ask_name=lambda *a: pytest.fail("the name was already known"))
    qtbot.addWidget(theirs)
    assert theirs.open_project(location) and theirs.session.annotator == "Salma"
    theirs.session.open_index(1)
    navigator = mine.workspace.navigator
    qtbot.waitUntil(lambda: navigator.topLevelItem(1).text(0).endswith(HERE_MARK), timeout=WAIT_MS)
    assert "Salma is here" in navigator.topLevelItem(1).toolTip(0)
    assert not navigator.topLevelItem(0).text(0).endswith(HERE_MARK)  # my own document: no mark for me
    assert not theirs.workspace.navigator.topLevelItem(1).text(0).endswith(HERE_MARK)
    theirs.close_project()
    qtbot.waitUntil(lambda: not navigator.topLevelItem(1).text(0).endswith(HERE_MARK), timeout=WAIT_MS)
    mine.close_project()


def test_the_documents_list_shows_who_is_working_on_what_on_a_server(qtbot, url):
    _who_is_here_shown(qtbot, url)


def test_the_documents_list_shows_who_is_working_on_what_in_a_file(qtbot, project):
    _who_is_here_shown(qtbot, project.path)


def test_a_reader_s_window_opens_read_only_saying_why(qtbot, url, isolated_settings):
    """A role made a reader (`annotator users URL add NAME --reader`) may write nothing, not even its session:
    the window opens the project read-only with the reason in the red bar, instead of failing."""
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    from annotator.core import server_users

    reader = f"reed_{uuid.uuid4().hex[:8]}"
    with Project(url) as project:
        server_users.add_user(project, reader, "reader")
        groups = list(project.store.roles.groups().values())  # type: ignore[attr-defined]
    parts = urlsplit(url)
    as_reader = urlunsplit((parts.scheme, f"{reader}@{parts.netloc.split('@')[-1]}", parts.path, "", ""))
    try:
        prefs.set_annotator_name(reader)
        win = MainWindow(ask_name=lambda *a: pytest.fail("the name was already known"))
        qtbot.addWidget(win)
        assert win.open_project(as_reader)
        assert win.windowTitle().endswith("(read-only)")
        assert win.message_bar.is_problem and "is a reader of postgresql://" in win.message_bar.text.text()
        assert "Searches read every document" not in win.message_bar.text.text()  # the index is current
        assert win.session.documents and win.hold is not None and not win.hold.writing
        win.close_project()
        with Project(url) as project, project.store.transaction():  # an index an older annotator made
            project.store.set_setting("search_index", "index 0 made by other rules")
        assert win.open_project(as_reader)  # a reader cannot build it again: it says what that costs
        assert "Searches read every document until an annotator opens it" in win.message_bar.text.text()
        win.close_project()
    finally:
        drop_databases()
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            for role in [reader, *groups]:
                conn.execute(psycopg.sql.SQL("DROP ROLE IF EXISTS {}").format(psycopg.sql.Identifier(role)))
