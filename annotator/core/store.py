"""The project file: one SQLite database through sqlite-utils. The only module that writes SQL or knows a
table or column name.

Used by project.py alone, whose managers speak to it in model objects (model.py) and plain typed values,
never in rows: `add_span(...) -> Span`, `spans_of(document_id, annotator) -> list[Span]`,
`set_status(...)`, `document(id) -> Document | None`. The public methods of `Store` are the storage
interface; another backend (PostgreSQL for a team server) would implement the same methods:
- opening and closing: `Store(path, inspect=)`, `close`, `user_version`, `migrate`, `transaction` (one
  write transaction, nested ones savepoints), `read_only_reason`, `changed_elsewhere`;
- sessions (`sessions`, `add_session`, `touch_session`, `remove_sessions`), `backup_to`, `restore_from`;
- documents (`add_document`, `has_document`, `document`, `document_by_name`, `document_count`,
  `document_fingerprints`, `document_summaries`, `document_length`, `text_slice`, `layer_rows`), the
  import's bulk path (`next_document_id`, `next_span_id`, `add_imported`), `ensure_annotator`,
  `annotators`, `get_setting`, `set_setting`;
- one set per kind of annotation: spans, relations, document labels, status, curation marks, suggestions
  (add / get / of a document / change / delete, and the counts the windows show);
- history: `add_event`, `recent_events`, `events`, `append_events`, and `current` / `apply_change`, which
  undo and redo use on any kind of record; the stored form of a change is versioned (HISTORY_FORMAT);
- checks and figures: `sqlite_problems`, `spans_with_wrong_text`, `orphan_relations`, `document_hashes`,
  `span_texts`, `duplicate_spans`, `stats`, `label_totals`, `counts_per_annotator`.
The model's field names are today's column names; a migration that renames a column translates here.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils
from sqlite_utils import Migrations

from .errors import AnnotatorError, InputError, ReadOnlyProject, StorageError
from .files import SQLITE_HEADER
from .model import (
    Change,
    CurationMark,
    DocLabel,
    DocLabelId,
    Document,
    DocumentId,
    DocumentStatus,
    DocumentSummary,
    Event,
    HistoryEvent,
    ImportedRelation,
    ImportedSpan,
    Record,
    Relation,
    RelationId,
    Span,
    SpanId,
    Suggestion,
)
from .values import now

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

# Tables whose rows carry an integer `id` and may be written by undo and redo, with the record of each.
TRACKED_TABLES = ("documents", "spans", "relations", "doc_labels", "status", "curation_marks", "suggestions")
_RECORD_TYPES: dict[str, type[Any]] = {
    "documents": Document, "spans": Span, "relations": Relation, "doc_labels": DocLabel, "status": DocumentStatus,
    "curation_marks": CurationMark, "suggestions": Suggestion}
_TABLES = {record_type: table for table, record_type in _RECORD_TYPES.items()}
_R = TypeVar("_R")


def _table_of(record: Record | None) -> str:
    if type(record) not in _TABLES:
        raise ValueError(f"not a record the history tracks: {record!r}")
    return _TABLES[type(record)]


def _row_of(record: Record) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in fields(record)}


def _row_or_none(record: Record | None) -> dict[str, Any] | None:
    return None if record is None else _row_of(record)


def _record_of(table: str, row: dict[str, Any] | None) -> Record | None:
    return None if row is None else _RECORD_TYPES[table](**row)


def _event_of(row: sqlite3.Row) -> Event:
    document_id = row["document_id"]
    return Event(row["id"], row["annotator"], row["at"], row["action"],
                 None if document_id is None else DocumentId(document_id), row["summary"], bool(row["undoable"]))

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


def backup_problem(path: Path) -> str | None:
    """What makes a backup file unfit to restore (damaged, or not a project this version opens); None if fit."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        status = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return f"the backup is damaged ({exc}); choose another"
    finally:
        conn.close()
    if status != "ok":
        return f"the backup is damaged ({status}); choose another"
    if version > SCHEMA_VERSION or version == 0:
        return "this backup is not a project this version can open"
    return None


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

    def add_session(self, annotator: str, program: str, host: str, pid: int, started: str, heartbeat: float,
                    read_only: bool) -> int:
        with self.transaction():
            session_id = self._insert("sessions", {"annotator": annotator, "program": program, "host": host,
                                                   "pid": pid, "started": started, "heartbeat": heartbeat,
                                                   "read_only": int(read_only)})
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

    # ---- rows: private to the store; everything above and below speaks in model objects ---------------
    def _insert(self, table: str, row: dict[str, Any]) -> int:
        row = _encode(row)
        cols = ", ".join(_quote(c) for c in row)
        marks = ", ".join("?" for _ in row)
        cur = self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))
        assert cur.lastrowid is not None  # an INSERT always sets it
        return cur.lastrowid

    def _update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        values = _encode(values)
        sets = ", ".join(f"{_quote(c)} = ?" for c in values)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), row_id])

    def _delete(self, table: str, row_id: int) -> None:
        self.conn.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])

    def _get(self, table: str, row_id: int) -> dict[str, Any] | None:
        row = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id]).fetchone()
        return _decode(row) if row else None

    def _records(self, record_type: type[_R], sql: str, params: Sequence[Any] = ()) -> list[_R]:
        """Rows of `SELECT * FROM <the table of record_type> ...` as model objects."""
        return [record_type(**_decode(r)) for r in self.conn.execute(sql, params)]

    def _one(self, record_type: type[_R], sql: str, params: Sequence[Any]) -> _R | None:
        found = self._records(record_type, sql, params)
        return found[0] if found else None

    def _next_id(self, table: str) -> int:
        """The id the next row of `table` gets: past every id it ever had, deleted ones included."""
        row = self.conn.execute(
            f"SELECT max(coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = ?), 0), "
            f"coalesce((SELECT max(id) FROM {table}), 0))", [table]).fetchone()
        return row[0] + 1

    # ---- history: the stored form of a change ----------------------------------------------------
    def _encode_changes(self, changes: Sequence[Change]) -> dict[str, Any]:
        """Changes as the history keeps them: by kind of thing and field name, not table and column,
        so that events written today still undo after the tables change (a migration updates
        `_HISTORY_FIELDS`, never the events)."""
        def by_field(table: str, row: dict[str, Any] | None) -> dict[str, Any] | None:
            if row is None:
                return None
            names = _HISTORY_FIELDS[table]
            return {names.get(column, column): value for column, value in row.items()}
        stored = []
        for before, after in changes:
            table = _table_of(before or after)
            stored.append({"kind": _HISTORY_KINDS[table], "before": by_field(table, _row_or_none(before)),
                           "after": by_field(table, _row_or_none(after))})
        return {"format": HISTORY_FORMAT, "changes": stored}

    def _decode_changes(self, stored: Any) -> list[Change]:
        """The changes of a stored event; format 0 (before versioned events) held tables and columns."""
        if isinstance(stored, list):
            return [(_record_of(table, before), _record_of(table, after)) for table, before, after in stored]
        tables = {kind: table for table, kind in _HISTORY_KINDS.items()}

        def row(table: str, values: dict[str, Any] | None) -> dict[str, Any] | None:
            if values is None:
                return None
            columns = {field: column for column, field in _HISTORY_FIELDS[table].items()}
            return {columns.get(name, name): value for name, value in values.items()}
        out: list[Change] = []
        for change in stored["changes"]:
            table = tables[change["kind"]]
            out.append((_record_of(table, row(table, change["before"])),
                        _record_of(table, row(table, change["after"]))))
        return out

    def apply_change(self, before: Record | None, after: Record | None) -> None:
        """Make a thing go from `before` to `after` (None = absent). Undo is this with the two swapped."""
        if before is None and after is not None:
            self._insert(_table_of(after), _row_of(after))
        elif after is None and before is not None:
            self._delete(_table_of(before), before.id)
        elif before is not None and after is not None:
            self._update(_table_of(after), after.id, {k: v for k, v in _row_of(after).items() if k != "id"})

    def current(self, record: Record) -> Record | None:
        """The thing with `record`'s kind and id as it is now in the project (None: it is gone)."""
        table = _table_of(record)
        return _record_of(table, self._get(table, record.id))

    def add_event(self, annotator: str, action: str, document_id: int | None, summary: str,
                  changes: Sequence[Change], *, undoable: bool, target_event: int | None) -> int:
        return self._insert("events", {
            "annotator": annotator, "at": now(), "action": action, "document_id": document_id,
            "summary": summary, "undoable": int(undoable), "target_event": target_event,
            "changes": self._encode_changes(changes)})

    def recent_events(self, annotator: str, limit: int) -> list[HistoryEvent]:
        """The annotator's last `limit` events with their changes, oldest first (what undo and redo read)."""
        rows = self.conn.execute("SELECT * FROM events WHERE annotator = ? ORDER BY id DESC LIMIT ?",
                                 [annotator, limit]).fetchall()
        return [HistoryEvent(_event_of(r), r["target_event"], self._decode_changes(json.loads(r["changes"])))
                for r in reversed(rows)]

    def events(self, *, document_id: int | None = None, annotator: str | None = None,
               limit: int | None = 1000) -> list[Event]:
        """The last `limit` events (None: all), of one document or annotator or of all, oldest first."""
        where, params = self._where({"document_id": document_id, "annotator": annotator})
        rows = self.conn.execute(f"SELECT * FROM events{where} ORDER BY id DESC LIMIT ?", [*params, limit or -1])
        return [_event_of(r) for r in rows][::-1]

    def append_events(self, events: Iterable[Event]) -> None:
        """Events of another project, kept as history only: new ids, not undoable, no changes (the changes
        of the other project referred to its own ids)."""
        self.conn.executemany(
            "INSERT INTO events (annotator, at, action, document_id, summary, undoable, changes) "
            "VALUES (?, ?, ?, ?, ?, 0, '[]')",
            [(e.annotator, e.at, e.action, e.document_id, e.summary) for e in events])

    @staticmethod
    def _where(equals: dict[str, Any]) -> tuple[str, list[Any]]:
        """A WHERE clause for the given columns' values; None leaves a column out."""
        given = {column: value for column, value in equals.items() if value is not None}
        clause = " AND ".join(f"{_quote(column)} = ?" for column in given)
        return (f" WHERE {clause}" if clause else ""), list(given.values())

    # ---- documents ------------------------------------------------------------------------------
    def add_document(self, name: str, text: str, sha256: str, meta: dict[str, Any]) -> Document:
        document_id = DocumentId(self._insert("documents", {"name": name, "text": text, "sha256": sha256,
                                                            "meta": meta}))
        return Document(document_id, name, text, sha256, meta)

    def has_document(self, name: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE name = ?", [name]).fetchone() is not None

    def document(self, document_id: int) -> Document | None:
        return self._one(Document, "SELECT * FROM documents WHERE id = ?", [document_id])

    def document_by_name(self, name: str) -> Document | None:
        return self._one(Document, "SELECT * FROM documents WHERE name = ?", [name])

    def document_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def document_fingerprints(self) -> dict[str, tuple[DocumentId, str]]:
        """name -> (id, sha256 of the text) of every document, without loading the texts."""
        return {r[1]: (DocumentId(r[0]), r[2]) for r in self.conn.execute("SELECT id, name, sha256 FROM documents")}

    def document_summaries(self) -> list[DocumentSummary]:
        sql = "SELECT id, name, length(text), meta FROM documents ORDER BY id"
        return [DocumentSummary(DocumentId(r[0]), r[1], r[2], json.loads(r[3])) for r in self.conn.execute(sql)]

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

    # ---- imports: the bulk path ---------------------------------------------------------------------
    def next_document_id(self) -> DocumentId:
        return DocumentId(self._next_id("documents"))

    def next_span_id(self) -> SpanId:
        return SpanId(self._next_id("spans"))

    def add_imported(self, documents: Iterable[Document], spans: Iterable[ImportedSpan],
                     relations: Iterable[ImportedRelation]) -> None:
        """Bulk insert of a checked import, ids given by the caller (from next_document_id / next_span_id):
        plain tuples, not model objects, because a dataclass per span costs more than its insert."""
        self.conn.executemany("INSERT INTO documents (id, name, text, sha256, meta) VALUES (?, ?, ?, ?, ?)",
                              [(d.id, d.name, d.text, d.sha256, json.dumps(d.meta, ensure_ascii=False))
                               for d in documents])
        self.conn.executemany(
            'INSERT INTO spans (id, document_id, annotator, start, "end", label, text, attributes) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ((i, d, a, s, e, lab, t, json.dumps(attributes, ensure_ascii=False) if attributes else "{}")
             for i, d, a, s, e, lab, t, attributes in spans))
        self.conn.executemany("INSERT INTO relations (document_id, annotator, type, source, target) "
                              "VALUES (?, ?, ?, ?, ?)", relations)

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

    # ---- spans ------------------------------------------------------------------------------------
    def add_span(self, document_id: int, annotator: str, start: int, end: int, label: str, text: str,
                 attributes: dict[str, Any]) -> Span:
        span_id = self._insert("spans", {"document_id": document_id, "annotator": annotator, "start": start,
                                         "end": end, "label": label, "text": text, "attributes": attributes})
        return Span(SpanId(span_id), DocumentId(document_id), annotator, start, end, label, text, attributes)

    def has_span(self, document_id: int, annotator: str, start: int, end: int, label: str) -> bool:
        return self.conn.execute(
            'SELECT 1 FROM spans WHERE document_id = ? AND annotator = ? AND start = ? AND "end" = ? AND label = ?',
            [document_id, annotator, start, end, label]).fetchone() is not None

    def span(self, span_id: int) -> Span | None:
        return self._one(Span, "SELECT * FROM spans WHERE id = ?", [span_id])

    def spans_of(self, document_id: int, annotator: str | None = None) -> list[Span]:
        """A document's spans (of one annotator, or of all), by start, end, id."""
        where, params = self._where({"document_id": document_id, "annotator": annotator})
        return self._records(Span, f'SELECT * FROM spans{where} ORDER BY start, "end", id', params)

    def replace_span(self, span: Span) -> None:
        """Write every field of `span` over the stored span with its id."""
        self._update("spans", span.id, {k: v for k, v in _row_of(span).items() if k != "id"})

    def delete_span(self, span_id: int) -> None:
        self._delete("spans", span_id)

    def rename_span_label(self, old: str, new: str) -> None:
        self.conn.execute("UPDATE spans SET label = ? WHERE label = ?", [new, old])

    def span_label_counts(self, annotator: str) -> dict[DocumentId, dict[str, int]]:
        """Per document, how many spans of each label `annotator` has."""
        out: dict[DocumentId, dict[str, int]] = {}
        for document_id, label, n in self.conn.execute(
                "SELECT document_id, label, count(*) FROM spans WHERE annotator = ? "
                "GROUP BY document_id, label ORDER BY document_id, label", [annotator]):
            out.setdefault(DocumentId(document_id), {})[label] = n
        return out

    # ---- relations --------------------------------------------------------------------------------
    def add_relation(self, document_id: int, annotator: str, type: str, source: int, target: int) -> Relation:
        relation_id = self._insert("relations", {"document_id": document_id, "annotator": annotator, "type": type,
                                                 "source": source, "target": target})
        return Relation(RelationId(relation_id), DocumentId(document_id), annotator, type, SpanId(source),
                        SpanId(target))

    def relation(self, relation_id: int) -> Relation | None:
        return self._one(Relation, "SELECT * FROM relations WHERE id = ?", [relation_id])

    def relations_of(self, document_id: int, annotator: str | None = None) -> list[Relation]:
        where, params = self._where({"document_id": document_id, "annotator": annotator})
        return self._records(Relation, f"SELECT * FROM relations{where} ORDER BY id", params)

    def relations_from(self, span_id: int, type: str | None = None) -> list[Relation]:
        """Relations whose source is the span (of one type, or of all), by id."""
        where, params = self._where({"source": span_id, "type": type})
        return self._records(Relation, f"SELECT * FROM relations{where} ORDER BY id", params)

    def relations_touching(self, span_id: int) -> list[Relation]:
        """Relations from or to the span, by id."""
        return self._records(Relation, "SELECT * FROM relations WHERE source = ? OR target = ? ORDER BY id",
                             [span_id, span_id])

    def delete_relation(self, relation_id: int) -> None:
        self._delete("relations", relation_id)

    # ---- document labels --------------------------------------------------------------------------
    def add_doc_label(self, document_id: int, annotator: str, task: str, target: str, value: str) -> DocLabel:
        label_id = self._insert("doc_labels", {"document_id": document_id, "annotator": annotator, "task": task,
                                               "target": target, "value": value})
        return DocLabel(DocLabelId(label_id), DocumentId(document_id), annotator, task, target, value)

    def doc_label(self, document_id: int, annotator: str, task: str, target: str) -> DocLabel | None:
        return self._one(DocLabel, "SELECT * FROM doc_labels WHERE document_id = ? AND annotator = ? AND task = ? "
                                   "AND target = ?", [document_id, annotator, task, target])

    def doc_labels_of(self, document_id: int, annotator: str | None = None) -> list[DocLabel]:
        where, params = self._where({"document_id": document_id, "annotator": annotator})
        return self._records(DocLabel, f"SELECT * FROM doc_labels{where} ORDER BY id", params)

    def set_doc_label_value(self, label_id: int, value: str) -> None:
        self._update("doc_labels", label_id, {"value": value})

    def delete_doc_label(self, label_id: int) -> None:
        self._delete("doc_labels", label_id)

    def rename_doc_label_target(self, old: str, new: str) -> None:
        self.conn.execute("UPDATE doc_labels SET target = ? WHERE target = ?", [new, old])

    # ---- status -----------------------------------------------------------------------------------
    def status(self, document_id: int, annotator: str) -> DocumentStatus | None:
        return self._one(DocumentStatus, "SELECT * FROM status WHERE document_id = ? AND annotator = ?",
                         [document_id, annotator])

    def statuses_of(self, annotator: str) -> dict[DocumentId, str]:
        """The status of every document that has one for `annotator`."""
        return {DocumentId(r[0]): r[1] for r in self.conn.execute(
            "SELECT document_id, status FROM status WHERE annotator = ? ORDER BY id", [annotator])}

    def add_status(self, document_id: int, annotator: str, status: str, updated_at: str) -> DocumentStatus:
        status_id = self._insert("status", {"document_id": document_id, "annotator": annotator, "status": status,
                                            "updated_at": updated_at})
        return DocumentStatus(status_id, DocumentId(document_id), annotator, status, updated_at)

    def set_status(self, status_id: int, status: str, updated_at: str) -> None:
        self._update("status", status_id, {"status": status, "updated_at": updated_at})

    # ---- curation marks ---------------------------------------------------------------------------
    def add_curation_mark(self, document_id: int, category: str, start: int, end: int,
                          decision: str) -> CurationMark:
        mark_id = self._insert("curation_marks", {"document_id": document_id, "category": category,
                                                  "start": start, "end": end, "decision": decision})
        return CurationMark(mark_id, DocumentId(document_id), category, start, end, decision)

    def curation_mark(self, document_id: int, category: str, start: int, end: int) -> CurationMark | None:
        return self._one(CurationMark, 'SELECT * FROM curation_marks WHERE document_id = ? AND category = ? '
                                       'AND start = ? AND "end" = ?', [document_id, category, start, end])

    def curation_marks_of(self, document_id: int) -> list[CurationMark]:
        return self._records(CurationMark, "SELECT * FROM curation_marks WHERE document_id = ? ORDER BY id",
                             [document_id])

    def delete_curation_mark(self, mark_id: int) -> None:
        self._delete("curation_marks", mark_id)

    # ---- suggestions ------------------------------------------------------------------------------
    def add_suggestion(self, document_id: int, annotator: str, source: str, start: int, end: int, label: str,
                       text: str, extra: dict[str, Any]) -> Suggestion:
        suggestion_id = self._insert("suggestions", {
            "document_id": document_id, "annotator": annotator, "source": source, "start": start, "end": end,
            "label": label, "text": text, "extra": extra, "state": "open"})
        return Suggestion(suggestion_id, DocumentId(document_id), annotator, source, start, end, label, text, extra)

    def has_suggestion_at(self, document_id: int, annotator: str, start: int, end: int) -> bool:
        """Whether the place was suggested to the annotator already (by any source, in any state)."""
        return self.conn.execute(
            'SELECT 1 FROM suggestions WHERE document_id = ? AND annotator = ? AND start = ? AND "end" = ?',
            [document_id, annotator, start, end]).fetchone() is not None

    def suggestion(self, suggestion_id: int) -> Suggestion | None:
        return self._one(Suggestion, "SELECT * FROM suggestions WHERE id = ?", [suggestion_id])

    def suggestions_of(self, document_id: int, annotator: str, state: str | None) -> list[Suggestion]:
        """A document's suggestions for `annotator` in one state (None: every state), by start, end, id."""
        where, params = self._where({"document_id": document_id, "annotator": annotator, "state": state})
        return self._records(Suggestion, f'SELECT * FROM suggestions{where} ORDER BY start, "end", id', params)

    def set_suggestion_state(self, suggestion_id: int, state: str) -> None:
        self._update("suggestions", suggestion_id, {"state": state})

    def suggestion_counts(self, annotator: str | None) -> list[tuple[str, str, int]]:
        """(source, state, how many) of one annotator's suggestions, or of everyone's."""
        where, params = self._where({"annotator": annotator})
        return [(r[0], r[1], r[2]) for r in self.conn.execute(
            f"SELECT source, state, count(*) FROM suggestions{where} GROUP BY source, state ORDER BY source, state",
            params)]

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

    def label_totals(self) -> dict[str, int]:
        """How many spans carry each label, over every document and annotator."""
        return dict(self.conn.execute("SELECT label, count(*) FROM spans GROUP BY label ORDER BY label").fetchall())

    def counts_per_annotator(self) -> dict[str, dict[str, int]]:
        """Per annotator: how many spans, relations, document labels, and documents in each status it has."""
        out: dict[str, dict[str, int]] = {}
        for table in ("spans", "relations", "doc_labels"):
            for annotator, n in self.conn.execute(
                    f"SELECT annotator, count(*) FROM {table} GROUP BY annotator ORDER BY annotator"):
                out.setdefault(annotator, {})[table] = n
        for annotator, status, n in self.conn.execute(
                "SELECT annotator, status, count(*) FROM status GROUP BY annotator, status ORDER BY annotator, status"):
            out.setdefault(annotator, {})[status] = n
        return out
