"""An import into a project without spans checks its rows' references (foreign keys) once, over every table,
just before its commit, instead of row by row (Store.bulk_load; issue 27 item 2). A row pointing at nothing
must still roll the whole import back, the connection must check row by row again afterwards whatever
happened, and an import into a project with spans keeps checking row by row."""

from __future__ import annotations

import sqlite3

import pytest
from small_imports import annotated

from annotator.core.errors import InputError, StorageError
from annotator.core.project import Project
from annotator.core.store import Store


@pytest.fixture
def checking_when_written(monkeypatch):
    """Whether the connection checked foreign keys row by row at each write of an import's rows."""
    seen: list[int] = []
    add = Store.add_imported

    def spied(self, *args, **kwargs):
        seen.append(self.conn.execute("PRAGMA foreign_keys").fetchone()[0])
        return add(self, *args, **kwargs)

    monkeypatch.setattr(Store, "add_imported", spied)
    return seen


def _foreign_keys(project):
    return project.store.conn.execute("PRAGMA foreign_keys").fetchone()[0]


def test_into_a_project_without_spans_references_are_checked_once_at_the_end(tmp_path, checking_when_written):
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.import_documents(annotated(["d1", "d2"]))
        assert checking_when_written == [0]
        assert _foreign_keys(project) == 1  # row by row again for everything after
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 4
        assert conn.execute("SELECT count(*) FROM relations").fetchone()[0] == 2
    conn.close()


def test_into_a_project_with_spans_references_are_checked_row_by_row(tmp_path, checking_when_written):
    with Project(tmp_path / "p.annotator") as project:
        project.import_documents(annotated(["d1"]))
        project.import_documents(annotated(["d2"]))
        assert checking_when_written == [0, 1]
        assert _foreign_keys(project) == 1


def test_a_row_pointing_at_nothing_rolls_the_import_back(tmp_path, monkeypatch):
    add = Store.add_imported

    def pointing_nowhere(self, documents, spans, relations, index_rows=None):
        documents = list(documents)
        spans = [(i, d + 1000 if k == 0 else d, *rest) for k, (i, d, *rest) in enumerate(spans)]
        return add(self, documents, spans, relations, index_rows)

    monkeypatch.setattr(Store, "add_imported", pointing_nowhere)
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        with pytest.raises(StorageError, match=r"1 row\(s\) pointing at nothing \(row \d+ of spans, into documents\)"):
            project.import_documents(annotated(["d1", "d2"]))
        assert _foreign_keys(project) == 1
        assert project.store.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
        assert project.store.conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 0


def test_a_refused_import_leaves_the_connection_checking_row_by_row(tmp_path):
    with Project(tmp_path / "p.annotator") as project:
        with pytest.raises(InputError):
            project.import_documents(annotated(["d1", "d2", "d3"], bad_at=2))
        assert _foreign_keys(project) == 1
        with pytest.raises(sqlite3.IntegrityError):  # the window's own writes are checked as ever
            project.store.conn.execute(
                'INSERT INTO spans (document_id, annotator, start, "end", label, text) '
                "VALUES (99, 'A', 0, 1, 'X', 'x')"
            )


def test_the_search_index_rows_written_last_are_checked_too(tmp_path, monkeypatch):
    # the search index's last rows are written as the transaction ends (store/search.py): before the check
    from annotator.core.store.search import SearchRows

    write = SearchRows._write_rows

    def pointing_nowhere(self, rows, documents):
        write(self, rows, documents)
        self.conn.execute("INSERT INTO search_documents (document_id, sha256) VALUES (999, 'x')")

    monkeypatch.setattr(SearchRows, "_write_rows", pointing_nowhere)
    with Project(tmp_path / "p.annotator") as project:
        with pytest.raises(StorageError, match="of search_documents, into documents"):
            project.import_documents(annotated(["d1", "d2"]))
        assert project.store.conn.execute("SELECT count(*) FROM search_documents").fetchone()[0] == 0
