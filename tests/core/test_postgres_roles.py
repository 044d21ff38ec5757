"""Security in the database (issue 25): `annotator users URL add NAME [--curator | --reader]` makes a PostgreSQL
role whose rights the server itself enforces (grants and row-level security, core/store/postgres_roles.py).
Connected as one annotator's role with plain psycopg, another annotator's rows cannot be changed, deleted or
added to; its own can; a curator writes gold; a reader writes nothing; the app, opened with the role's URL,
labels, undoes and marks done as that annotator, and another's layer is refused in one line.

Skipped without a server (ANNOTATOR_TEST_POSTGRES: tests/postgres_server.py starts one). Roles belong to
the whole server, not to a database: each test's roles have names of their own and are dropped at its end."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from postgres_databases import drop_databases, new_database, server, server_or_skip

from annotator.cli import main
from annotator.core import server_users
from annotator.core.demo import demo_documents
from annotator.core.errors import InputError, NotFound, StorageError
from annotator.core.model import GOLD
from annotator.core.project import Project


def as_role(url: str, role: str) -> str:
    """The project's URL, connecting as `role` (no password: the test server trusts 127.0.0.1)."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, f"{quote(role, safe='')}@{host}", parts.path, parts.query, parts.fragment))


def _drop_roles(names: list[str]) -> None:
    import psycopg
    from psycopg import sql

    url = server()
    assert url is not None
    with psycopg.connect(url, autocommit=True) as conn:
        for name in names:
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


@dataclass
class Team:
    url: str  # as the owner
    document: int
    salma: str  # an annotator
    lead: str  # a curator
    reed: str  # a reader
    alice_span: int  # a span of annotator "alice" (no role: added by the owner)
    salma_span: int
    gold_span: int


@pytest.fixture
def team() -> Iterator[Team]:
    server_or_skip()
    tag = uuid.uuid4().hex[:8]
    salma, lead, reed = f"salma_{tag}", f"lead_{tag}", f"reed_{tag}"
    url = new_database()
    groups: list[str] = []
    try:
        with Project(url) as project:
            project.import_documents(demo_documents()[:1])
            doc = project.documents.list()[0].id
            alice = project.spans.add(doc, "alice", 0, 3, "PER").id
            own = project.spans.add(doc, salma, 4, 8, "PER").id
            gold = project.spans.add(doc, GOLD, 0, 3, "PER").id
            assert server_users.add_user(project, salma) is True
            assert server_users.add_user(project, lead, "curator") is True
            assert server_users.add_user(project, reed, "reader") is True
            groups = list(project.store.roles.groups().values())  # type: ignore[attr-defined]
        yield Team(url, doc, salma, lead, reed, alice, own, gold)
    finally:
        drop_databases()
        _drop_roles([salma, lead, reed, *groups])


def connect(team: Team, role: str):  # plain psycopg: what any program connecting as that role can do
    import psycopg

    return psycopg.connect(as_role(team.url, role), autocommit=True)


def spans(team: Team) -> dict[int, tuple[str, str]]:
    import psycopg

    with psycopg.connect(team.url) as conn:
        return {i: (a, label) for i, a, label in conn.execute("SELECT id, annotator, label FROM spans")}


def insert_span(conn, team: Team, annotator: str) -> None:
    conn.execute(
        "INSERT INTO spans (document_id, annotator, start, \"end\", label, text) VALUES (%s, %s, 9, 12, 'PER', 'x')",
        [team.document, annotator],
    )


def test_an_annotator_cannot_change_delete_or_add_to_another_s_layer(team):
    import psycopg

    before = spans(team)
    with connect(team, team.salma) as conn:
        assert len(conn.execute("SELECT id FROM spans").fetchall()) == 3  # it reads every layer
        assert conn.execute("UPDATE spans SET label = 'ORG' WHERE id = %s", [team.alice_span]).rowcount == 0
        assert conn.execute("DELETE FROM spans WHERE id = %s", [team.alice_span]).rowcount == 0
        assert conn.execute("DELETE FROM spans WHERE annotator = 'alice'").rowcount == 0
        assert (
            conn.execute("UPDATE spans SET annotator = %s WHERE id = %s", [team.salma, team.alice_span]).rowcount == 0
        )
        assert conn.execute("DELETE FROM spans WHERE id = %s", [team.gold_span]).rowcount == 0
        for layer in ("alice", GOLD):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                insert_span(conn, team, layer)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor give its own span away
            conn.execute("UPDATE spans SET annotator = 'alice' WHERE id = %s", [team.salma_span])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor write the history in another's name
            conn.execute("INSERT INTO events (annotator, at, action) VALUES ('alice', 'now', 'span.add')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # the documents are the curators'
            conn.execute("UPDATE documents SET name = 'x'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # and the schema too
            conn.execute("DELETE FROM settings")
    assert spans(team) == before


def test_an_annotator_writes_its_own_layer(team):
    with connect(team, team.salma) as conn:
        assert conn.execute("UPDATE spans SET label = 'ORG' WHERE id = %s", [team.salma_span]).rowcount == 1
        insert_span(conn, team, team.salma)
        assert conn.execute("DELETE FROM spans WHERE annotator = %s", [team.salma]).rowcount == 2
        conn.execute("INSERT INTO events (annotator, at, action) VALUES (%s, 'now', 'span.add')", [team.salma])
    assert sorted(a for a, _ in spans(team).values()) == ["alice", GOLD]


def test_a_curator_writes_gold_and_the_schema_and_only_renames_in_other_layers(team):
    import psycopg

    with connect(team, team.lead) as conn:
        assert conn.execute("UPDATE spans SET label = 'ORG' WHERE id = %s", [team.gold_span]).rowcount == 1
        insert_span(conn, team, GOLD)
        assert conn.execute("DELETE FROM spans WHERE annotator = %s AND start = 9", [GOLD]).rowcount == 1
        conn.execute("INSERT INTO settings (key, value_json) VALUES ('x', '1')")
        assert conn.execute("UPDATE spans SET label = 'LOC' WHERE label = 'PER'").rowcount == 2  # a schema rename
        assert conn.execute("DELETE FROM spans WHERE id = %s", [team.alice_span]).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            insert_span(conn, team, "alice")


def test_a_reader_writes_nothing(team):
    import psycopg

    before = spans(team)
    with connect(team, team.reed) as conn:
        assert len(conn.execute("SELECT id FROM spans").fetchall()) == 3
        for statement in (
            "DELETE FROM spans",
            "UPDATE spans SET label = 'ORG'",
            "DELETE FROM settings",
            "INSERT INTO annotators (name) VALUES ('x')",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        for layer in (team.reed, GOLD):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                insert_span(conn, team, layer)
    assert spans(team) == before


def test_the_app_as_an_annotator_labels_undoes_and_marks_done(team):
    with Project(as_role(team.url, team.salma), create=False) as project:
        assert server_users.signed_in(project) == server_users.ServerUser(team.salma, "annotator")
        span = project.spans.add(team.document, team.salma, 9, 12, "PER")
        project.status.set(team.document, team.salma, "done")
        assert project.status.get(team.document, team.salma) == "done"
        project.history.undo(team.salma)
        project.history.undo(team.salma)
        assert project.spans.for_document(team.document, team.salma)[-1].id != span.id
        project.history.redo(team.salma)  # the span again, under its old id (the sequence is put past it)
        assert span.id in {s.id for s in project.spans.for_document(team.document, team.salma)}
        project.spans.add(team.document, team.salma, 12, 15, "PER")  # a new id after that
        session = project.sessions.start(team.salma)
        assert project.sessions.heartbeat(session)
        project.sessions.end(session)
        for write in (
            lambda: project.spans.add(team.document, "alice", 9, 12, "PER"),
            lambda: project.spans.delete(team.alice_span),
            lambda: project.spans.update(team.gold_span, label="ORG"),
            lambda: project.status.set(team.document, "alice", "done"),
        ):
            with pytest.raises(StorageError, match=f"the server refused this change: role '{team.salma}'"):
                write()
    assert spans(team)[team.alice_span] == ("alice", "PER")


def test_an_arabic_name_is_a_role_and_a_name_too_long_is_refused(team, capsys):
    name = f"سلمى_{uuid.uuid4().hex[:6]}"
    try:
        assert main(["users", team.url, "add", name]) == 0
        out = capsys.readouterr().out
        assert f'ALTER ROLE "{name}" PASSWORD' in out
        with Project(as_role(team.url, name), create=False) as project:
            project.spans.add(team.document, name, 9, 12, "PER")
            with pytest.raises(StorageError, match="refused"):
                project.spans.add(team.document, team.salma, 9, 12, "PER")
        assert main(["users", team.url, "list"]) == 0
        assert f"annotator  {name}" in capsys.readouterr().out
        assert main(["users", team.url, "add", name, "--curator"]) == 0  # another kind: the same role
        with Project(team.url) as project:
            assert {u.name: u.kind for u in server_users.list_users(project)}[name] == "curator"
        assert main(["users", team.url, "remove", name]) == 0
        assert "its role was dropped" in capsys.readouterr().out
    finally:
        _drop_roles([name])
    for bad in ("ب" * 32, GOLD, "pg_x", "public", " salma"):
        assert main(["users", team.url, "add", bad]) == 2
        assert capsys.readouterr().err.count("\n") == 1


def test_users_refuse_a_file_and_an_unknown_user(team, tmp_path, capsys):
    assert main(["users", str(tmp_path / "p.annotator"), "list"]) == 2
    assert "PostgreSQL server" in capsys.readouterr().err
    assert not (tmp_path / "p.annotator").exists()
    with Project(team.url) as project, pytest.raises(NotFound):
        server_users.remove_user(project, "nobody")
    with Project(team.url) as project, pytest.raises(InputError, match="owner or a superuser"):
        server_users.add_user(project, urlsplit(team.url).username or "")


def test_the_app_as_a_curator_curates_and_edits_the_schema(team):
    from annotator.core import curation

    with Project(as_role(team.url, team.lead), create=False) as project:
        project.spans.add(team.document, GOLD, 9, 12, "PER")
        project.history.undo(GOLD)
        project.schema.add_target("غزة_x")  # the schema: settings and an event under no annotator
        project.schema.update_label("PER", new_name="PERSON")  # renamed in every layer
        unit = next(u for u in curation.units(project, team.document, ["alice", team.salma]) if u.start == 0)
        curation.reject(project, team.document, unit)  # gold's span goes, a curation mark comes
    assert sorted(spans(team).values()) == [("alice", "PERSON"), (team.salma, "PERSON")]
    with Project(as_role(team.url, team.salma), create=False) as project, pytest.raises(StorageError, match="refused"):
        project.schema.add_target("another")  # an annotator does not change the schema


def test_only_the_owner_manages_users(team, capsys):
    assert main(["users", as_role(team.url, team.lead), "add", "someone_else"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"role '{team.lead}' may not manage this project's users" in err
    with Project(team.url) as project:
        assert [u.name for u in server_users.list_users(project)] == sorted([team.lead, team.reed, team.salma])


def test_an_owner_that_is_no_superuser_keeps_every_right(tmp_path):
    """As on a managed server: the project's owner may create roles but is no superuser; FORCE puts it under
    the policies, and its own policy keeps every layer its to write (copy, import, merge)."""
    import psycopg
    from psycopg import sql

    server_or_skip()
    tag = uuid.uuid4().hex[:8]
    owner, salma = f"owner_{tag}", f"salma_{tag}"
    url = new_database()
    database = urlsplit(url).path.lstrip("/")
    groups: list[str] = []
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEROLE").format(sql.Identifier(owner)))
        admin.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(database), sql.Identifier(owner)))
        admin.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(sql.Identifier(owner)))
    try:
        with Project(as_role(url, owner)) as project:
            project.import_documents(demo_documents()[:1])
            doc = project.documents.list()[0].id
            server_users.add_user(project, salma)
            groups = list(project.store.roles.groups().values())  # type: ignore[attr-defined]
            for layer in ("alice", salma, GOLD):
                span = project.spans.add(doc, layer, 0, 3, "PER")
                project.spans.update(span.id, label="ORG")
                project.status.set(doc, layer, "done")
            project.spans.delete(span.id)
            project.history.undo(GOLD)
            project.schema.add_target("هدف")
            assert {s.annotator for s in project.spans.for_document(doc)} == {"alice", salma, GOLD}
        with Project(as_role(url, salma), create=False) as project:
            with pytest.raises(StorageError, match="refused"):
                project.spans.add(doc, "alice", 4, 8, "PER")
            project.spans.add(doc, salma, 4, 8, "PER")
        copy = tmp_path / "back.annotator"
        assert main(["copy", as_role(url, owner), str(copy)]) == 0
    finally:
        drop_databases()
        _drop_roles([salma, *groups, owner])


def test_a_reader_s_window_opens_read_only_and_an_annotator_s_writes(team):
    """The database refuses a reader's every write, its session row included: opening for a window reads only,
    saying why, instead of failing; an annotator's role and the owner start a session as before."""
    from annotator.core.project_session import ProjectSession

    with Project(as_role(team.url, team.reed), create=False) as project:
        hold = ProjectSession(project, team.reed)
        hold.start()
        assert hold.read_only and not hold.writing
        assert "is a reader of postgresql://" in (project.read_only_reason or "")
        assert len(project.spans.for_document(team.document)) == 3  # it reads everything
    for url, name in ((as_role(team.url, team.salma), team.salma), (team.url, "owner")):
        with Project(url, create=False) as project:
            hold = ProjectSession(project, name)
            hold.start()
            assert hold.writing and not hold.read_only
            hold.close()


def test_a_reader_s_upgrade_says_it_may_not_write_and_the_owner_s_brings_the_project_up_to_date(team, capsys):
    with Project(team.url, create=False) as project, project.store.transaction():
        project.store.set_setting("search_index", "index 0 made by other rules")
    reader = as_role(team.url, team.reed)
    assert main(["upgrade", reader]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not brought up to date (its search index" in err, err
    assert "reader" in err and "another program" not in err, err
    assert main(["upgrade", team.url]) == 0
    assert "brought up to date (search index)" in capsys.readouterr().out
