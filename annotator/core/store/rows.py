"""Rows, private to the store: the generic insert / update / delete / get that the typed methods are made
of, and the JSON columns' encoding. Nothing outside the store package calls these.

Why hand-written SQL and not sqlite-utils' table API (`db[table].insert / update / delete`; issue 28 looked
again). sqlite-utils serves the store where it is good: the `Database`, the recorded migrations
(tables.py) and `atomic()` (savepoints for nested transactions). Its table API does not serve these four:
- it costs: each call reads the table's columns (`PRAGMA table_info`) and wraps itself in a savepoint, and
  `update` / `delete` read the row first. Measured on one write transaction of 2,000 rows (spans, with a
  JSON column): insert 160-310 us a row against 28-71 us here, update 320-500 against 23-34, delete
  300 against 12-17; in benchmarks/bench_core.py's figure, adding a span to a document with 20,000 went
  from a median of 2.56-2.59 ms to 2.82-2.99 ms (p90 2.9-3.1 to 3.1-3.4 ms), the fsync of the commit being
  the rest. The import (the bulk path, `executemany`) would not change.
- it behaves differently where the callers rely on it: `update` and `delete` of a row that is gone raise
  sqlite-utils' NotFoundError (not an AnnotatorError: the window would show a crash), where undo and
  redo check `current` first and the typed methods treat a missing row as nothing to do; `insert` creates
  a table that does not exist, so a misspelt table name would make one instead of failing;
- the history needs exactly what was written (`apply_change` writes a record's row under its own id, and
  `add_event` stores it): the helpers here write exactly the given columns, nothing inferred;
- the PostgreSQL backend (issue 25) cannot use it at all, while these statements carry over as they are
  (`%s` placeholders, `RETURNING id` for `lastrowid`), the same tables and columns.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from itertools import chain, islice
from typing import Any, TypeVar

from ..model import Record

# Columns holding JSON, decoded on the way out and encoded on the way in.
_JSON_COLUMNS = {"meta", "attributes", "changes", "value_json", "extra"}
_R = TypeVar("_R")


def _encode(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (json.dumps(v, ensure_ascii=False) if k in _JSON_COLUMNS else v) for k, v in row.items()}


def _decode(row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for k in _JSON_COLUMNS.intersection(out):
        out[k] = json.loads(out[k])
    return out


def _quote(column: str) -> str:
    return f'"{column}"'


def _row_of(record: Record) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in fields(record)}


# SQLite's smallest limit of parameters in one statement (999 before 3.32; 32,766 since)
_PARAMETERS = 999


def insert_many(conn: Any, sql: str, rows: Iterable[Sequence[Any]]) -> None:
    """`conn.executemany(sql, rows)` for an INSERT of plain values (`INSERT INTO t (a, b) VALUES (?, ?)`),
    the bulk path's inserts. On SQLite as statements of as many rows as 999 parameters allow, because each
    statement run costs as much again as the row it writes (AUTOINCREMENT's counter, the statement's
    reset and step): 944,000 spans take 2.9-3.2 s this way, 5.5 s one row a statement. The rows go in
    the order given (AUTOINCREMENT ids as one row a statement would give them). A row of another width
    than the statement's is refused, as executemany refuses it, never shifted into its neighbour's
    columns. Any other connection (PostgreSQL's, which sends such rows as one COPY) gets the executemany."""
    if not isinstance(conn, sqlite3.Connection):
        conn.executemany(sql, rows)
        return
    head, _, values = sql.rpartition("VALUES")
    one = values.strip()
    width = one.count("?")
    if not head or width == 0 or one != f"({', '.join('?' * width)})":
        raise ValueError(f"not an INSERT of plain values: {sql}")
    per = max(1, _PARAMETERS // width)
    left: list[Any] = []

    def full_statements() -> Iterator[list[Any]]:
        remaining = iter(rows)
        while True:
            chunk = list(islice(remaining, per))
            widths = set(map(len, chunk))
            if widths - {width}:
                raise sqlite3.ProgrammingError(f"a row of {max(widths - {width})} values for {width} columns: {sql}")
            if len(chunk) < per:
                left.extend(chunk)
                return
            yield list(chain.from_iterable(chunk))

    conn.executemany(f"{head}VALUES {', '.join([one] * per)}", full_statements())
    if left:
        conn.execute(f"{head}VALUES {', '.join([one] * len(left))}", list(chain.from_iterable(left)))


class Rows:
    """What every part of the store shares: the connection and the row helpers."""

    conn: sqlite3.Connection

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
            f"coalesce((SELECT max(id) FROM {table}), 0))",
            [table],
        ).fetchone()
        return int(row[0]) + 1

    @staticmethod
    def _where(equals: dict[str, Any]) -> tuple[str, list[Any]]:
        """A WHERE clause for the given columns' values; None leaves a column out."""
        given = {column: value for column, value in equals.items() if value is not None}
        clause = " AND ".join(f"{_quote(column)} = ?" for column in given)
        return (f" WHERE {clause}" if clause else ""), list(given.values())
