"""The append-only history of a project, and undo/redo built on it.

Each change is an event holding the rows it changed, as (table, before, after). Undo applies the event's
changes backwards and is itself a new event, as is redo: nothing is deleted, so the audit trail stays
complete. The undo and redo stacks of an annotator are rebuilt from that annotator's recent events.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .model import DocumentId, Event
from .values import now

if TYPE_CHECKING:
    from .project import Project

Change = tuple[str, "dict[str, Any] | None", "dict[str, Any] | None"]

# How far back undo reaches: the stacks are rebuilt from this many recent events of the annotator.
UNDO_DEPTH = 1000


# What makes a row the same row for undo: a label renamed in the schema since does not block an undo.
_IDENTITY = {"document_id", "annotator", "start", "end", "type", "source", "target", "task"}


class History:
    def __init__(self, project: Project):
        self._project = project
        self._store = project.store
        self._group: list[Change] | None = None

    @contextmanager
    def group(self, annotator: str, action: str, document_id: int | None, summary: str) -> Iterator[None]:
        """One transaction and one undo step for several actions (accepting a quotation with its cue and
        speaker into gold): the events recorded inside become one event."""
        if self._group is not None:  # already inside a group: it takes these changes too
            yield
            return
        self._group = []
        try:
            with self._store.transaction():
                yield
                changes, self._group = self._group, None
                if changes:
                    self.record(annotator, action, document_id, summary, changes)
        finally:
            self._group = None

    def record(self, annotator: str, action: str, document_id: int | None, summary: str,
               changes: list[Change], *, undoable: bool = True, target_event: int | None = None) -> int:
        """Append an event (inside the caller's transaction); inside `group` its changes join the group's."""
        if self._group is not None and undoable:
            self._group.extend(changes)
            return 0
        return self._store.insert("events", {
            "annotator": annotator, "at": now(), "action": action, "document_id": document_id,
            "summary": summary, "undoable": int(undoable), "target_event": target_event,
            "changes": self._store.encode_changes(changes),
        })

    def _stacks(self, annotator: str) -> tuple[list[dict], list[dict]]:
        """(undo stack, redo stack) of events, newest last."""
        undo: list[dict] = []
        redo: list[dict] = []
        by_id: dict[int, dict] = {}
        for ev in self._store.recent_events(annotator, UNDO_DEPTH):
            by_id[ev["id"]] = ev
            if ev["action"] == "undo":
                if undo and undo[-1]["id"] == ev["target_event"]:
                    redo.append(undo.pop())
            elif ev["action"] == "redo":
                if redo and redo[-1]["id"] == ev["target_event"]:
                    undo.append(redo.pop())
            elif ev["undoable"]:
                undo.append(ev)
                redo.clear()
        return undo, redo

    def _check_current(self, annotator: str, verb: str, ev: dict, table: str, *, expected: dict | None,
                       other: dict | None) -> None:
        """Refuse to undo or redo over a row that is no longer as the event left it (changed by someone
        else, or by a tool), or that belongs to another annotator: undo never touches others' work."""
        row_id = (expected or other or {}).get("id")
        current = self._store.get(table, row_id) if row_id is not None else None
        owner = (current or expected or other or {}).get("annotator", annotator)
        what = f"cannot {verb} “{ev['summary']}”"
        if owner != annotator:
            raise InputError(f"{what}: it would change work of {owner}; only {owner} can change it")
        if expected is None:
            if current is not None:
                raise InputError(f"{what}: {table} row {row_id} exists again (added since by an import or "
                                 "another window)")
        elif current is None:
            raise InputError(f"{what}: the {table} row {row_id} was deleted since (in another window?)")
        elif any(current.get(k) != v for k, v in expected.items() if k in _IDENTITY):
            raise InputError(f"{what}: the {table} row {row_id} was changed since (in another window?)")

    def can_undo(self, annotator: str) -> bool:
        return bool(self._stacks(annotator)[0])

    def can_redo(self, annotator: str) -> bool:
        return bool(self._stacks(annotator)[1])

    def undo(self, annotator: str) -> Event | None:
        """Revert the annotator's last action; returns the undone event, or None if there is nothing to undo."""
        undo, _ = self._stacks(annotator)
        if not undo:
            return None
        ev = undo[-1]
        with self._store.transaction():
            for table, before, after in reversed(self._store.decode_changes(ev["changes"])):
                self._check_current(annotator, "undo", ev, table, expected=after, other=before)
                self._store.apply_change(table, after, before)
            self.record(annotator, "undo", ev["document_id"], f"undo: {ev['summary']}", [],
                        undoable=False, target_event=ev["id"])
        return _event(ev)

    def redo(self, annotator: str) -> Event | None:
        """Apply again the action undone last; returns that event, or None if there is nothing to redo."""
        _, redo = self._stacks(annotator)
        if not redo:
            return None
        ev = redo[-1]
        with self._store.transaction():
            for table, before, after in self._store.decode_changes(ev["changes"]):
                self._check_current(annotator, "redo", ev, table, expected=before, other=after)
                self._store.apply_change(table, before, after)
            self.record(annotator, "redo", ev["document_id"], f"redo: {ev['summary']}", [],
                        undoable=False, target_event=ev["id"])
        return _event(ev)

    def records_of(self, annotator: str) -> list[dict[str, Any]]:
        """Every event of `annotator`, oldest first, as plain records (what `merge` carries over)."""
        return [{k: row[k] for k in ("annotator", "at", "action", "document_id", "summary")}
                for row in self._store.select("events", annotator=annotator)]

    def append_records(self, records: list[dict[str, Any]]) -> None:
        """Inside a transaction: add events of another project as history only. Their row changes refer to
        that project's ids, so they are not undoable here."""
        self._store.insert_many("events", ("annotator", "at", "action", "document_id", "summary", "undoable",
                                           "changes"),
                                [(r["annotator"], r["at"], r["action"], r["document_id"], r["summary"], 0, "[]")
                                 for r in records])

    def events(self, *, document_id: int | None = None, limit: int = 1000) -> list[Event]:
        return [_event(e) for e in self._store.events(document_id=document_id, limit=limit)]


def _event(row: dict[str, Any]) -> Event:
    doc = row["document_id"]
    return Event(row["id"], row["annotator"], row["at"], row["action"],
                 None if doc is None else DocumentId(doc), row["summary"], bool(row["undoable"]))
