"""The import's bulk inserts go to SQLite many rows a statement (store/rows.py insert_many; issue 27 item 2):
each statement run costs about as much again as the row it writes, so one row a statement nearly doubled
the spans' insert. The rows must land exactly as one row a statement would put them (order, ids given or
handed out by AUTOINCREMENT), a row of the wrong width must be refused rather than shifted into its
neighbours' columns, and any other connection (PostgreSQL's COPY path) gets its executemany."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.core.model import AnnotatedDocument, Layer, RelationRecord, SpanRecord
from annotator.core.project import Project
from annotator.core.store.rows import insert_many

TABLE = "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a INTEGER, b TEXT, c TEXT)"
INSERT = "INSERT INTO t (a, b, c) VALUES (?, ?, ?)"


def _rows(n):
    return [(k, f"ب{k}", None if k % 7 == 0 else "{}") for k in range(n)]


def _table(rows, bulk):
    conn = sqlite3.connect(":memory:")
    conn.execute(TABLE)
    conn.execute("INSERT INTO t (a, b, c) VALUES (-1, 'first', '')")
    conn.execute("DELETE FROM t")  # AUTOINCREMENT goes on past the deleted id
    if bulk:
        insert_many(conn, INSERT, iter(rows))  # a generator, as the import passes its spans
    else:
        conn.executemany(INSERT, rows)
    return conn.execute("SELECT * FROM t ORDER BY id").fetchall()


@pytest.mark.parametrize("n", [0, 1, 332, 333, 334, 1000])  # 333 rows of 3 fill a statement of 999 parameters
def test_many_rows_a_statement_write_what_one_row_a_statement_writes(n):
    got = _table(_rows(n), bulk=True)
    assert got == _table(_rows(n), bulk=False)
    assert [row[0] for row in got] == list(range(2, n + 2))


@pytest.mark.parametrize("at", [0, 5, 340])
@pytest.mark.parametrize("wrong", [(1, "a"), (1, "a", "b", "c")])
def test_a_row_of_another_width_is_refused_not_shifted(at, wrong):
    rows = _rows(400)
    rows[at] = wrong
    conn = sqlite3.connect(":memory:")
    conn.execute(TABLE)
    with pytest.raises(sqlite3.ProgrammingError, match=f"a row of {len(wrong)} values for 3 columns"):
        insert_many(conn, INSERT, rows)
    written = conn.execute("SELECT a, b, c FROM t ORDER BY id").fetchall()
    assert written == rows[: len(written)]  # what went in before it, each row in its own columns


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO t (a, b, c) VALUES (?, ?, 'x')",
        "INSERT INTO t (a, b, c) SELECT ?, ?, ?",
        "INSERT INTO t (a, b, c) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    ],
)
def test_anything_but_plain_values_is_refused(sql):
    conn = sqlite3.connect(":memory:")
    conn.execute(TABLE)
    with pytest.raises(ValueError, match="not an INSERT of plain values"):
        insert_many(conn, sql, _rows(3))


def test_another_connection_gets_its_executemany():
    class Recording:
        def __init__(self):
            self.calls = []

        def executemany(self, sql, rows):
            self.calls.append((sql, list(rows)))

    conn = Recording()
    insert_many(conn, INSERT, iter(_rows(500)))
    assert conn.calls == [(INSERT, _rows(500))]


def test_the_import_writes_its_spans_many_to_a_statement(tmp_path, monkeypatch):
    runs: list[str] = []
    connect = sqlite3.connect

    def traced(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(runs.append)  # called at every run of a statement (each row of an executemany)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)
    text = " ".join(["قال الرئيس"] * 200)
    spans = [SpanRecord(f"T{k}", 4 + 11 * k, 10 + 11 * k, "PER") for k in range(200)]
    relations = [RelationRecord("speaker", f"T{k}", f"T{k + 1}") for k in range(0, 200, 2)]
    documents = [AnnotatedDocument(f"d{d}", text, {}, [Layer("A", spans, relations)]) for d in range(3)]
    with Project(tmp_path / "p.annotator") as project:
        project.import_documents(documents)
    with sqlite3.connect(tmp_path / "p.annotator") as conn:
        assert conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 600
        assert conn.execute("SELECT count(*) FROM relations").fetchone()[0] == 300
    span_runs = [sql for sql in runs if sql.lstrip().startswith("INSERT INTO spans")]
    relation_runs = [sql for sql in runs if sql.lstrip().startswith("INSERT INTO relations")]
    assert 1 <= len(span_runs) <= 6  # 600 spans of 8 columns: 124 a statement
    assert 1 <= len(relation_runs) <= 3  # 300 relations of 5 columns: 199 a statement
