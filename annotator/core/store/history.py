"""The history's part of the store: events, and the versioned stored form of their changes (kinds of
things and field names, not tables and columns), which undo and redo apply to any kind of record."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..model import (
    Change,
    CurationMark,
    DocLabel,
    Document,
    DocumentId,
    DocumentStatus,
    Event,
    HistoryEvent,
    Record,
    Relation,
    Span,
    Suggestion,
)
from ..values import now
from .rows import Rows, _row_of

# The history's own names for what changed (see HistoryRows._encode_changes): kind per table, field per column.
HISTORY_FORMAT = 1
_HISTORY_KINDS = {
    "documents": "document",
    "spans": "span",
    "relations": "relation",
    "doc_labels": "document_label",
    "status": "status",
    "curation_marks": "curation_mark",
    "suggestions": "suggestion",
}
_HISTORY_FIELDS: dict[str, dict[str, str]] = {
    "documents": {},
    "status": {"document_id": "document"},
    "curation_marks": {"document_id": "document"},
    "suggestions": {"document_id": "document"},
    "spans": {"document_id": "document"},
    "doc_labels": {"document_id": "document"},
    "relations": {"document_id": "document", "source": "from_span", "target": "to_span"},
}

# Tables whose rows carry an integer `id` and may be written by undo and redo, with the record of each.
TRACKED_TABLES = ("documents", "spans", "relations", "doc_labels", "status", "curation_marks", "suggestions")
_RECORD_TYPES: dict[str, type[Any]] = {
    "documents": Document,
    "spans": Span,
    "relations": Relation,
    "doc_labels": DocLabel,
    "status": DocumentStatus,
    "curation_marks": CurationMark,
    "suggestions": Suggestion,
}
_TABLES = {record_type: table for table, record_type in _RECORD_TYPES.items()}


def _table_of(record: Record | None) -> str:
    if type(record) not in _TABLES:
        raise ValueError(f"not a record the history tracks: {record!r}")
    return _TABLES[type(record)]


def _row_or_none(record: Record | None) -> dict[str, Any] | None:
    return None if record is None else _row_of(record)


def _record_of(table: str, row: dict[str, Any] | None) -> Record | None:
    return None if row is None else _RECORD_TYPES[table](**row)


def _event_of(row: sqlite3.Row) -> Event:
    document_id = row["document_id"]
    return Event(
        row["id"],
        row["annotator"],
        row["at"],
        row["action"],
        None if document_id is None else DocumentId(document_id),
        row["summary"],
        bool(row["undoable"]),
    )


class HistoryRows(Rows):
    own_events: set[int]  # events this connection wrote that changed_elsewhere has not looked at yet
    # (store/search.py) a document's text written under its own id: its search index follows
    _search_document_changed: Callable[[tuple[int, str] | None, tuple[int, str, str] | None], None]

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
            stored.append(
                {
                    "kind": _HISTORY_KINDS[table],
                    "before": by_field(table, _row_or_none(before)),
                    "after": by_field(table, _row_or_none(after)),
                }
            )
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
            out.append(
                (_record_of(table, row(table, change["before"])), _record_of(table, row(table, change["after"])))
            )
        return out

    def apply_change(self, before: Record | None, after: Record | None) -> None:
        """Make a thing go from `before` to `after` (None = absent). Undo is this with the two swapped."""
        if before is None and after is not None:
            self._insert(_table_of(after), _row_of(after))
        elif after is None and before is not None:
            self._delete(_table_of(before), before.id)
        elif before is not None and after is not None:
            self._update(_table_of(after), after.id, {k: v for k, v in _row_of(after).items() if k != "id"})
        if isinstance(before, Document) or isinstance(after, Document):  # a text: its search index with it
            self._search_document_changed(
                (before.id, before.text) if isinstance(before, Document) else None,
                (after.id, after.text, after.sha256) if isinstance(after, Document) else None,
            )

    def current(self, record: Record) -> Record | None:
        """The thing with `record`'s kind and id as it is now in the project (None: it is gone)."""
        table = _table_of(record)
        return _record_of(table, self._get(table, record.id))

    def add_event(
        self,
        annotator: str,
        action: str,
        document_id: int | None,
        summary: str,
        changes: Sequence[Change],
        *,
        undoable: bool,
        target_event: int | None,
    ) -> int:
        event_id = self._insert(
            "events",
            {
                "annotator": annotator,
                "at": now(),
                "action": action,
                "document_id": document_id,
                "summary": summary,
                "undoable": int(undoable),
                "target_event": target_event,
                "changes": self._encode_changes(changes),
            },
        )
        self.own_events.add(event_id)  # not another program's change (changed_elsewhere)
        return event_id

    def newest_mark(self) -> tuple[int, str] | None:
        """The newest event's id and time (None: no event yet)."""
        row = self.conn.execute("SELECT id, at FROM events ORDER BY id DESC LIMIT 1").fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def recent_events(self, annotator: str, limit: int) -> list[HistoryEvent]:
        """The annotator's last `limit` events with their changes, oldest first (what undo and redo read)."""
        rows = self.conn.execute(
            "SELECT * FROM events WHERE annotator = ? ORDER BY id DESC LIMIT ?", [annotator, limit]
        ).fetchall()
        return [
            HistoryEvent(_event_of(r), r["target_event"], self._decode_changes(json.loads(r["changes"])))
            for r in reversed(rows)
        ]

    def events(
        self, *, document_id: int | None = None, annotator: str | None = None, limit: int | None = 1000
    ) -> list[Event]:
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
            [(e.annotator, e.at, e.action, e.document_id, e.summary) for e in events],
        )
