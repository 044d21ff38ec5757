"""A project written by an older version is migrated forward when opened, its data kept."""
import sqlite3

import pytest
import sqlite_utils

from annotator.core import store
from annotator.core.errors import InputError
from annotator.core.project import Project


def test_version_one_project_is_migrated(tmp_path):
    path = tmp_path / "old.annotator"
    db = sqlite_utils.Database(path)
    store.migrations.apply(db, stop_before="m002_status")  # the schema of version 1: no status table
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO documents (name, text, sha256, meta) VALUES ('d', 'قال أحمد', "
               "'7d0bbe20e07cdb4fba6d29d8d4b4a5b6d7ff7b2dc7a5f54e6ff14eb8a4e9bd39', '{}')")
    db.execute("INSERT INTO annotators (name) VALUES ('A')")
    db.execute("""INSERT INTO spans (document_id, annotator, start, "end", label, text) VALUES (1, 'A', 4, 8, 'PER', 'أحمد')""")
    db.conn.commit()
    db.close()
    assert "status" not in sqlite_utils.Database(path).table_names()

    with Project(path) as project:
        assert project.schema_version == store.SCHEMA_VERSION == 2
        [span] = project.spans.for_document(1)
        assert span.text == "أحمد"
        project.status.set(1, "A", "done")  # the table added by migration 2 works
        assert project.status.get(1, "A") == "done"


def test_newer_project_is_refused_clearly(tmp_path):
    path = tmp_path / "new.annotator"
    Project(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version = 99")
    with pytest.raises(InputError, match="newer annotator"):
        Project(path)


def test_not_a_project_is_refused(tmp_path):
    path = tmp_path / "notes.annotator"
    path.write_text("hello, not sqlite", encoding="utf-8")
    with pytest.raises(InputError, match="cannot open as a project"):
        Project(path)


def test_pragmas(project):
    conn = project.store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
