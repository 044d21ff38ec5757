"""Rows, private to the store: the generic insert / update / delete / get that the typed methods are made
of, and the JSON columns' encoding. Nothing outside the store package calls these."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import fields
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
            f"coalesce((SELECT max(id) FROM {table}), 0))", [table]).fetchone()
        return row[0] + 1

    @staticmethod
    def _where(equals: dict[str, Any]) -> tuple[str, list[Any]]:
        """A WHERE clause for the given columns' values; None leaves a column out."""
        given = {column: value for column, value in equals.items() if value is not None}
        clause = " AND ".join(f"{_quote(column)} = ?" for column in given)
        return (f" WHERE {clause}" if clause else ""), list(given.values())
