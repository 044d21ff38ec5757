"""Recognising a project file and connecting to it, before anything in it is changed.

- Nothing here opens a file except through SQLite (see core/open_projects.py: a plain `open()` in a process
  holding a connection drops that connection's locks). What `stat` can tell (a folder, a FIFO, a device,
  an empty file) is refused before SQLite sees the path; SQLite reads the header.
- A project is recognised by its `application_id` (set by every project since schema 7), or, for a project
  made before that, by the migrations table and the tables of our first migration. Any other SQLite file is
  refused before a byte of it changes (not even the journal mode).
- Read-only connections (`mode=ro`) leave the file and its write-ahead log byte-identical (they never
  checkpoint); on read-only media, where SQLite cannot create the `-shm` beside a file without a `-wal`,
  the file is opened `immutable` (nothing can change it there).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from ..errors import InputError, StorageError
from ..intake_policy import kind_of

APPLICATION_ID = 0x414E4E4F  # "ANNO": PRAGMA application_id of every project (sqlite.org/fileformat2.html)
MIGRATIONS_TABLE = "_sqlite_migrations"  # sqlite-utils' record of applied migrations


def refuse_unopenable(path: Path) -> bool:
    """From `stat` alone: refuse a folder, a pipe, a device or an empty file; True if the file exists."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StorageError(f"{path}: cannot read the file ({exc.strerror}); check its permissions") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("this is a folder, not a project file; give the .annotator file", file=str(path))
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            f"this is {kind_of(info.st_mode)}, not a project file; give the .annotator file", file=str(path)
        )
    if info.st_size == 0:
        raise InputError(
            "the file is empty (0 bytes), not a project; restore a backup "
            "(`annotator backups PROJECT`) or choose another file; it was left as it is",
            file=str(path),
        )
    return True


def uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return Path(os.path.abspath(path)).as_uri() + (f"?{query}" if query else "")


def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A connection (autocommit: transactions are ours) that has read the header: a file that is not
    SQLite raises sqlite3.DatabaseError here."""
    target = uri(path, mode="ro") if read_only else uri(path)
    conn = sqlite3.connect(target, uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.OperationalError as exc:
        conn.close()
        # Read-only media: SQLite cannot make the -shm a WAL file needs. Nothing can write the file there, so
        # reading it as immutable is exact; a -wal beside it would be ignored, so that case is not taken.
        if not (read_only and "unable to open" in str(exc) and not os.path.exists(f"{path}-wal")):
            raise
        conn = sqlite3.connect(
            uri(path, mode="ro", immutable="1"), uri=True, isolation_level=None, check_same_thread=False
        )
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def recognise(conn: sqlite3.Connection, path: Path, newest: int) -> int:
    """The project's schema version; refuses (changing nothing) another program's SQLite file and a
    project of a newer annotator. 0: an empty SQLite file, which may become a project."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if application_id not in (0, APPLICATION_ID):
        raise InputError(
            "this is another program's SQLite file (its application id is "
            f"{application_id:#x}), not an annotator project; choose the .annotator file; it was left "
            "as it is",
            file=str(path),
        )
    if application_id == 0:
        tables = _tables(conn)
        ours = version > 0 and {MIGRATIONS_TABLE, "documents", "spans", "events"} <= tables
        if tables and not ours:
            raise InputError(
                "this SQLite file is not an annotator project; choose the .annotator file; it was left as it is",
                file=str(path),
            )
    if version > newest:
        raise InputError(
            f"this project was written by a newer annotator (schema {version}, this one knows "
            f"{newest}); update annotator to open it",
            file=str(path),
        )
    return version
