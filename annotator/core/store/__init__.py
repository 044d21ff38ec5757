"""The project file: one SQLite database through sqlite-utils. This package (DESIGN's store.py, grown into
a package of small modules) is the only place that writes SQL or knows a table or column name.

Used by project.py alone, whose managers speak to it in model objects (model.py) and plain typed values,
never in rows: `add_span(...) -> Span`, `spans_of(document_id, annotator) -> list[Span]`,
`set_status(...)`, `document(id) -> Document | None`. The public methods of `Store` are the storage
interface, written down as typed Protocols per area in core/store_protocols.py (`ProjectStore`, and
`FileBackups` for `backup_to` / `restore_from`), which another backend (PostgreSQL for a team server)
implements too; mypy holds `Store` to them (the end of this module), the store-level tests every backend:
- opening and closing: `Store(path, mode=)` (write, read, inspect), `close`, `user_version`, `migrate`,
  `transaction` (one write transaction, nested ones savepoints), `read_only_reason`, `changed_elsewhere`,
  `watch` (a file's tells no one: the window polls `changed_elsewhere`; PostgreSQL's hears NOTIFY);
- sessions (`sessions`, `add_session`, `touch_session`, `set_session_document`, `remove_sessions`),
  `backup_to`, `restore_from`;
- documents (`add_document`, `has_document`, `document`, `document_by_name`, `document_count`,
  `document_fingerprints`, `document_summaries`, `document_length`, `text_slice`, `layer_rows`), the
  import's bulk path (`next_document_id`, `next_span_id`, `add_imported`), `ensure_annotator`,
  `annotators`, `get_setting`, `set_setting`;
- the search index (search.py), which every write of a text keeps in its transaction: `search_index_state`,
  `search_rows`, `unindexed_documents`, `rebuild_search_index`, `index_unindexed_documents`, and what
  search reads beside it: `document_names`, `texts_of`, `span_labels_at`, `label_ranges`;
- one set per kind of annotation: spans, relations, document labels, status, curation marks, suggestions
  (add / get / of a document / change / delete, and the counts the windows show);
- history: `add_event`, `recent_events`, `events`, `append_events`, and `current` / `apply_change`, which
  undo and redo use on any kind of record; the stored form of a change is versioned (HISTORY_FORMAT);
- checks (checks.py, each linear in the size of the project): `integrity_problems`, `foreign_key_problems`,
  `documents_for_check`, `spans_with_wrong_ends`, `document_for_check`, `spans_of_document_for_check`,
  `duplicate_spans`, `orphan_relations`, `stored_json`, `stored_setting`, `undecodable_events`,
  `span_edge_characters`, `spans_with_edges`, `stale_search_documents`, and `reader_beside` (a second
  read-only connection for a thread); figures: `stats`, `label_totals`, `counts_per_annotator`,
  `names_in_use`.
The model's field names are today's column names; a migration that renames a column translates here.
Inside: tables.py (the migrations), rows.py (private row helpers), documents.py, search.py, annotations.py,
history.py and checks.py (the typed methods per area, mixed into `Store`), and here the connection,
transactions, sessions, backups and figures.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import open_projects
from ..backup_names import BEFORE_UPGRADE, new_backup_path
from ..errors import AnnotatorError, InputError, ReadOnlyProject, StorageError
from ..files import refuse_unsafe_output
from ..progress import NO_PROGRESS, Progress
from .annotations import AnnotationRows
from .checks import CheckRows
from .documents import DocumentRows
from .history import _HISTORY_FIELDS as _HISTORY_FIELDS
from .history import _HISTORY_KINDS as _HISTORY_KINDS
from .history import HISTORY_FORMAT, TRACKED_TABLES, HistoryRows
from .library import sqlite_utils
from .opening import connect, recognise, refuse_unopenable
from .tables import SCHEMA_VERSION, migrations

__all__ = [
    "BUSY_TIMEOUT_MS",
    "HISTORY_FORMAT",
    "KEEPING_COPY",
    "SCHEMA_VERSION",
    "SESSION_STALE_SECONDS",
    "TRACKED_TABLES",
    "Store",
    "backup_problem",
    "describe_sessions",
    "migrations",
    "remove_project_files",
    "storage_problem",
]

# How long a write waits for another process's transaction before it is given up and shown to the user.
BUSY_TIMEOUT_MS = 5000


def _not_a_project(path: Path, exc: sqlite3.DatabaseError) -> AnnotatorError:
    if "not a database" in str(exc):
        return InputError(
            "this file is not an annotator project (not an SQLite file); choose the .annotator "
            "file; it was left as it is",
            file=str(path),
        )
    return StorageError(storage_problem(path, exc))


def backup_problem(path: Path) -> str | None:
    """What makes a backup file unfit to restore (damaged, or not a project this version opens); None if fit."""
    try:  # read-only, and on read-only media too (a backup made before they were in rollback-journal mode)
        conn = connect(path, read_only=True)
    except sqlite3.DatabaseError as exc:
        return f"the backup is damaged ({exc}); choose another"
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
    for suffix in ("", *open_projects.SQLITE_SIDE_FILES):
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):  # never made: nothing to remove
            Path(f"{path}{suffix}").unlink()


# Sessions whose heartbeat is older than this are treated as gone (a crashed window).
SESSION_STALE_SECONDS = 60.0


def describe_sessions(rows: Iterable[dict[str, Any]], now: float) -> str:
    live = [r for r in rows if now - r["heartbeat"] < SESSION_STALE_SECONDS]
    if not live:
        return "another program"
    return ", ".join(f"the {r['program']} of annotator {r['annotator']} (pid {r['pid']} on {r['host']})" for r in live)


def storage_problem(path: Path, exc: Exception, store: Store | None = None) -> str:
    """One line saying what went wrong with the project file and what to do; the change was not saved."""
    import time

    message = str(exc).lower()
    if "locked" in message or "busy" in message:
        who = "another program"
        if store is not None:
            with contextlib.suppress(sqlite3.DatabaseError):  # an old project has no sessions table
                who = describe_sessions([r for r in store.sessions() if r["id"] not in store.own_sessions], time.time())
        return (
            f"{path}: the project is busy: {who} is writing to it and did not finish within "
            f"{BUSY_TIMEOUT_MS // 1000} s; try again (this change was not saved)"
        )
    if "full" in message:
        return f"{path}: the disk is full; free some space and try again (this change was not saved)"
    if "readonly" in message or "read-only" in message:
        return (
            f"{path}: the project file or its folder is read-only; make it writable, or copy the project "
            "somewhere you can write (this change was not saved)"
        )
    if "unable to open" in message:
        return f"{path}: cannot open the file; check that its folder exists and that you may write there"
    if "malformed" in message or "not a database" in message or "disk i/o" in message or "decode" in message:
        return (
            f"{path}: the project file is damaged ({exc}); run `annotator check {path}`, then restore a "
            "backup (`annotator backups PROJECT`)"
        )
    return f"{path}: {exc}"


class NotWatching:
    """The `Watch` of a backend that cannot be told of other programs' changes (core/store_protocols.py)."""

    live = False

    def stop(self) -> None:
        pass


KEEPING_COPY = "keeping a copy of the project as it was"  # what a copy tells its progress (`backup_to`)
COPY_PAGES = 2048  # pages a step of a copy (8 MB of 4 KB pages): a 920 MB project is told of 115 times


class Store(DocumentRows, AnnotationRows, HistoryRows, CheckRows):
    """One open project file."""

    def __init__(self, path: str | Path, *, mode: str = "write", progress: Progress = NO_PROGRESS):
        """Open a project. `mode`:
        - "write": open (creating or migrating as needed) to read and write;
        - "read": an existing project, read-only: the file and its `-wal` stay byte-identical (SQLite's
          `mode=ro` never checkpoints), and it works from read-only media; a project of an older schema is
          migrated in a copy in memory, never in the file;
        - "inspect": as "read", for `check`: no migration, and damaged text reads as U+FFFD.
        `progress` hears of the copy kept before a file of an older format is upgraded (KEEPING_COPY).
        """
        self.path = Path(path)
        existed = refuse_unopenable(self.path)
        if mode != "write" and not existed:
            raise InputError("no such project file", file=str(self.path))
        read_only = mode != "write"
        try:
            conn = connect(self.path, read_only=read_only)
        except sqlite3.DatabaseError as exc:
            raise _not_a_project(self.path, exc) from None
        try:
            version = recognise(conn, self.path, SCHEMA_VERSION)
            if existed and version == 0 and mode != "write":
                raise InputError(
                    "this SQLite file is empty, not a project yet; choose the .annotator file", file=str(self.path)
                )
        except BaseException as exc:
            conn.close()
            if isinstance(exc, sqlite3.DatabaseError):
                raise _not_a_project(self.path, exc) from None
            raise
        open_projects.register(self.path)
        self._registered = True
        self.read_only_reason: str | None = None  # set: every write is refused with this message
        self.read_from_copy = False
        self.kept_before_upgrade: Path | None = None  # the copy of an older format's file, kept as it was
        if mode == "read" and version < SCHEMA_VERSION:
            conn = self._migrated_copy(conn)
        self._attach(conn)
        if read_only:
            self.read_only_reason = f"{self.path}: opened read-only (a command that only reads); nothing was written"
        if mode == "inspect":
            conn.text_factory = lambda data: data.decode("utf-8", "replace")
            return
        if read_only:
            return
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            # FULL: a committed action survives a power cut, not only a crash of the app.
            conn.execute("PRAGMA synchronous = FULL")
            if existed and 0 < version < SCHEMA_VERSION:
                self.kept_before_upgrade = self._keep_before_upgrade(progress)
            self.migrate()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise StorageError(storage_problem(self.path, exc, self)) from None

    def _keep_before_upgrade(self, progress: Progress) -> Path | None:
        """A copy of the file as it is, before its format is upgraded (an older annotator cannot open the
        upgraded file, and a user may want to go back to it): beside the backups, never pruned. None when
        the copy is of this format after all (another program upgraded the file meanwhile: it kept the copy).
        When the copy cannot be made, the file is not upgraded and the opening is refused."""
        target = new_backup_path(self.path, BEFORE_UPGRADE)
        partial = target.with_name(target.name + ".partial")
        try:
            for path in (target, partial):
                refuse_unsafe_output(path, "file")
            target.parent.mkdir(parents=True, exist_ok=True)
            self.backup_to(partial, progress)
            copy = connect(partial, read_only=True)
            try:
                older = copy.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION
            finally:
                copy.close()
            if not older:
                partial.unlink()
                return None
            os.replace(partial, target)
        except (OSError, sqlite3.DatabaseError, InputError) as exc:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            self.close()
            why = (  # (the output policy's refusal says its own fix)
                exc.problem
                if isinstance(exc, InputError)
                else f"{getattr(exc, 'strerror', None) or exc}; free some space or check permissions there"
            )
            raise StorageError(
                f"{self.path}: this project is of an older annotator's format, and a copy of it as it is could not "
                f"be kept in {target.parent} before upgrading it: {why}. Nothing was changed"
            ) from None
        return target

    def _attach(self, conn: sqlite3.Connection) -> None:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.row_factory = sqlite3.Row
        self.db = sqlite_utils.Database(conn)
        self.conn = conn
        self._data_version: int | None = None
        self._seen_event: int | None = None  # the newest event changed_elsewhere saw
        self.own_events: set[int] = set()  # events this connection wrote since (add_event)
        self.own_sessions: set[int] = set()  # not named as "the other user" in a busy message

    def _migrated_copy(self, conn: sqlite3.Connection) -> sqlite3.Connection:
        """A project of an older schema, read: its content copied into memory and migrated there."""
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        try:
            conn.backup(memory)
        except sqlite3.DatabaseError as exc:
            memory.close()
            raise StorageError(storage_problem(self.path, exc)) from None
        finally:
            conn.close()
        self._attach(memory)
        self.migrate()
        self.read_from_copy = True
        return memory

    # ---- schema version -------------------------------------------------------------------------
    @property
    def user_version(self) -> int:
        version: int = self.conn.execute("PRAGMA user_version").fetchone()[0]
        return version

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
        if self._registered:
            self._registered = False
            open_projects.unregister(self.path)

    # ---- transactions ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (a savepoint when nested), committed to disk when the outermost block ends.

        It begins IMMEDIATE: the write lock is taken first, so waiting for another process (the busy
        timeout) happens here, never halfway through, where SQLite would fail at once.
        """
        if self.conn.in_transaction:
            self._flush_search_index()  # before the savepoint: its rollback must not take those rows along
            try:
                with self.db.atomic():
                    yield
            except BaseException:
                # rows indexed inside it and not written yet go with it: an id it gave may be given again
                self._drop_search_index()
                raise
            return
        if self.read_only_reason:
            raise ReadOnlyProject(self.read_only_reason)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._error(exc) from None
        try:
            yield
            self._flush_search_index()  # an import's last rows of the search index, made beside it (search.py)
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

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: everything read inside sees the project as it was at the first read, whatever
        other programs commit meanwhile (WAL keeps that version for us). Nested: the outer one holds."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def _rollback(self) -> None:
        self._drop_search_index()
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def _error(self, exc: sqlite3.DatabaseError) -> AnnotatorError:
        if isinstance(exc, sqlite3.IntegrityError):
            return InputError(f"the project refused the change ({exc})")
        return StorageError(storage_problem(self.path, exc, self))

    # ---- other processes ----------------------------------------------------------------------------
    def changed_elsewhere(self) -> bool:
        """Whether another connection changed the project's content since the last call. PRAGMA data_version
        says that another connection committed something; the history says whether it was content: every
        change of documents, annotations or the schema records an event (a window's heartbeat, its session
        starting or ending does not), so it was if an event appeared that this connection did not write, or
        the history went back (a restored backup). The first call only takes note."""
        seen = self._seen_event or 0
        with self.snapshot():  # the version and the events of one moment
            version = self.conn.execute("PRAGMA data_version").fetchone()[0]
            newest = self.conn.execute("SELECT max(id) FROM events").fetchone()[0] or 0
            changed = (
                self._data_version is not None
                and version != self._data_version
                and (
                    newest < seen
                    or any(
                        row[0] not in self.own_events
                        for row in self.conn.execute("SELECT id FROM events WHERE id > ?", [seen])
                    )
                )
            )
        self._data_version, self._seen_event = version, newest
        self.own_events.clear()
        return changed

    def watch(self, callback: Callable[[dict[str, Any]], None]) -> NotWatching:
        """A file tells no one of its changes: nothing is called (the window polls `changed_elsewhere`)."""
        return NotWatching()

    def sessions(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM sessions ORDER BY id")]

    def add_session(
        self, annotator: str, program: str, host: str, pid: int, started: str, heartbeat: float, read_only: bool
    ) -> int:
        with self.transaction():
            session_id = self._insert(
                "sessions",
                {
                    "annotator": annotator,
                    "program": program,
                    "host": host,
                    "pid": pid,
                    "started": started,
                    "heartbeat": heartbeat,
                    "read_only": int(read_only),
                },
            )
        self.own_sessions.add(session_id)
        return session_id

    def touch_session(self, session_id: int, heartbeat: float) -> bool:
        """Refresh a session's heartbeat; False if its row is gone (another window took over)."""
        with self.transaction():
            cur = self.conn.execute("UPDATE sessions SET heartbeat = ? WHERE id = ?", [heartbeat, session_id])
            return cur.rowcount == 1

    def set_session_document(self, session_id: int, document_id: int | None) -> None:
        """Which document the session's window has open (None: none); not history, not content."""
        with self.transaction():
            self.conn.execute("UPDATE sessions SET document_id = ? WHERE id = ?", [document_id, session_id])

    def remove_sessions(self, ids: Sequence[int]) -> None:
        with self.transaction():
            self.conn.executemany("DELETE FROM sessions WHERE id = ?", [[i] for i in ids])
        self.own_sessions.difference_update(ids)

    # ---- a large import: references checked once, before its commit ------------------------------------
    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """The import's write transaction (`transaction`). Into a project without spans, SQLite checks no
        foreign key as the rows go in (a look-up of each span's document and annotator, and of each
        relation's spans: 0.9 of the 3.3 s 944,000 spans and 125,000 relations take) but every table's,
        once, in C, just before the commit (0.35 s there); a row pointing at nothing rolls the whole import
        back, as a refused row would have. A project with spans checks row by row, as always: the check at
        the end reads every table, so it is worth it only where the import writes most of the rows. (The
        pragma is this connection's alone and cannot change inside a transaction: hence before it.)"""
        if self.conn.in_transaction or self.conn.execute("SELECT 1 FROM spans LIMIT 1").fetchone():
            with self.transaction():
                yield
            return
        self.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with self.transaction():
                yield
                self._flush_search_index()  # its rows too are checked
                broken = self.conn.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    table, row_id, parent = broken[0][:3]
                    raise StorageError(
                        f"the import would leave {len(broken)} row(s) pointing at nothing (row {row_id} of "
                        f"{table}, into {parent}); nothing was written. This is a bug: please report it"
                    )
        finally:
            self.conn.execute("PRAGMA foreign_keys = ON")

    # ---- a large import: the span and relation tables' indexes made once, at its end ------------------
    # name -> CREATE statement of the indexes dropped (a rollback may have brought some back since)
    _deferred_span_indexes: dict[str, str] | None = None

    def defer_span_indexes(self) -> None:
        """In the caller's transaction, when the project holds no span (so no relation): drop the span and
        relation tables' indexes until `restore_span_indexes` makes them again, each in one sorted pass over
        the rows (kept up row by row, they cost an import of 10,000 articles a tenth of its time). A rollback
        brings them back with the rest."""
        if self.conn.execute("SELECT 1 FROM spans LIMIT 1").fetchone():
            return
        found = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('spans', 'relations') "
            "AND sql IS NOT NULL ORDER BY name"
        ).fetchall()
        for name, _ in found:
            self.conn.execute(f'DROP INDEX "{name}"')
        self._deferred_span_indexes = {**(self._deferred_span_indexes or {}), **dict(found)}

    def restore_span_indexes(self) -> None:
        """The indexes `defer_span_indexes` dropped, made again: those a rollback has not brought back
        already (nothing when none was dropped)."""
        deferred, self._deferred_span_indexes = self._deferred_span_indexes, None
        for name, sql in (deferred or {}).items():
            if not self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", [name]
            ).fetchone():
                self.conn.execute(sql)

    # ---- backups --------------------------------------------------------------------------------
    def backup_to(self, target: Path, progress: Progress = NO_PROGRESS) -> None:
        """A consistent copy of the project through SQLite's backup API (other processes may write).
        Given a `progress`, it is told KEEPING_COPY as the pages are copied, COPY_PAGES at a time; else the
        copy is one step, one read of the file as it is: a step-by-step copy starts again whenever another
        connection writes between two steps, so the window's hourly copy of a project being labelled might
        never end."""
        dest = sqlite3.connect(str(target))

        def copied(_status: int, remaining: int, total: int) -> None:
            progress.report(total - remaining, total, KEEPING_COPY)

        try:
            if progress is NO_PROGRESS:
                self.conn.backup(dest)
            else:
                self.conn.backup(dest, pages=COPY_PAGES, progress=copied)
            # The copy keeps the project's WAL mode, which needs a -shm beside it: on read-only media it would
            # not open. A backup is never written by several programs, so the rollback journal serves it.
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()

    def restore_from(self, source: Path) -> None:
        """Replace the project's content by that of `source`, through the backup API (locks respected)."""
        try:  # (a URI made from the path: a `#` or `?` in a folder's name is part of it)
            src = connect(source, read_only=True)
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        self._documents_written += 1  # (the documents' names kept for search: read again)
        try:
            src.backup(self.conn)
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        finally:
            src.close()

    # ---- integrity: the checks' reads are in checks.py (CheckRows) --------------------------------
    def reader_beside(self) -> Store | None:
        """Another read-only connection to the project file ("inspect" mode: no migration), for reads that run
        in a thread of their own beside this connection's (the check runs SQLite's own checks there); the
        caller closes it. None when this connection does not read the file (a migrated copy in memory)."""
        if not any(row[2] for row in self.conn.execute("PRAGMA database_list") if row[1] == "main"):
            return None
        return Store(self.path, mode="inspect")

    def stats(self) -> dict[str, Any]:
        def one(sql: str) -> int:
            count: int = self.conn.execute(sql).fetchone()[0]
            return count

        return {
            "documents": one("SELECT count(*) FROM documents"),
            "characters": one("SELECT coalesce(sum(length(text)), 0) FROM documents"),
            "annotators": one("SELECT count(*) FROM annotators"),
            "spans": one("SELECT count(*) FROM spans"),
            "relations": one("SELECT count(*) FROM relations"),
            "doc_labels": one("SELECT count(*) FROM doc_labels"),
            "events": one("SELECT count(*) FROM events"),
        }

    def names_in_use(self, stance_task: str) -> dict[str, set[str]]:
        """The schema names the data uses: span labels, relation types, document-label tasks and targets,
        and the values of `stance_task` labels; one pass over each table (a schema save checks these)."""

        def distinct(sql: str, *args: str) -> set[str]:
            return {r[0] for r in self.conn.execute(sql, args)}

        return {
            "label": distinct("SELECT DISTINCT label FROM spans"),
            "relation type": distinct("SELECT DISTINCT type FROM relations"),
            "task": distinct("SELECT DISTINCT task FROM doc_labels"),
            "stance target": distinct("SELECT DISTINCT target FROM doc_labels"),
            "stance value": distinct("SELECT DISTINCT value FROM doc_labels WHERE task = ?", stance_task),
        }

    def counts(self) -> dict[str, int]:
        return {
            table: self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("documents", "spans", "relations")
        }

    def label_totals(self) -> dict[str, int]:
        """How many spans carry each label, over every document and annotator."""
        return dict(self.conn.execute("SELECT label, count(*) FROM spans GROUP BY label ORDER BY label").fetchall())

    def counts_per_annotator(self) -> dict[str, dict[str, int]]:
        """Per annotator: how many spans, relations, document labels, and documents in each status it has."""
        out: dict[str, dict[str, int]] = {}
        for table in ("spans", "relations", "doc_labels"):
            for annotator, n in self.conn.execute(
                f"SELECT annotator, count(*) FROM {table} GROUP BY annotator ORDER BY annotator"
            ):
                out.setdefault(annotator, {})[table] = n
        for annotator, status, n in self.conn.execute(
            "SELECT annotator, status, count(*) FROM status GROUP BY annotator, status ORDER BY annotator, status"
        ):
            out.setdefault(annotator, {})[status] = n
        return out


if TYPE_CHECKING:  # mypy checks that the SQLite store keeps the whole contract (core/store_protocols.py)
    from ..store_protocols import FileBackups, ProjectStore

    _keeps_the_contract: type[ProjectStore] = Store
    _backs_up_to_files: type[FileBackups] = Store
