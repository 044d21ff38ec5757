"""A project written by an older version is migrated forward when opened, its data kept."""

import hashlib
import sqlite3

import pytest
import sqlite_utils

from annotator.core import store
from annotator.core.errors import InputError
from annotator.core.model import AnnotatedDocument, DocumentId, Layer, SpanRecord
from annotator.core.project import Project
from annotator.core.store.opening import APPLICATION_ID


def test_version_one_project_is_migrated(tmp_path):
    path = tmp_path / "old.annotator"
    db = sqlite_utils.Database(path)
    store.migrations.apply(db, stop_before="m002_status")  # the schema of version 1: no status table
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO documents (name, text, sha256, meta) VALUES ('d', 'قال أحمد', ?, '{}')",
        [hashlib.sha256("قال أحمد".encode()).hexdigest()],
    )
    db.execute("INSERT INTO annotators (name) VALUES ('A')")
    db.execute("""INSERT INTO spans (document_id, annotator, start, "end", label, text)
                  VALUES (1, 'A', 4, 8, 'PER', 'أحمد')""")
    db.conn.commit()
    db.close()
    assert "status" not in sqlite_utils.Database(path).table_names()

    with Project(path) as project:
        assert project.schema_version == store.SCHEMA_VERSION == 10
        # a project made before application ids is recognised by its tables, and gets ours on migration
        assert project.store.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert project.check() == []
        [rows] = project.layer_rows([DocumentId(1)], ["A"])  # token counts stored when opened (version 6)
        assert rows.tokens == 2
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


def test_refusing_a_newer_project_changes_nothing(tmp_path):
    path = tmp_path / "new.annotator"
    with sqlite3.connect(path) as raw:  # a newer version's project in rollback-journal mode
        raw.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY)")
        raw.execute("PRAGMA user_version = 99")
        raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    raw.close()
    before = path.read_bytes()
    with pytest.raises(InputError, match="newer annotator"):
        Project(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.annotator"]  # no -wal / -shm either


@pytest.mark.parametrize(
    "content, reason", [(b"", "empty \\(0 bytes\\)"), (b"hello, not sqlite", "not an SQLite file")]
)
def test_a_file_that_is_not_a_project_is_refused_and_left_alone(tmp_path, content, reason):
    path = tmp_path / "notes.annotator"
    path.write_bytes(content)
    for create in (True, False):
        with pytest.raises(InputError, match=reason):
            Project(path, create=create)
    assert path.read_bytes() == content and sorted(p.name for p in tmp_path.iterdir()) == ["notes.annotator"]


def test_another_programs_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    raw.close()
    before = path.read_bytes()
    with pytest.raises(InputError, match="not an annotator project"):
        Project(path)
    assert path.read_bytes() == before


def test_version_two_project_gets_ids_that_are_never_reused(tmp_path):
    path = tmp_path / "v2.annotator"
    db = sqlite_utils.Database(path)
    store.migrations.apply(db, stop_before="m003_ids_never_reused_and_sessions")
    db.execute("PRAGMA user_version = 2")
    db.execute(
        "INSERT INTO documents (name, text, sha256, meta) VALUES ('d', 'قال أحمد', ?, '{}')",
        [hashlib.sha256("قال أحمد".encode()).hexdigest()],
    )
    db.execute("INSERT INTO annotators (name) VALUES ('A')")
    for start in range(3):
        db.execute(
            """INSERT INTO spans (document_id, annotator, start, "end", label, text)
                      VALUES (1, 'A', ?, ?, 'PER', ?)""",
            [start, start + 1, "قال"[start]],
        )
    db.execute("DELETE FROM spans WHERE id = 3")
    db.conn.commit()
    db.close()
    with Project(path) as project:
        assert project.schema_version == store.SCHEMA_VERSION
        report = project.import_documents(
            [AnnotatedDocument("d", "قال أحمد", layers=[Layer("B", spans=[SpanRecord("T1", 4, 8, "PER")])])]
        )
        assert report.spans_added == 1
        assert [s.id for s in project.spans.for_document(1, "B")] == [4]
        sql = project.store.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events'").fetchone()[0]
        assert "AUTOINCREMENT" in sql


def test_version_seven_project_gets_suggestion_scores(tmp_path):
    path = tmp_path / "v7.annotator"
    db = sqlite_utils.Database(path)
    store.migrations.apply(db, stop_before="m008_suggestion_scores")
    db.execute("PRAGMA user_version = 7")
    db.execute(
        "INSERT INTO documents (name, text, sha256, meta) VALUES ('d', 'قال أحمد', ?, '{}')",
        [hashlib.sha256("قال أحمد".encode()).hexdigest()],
    )
    db.execute("INSERT INTO annotators (name) VALUES ('A')")
    db.execute("""INSERT INTO suggestions (document_id, annotator, source, start, "end", label, text)
                  VALUES (1, 'A', 'project', 4, 8, 'PER', 'أحمد')""")
    db.conn.commit()
    db.close()
    with Project(path) as project:
        [old] = project.suggestions.for_document(1, "A")
        assert (old.source, old.score) == ("project", None)  # rule-based suggestions have no score
        project.suggestions.add_many(
            "A", [{"document_id": 1, "source": "model", "start": 0, "end": 3, "label": "MISC", "score": 0.25}]
        )
        assert [s.score for s in project.suggestions.for_document(1, "A")] == [0.25, None]
