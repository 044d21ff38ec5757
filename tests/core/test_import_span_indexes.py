"""A large import into a project without spans makes the span and relation tables' indexes once, at its
end, instead of keeping them up row by row (core/ingest.py, Store.defer_span_indexes; issue 27 item 2): the
project ends with the very indexes it had, an import that fails leaves them as they were, and spans and
relations are never read without them (a document named twice in one import has its layer looked up)."""

from __future__ import annotations

import sqlite3

import pytest
from small_imports import annotated

from annotator.core import ingest
from annotator.core.errors import InputError
from annotator.core.project import Project
from annotator.core.store import Store


def _span_indexes(path_or_conn) -> set[tuple[str, str]]:
    conn = sqlite3.connect(path_or_conn) if not isinstance(path_or_conn, sqlite3.Connection) else path_or_conn
    found = set(
        conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('spans', 'relations')")
    )
    if conn is not path_or_conn:
        conn.close()
    return found


@pytest.fixture
def indexes_when(monkeypatch):
    """The span indexes present at each batch's write, and at each read of a layer's spans."""
    seen: dict[str, list[set[tuple[str, str]]]] = {"write": [], "read": []}
    add, spans_of, relations_of = Store.add_imported, Store.spans_of, Store.relations_of

    def spied_add(self, *args, **kwargs):
        seen["write"].append(_span_indexes(self.conn))
        return add(self, *args, **kwargs)

    def spied_spans_of(self, *args, **kwargs):
        seen["read"].append(_span_indexes(self.conn))
        return spans_of(self, *args, **kwargs)

    def spied_relations_of(self, *args, **kwargs):
        seen["read"].append(_span_indexes(self.conn))
        return relations_of(self, *args, **kwargs)

    monkeypatch.setattr(Store, "add_imported", spied_add)
    monkeypatch.setattr(Store, "spans_of", spied_spans_of)
    monkeypatch.setattr(Store, "relations_of", spied_relations_of)
    monkeypatch.setattr(ingest, "BATCH", 2)
    return seen


def test_an_import_into_a_project_without_spans_makes_the_same_indexes_at_its_end(tmp_path, indexes_when):
    fresh = tmp_path / "fresh.annotator"
    Project(fresh).close()
    made = _span_indexes(fresh)
    assert {name for name, _ in made} >= {"spans_doc_start", "spans_doc_annotator_read", "relations_source"}
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.import_documents(annotated(["d1", "d2", "d3", "d4", "d5"]))
    assert indexes_when["write"] == [set(), set(), set()]  # none kept up while the rows went in
    assert _span_indexes(path) == made
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        plan = " ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN SELECT * FROM spans WHERE document_id = 3"))
    conn.close()
    assert "USING" in plan and "INDEX" in plan


def test_an_import_into_a_project_with_spans_keeps_its_indexes_up(tmp_path, indexes_when):
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.import_documents(annotated(["d1"]))
        made = _span_indexes(project.store.conn)
        indexes_when["write"].clear()
        project.import_documents(annotated(["d2", "d3", "d4"]))
    assert indexes_when["write"] == [made, made]


def test_a_failed_import_leaves_the_indexes_as_they_were(tmp_path, indexes_when):
    path = tmp_path / "p.annotator"
    Project(path).close()
    made = _span_indexes(path)
    with Project(path) as project, pytest.raises(InputError, match="outside the text"):
        project.import_documents(annotated(["d1", "d2", "d3", "d4", "d5"], bad_at=4))
    assert indexes_when["write"] == [set(), set()]  # dropped while the first batches went in
    assert _span_indexes(path) == made
    with Project(path) as project:
        assert project.documents.count() == 0


def test_spans_are_never_read_without_their_indexes(tmp_path, indexes_when):
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        # d1 again in the third batch: its spans are looked up to merge the layer (no scan of every span)
        project.import_documents(annotated(["d1", "d2", "d3", "d4", "d1"]))
        made = _span_indexes(project.store.conn)
    assert indexes_when["read"] and all(found == made for found in indexes_when["read"])
    assert indexes_when["write"] == [set(), set(), made]


def test_an_import_after_a_failed_one_makes_its_indexes_again(tmp_path, indexes_when):
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        made = _span_indexes(project.store.conn)
        with pytest.raises(InputError, match="outside the text"):
            project.import_documents(annotated(["d1", "d2", "d3"], bad_at=2))
        project.import_documents(annotated(["d1", "d2", "d3"]))  # the same connection, its rollback behind it
        assert _span_indexes(project.store.conn) == made
