"""Live changes on a server project (issue 25): another program's committed write reaches an open project
through PostgreSQL's LISTEN/NOTIFY (`Project.watch`), and a location is named for people with its `//` and
without a password (core/locations.py).

The tests that need a server run when ANNOTATOR_TEST_POSTGRES names one (tests/postgres_server.py)."""

from __future__ import annotations

import threading

import pytest
from postgres_databases import drop_databases, new_database, server_or_skip

from annotator.core.locations import display_location, is_server, wants_password, with_password
from annotator.core.model import AnnotatedDocument
from annotator.core.project import Project

ARTICLE = "قال الرئيس إن الاتفاق صامد."
PATIENCE = 30.0  # generous: the test asserts that it arrived, never how fast


@pytest.fixture
def server():
    server_or_skip()
    yield
    drop_databases()


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("postgresql://salma:secret@db.example:5432/news", "postgresql://salma@db.example:5432/news"),
        ("postgresql://salma@db.example/news", "postgresql://salma@db.example/news"),
        ("postgres://u:p%40ss@h/db?sslmode=require&password=x", "postgres://u@h/db?sslmode=require"),
        ("/home/salma/news.annotator", "/home/salma/news.annotator"),
    ],
)
def test_a_location_is_shown_with_its_slashes_and_never_a_password(given, shown):
    assert display_location(given) == shown
    assert "secret" not in display_location(given)


def test_a_typed_password_goes_into_the_connection_s_url_only():
    url = with_password("postgresql://salma@h:5432/news", "s3cr:t@")
    assert url == "postgresql://salma:s3cr%3At%40@h:5432/news"
    assert display_location(url) == "postgresql://salma@h:5432/news"
    assert is_server(url) and not is_server("news.annotator")
    assert wants_password("connection failed: fe_sendauth: no password supplied")
    assert not wants_password("connection refused")


def test_a_file_project_is_named_by_its_path_and_tells_no_one(tmp_path):
    with Project(tmp_path / "news.annotator") as project:
        assert project.display_name == str(tmp_path / "news.annotator")
        assert not project.on_server
        watch = project.watch(lambda payload: None)
        assert watch.live is False
        watch.stop()


def test_a_server_project_is_named_by_its_url_without_the_password(server):
    url = new_database()
    scheme, rest = url.split("://", 1)
    user, host = rest.split("@", 1)
    with Project(f"{scheme}://{user.split(':')[0]}:not-needed@{host}") as project:
        assert project.on_server
        assert project.display_name == f"{scheme}://{user.split(':')[0]}@{host}"
        assert "not-needed" not in project.display_name


def test_another_program_s_write_reaches_the_watch(server):
    url = new_database()
    with Project(url) as writer, Project(url) as reader:
        writer.import_documents([AnnotatedDocument("doc-1", ARTICLE)])
        doc = writer.documents.by_name("doc-1")
        assert doc is not None
        heard: list[dict] = []
        arrived = threading.Event()

        def hear(payload: dict) -> None:
            heard.append(payload)
            arrived.set()

        watch = reader.watch(hear)
        assert watch.live
        own: list[dict] = []
        answered = threading.Event()
        writer.watch(lambda payload: (own.append(payload), answered.set()))
        writer.spans.add(doc.id, "Salma", 0, 3, "PER")
        assert arrived.wait(PATIENCE), "the other program's write never arrived"
        assert {"document_id": doc.id, "annotator": "Salma"} in heard
        watch.stop()
        # the writer is not told of its own write: it hears the reader's later one, and only that
        reader.spans.add(doc.id, "Omar", 0, 3, "PER")
        assert answered.wait(PATIENCE)
        assert own == [{"document_id": doc.id, "annotator": "Omar"}]


def test_a_rolled_back_write_says_nothing(server):
    url = new_database()
    with Project(url) as writer, Project(url) as reader:
        writer.import_documents([AnnotatedDocument("doc-1", ARTICLE)])
        doc = writer.documents.by_name("doc-1")
        assert doc is not None
        heard: list[dict] = []
        arrived = threading.Event()
        reader.watch(lambda payload: (heard.append(payload), arrived.set()))
        with pytest.raises(RuntimeError), writer.store.transaction():
            writer.spans.add(doc.id, "Rolled", 0, 3, "PER")
            raise RuntimeError("changed my mind")
        writer.spans.add(doc.id, "Kept", 0, 3, "PER")
        assert arrived.wait(PATIENCE)
        assert all(payload.get("annotator") != "Rolled" for payload in heard)


def _who_is_where_seen_by_another_window(location) -> None:
    from annotator.core.project_session import ProjectSession

    with Project(location) as setup:
        setup.import_documents([AnnotatedDocument("doc-1", ARTICLE), AnnotatedDocument("doc-2", ARTICLE)])
        ids = {d.name: d.id for d in setup.documents.list()}
        first, second = ids["doc-1"], ids["doc-2"]
    salma, omar = ProjectSession(Project(location), "Salma"), ProjectSession(Project(location), "Omar")
    try:
        salma.start()
        omar.start()
        assert salma.who_is_where() == {} and omar.who_is_where() == {}
        salma.open_document(second)
        omar.open_document(first)
        assert omar.who_is_where() == {second: ["Salma"]}  # never the window itself
        assert salma.who_is_where() == {first: ["Omar"]}
        salma.open_document(first)
        assert omar.who_is_where() == {first: ["Salma"]}
        salma.close()  # a window that closes is nowhere
        assert omar.who_is_where() == {}
    finally:
        salma.close()
        omar.close()


def test_the_sessions_say_who_has_which_document_open_in_a_file(tmp_path):
    _who_is_where_seen_by_another_window(tmp_path / "team.annotator")


def test_the_sessions_say_who_has_which_document_open_on_a_server(server):
    _who_is_where_seen_by_another_window(new_database())


def test_a_window_opening_a_document_is_announced(server):
    url = new_database()
    with Project(url) as setup:
        setup.import_documents([AnnotatedDocument("doc-1", ARTICLE)])
        doc = setup.documents.by_name("doc-1")
        assert doc is not None
    from annotator.core.project_session import ProjectSession

    with Project(url) as watching:
        heard = threading.Event()
        watching.watch(lambda payload: heard.set() if payload.get("sessions") else None)
        salma = ProjectSession(Project(url), "Salma")
        try:
            salma.start()
            salma.open_document(doc.id)
            assert heard.wait(PATIENCE)
        finally:
            salma.close()


def test_a_server_project_of_the_schema_before_is_brought_up_to_date(server):
    """A database made before the sessions said their document (schema 9) gets the column, and the triggers."""
    import psycopg

    url = new_database()
    Project(url).close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TRIGGER annotator_sessions_notify ON sessions")
        conn.execute("DROP TRIGGER annotator_events_notify ON events")
        conn.execute("ALTER TABLE sessions DROP COLUMN document_id")
        conn.execute("UPDATE annotator_schema SET version = 9")
        conn.execute("DELETE FROM annotator_schema WHERE version > 9")
    with Project(url) as project:
        assert project.schema_version == 10
        session = project.sessions.start("Salma")
        project.sessions.set_document(session, None)
        project.sessions.end(session)
        heard = threading.Event()
        project.watch(lambda payload: heard.set())
        with Project(url) as other:
            other.set_setting("x", 1)  # no event: not announced
            other.annotators.add("Omar")  # no event either
            other.import_documents([AnnotatedDocument("doc-0", ARTICLE)])
        assert heard.wait(PATIENCE)  # the trigger is back
    _who_is_where_seen_by_another_window(url)


def test_the_listener_connects_again_when_the_server_drops_it(server):
    import psycopg

    url = new_database()
    with Project(url) as writer, Project(url) as reader:
        writer.import_documents([AnnotatedDocument("doc-1", ARTICLE)])
        doc = writer.documents.by_name("doc-1")
        assert doc is not None
        back, after = threading.Event(), threading.Event()

        def hear(payload: dict) -> None:
            if payload == {}:
                back.set()  # connected again: what was said meanwhile is lost, so the window looks
            elif payload.get("annotator") == "After":
                after.set()

        reader.watch(hear)
        with psycopg.connect(url, autocommit=True) as admin:
            ended = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND query LIKE 'LISTEN%'"
            ).fetchall()
        assert ended == [(True,)]
        assert back.wait(PATIENCE)
        writer.spans.add(doc.id, "After", 0, 3, "PER")
        assert after.wait(PATIENCE)
