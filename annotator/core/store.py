"""The project file: one SQLite database through sqlite-utils. The only module that writes SQL.

Used by project.py alone. It speaks in plain row dicts; project.py turns them into dataclasses. Keep
SQLite details here so another backend could sit beside this one later.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils import Migrations

# Columns holding JSON, decoded on the way out and encoded on the way in.
_JSON_COLUMNS = {"meta", "attributes", "changes", "value_json"}

# Tables whose rows carry an integer `id` and may be written by generic changes (undo/redo, imports).
TRACKED_TABLES = ("documents", "spans", "relations", "doc_labels", "status")

migrations = Migrations("annotator")


# Ids of annotation rows are never reused (AUTOINCREMENT), so redo can bring a row back under its old id.
@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE annotators (name TEXT PRIMARY KEY);
        CREATE TABLE spans (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL,
            text TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}',
            CHECK (start >= 0 AND "end" > start)
        );
        CREATE INDEX spans_doc_annotator ON spans(document_id, annotator);
        CREATE INDEX spans_doc_start ON spans(document_id, start);
        CREATE TABLE relations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            type TEXT NOT NULL,
            source INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
            target INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE
        );
        CREATE INDEX relations_doc_annotator ON relations(document_id, annotator);
        CREATE INDEX relations_source ON relations(source);
        CREATE INDEX relations_target ON relations(target);
        CREATE TABLE doc_labels (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            task TEXT NOT NULL,
            target TEXT NOT NULL,
            value TEXT NOT NULL,
            UNIQUE (document_id, annotator, task, target)
        );
        CREATE TABLE settings (key TEXT PRIMARY KEY, value_json TEXT NOT NULL);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            annotator TEXT NOT NULL,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            document_id INTEGER,
            summary TEXT NOT NULL DEFAULT '',
            undoable INTEGER NOT NULL DEFAULT 0,
            target_event INTEGER,
            changes TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX events_annotator ON events(annotator, id);
        """
    )


@migrations()
def m002_status(db: sqlite_utils.Database) -> None:
    # Per document and annotator: new / in_progress / done. An id so undo can treat it like any row.
    db.executescript(
        """
        CREATE TABLE status (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'done')),
            updated_at TEXT NOT NULL,
            UNIQUE (document_id, annotator)
        );
        """
    )


SCHEMA_VERSION = len(migrations._migrations)


def _encode(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (json.dumps(v, ensure_ascii=False) if k in _JSON_COLUMNS else v) for k, v in row.items()}


def _decode(row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for k in _JSON_COLUMNS.intersection(out):
        out[k] = json.loads(out[k])
    return out


def _quote(column: str) -> str:
    return f'"{column}"'


class Store:
    """One open project file."""

    def __init__(self, path: str | Path, *, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise FileNotFoundError(str(self.path))
        conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        self.db = sqlite_utils.Database(conn)
        self.conn = conn
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        # FULL: a committed action survives a power cut, not only a crash of the app.
        conn.execute("PRAGMA synchronous = FULL")
        self.migrate()

    # ---- schema version -------------------------------------------------------------------------
    @property
    def user_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self, *, stop_before: str | None = None) -> None:
        """Apply pending forward migrations and record the version in PRAGMA user_version."""
        version = self.user_version
        if version > SCHEMA_VERSION:
            raise RuntimeError(
                f"{self.path}: this project was written by a newer annotator (schema {version}, "
                f"this one knows {SCHEMA_VERSION}); update annotator to open it")
        migrations.apply(self.db, stop_before=stop_before)
        applied = len(migrations.applied(self.db))
        if applied != version:
            self.conn.execute(f"PRAGMA user_version = {int(applied)}")

    def close(self) -> None:
        self.conn.close()

    # ---- transactions ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction (a savepoint when nested); committed to disk when the outermost block ends."""
        with self.db.atomic():
            yield

    # ---- generic rows ---------------------------------------------------------------------------
    def insert(self, table: str, row: dict[str, Any]) -> int:
        row = _encode(row)
        cols = ", ".join(_quote(c) for c in row)
        marks = ", ".join("?" for _ in row)
        cur = self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))
        return int(cur.lastrowid)

    def insert_many(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Bulk insert of already-encoded rows (JSON columns as strings): the import fast path."""
        cols = ", ".join(_quote(c) for c in columns)
        marks = ", ".join("?" for _ in columns)
        self.conn.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        values = _encode(values)
        sets = ", ".join(f"{_quote(c)} = ?" for c in values)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), row_id])

    def delete(self, table: str, row_id: int) -> None:
        self.conn.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])

    def get(self, table: str, row_id: int) -> dict[str, Any] | None:
        row = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id]).fetchone()
        return _decode(row) if row else None

    def select(self, table: str, *, order_by: Sequence[str] = ("id",), columns: Sequence[str] | None = None,
               **equals: Any) -> list[dict[str, Any]]:
        """Rows whose columns equal the given values (None matches NULL)."""
        where, params = self._where(equals)
        cols = ", ".join(_quote(c) for c in columns) if columns else "*"
        order = ", ".join(_quote(c) for c in order_by)
        sql = f"SELECT {cols} FROM {table}{where} ORDER BY {order}"
        return [_decode(r) for r in self.conn.execute(sql, params)]

    def count(self, table: str, **equals: Any) -> int:
        where, params = self._where(equals)
        return self.conn.execute(f"SELECT count(*) FROM {table}{where}", params).fetchone()[0]

    def select_in(self, table: str, column: str, values: Sequence[Any]) -> list[dict[str, Any]]:
        """Rows whose `column` is one of `values`."""
        if not values:
            return []
        marks = ", ".join("?" for _ in values)
        sql = f"SELECT * FROM {table} WHERE {_quote(column)} IN ({marks}) ORDER BY id"
        return [_decode(r) for r in self.conn.execute(sql, list(values))]

    @staticmethod
    def _where(equals: dict[str, Any]) -> tuple[str, list[Any]]:
        parts, params = [], []
        for col, value in equals.items():
            if value is None:
                parts.append(f"{_quote(col)} IS NULL")
            else:
                parts.append(f"{_quote(col)} = ?")
                params.append(value)
        return (" WHERE " + " AND ".join(parts) if parts else ""), params

    def apply_change(self, table: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        """Make a row go from `before` to `after` (None = absent). Undo is this with the two swapped."""
        if table not in TRACKED_TABLES:
            raise ValueError(f"not a tracked table: {table}")
        if before is None and after is not None:
            self.insert(table, after)
        elif after is None and before is not None:
            self.delete(table, before["id"])
        elif before is not None and after is not None:
            self.update(table, after["id"], {k: v for k, v in after.items() if k != "id"})

    # ---- documents ------------------------------------------------------------------------------
    def document_summaries(self) -> list[dict[str, Any]]:
        sql = "SELECT id, name, length(text) AS length, meta FROM documents ORDER BY id"
        return [_decode(r) for r in self.conn.execute(sql)]

    def document_length(self, document_id: int) -> int | None:
        row = self.conn.execute("SELECT length(text) FROM documents WHERE id = ?", [document_id]).fetchone()
        return None if row is None else row[0]

    def text_slice(self, document_id: int, start: int, end: int) -> str:
        """text[start:end] in code points, without loading the whole text (SQLite counts characters)."""
        row = self.conn.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
                                [start + 1, end - start, document_id]).fetchone()
        return "" if row is None else row[0]

    def layer_rows(self, document_id: int) -> tuple[list[tuple], list[tuple], list[tuple], list[tuple]]:
        """One document's annotation rows as plain tuples, for readers of every document (export,
        agreement), where a dict and a JSON decode per row cost more than the query:
        spans (id, annotator, start, end, label, text, attributes) ordered by annotator, start, end, id;
        relations (annotator, type, source, target) by id; document labels (annotator, task, target, value)
        ordered by annotator, task, target; statuses (annotator, status)."""
        run = self.conn.execute
        spans = [(r[0], r[1], r[2], r[3], r[4], r[5], {} if r[6] == "{}" else json.loads(r[6])) for r in run(
            'SELECT id, annotator, start, "end", label, text, attributes FROM spans WHERE document_id = ? '
            'ORDER BY annotator, start, "end", id', [document_id])]
        relations = run("SELECT annotator, type, source, target FROM relations WHERE document_id = ? ORDER BY id",
                        [document_id]).fetchall()
        labels = run("SELECT annotator, task, target, value FROM doc_labels WHERE document_id = ? "
                     "ORDER BY annotator, task, target", [document_id]).fetchall()
        statuses = run("SELECT annotator, status FROM status WHERE document_id = ? ORDER BY id",
                       [document_id]).fetchall()
        return spans, relations, labels, statuses

    def max_id(self, table: str) -> int:
        return self.conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]

    # ---- annotators -----------------------------------------------------------------------------
    def ensure_annotator(self, name: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO annotators (name) VALUES (?)", [name])

    def annotators(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM annotators ORDER BY name")]

    # ---- settings -------------------------------------------------------------------------------
    def get_setting(self, key: str) -> Any:
        row = self.conn.execute("SELECT value_json FROM settings WHERE key = ?", [key]).fetchone()
        return None if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        self.conn.execute("INSERT INTO settings (key, value_json) VALUES (?, ?) "
                          "ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json",
                          [key, json.dumps(value, ensure_ascii=False)])

    # ---- history --------------------------------------------------------------------------------
    def recent_events(self, annotator: str, limit: int) -> list[dict[str, Any]]:
        sql = "SELECT * FROM events WHERE annotator = ? ORDER BY id DESC LIMIT ?"
        return [_decode(r) for r in self.conn.execute(sql, [annotator, limit])][::-1]

    def events(self, *, document_id: int | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        if document_id is None:
            rows = self.conn.execute("SELECT * FROM events ORDER BY id DESC LIMIT ?", [limit])
        else:
            rows = self.conn.execute("SELECT * FROM events WHERE document_id = ? ORDER BY id DESC LIMIT ?",
                                     [document_id, limit])
        return [_decode(r) for r in rows][::-1]

    # ---- integrity ------------------------------------------------------------------------------
    def spans_with_wrong_text(self) -> list[dict[str, Any]]:
        """Spans whose stored text is not text[start:end] of their document, or whose offsets are outside it."""
        sql = """SELECT s.id, s.document_id, d.name AS document, s.annotator, s.start, s."end", s.label, s.text,
                        length(d.text) AS doc_length
                 FROM spans s JOIN documents d ON d.id = s.document_id
                 WHERE s."end" > length(d.text) OR substr(d.text, s.start + 1, s."end" - s.start) != s.text"""
        return [dict(r) for r in self.conn.execute(sql)]

    def orphan_relations(self) -> list[dict[str, Any]]:
        """Relations whose spans are missing or belong to another document or annotator."""
        sql = """SELECT r.* FROM relations r
                 LEFT JOIN spans a ON a.id = r.source LEFT JOIN spans b ON b.id = r.target
                 WHERE a.id IS NULL OR b.id IS NULL
                    OR a.document_id != r.document_id OR b.document_id != r.document_id
                    OR a.annotator != r.annotator OR b.annotator != r.annotator"""
        return [dict(r) for r in self.conn.execute(sql)]

    def documents_with_wrong_hash(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT id, name, text, sha256 FROM documents")]

    def foreign_key_problems(self) -> list[tuple]:
        return [tuple(r) for r in self.conn.execute("PRAGMA foreign_key_check")]

    def stats(self) -> dict[str, Any]:
        one = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": one("SELECT count(*) FROM documents"),
            "characters": one("SELECT coalesce(sum(length(text)), 0) FROM documents"),
            "annotators": one("SELECT count(*) FROM annotators"),
            "spans": one("SELECT count(*) FROM spans"),
            "relations": one("SELECT count(*) FROM relations"),
            "doc_labels": one("SELECT count(*) FROM doc_labels"),
            "events": one("SELECT count(*) FROM events"),
        }

    def grouped_counts(self, table: str, columns: Sequence[str]) -> list[dict[str, Any]]:
        cols = ", ".join(_quote(c) for c in columns)
        sql = f"SELECT {cols}, count(*) AS n FROM {table} GROUP BY {cols} ORDER BY {cols}"
        return [dict(r) for r in self.conn.execute(sql)]
