"""The project file: one SQLite database through sqlite-utils. The only module that writes SQL.

Used by project.py alone. It speaks in plain row dicts; project.py turns them into dataclasses. Keep
SQLite details here so another backend could sit beside this one later.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils import Migrations

from .errors import AnnotatorError, InputError, ReadOnlyProject, StorageError
from .files import SQLITE_HEADER

# How long a write waits for another process's transaction before it is given up and shown to the user.
BUSY_TIMEOUT_MS = 5000

# Columns holding JSON, decoded on the way out and encoded on the way in.
_JSON_COLUMNS = {"meta", "attributes", "changes", "value_json", "extra"}

# The history's own names for what changed (see Store.encode_changes): kind per table, field per column.
HISTORY_FORMAT = 1
_HISTORY_KINDS = {"documents": "document", "spans": "span", "relations": "relation", "doc_labels": "document_label",
                  "status": "status", "curation_marks": "curation_mark", "suggestions": "suggestion"}
_HISTORY_FIELDS: dict[str, dict[str, str]] = {
    "documents": {}, "status": {"document_id": "document"}, "curation_marks": {"document_id": "document"},
    "suggestions": {"document_id": "document"},
    "spans": {"document_id": "document"}, "doc_labels": {"document_id": "document"},
    "relations": {"document_id": "document", "source": "from_span", "target": "to_span"},
}

# Tables whose rows carry an integer `id` and may be written by generic changes (undo/redo, imports).
TRACKED_TABLES = ("documents", "spans", "relations", "doc_labels", "status", "curation_marks", "suggestions")

migrations = Migrations("annotator")


# Ids of annotation rows are never reused (AUTOINCREMENT), so redo can bring a row back under its old id.
def _run_script(db: sqlite_utils.Database, script: str) -> None:
    """Statements one by one: executescript would COMMIT the migration's enclosing transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    _run_script(
        db, """
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
    _run_script(
        db, """
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


@migrations()
def m003_ids_never_reused_and_sessions(db: sqlite_utils.Database) -> None:
    # Event ids were plain rowids; AUTOINCREMENT makes sure no id is handed out twice.
    _run_script(
        db, """
        CREATE TABLE events_v3 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            annotator TEXT NOT NULL,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            document_id INTEGER,
            summary TEXT NOT NULL DEFAULT '',
            undoable INTEGER NOT NULL DEFAULT 0,
            target_event INTEGER,
            changes TEXT NOT NULL DEFAULT '[]'
        );
        INSERT INTO events_v3 SELECT id, annotator, at, action, document_id, summary, undoable, target_event,
                                     changes FROM events;
        DROP TABLE events;
        ALTER TABLE events_v3 RENAME TO events;
        CREATE INDEX events_annotator ON events(annotator, id);
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            annotator TEXT NOT NULL,
            program TEXT NOT NULL,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            started TEXT NOT NULL,
            heartbeat REAL NOT NULL,
            read_only INTEGER NOT NULL DEFAULT 0
        );
        """)
    # A deleted span's id must not come back through an import either: seed the sequences past every id.
    for table in ("spans", "relations", "doc_labels", "status", "events"):
        row = db.execute(f"SELECT max(coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = ?), 0), "
                         f"coalesce((SELECT max(id) FROM {table}), 0))", [table]).fetchone()
        db.execute("DELETE FROM sqlite_sequence WHERE name = ?", [table])
        db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", [table, row[0]])


@migrations()
def m004_curation_marks(db: sqlite_utils.Database) -> None:
    # What the curator settled without a gold annotation (a rejected disagreement), so progress survives.
    _run_script(
        db, """
        CREATE TABLE curation_marks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            category TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('rejected')),
            UNIQUE (document_id, category, start, "end")
        );
        """)


@migrations()
def m005_suggestions(db: sqlite_utils.Database) -> None:
    # Suggested spans wait here, never among the annotations, until the annotator accepts (the span is then
    # made by the normal managers) or rejects them; the states per source give each source's precision.
    _run_script(
        db, """
        CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL REFERENCES annotators(name),
            source TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL,
            text TEXT NOT NULL,
            extra TEXT NOT NULL DEFAULT '{}',
            state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'rejected')),
            CHECK (start >= 0 AND "end" > start),
            UNIQUE (document_id, annotator, source, start, "end", label)
        );
        CREATE INDEX suggestions_doc_annotator ON suggestions(document_id, annotator, state);
        """)


SCHEMA_VERSION = len(migrations._migrations)


def _encode(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (json.dumps(v, ensure_ascii=False) if k in _JSON_COLUMNS else v) for k, v in row.items()}


def _decode(row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for k in _JSON_COLUMNS.intersection(out):
        out[k] = json.loads(out[k])
    return out


def refuse_non_project(path: Path) -> None:
    """Refuse, changing nothing, a file that cannot be a project: empty, a folder, or not SQLite."""
    if path.is_dir():
        raise InputError("this is a folder, not a project file; give the .annotator file", file=str(path))
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"{path}: cannot read the file ({exc.strerror}); check its permissions") from None
    if not header:
        raise InputError("the file is empty (0 bytes), not a project; restore a backup "
                         "(`annotator backups PROJECT`) or choose another file; it was left as it is", file=str(path))
    if header != SQLITE_HEADER:
        raise InputError("this file is not an annotator project (not an SQLite file); choose the .annotator "
                         "file; it was left as it is", file=str(path))


def remove_project_files(path: Path) -> None:
    """Delete a project file and SQLite's files beside it (a project a failed command had just created)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _foreign_tables(conn: sqlite3.Connection) -> bool:
    """Whether an SQLite file without a project version holds tables of some other program."""
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return bool(names) and "documents" not in names


# Sessions whose heartbeat is older than this are treated as gone (a crashed window).
SESSION_STALE_SECONDS = 60.0


def describe_sessions(rows: Iterable[dict[str, Any]], now: float) -> str:
    live = [r for r in rows if now - r["heartbeat"] < SESSION_STALE_SECONDS]
    if not live:
        return "another program"
    return ", ".join(f"the {r['program']} of annotator {r['annotator']} (pid {r['pid']} on {r['host']})"
                     for r in live)


def storage_problem(path: Path, exc: Exception, store: Store | None = None) -> str:
    """One line saying what went wrong with the project file and what to do; the change was not saved."""
    import time

    message = str(exc).lower()
    if "locked" in message or "busy" in message:
        who = "another program"
        if store is not None:
            with contextlib.suppress(sqlite3.DatabaseError):  # an old project has no sessions table
                who = describe_sessions([r for r in store.sessions() if r["id"] not in store.own_sessions],
                                        time.time())
        return (f"{path}: the project is busy: {who} is writing to it and did not finish within "
                f"{BUSY_TIMEOUT_MS // 1000} s; try again (this change was not saved)")
    if "full" in message:
        return f"{path}: the disk is full; free some space and try again (this change was not saved)"
    if "readonly" in message or "read-only" in message:
        return (f"{path}: the project file or its folder is read-only; make it writable, or copy the project "
                "somewhere you can write (this change was not saved)")
    if "unable to open" in message:
        return f"{path}: cannot open the file; check that its folder exists and that you may write there"
    if "malformed" in message or "not a database" in message or "disk i/o" in message or "decode" in message:
        return (f"{path}: the project file is damaged ({exc}); run `annotator check {path}`, then restore a "
                "backup (`annotator backups PROJECT`)")
    return f"{path}: {exc}"


def _quote(column: str) -> str:
    return f'"{column}"'


class Store:
    """One open project file."""

    def __init__(self, path: str | Path, *, inspect: bool = False):
        """Open (creating or migrating as needed) a project; `inspect=True` opens an existing one for
        `check` only: nothing is written, and damaged text reads as U+FFFD instead of failing."""
        self.path = Path(path)
        existed = self.path.exists()
        if existed:
            refuse_non_project(self.path)
        try:
            conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StorageError(storage_problem(self.path, exc)) from None
        # Refuse before changing anything (not even the journal mode) in a file we cannot handle.
        if version > SCHEMA_VERSION:
            conn.close()
            raise InputError(f"this project was written by a newer annotator (schema {version}, this one knows "
                             f"{SCHEMA_VERSION}); update annotator to open it", file=str(self.path))
        if existed and version == 0 and _foreign_tables(conn):
            conn.close()
            raise InputError("this SQLite file is not an annotator project; choose the .annotator file",
                             file=str(self.path))
        conn.row_factory = sqlite3.Row
        self.db = sqlite_utils.Database(conn)
        self.conn = conn
        self._data_version: int | None = None
        self.read_only_reason: str | None = None  # set: every write is refused with this message
        self.own_sessions: set[int] = set()  # not named as "the other user" in a busy message
        if inspect:
            conn.text_factory = lambda data: data.decode("utf-8", "replace")
            return
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            # FULL: a committed action survives a power cut, not only a crash of the app.
            conn.execute("PRAGMA synchronous = FULL")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StorageError(storage_problem(self.path, exc, self)) from None

    # ---- schema version -------------------------------------------------------------------------
    @property
    def user_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self, *, stop_before: str | None = None) -> None:
        """Apply pending forward migrations and record the version in PRAGMA user_version; in one
        IMMEDIATE transaction, so two processes opening an old project do not migrate it twice."""
        if self.user_version == SCHEMA_VERSION and stop_before is None:
            return
        with self.transaction():
            migrations.apply(self.db, stop_before=stop_before)
            applied = len(migrations.applied(self.db))
            if applied != self.user_version:
                self.conn.execute(f"PRAGMA user_version = {int(applied)}")

    def close(self) -> None:
        self.conn.close()

    # ---- transactions ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (a savepoint when nested), committed to disk when the outermost block ends.

        It begins IMMEDIATE: the write lock is taken first, so waiting for another process (the busy
        timeout) happens here, never halfway through, where SQLite would fail at once.
        """
        if self.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        if self.read_only_reason:
            raise ReadOnlyProject(self.read_only_reason)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._error(exc) from None
        try:
            yield
        except sqlite3.DatabaseError as exc:
            self._rollback()
            raise self._error(exc) from None
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self._rollback()
            raise self._error(exc) from None

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def _error(self, exc: sqlite3.DatabaseError) -> AnnotatorError:
        if isinstance(exc, sqlite3.IntegrityError):
            return InputError(f"the project refused the change ({exc})")
        return StorageError(storage_problem(self.path, exc, self))

    # ---- other processes ----------------------------------------------------------------------------
    def changed_elsewhere(self) -> bool:
        """Whether another connection committed since the last call (PRAGMA data_version)."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        changed = self._data_version is not None and version != self._data_version
        self._data_version = version
        return changed

    def sessions(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM sessions ORDER BY id")]

    def add_session(self, row: dict[str, Any]) -> int:
        with self.transaction():
            session_id = self.insert("sessions", row)
        self.own_sessions.add(session_id)
        return session_id

    def touch_session(self, session_id: int, heartbeat: float) -> bool:
        """Refresh a session's heartbeat; False if its row is gone (another window took over)."""
        with self.transaction():
            cur = self.conn.execute("UPDATE sessions SET heartbeat = ? WHERE id = ?", [heartbeat, session_id])
            return cur.rowcount == 1

    def remove_sessions(self, ids: Sequence[int]) -> None:
        with self.transaction():
            self.conn.executemany("DELETE FROM sessions WHERE id = ?", [[i] for i in ids])
        self.own_sessions.difference_update(ids)

    # ---- backups --------------------------------------------------------------------------------
    def backup_to(self, target: Path) -> None:
        """A consistent copy of the project through SQLite's backup API (other processes may write)."""
        dest = sqlite3.connect(str(target))
        try:
            self.conn.backup(dest)
        finally:
            dest.close()

    def restore_from(self, source: Path) -> None:
        """Replace the project's content by that of `source`, through the backup API (locks respected)."""
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            src.backup(self.conn)
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        finally:
            src.close()

    # ---- generic rows ---------------------------------------------------------------------------
    def insert(self, table: str, row: dict[str, Any]) -> int:
        row = _encode(row)
        cols = ", ".join(_quote(c) for c in row)
        marks = ", ".join("?" for _ in row)
        cur = self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))
        assert cur.lastrowid is not None  # an INSERT always sets it
        return cur.lastrowid

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

    # ---- history: the stored form of a change ----------------------------------------------------
    def encode_changes(self, changes: Sequence[tuple[str, dict[str, Any] | None, dict[str, Any] | None]]
                       ) -> dict[str, Any]:
        """Row changes as the history keeps them: by kind of thing and field name, not table and column,
        so that events written today still undo after the tables change (a migration updates
        `_HISTORY_FIELDS`, never the events)."""
        def fields(table: str, row: dict[str, Any] | None) -> dict[str, Any] | None:
            if row is None:
                return None
            names = _HISTORY_FIELDS[table]
            return {names.get(column, column): value for column, value in row.items()}
        return {"format": HISTORY_FORMAT,
                "changes": [{"kind": _HISTORY_KINDS[table], "before": fields(table, before),
                             "after": fields(table, after)} for table, before, after in changes]}

    def decode_changes(self, stored: Any) -> list[tuple[str, dict[str, Any] | None, dict[str, Any] | None]]:
        """The row changes of a stored event; format 0 (before versioned events) held tables and columns."""
        if isinstance(stored, list):
            return [(table, before, after) for table, before, after in stored]
        tables = {kind: table for table, kind in _HISTORY_KINDS.items()}

        def row(table: str, values: dict[str, Any] | None) -> dict[str, Any] | None:
            if values is None:
                return None
            columns = {field: column for column, field in _HISTORY_FIELDS[table].items()}
            return {columns.get(name, name): value for name, value in values.items()}
        out = []
        for change in stored["changes"]:
            table = tables[change["kind"]]
            out.append((table, row(table, change["before"]), row(table, change["after"])))
        return out

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

    def layer_rows_of_documents(self, document_ids: Sequence[int], annotators: Sequence[str]
                                ) -> Iterator[tuple[int, str, str, list[tuple], list[tuple], list[tuple], list[tuple]]]:
        """`layer_rows` of many documents (in id order) by `annotators`, with each document's id, name and
        text: one query per table for all of them (agreement reads every document, and a query per
        document cost more than its rows). Yields (id, name, text, spans, relations, labels, statuses),
        the four lists as `layer_rows` gives them without the text of spans."""
        ids = sorted(set(document_ids))
        if not ids or not annotators:
            return
        wanted = set(ids)
        bounds = [ids[0], ids[-1], *annotators]
        where = f"document_id BETWEEN ? AND ? AND annotator IN ({', '.join('?' * len(annotators))})"

        def rows(sql: str) -> Iterator[tuple[int, list[tuple]]]:
            cursor = self.conn.cursor()
            cursor.row_factory = None  # plain tuples: a sqlite3.Row per row costs more than its use
            return ((doc_id, [row[1:] for row in group])
                    for doc_id, group in groupby(cursor.execute(sql, bounds), key=itemgetter(0)))

        span_sql = ('SELECT document_id, id, annotator, start, "end", label, attributes '
                    f'FROM spans WHERE {where} ORDER BY document_id, annotator, start, "end", id')
        spans = ((doc_id, [(r[0], r[1], r[2], r[3], r[4], {} if r[5] == "{}" else json.loads(r[5])) for r in group])
                 for doc_id, group in rows(span_sql))
        tables = [spans,
                  rows(f"SELECT document_id, annotator, type, source, target FROM relations WHERE {where} "
                       "ORDER BY document_id, id"),
                  rows(f"SELECT document_id, annotator, task, target, value FROM doc_labels WHERE {where} "
                       "ORDER BY document_id, annotator, task, target"),
                  rows(f"SELECT document_id, annotator, status FROM status WHERE {where} ORDER BY document_id, id")]
        pending: list[tuple[int, list[tuple]] | None] = [next(table, None) for table in tables]
        documents = self.conn.cursor()
        documents.row_factory = None
        for doc_id, name, text in documents.execute("SELECT id, name, text FROM documents WHERE id BETWEEN ? AND ? "
                                                    "ORDER BY id", bounds[:2]):
            found: list[list[tuple]] = []
            for k, table in enumerate(tables):
                head = pending[k]
                while head is not None and head[0] < doc_id:  # rows of a document not asked for
                    head = next(table, None)
                if head is not None and head[0] == doc_id:
                    found.append(head[1])
                    head = next(table, None)
                else:
                    found.append([])
                pending[k] = head
            if doc_id in wanted:
                yield doc_id, name, text, found[0], found[1], found[2], found[3]

    def next_id(self, table: str) -> int:
        """The id the next row of `table` gets: past every id it ever had, deleted ones included."""
        row = self.conn.execute(
            f"SELECT max(coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = ?), 0), "
            f"coalesce((SELECT max(id) FROM {table}), 0))", [table]).fetchone()
        return row[0] + 1

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
    def sqlite_problems(self) -> list[str]:
        """What SQLite's own checks find (damaged pages, indexes, broken foreign keys); [] when sound."""
        found = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        for table, rowid, parent, _ in self.conn.execute("PRAGMA foreign_key_check"):
            found.append(f"{table} row {rowid} refers to a missing {parent} row")
        return found

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

    def document_hashes(self) -> Iterator[dict[str, Any]]:
        """Every document's name, text and stored sha256, one at a time (texts may be large)."""
        for row in self.conn.execute("SELECT id, name, text, sha256 FROM documents ORDER BY id"):
            yield dict(row)

    def span_texts(self) -> Iterator[dict[str, Any]]:
        """Every span's document name, annotator, offsets, label and stored text, one at a time."""
        sql = """SELECT d.name AS document, s.annotator, s.start, s."end", s.label, s.text
                 FROM spans s JOIN documents d ON d.id = s.document_id ORDER BY d.id, s.annotator, s.start"""
        for row in self.conn.execute(sql):
            yield dict(row)

    def duplicate_spans(self) -> list[dict[str, Any]]:
        """The same span (offsets and label) twice in one annotator's layer."""
        sql = """SELECT d.name AS document, s.annotator, s.start, s."end", s.label, count(*) AS n
                 FROM spans s JOIN documents d ON d.id = s.document_id
                 GROUP BY s.document_id, s.annotator, s.start, s."end", s.label HAVING count(*) > 1"""
        return [dict(r) for r in self.conn.execute(sql)]

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
