"""The checks' part of the store: what `annotator check` reads, in the form core/checking.py judges it.

Every read is linear in the size of the project: each table is read in one statement (documents in id
order, and the spans of each document in one row, in the same order, for the check to merge), each row
once, so that at most one document (its text and its spans) is held at a time. Nothing is compared in SQL
on a document's text: SQLite's `substr` and `length` on UTF-8 text walk from the text's start at every
call, which made the span check quadratic (spans x document length). SQL checks only what needs no
document text: that a span's end is its start plus the length of its own (short) text. The spans of a
document that the one-row path cannot vouch for are read again one by one, to name each culprit.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from ..store_protocols import BadEvent, CheckedDocument, CheckedSpan, SpanTexts
from .history import _HISTORY_KINDS, HISTORY_FORMAT, HistoryRows
from .rows import Rows

# The records the check reads are part of the store's contract (core/store_protocols.py), declared there.
__all__ = ["BadEvent", "CheckRows", "CheckedDocument", "CheckedSpan", "SpanTexts"]


_UNREAD = SpanTexts(None, [])
_json = json.JSONDecoder()  # its raw_decode: json.loads without the wrapper's white-space matching


def _span_texts(arrays: Any) -> SpanTexts:
    """The spans of a document from SQL's `json_array(json_group_array(start), json_group_array(text))`."""
    try:
        (starts, texts), end = _json.raw_decode(arrays)
    except (TypeError, ValueError):
        return _UNREAD
    if end != len(arrays) or not (isinstance(starts, list) and isinstance(texts, list)):
        return _UNREAD
    return SpanTexts(starts, texts)


def _rows(conn: sqlite3.Connection, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: the check reads every row of the project
    return cursor.execute(sql, tuple(params))


class _ByDocument:
    """The rows of one statement ordered by its first column (a document id), taken as the documents go by
    in ascending id order: rows of a document that does not exist are passed over (foreign_key_check
    names them), so are rows whose document id is not an integer (a damaged file)."""

    def __init__(self, rows: Iterator[tuple[Any, ...]]):
        self._rows = rows
        self._next = self._step()

    def _step(self) -> tuple[Any, ...] | None:
        for row in self._rows:
            if isinstance(row[0], int):
                return row
        return None

    def of(self, document_id: int) -> list[tuple[Any, ...]]:
        found = []
        while self._next is not None and self._next[0] <= document_id:
            if self._next[0] == document_id:
                found.append(self._next[1:])
            self._next = self._step()
        return found


def _text(value: bytes | None) -> str:
    """A short text column read as bytes, decoded as the "inspect" store does (damaged bytes as U+FFFD)."""
    return (value or b"").decode("utf-8", "replace")


def _in(values: Iterable[str]) -> tuple[str, list[str]]:
    """`(?, ?, ...)` and its parameters, for `x IN ...`."""
    given = sorted(values)
    return "(" + ", ".join("?" for _ in given) + ")", given


class CheckRows(Rows):
    # ---- SQLite's own checks ---------------------------------------------------------------------
    def integrity_problems(self) -> list[str]:
        """What SQLite's integrity check finds (damaged pages, indexes, constraints); [] when sound."""
        return [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]

    def foreign_key_problems(self) -> list[str]:
        """The rows SQLite's foreign-key check finds referring to a missing row; [] when none do."""
        return [
            f"{table} row {rowid} refers to a missing {parent} row"
            for table, rowid, parent, _ in self.conn.execute("PRAGMA foreign_key_check")
        ]

    # ---- documents with what points into their text -----------------------------------------------
    def documents_for_check(self) -> Iterator[CheckedDocument]:
        """Every document, in id order, with its spans at once and its suggested spans: one statement per
        table, each row read once, one document held at a time. The text is read as bytes: hashed as stored,
        decoded once."""
        documents = _rows(
            self.conn,
            "SELECT id, CAST(name AS BLOB), CAST(text AS BLOB), CAST(sha256 AS BLOB), "
            "CAST(meta AS BLOB) FROM documents ORDER BY id",
        )  # decoded here, not per value
        spans = self._spans_by_document()
        pending = next(spans, None)
        suggestions = _ByDocument(
            _rows(
                self.conn,
                'SELECT document_id, id, annotator, start, "end", label, text '
                "FROM suggestions ORDER BY document_id, id",
            )
        )
        for document_id, name, data, stored_sha256, meta in documents:
            data = bytes(data or b"")
            try:
                text, damaged = data.decode("utf-8"), False
            except UnicodeDecodeError:
                text, damaged = data.decode("utf-8", "replace"), True
            while (
                pending is not None
                and pending[1] is not None
                and not (  # spans of no document, or whose
                    isinstance(pending[0], int) and pending[0] >= document_id
                )
            ):  # id is not a number: passed over
                pending = next(spans, None)
            of_document = None
            if pending is not None and pending[1] is None:  # from here on, read one by one
                of_document = _UNREAD
            elif pending is not None and pending[0] == document_id:
                of_document = _span_texts(pending[1])
                pending = next(spans, None)
            yield CheckedDocument(
                document_id,
                _text(name),
                text,
                damaged,
                _text(stored_sha256),
                hashlib.sha256(data).hexdigest(),
                _text(meta),
                of_document,
                [CheckedSpan(*row) for row in suggestions.of(document_id)],
            )

    def _spans_by_document(self) -> Iterator[tuple[Any, Any]]:
        """(document id, its spans' starts and texts as two JSON arrays) in document id order: SQL's part of
        the span check, one statement (SQLite's JSON keeps each value's type, and builds faster than
        group_concat). From the first document whose spans hold a value JSON cannot (a BLOB, in a damaged
        file), (None, None): the spans of that document and of those after it are read one by one."""
        try:
            yield from _rows(
                self.conn,
                """
                SELECT document_id, json_array(json_group_array(start), json_group_array(text))
                FROM spans GROUP BY document_id ORDER BY document_id""",
            )
        except sqlite3.OperationalError:
            yield None, None

    def document_for_check(self, document_id: Any) -> tuple[str, str] | None:
        """One document's name and text, decoded as documents_for_check does; None when there is none."""
        row = _rows(
            self.conn, "SELECT CAST(name AS BLOB), CAST(text AS BLOB) FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        return None if row is None else (_text(row[0]), _text(row[1]))

    def spans_with_wrong_ends(self) -> set[Any]:
        """The documents (ids) with a span whose end is not its start plus the length of its text, or is
        missing: the other half of the span check, SQL alone (one scan of the table in storage order)."""
        return {
            row[0] for row in _rows(self.conn, 'SELECT document_id FROM spans WHERE "end" - start IS NOT length(text)')
        }

    def spans_of_document_for_check(self, document_id: int) -> list[CheckedSpan]:
        """One document's spans, one by one in id order (to name those the fast path could not vouch for)."""
        return [
            CheckedSpan(*row)
            for row in _rows(
                self.conn,
                'SELECT id, annotator, start, "end", label, text FROM spans WHERE document_id = ? ORDER BY id',
                [document_id],
            )
        ]

    def duplicate_spans(self, document_id: int | None = None) -> list[dict[str, Any]]:
        """The same span (offsets and label) twice in one annotator's layer, in the whole project or in one
        document, in the order of document, annotator, offsets and label. Spans that share document,
        annotator and offsets are found along the index that holds them in that order (no sort of all the
        spans, and no row of all of them comes out of SQLite); only their labels are then read."""
        where, params = ("", []) if document_id is None else ("WHERE document_id = ?", [document_id])
        candidates = _rows(
            self.conn,
            f"""SELECT document_id, annotator, start, "end" FROM spans {where}
                                          GROUP BY document_id, annotator, start, "end" HAVING count(*) > 1
                                          ORDER BY document_id, annotator, start, "end" """,
            params,
        )
        labels = """SELECT d.name, s.label, count(*) FROM spans s JOIN documents d ON d.id = s.document_id
                    WHERE s.document_id = ? AND s.annotator = ? AND s.start = ? AND s."end" = ?
                    GROUP BY s.label HAVING count(*) > 1 ORDER BY s.label"""
        found = []
        for document, annotator, start, end in candidates:
            found += [
                {"document": name, "annotator": annotator, "start": start, "end": end, "label": label, "n": n}
                for name, label, n in _rows(self.conn, labels, [document, annotator, start, end])
            ]
        return found

    def orphan_relations(self) -> list[dict[str, Any]]:
        """Relations whose spans are missing or belong to another document or annotator (two lookups by id per
        relation)."""
        sql = """SELECT r.* FROM relations r
                 LEFT JOIN spans a ON a.id = r.source LEFT JOIN spans b ON b.id = r.target
                 WHERE a.id IS NULL OR b.id IS NULL
                    OR a.document_id != r.document_id OR b.document_id != r.document_id
                    OR a.annotator != r.annotator OR b.annotator != r.annotator"""
        return [dict(r) for r in self.conn.execute(sql)]

    # ---- JSON the program decodes later -------------------------------------------------------------
    def stored_json(self) -> Iterator[tuple[str, str, str]]:
        """(what, its id, the stored JSON text) of every setting, and of every span attributes and suggestion
        extra that is not the empty object (the common case, skipped in SQL); documents' meta comes with
        `documents_for_check`."""
        for key, value in _rows(self.conn, "SELECT key, value_json FROM settings ORDER BY key"):
            yield "setting", key, value
        for what, sql in (
            ("span", "SELECT id, attributes FROM spans WHERE attributes != '{}' ORDER BY id"),
            ("suggestion", "SELECT id, extra FROM suggestions WHERE extra != '{}' ORDER BY id"),
        ):
            for row_id, value in _rows(self.conn, sql):
                yield what, str(row_id), value

    def stored_setting(self, key: str) -> str | None:
        """A setting's stored JSON text, undecoded; None when unset."""
        row = _rows(self.conn, "SELECT value_json FROM settings WHERE key = ?", [key]).fetchone()
        return None if row is None else row[0]

    def undecodable_events(self) -> Iterator[BadEvent]:
        """History events whose stored changes undo and redo could not read: not JSON, a format or a kind of
        thing this version does not know, or fields its records do not have. One pass over the events."""
        assert isinstance(self, HistoryRows)  # mixed into Store beside it: its decoding is undo's own
        kinds = set(_HISTORY_KINDS.values())
        for event_id, annotator, action, changes in _rows(
            self.conn, "SELECT id, annotator, action, changes FROM events ORDER BY id"
        ):
            try:
                stored = json.loads(changes)
            except (TypeError, ValueError) as exc:
                problem: str | None = f"its stored changes are not valid JSON ({exc})"
            else:
                problem = _event_problem(stored, kinds)
                if problem is None:
                    try:
                        self._decode_changes(stored)  # what undo and redo run
                    except Exception as exc:  # anything undo would stumble on
                        problem = f"its stored changes do not fit the records they name ({type(exc).__name__}: {exc})"
            if problem is not None:
                yield BadEvent(event_id, annotator, action, problem)

    # ---- what the warnings read ----------------------------------------------------------------------
    def span_edge_characters(self, labels: Iterable[str]) -> set[str]:
        """The distinct first and last characters of the texts of spans with these labels (one pass, in SQL)."""
        among, params = _in(labels)
        sql = f"SELECT DISTINCT substr(text, 1, 1), substr(text, -1, 1) FROM spans WHERE label IN {among}"
        return {ch for pair in _rows(self.conn, sql, params) for ch in pair}

    def spans_with_edges(self, labels: Iterable[str], characters: Iterable[str]) -> Iterator[dict[str, Any]]:
        """Spans with these labels whose text begins or ends with one of `characters`, in document order: their
        document's name, annotator, offsets, label and text."""
        among, params = _in(labels)
        edges, chars = _in(characters)
        sql = f"""WITH found AS (
                      SELECT document_id, annotator, start, "end", label, text FROM spans
                      WHERE label IN {among} AND (substr(text, 1, 1) IN {edges} OR substr(text, -1, 1) IN {edges}))
                  SELECT d.name AS document, s.annotator, s.start, s."end", s.label, s.text
                  FROM found s JOIN documents d ON d.id = s.document_id ORDER BY d.id, s.annotator, s.start"""
        for row in self.conn.execute(sql, [*params, *chars, *chars]):
            yield dict(row)


def _event_problem(stored: Any, kinds: set[str]) -> str | None:
    """What makes an event's decoded changes unreadable to this version, before its records are built."""
    if isinstance(stored, list):  # format 0: [table, before, after] per change
        bad = [c for c in stored if not (isinstance(c, list) and len(c) == 3 and c[0] in _HISTORY_KINDS)]
        return f"it names an unknown kind of thing ({str(bad[0])[:60]})" if bad else None
    if not isinstance(stored, dict) or not isinstance(stored.get("changes"), list):
        return "its stored changes are not in a form this version reads"
    if stored.get("format") != HISTORY_FORMAT:
        return f"its history format {stored.get('format')!r} is not one this version reads ({HISTORY_FORMAT})"
    for change in stored["changes"]:
        kind = change.get("kind") if isinstance(change, dict) else None
        if kind not in kinds:
            return f"it names an unknown kind of thing ({str(kind)[:60]!r})"
    return None
