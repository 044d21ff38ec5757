"""Opening a writable project is the one step that may write (issue 28 item 8); reads read."""

import sqlite3

from annotator.core.model import default_schema
from annotator.core.project import Project
from annotator.core.schema import schema_to_dict


def _schema_row(path):
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM settings WHERE key = 'schema'").fetchone()[0]


def _drop_schema(path):
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM settings WHERE key = 'schema'")
    conn.close()


def test_opening_stores_the_default_schema_once_and_reading_it_never_writes(tmp_path):
    path = tmp_path / "p.annotator"
    Project(path).close()
    _drop_schema(path)  # a project from before schemas were stored
    with Project(path) as project:
        assert _schema_row(path) == 1  # opening stored it
        _drop_schema(path)
        assert schema_to_dict(project.schema.get()) == schema_to_dict(default_schema())
        assert _schema_row(path) == 0  # the read wrote nothing


def test_a_read_only_opening_writes_no_schema(tmp_path):
    path = tmp_path / "p.annotator"
    Project(path).close()
    _drop_schema(path)
    with Project(path, read_only=True) as project:
        assert project.schema.get().labels
    assert _schema_row(path) == 0
