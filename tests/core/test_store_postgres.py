"""The PostgreSQL backend (issue 25) beyond the contract every backend keeps (test_store_contract.py): its
tables are the SQLite store's, a project location may be a postgresql:// URL, `annotator copy` carries a
project from a file to a server and back with the same export, and the throwaway server the tests use starts.

The tests that need a server run when ANNOTATOR_TEST_POSTGRES names one (tests/postgres_server.py starts a
throwaway one) and are skipped otherwise; the copy between files runs always."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from postgres_databases import drop_databases, new_database, server_or_skip

from annotator.cli import main
from annotator.core.copying import copy_project
from annotator.core.demo import demo_documents
from annotator.core.errors import InputError
from annotator.core.exporting import export
from annotator.core.model import AnnotatedDocument
from annotator.core.project import Project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server():
    server_or_skip()
    yield
    drop_databases()


@pytest.fixture
def source(tmp_path) -> Path:
    """A project file with the demo articles, their layers, and a few hand-made annotations of each kind."""
    path = tmp_path / "source.annotator"
    with Project(path) as project:
        project.import_documents(demo_documents())
        doc = project.documents.get(project.documents.list()[0].id)
        start = doc.text.index(" ") + 1
        span = project.spans.add(doc.id, "lead", start, start + 3, "PER")
        project.spans.set_attribute(span.id, "note", "نص")
        project.doc_labels.set(doc.id, "lead", "stance", "غزة", "AGAINST")
        project.status.set(doc.id, "lead", "done")
    return path


def jsonl(location: str | Path, out: Path) -> bytes:
    with Project(location, create=False, read_only=True) as project:
        export(project, "jsonl", out)
    return out.read_bytes()


def test_a_copy_between_files_exports_the_same(source, tmp_path):
    report = copy_project(source, tmp_path / "copy.annotator")
    assert report.documents == len(demo_documents()) and report.records > 0 and report.events > 0
    assert jsonl(tmp_path / "copy.annotator", tmp_path / "b.jsonl") == jsonl(source, tmp_path / "a.jsonl")
    with pytest.raises(InputError, match="already exists"):
        copy_project(source, tmp_path / "copy.annotator")


def test_a_failed_copy_leaves_no_file(tmp_path):
    with pytest.raises(InputError):
        copy_project(tmp_path / "missing.annotator", tmp_path / "copy.annotator")
    assert not (tmp_path / "copy.annotator").exists()


def test_the_tables_and_columns_are_the_sqlite_store_s(server, tmp_path):
    """Name for name and in order: a migration added to the SQLite store and not to store/postgres.py fails here."""
    import sqlite3

    import psycopg

    url = new_database()
    Project(url).close()
    Project(tmp_path / "p.annotator").close()
    lite = sqlite3.connect(tmp_path / "p.annotator")
    tables = {
        name: [c[1] for c in lite.execute(f"PRAGMA table_info({name})")]
        for (name,) in lite.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith(("sqlite_", "_sqlite"))
    }
    lite.close()
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
            "'public' ORDER BY table_name, ordinal_position"
        ).fetchall()
    server_tables: dict[str, list[str]] = {}
    for table, column in rows:
        server_tables.setdefault(table, []).append(column)
    assert server_tables.pop("annotator_schema") == ["version"]  # PRAGMA user_version's place
    assert server_tables == tables


def test_a_project_on_a_server_copies_there_and_back_with_the_same_export(server, source, tmp_path, capsys):
    url = new_database()
    assert main(["copy", str(source), url]) == 0
    assert "copied" in capsys.readouterr().out
    expected = jsonl(source, tmp_path / "file.jsonl")
    assert jsonl(url, tmp_path / "server.jsonl") == expected
    assert main(["copy", url, str(tmp_path / "back.annotator")]) == 0
    assert jsonl(tmp_path / "back.annotator", tmp_path / "back.jsonl") == expected
    with Project(url) as project:  # the server's project is a project like any: write, undo
        doc = project.documents.list()[0]
        before = len(project.spans.for_document(doc.id))
        project.spans.add(doc.id, "lead", 0, 1, "PER")
        assert len(project.spans.for_document(doc.id)) == before + 1
        project.history.undo("lead")
        assert len(project.spans.for_document(doc.id)) == before
    with pytest.raises(InputError, match="not empty"):
        copy_project(source, url)
    assert main(["stats", url]) == 0 and main(["check", url]) == 0


def test_the_commands_take_a_url(server, tmp_path, capsys):
    """import, merge, export, search on a project on a server, as on a file (no backup beside it)."""
    url = new_database()
    text = tmp_path / "n.txt"
    text.write_text("قال أحمد إن غزة", encoding="utf-8")
    assert main(["import", url, str(text)]) == 0
    other = tmp_path / "other.annotator"
    assert main(["import", str(other), str(text)]) == 0
    assert main(["merge", url, str(other)]) == 0
    assert main(["search", url, "غزة"]) == 0
    assert "غزة" in capsys.readouterr().out
    assert jsonl(url, tmp_path / "s.jsonl") == jsonl(other, tmp_path / "f.jsonl")
    assert not list(tmp_path.glob("postgres*")) and not Path("postgresql:").exists()


def test_a_database_that_is_not_a_project_is_refused_and_left_alone(server):
    import psycopg

    empty = new_database()
    for opening in (lambda: Project(empty, create=False), lambda: Project(empty, read_only=True)):
        with pytest.raises(InputError, match="holds no annotator project"):
            opening()
    other = new_database()
    with psycopg.connect(other, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(InputError, match="another program"):
        Project(other)
    with psycopg.connect(empty) as conn, psycopg.connect(other) as conn2:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)
        assert conn2.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (1,)


def test_a_project_on_a_server_seen_by_two_programs(server):
    """Two programs on one project: one's change is seen by the other, and writes wait for each other."""
    url = new_database()
    with Project(url) as first, Project(url) as second:
        first.changed_elsewhere()
        second.import_documents([AnnotatedDocument("d", "قال أحمد")])
        assert first.changed_elsewhere() and first.documents.count() == 1
        assert not first.changed_elsewhere()


@pytest.mark.skipif(
    shutil.which("pg_config") is None and not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")),
    reason="no PostgreSQL server installed (apt-get install postgresql)",
)
def test_the_throwaway_server_starts_and_stops():
    """What CI does when ANNOTATOR_TEST_POSTGRES is unset (tests/postgres_server.py)."""
    pytest.importorskip("psycopg")
    import psycopg

    folder = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
    script = [sys.executable, str(ROOT / "tests" / "postgres_server.py")]
    try:
        started = subprocess.run([*script, "start", str(folder)], capture_output=True, text=True, timeout=120)
        if started.returncode != 0 and "no PostgreSQL server found" in started.stderr:
            pytest.skip("no PostgreSQL server installed")
        assert started.returncode == 0, started.stderr
        url = started.stdout.strip()
        assert url.startswith("postgresql://postgres@127.0.0.1:")
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        subprocess.run([*script, "stop", str(folder)], capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def test_one_writer_at_a_time_and_a_busy_server_is_a_message(server):
    """As with SQLite's BEGIN IMMEDIATE: a write transaction waits for another program's, and one that waits too
    long is refused with a message (the store's lock timeout, 5 s; 0.2 s here). The lock goes to the server
    with the transaction's first statement that needs an answer (here the read), ahead of it."""
    from annotator.core.errors import StorageError
    from annotator.core.store.postgres import PostgresStore

    url = new_database()
    first, second = PostgresStore(url), PostgresStore(url)
    try:
        second.conn.execute("SET lock_timeout = 200")
        with first.transaction():
            first.ensure_annotator("A")
            assert first.annotators() == ["A"]
            with pytest.raises(StorageError, match="busy"), second.transaction():
                second.ensure_annotator("B")
        with second.transaction():  # the first one is done: the second may write
            second.ensure_annotator("B")
        assert first.annotators() == ["A", "B"]
    finally:
        first.close()
        second.close()


def test_sqlite_s_spellings_become_postgresql_s():
    pytest.importorskip("psycopg")
    from annotator.core.store.postgres import _translate

    assert _translate("SELECT 1 FROM t WHERE a = ? AND b LIKE '%?%' LIMIT ?")[0] == (
        "SELECT 1 FROM t WHERE a = %s AND b LIKE '%%?%%' LIMIT NULLIF(%s, -1)"
    )
    statement, table, given_ids, as_bytes = _translate("INSERT OR IGNORE INTO annotators (name) VALUES (?)")
    assert (statement, table, given_ids) == (
        "INSERT INTO annotators (name) VALUES (%s) ON CONFLICT DO NOTHING",
        "annotators",
        False,
    )
    statement, table, given_ids, as_bytes = _translate(
        "INSERT OR REPLACE INTO search_words (word, segment, spellings, postings) VALUES (?, ?, ?, ?)"
    )
    assert (
        statement.endswith(
            'ON CONFLICT (word, segment) DO UPDATE SET "spellings" = excluded."spellings", '
            '"postings" = excluded."postings"'
        )
        and as_bytes == 2
    )
    assert _translate('INSERT INTO spans ("id", "label") VALUES (?, ?)')[1:3] == ("spans", True)


def test_messages_about_a_server_project_name_its_url_as_given_without_the_password(server, source, capsys, tmp_path):
    """Project.path of a server project is a stand-in (a Path folds `//`): messages name `display_name`."""
    url = new_database()
    assert main(["copy", str(source), url]) == 0
    capsys.readouterr()
    assert main(["copy", str(source), url]) != 0  # not empty: refused, naming the URL
    err = capsys.readouterr().err
    assert "postgresql://" in err and "postgresql:/p" not in err, err
    assert main(["export", url, "--format", "jsonl", "--annotator", "nobody", "--out", str(tmp_path / "x.jsonl")]) != 0
    err = capsys.readouterr().err
    assert "no annotator 'nobody' in postgresql://" in err, err
