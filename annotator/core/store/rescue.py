"""Saving what can still be read from a damaged project into a new one (`annotator rescue`).

The damaged file is only ever read (SQLite read-only). Each table is read by ranges of row ids; a range
that hits a damaged page is read again row by row, so one damaged page costs the rows on it and no more.
SQLite's own recovery (the `.recover` command of SQLite's command-line program, where it is installed)
goes first when the file's table of contents itself cannot be read; its output is read the same way.

What comes across is what the program can trust: a document whose text no longer matches its stored hash
is left out, and so is anything that belongs to a row that was lost (a span of a lost document, a relation
of a lost span). Ids are kept, so the history (undo) keeps pointing at the right rows, and the id sequences
go on past every id the damaged file had handed out (ids are never reused).

Progress (core/progress.py): a step before SQLite's recovery and before each table, where a cancel stops
(the caller's transaction then writes nothing); `Project.rescue` reports the last steps.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..progress import NO_PROGRESS, Progress, checkpoint
from .opening import connect

# Parents before children; sessions (who had the file open) and the migrations table are not data.
TABLES = (
    "documents",
    "annotators",
    "settings",
    "spans",
    "relations",
    "doc_labels",
    "status",
    "events",
    "curation_marks",
    "suggestions",
)
CHUNK = 256  # row ids read at a time; a chunk that hits a damaged page is read again row by row
# progress steps: SQLite's recovery, each table, then counting the rescued documents' words (Project.rescue)
STEPS = len(TABLES) + 2


@dataclass
class TableRescue:
    table: str
    read: int = 0  # rows read and brought across
    unreadable: int = 0  # row ids whose page could not be read (at most this many rows lost)
    left_out: int = 0  # rows read but left out: damaged text, or they belong to a row that was lost
    missing: str | None = None  # the whole table could not be read: why

    def line(self) -> str:
        if self.missing:
            return f"{self.table}: none rescued ({self.missing})"
        lost = []
        if self.unreadable:
            lost.append(f"up to {self.unreadable} on damaged pages")
        if self.left_out:
            lost.append(f"{self.left_out} left out (damaged, or belonging to a lost row)")
        return f"{self.table}: {self.read} rescued" + (f"; {', '.join(lost)}" if lost else "; nothing lost")


@dataclass
class RescueReport:
    tables: list[TableRescue] = field(default_factory=list)
    used_sqlite_recover: bool = False

    def table(self, name: str) -> TableRescue:
        return next(t for t in self.tables if t.table == name)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _upper_id(conn: sqlite3.Connection, table: str) -> int:
    """The highest row id the table may hold, from whatever can still be read."""
    best = 0
    for sql, args in (
        (f'SELECT max(rowid) FROM "{table}"', ()),
        ("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)),
    ):
        try:
            row = conn.execute(sql, args).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row and row[0] is not None:
            best = max(best, int(row[0]))
    # a damaged right edge hides the maximum: probe powers of two (each probe reads one path of the tree)
    for power in range(63):
        try:
            row = conn.execute(
                f'SELECT rowid FROM "{table}" WHERE rowid >= ? ORDER BY rowid LIMIT 1', (1 << power,)
            ).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row is None:
            break
        best = max(best, int(row[0]))
    return best


# the keys of a table's rescued rows others may refer to (ids, or names): values as the damaged file holds
# them, checked where they are used
Keys = set[Any]


def read_rows(
    conn: sqlite3.Connection, table: str, columns: list[str], rescue: TableRescue
) -> Iterator[tuple[Any, ...]]:
    """Every readable row of `table` (rowid first, then `columns`), skipping what a damaged page holds."""
    names = ", ".join(f'"{c}"' for c in columns)
    upper = _upper_id(conn, table)
    for low in range(0, upper + 1, CHUNK):
        high = low + CHUNK - 1
        try:
            rows = conn.execute(
                f'SELECT rowid, {names} FROM "{table}" WHERE rowid BETWEEN ? AND ?', (low, high)
            ).fetchall()
        except sqlite3.DatabaseError:
            rows = []
            for rowid in range(low, high + 1):
                try:
                    row = conn.execute(f'SELECT rowid, {names} FROM "{table}" WHERE rowid = ?', (rowid,)).fetchone()
                except sqlite3.DatabaseError:
                    rescue.unreadable += 1
                    continue
                if row is not None:
                    rows.append(row)
        yield from rows


def sqlite_recover(damaged: Path) -> sqlite3.Connection | None:
    """SQLite's own recovery (`sqlite3 DAMAGED .recover`) into a database in memory; None where SQLite's
    command-line program is not installed or cannot recover this file."""
    program = shutil.which("sqlite3")
    if program is None:
        return None
    try:
        done = subprocess.run([program, "-readonly", str(damaged), ".recover"], capture_output=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0 or not done.stdout:
        return None
    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        memory.executescript(done.stdout.decode("utf-8", "surrogateescape"))
    except (sqlite3.DatabaseError, UnicodeError):
        memory.close()
        return None
    return memory


def rescue_into(damaged: Path, target: sqlite3.Connection, progress: Progress = NO_PROGRESS) -> RescueReport:
    """Copy what can be read of `damaged` into `target`, a new, empty project's connection, inside the
    caller's transaction, with foreign keys enforced; returns what was rescued and lost per table.

    Two readers, the second filling what the first could not read: the damaged file itself, read by ranges
    of row ids, then SQLite's own recovery of it (which also finds rows below a damaged inner page of a
    table, and tables whose table of contents is gone), where SQLite's command-line program is installed.
    `progress` gets the first `len(TABLES) + 1` of `STEPS` steps (`Cancelled` at any when it says so)."""
    report = RescueReport()
    checkpoint(progress, 0, STEPS, "reading the damaged file")
    try:
        direct: sqlite3.Connection | None = connect(damaged, read_only=True)
    except sqlite3.DatabaseError:
        direct = None
    recovered = sqlite_recover(damaged)
    report.used_sqlite_recover = recovered is not None
    sources = [conn for conn in (direct, recovered) if conn is not None]
    try:
        kept: dict[str, Keys] = {}
        for done, table in enumerate(TABLES, 1):
            checkpoint(progress, done, STEPS, f"rescuing {table}")
            rescue = TableRescue(table)
            report.tables.append(rescue)
            ours = _columns(target, table)
            seen: set[int] = set()
            keys: Keys = set()
            readable = False
            for source in sources:
                try:
                    theirs = _columns(source, table)
                except sqlite3.DatabaseError:
                    continue
                if not theirs:
                    continue
                readable = True
                columns = [c for c in ours if c in theirs]
                before = rescue.unreadable
                keys |= _copy_table(source, target, table, columns, kept, rescue, seen)
                if source is recovered:
                    rescue.unreadable = before  # the recovery reads every page it can: what it lacks is lost
            if table == "spans" and direct is not None and rescue.unreadable:
                keys |= _spans_from_index(direct, target, kept.get("documents", set()), rescue, seen)
            if not readable:
                rescue.missing = "the table cannot be read from the file"
            kept[table] = keys
        for source in sources:
            _carry_sequences(source, target)
    finally:
        for source in sources:
            source.close()
    return report


def _copy_table(
    source: sqlite3.Connection,
    target: sqlite3.Connection,
    table: str,
    columns: list[str],
    kept: dict[str, Keys],
    rescue: TableRescue,
    seen: set[int],
) -> Keys:
    """Insert the readable, trustworthy rows; returns the keys others may refer to (ids, or names)."""
    placeholders = ", ".join("?" for _ in columns)
    insert = f'INSERT INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) VALUES ({placeholders})'
    documents, annotators, spans = kept.get("documents", set()), kept.get("annotators"), kept.get("spans", set())
    texts = _Texts(target)
    keys: Keys = set()
    for row in read_rows(source, table, columns, rescue):
        if row[0] in seen:  # read already (from the damaged file, before its recovery)
            continue
        seen.add(row[0])
        values = list(row[1:])
        get = dict(zip(columns, values, strict=True)).get
        if not _trusted(table, get, documents, spans, texts):
            rescue.left_out += 1
            continue
        who = get("annotator")
        if who is not None and table != "events" and annotators is not None and who not in annotators:
            target.execute("INSERT OR IGNORE INTO annotators (name) VALUES (?)", (who,))
            annotators.add(who)
        try:
            target.execute(insert.replace("INSERT", "INSERT OR REPLACE", 1) if table == "settings" else insert, values)
        except sqlite3.DatabaseError:  # a value the new file's constraints refuse: damaged beyond trust
            rescue.left_out += 1
            continue
        rescue.read += 1
        keys.add(get("name") if table == "annotators" else (get("id") if "id" in columns else row[0]))
    return keys


SPANS_INDEX = "spans_doc_annotator_read"  # holds every column of a span but its text (schema 6 on)
INDEXED_COLUMNS = ("document_id", "annotator", "start", "end", "id", "label", "attributes")


def _spans_from_index(
    source: sqlite3.Connection, target: sqlite3.Connection, documents: Keys, rescue: TableRescue, seen: set[int]
) -> Keys:
    """Spans whose table pages are damaged, read from the index that holds all their columns but the text
    (a separate tree, on other pages), per rescued document; the text is the document's at the offsets."""
    names = ", ".join(f'"{c}"' for c in INDEXED_COLUMNS)
    found: Keys = set()
    texts = _Texts(target)
    for document_id in sorted(documents):
        try:
            rows = source.execute(
                f"SELECT {names} FROM spans INDEXED BY {SPANS_INDEX} WHERE document_id = ?", (document_id,)
            ).fetchall()
        except sqlite3.DatabaseError:  # the index is damaged here too, or missing (an older project)
            continue
        for document, annotator, start, end, span_id, label, attributes in rows:
            if span_id in seen or not isinstance(start, int) or not isinstance(end, int):
                continue
            whole = texts.text(document)
            if whole is None or not 0 <= start < end <= len(whole):
                continue
            seen.add(span_id)
            target.execute("INSERT OR IGNORE INTO annotators (name) VALUES (?)", (annotator,))
            try:
                target.execute(
                    'INSERT INTO spans (id, document_id, annotator, start, "end", label, text, attributes) '
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        span_id,
                        document,
                        annotator,
                        start,
                        end,
                        label,
                        whole[start:end],
                        attributes if attributes is not None else "{}",
                    ),
                )
            except sqlite3.DatabaseError:
                continue
            rescue.read += 1
            rescue.unreadable = max(0, rescue.unreadable - 1)
            found.add(span_id)
    return found


def _trusted(table: str, get: Callable[[str], Any], documents: Keys, spans: Keys, texts: _Texts) -> bool:
    """Whether a row read from the damaged file may come across: a document's text still matches its hash;
    a row of a document, a relation of spans, that were rescued; a span's text is its document's."""
    if table == "documents":
        text = get("text")
        return isinstance(text, str) and hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() == get(
            "sha256"
        )
    if table != "events" and get("document_id") is not None and get("document_id") not in documents:
        return False
    if table == "relations" and (get("source") not in spans or get("target") not in spans):
        return False
    return table != "spans" or texts.holds(get("document_id"), get("start"), get("end"), get("text"))


class _Texts:
    """The rescued documents' texts, a few at a time (a document's spans mostly follow each other)."""

    def __init__(self, target: sqlite3.Connection, keep: int = 64) -> None:
        self.target, self.keep = target, keep
        self.cache: dict[int, str | None] = {}

    def text(self, document_id: Any) -> str | None:
        if document_id not in self.cache:
            if len(self.cache) >= self.keep:
                self.cache.pop(next(iter(self.cache)))
            row = self.target.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
            self.cache[document_id] = row[0] if row else None
        return self.cache[document_id]

    def holds(self, document_id: Any, start: Any, end: Any, text: Any) -> bool:
        """The span's stored text is the rescued document's text at its offsets (text is sacred)."""
        if not isinstance(start, int) or not isinstance(end, int) or not isinstance(text, str):
            return False
        whole = self.text(document_id)
        return whole is not None and 0 <= start < end <= len(whole) and whole[start:end] == text


def _carry_sequences(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Ids are never reused: the new file's sequences start past every id the damaged one handed out."""
    try:
        sequences = source.execute("SELECT name, seq FROM sqlite_sequence").fetchall()
    except sqlite3.DatabaseError:
        return
    for name, seq in sequences:
        if name in TABLES and isinstance(seq, int):
            target.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (seq, name))
            target.execute(
                "INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? WHERE NOT EXISTS "
                "(SELECT 1 FROM sqlite_sequence WHERE name = ?)",
                (name, seq, name),
            )
