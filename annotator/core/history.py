"""The append-only history of a project, and undo/redo built on it.

Each change is an event holding what it changed, as (before, after) model records (None: absent); the
store keeps them in a versioned form. Undo applies the event's
changes backwards and is itself a new event, as is redo: nothing is deleted, so the audit trail stays
complete. The undo and redo stacks of an annotator are rebuilt from that annotator's recent events.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .model import (
    Change,
    CurationMark,
    DocLabel,
    Document,
    DocumentStatus,
    Event,
    HistoryEvent,
    Record,
    Relation,
    Span,
    Suggestion,
)

if TYPE_CHECKING:
    from .project import Project
    from .store_protocols import HistoryStore

__all__ = ["UNDO_DEPTH", "Change", "History"]

# How far back undo reaches: the stacks are rebuilt from this many recent events of the annotator.
UNDO_DEPTH = 1000
# How many of the newest events are read to bring a kept window of events up to date (more new ones than
# this, or a window that does not join them: the whole window is read again).
_PEEK = 16


# What makes a record the same one for undo: a label renamed in the schema since does not block an undo.
_IDENTITY = ("document_id", "annotator", "start", "end", "type", "source", "target", "task")

# How a message names each kind of record.
_NOUNS: dict[type[Any], str] = {
    Document: "document",
    Span: "span",
    Relation: "relation",
    DocLabel: "document label",
    DocumentStatus: "status",
    CurationMark: "curation mark",
    Suggestion: "suggestion",
}


class History:
    def __init__(self, project: Project):
        self._project = project
        self._store: HistoryStore = project.store
        self._group: list[Change] | None = None
        self._windows: dict[str, list[HistoryEvent]] = {}  # annotator -> last UNDO_DEPTH events, kept

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

    def record(
        self,
        annotator: str,
        action: str,
        document_id: int | None,
        summary: str,
        changes: list[Change],
        *,
        undoable: bool = True,
        target_event: int | None = None,
    ) -> int:
        """Append an event (inside the caller's transaction); inside `group` its changes join the group's."""
        if self._group is not None and undoable:
            self._group.extend(changes)
            return 0
        return self._store.add_event(
            annotator, action, document_id, summary, changes, undoable=undoable, target_event=target_event
        )

    def _window(self, annotator: str) -> list[HistoryEvent]:
        """The annotator's last UNDO_DEPTH events, oldest first: what the stacks are built from.

        Kept between calls, and brought up to date by reading only the newest few events (reading and
        decoding 1,000 events took 28 ms, and a window asks three times per undo: the undo, then whether
        undo and redo are still possible). The newest events read must join the kept ones exactly (the
        same events where they overlap), else the whole window is read again: events are only ever
        appended, so what joins is what a full read would give."""
        kept = self._windows.get(annotator)
        if kept:
            last = kept[-1].event.id
            for peek in (2, _PEEK):  # most often nothing or one event is new
                newest = self._store.recent_events(annotator, peek)
                ids = [entry.event.id for entry in newest]
                if last not in ids:
                    continue
                joined = ids.index(last) + 1
                if [e.event for e in kept[-joined:]] == [e.event for e in newest[:joined]]:
                    window = (kept + newest[joined:])[-UNDO_DEPTH:]
                    self._windows[annotator] = window
                    return window
                break
        window = self._store.recent_events(annotator, UNDO_DEPTH)
        self._windows[annotator] = window
        return window

    def _stacks(self, annotator: str) -> tuple[list[HistoryEvent], list[HistoryEvent]]:
        """(undo stack, redo stack) of events, newest last."""
        undo: list[HistoryEvent] = []
        redo: list[HistoryEvent] = []
        for entry in self._window(annotator):
            if entry.event.action == "undo":
                if undo and undo[-1].event.id == entry.target_event:
                    redo.append(undo.pop())
            elif entry.event.action == "redo":
                if redo and redo[-1].event.id == entry.target_event:
                    undo.append(redo.pop())
            elif entry.event.undoable:
                undo.append(entry)
                redo.clear()
        return undo, redo

    def _check_current(
        self, annotator: str, verb: str, ev: Event, *, expected: Record | None, other: Record | None
    ) -> None:
        """Refuse to undo or redo over a record that is no longer as the event left it (changed by someone
        else, or by a tool), or that belongs to another annotator: undo never touches others' work."""
        known = expected or other
        if known is None:
            return
        current = self._store.current(known)
        owner = getattr(current or known, "annotator", annotator)
        what = f"cannot {verb} “{ev.summary}”"
        thing = f"{_NOUNS[type(known)]} {known.id}"
        if owner != annotator:
            raise InputError(f"{what}: it would change work of {owner}; only {owner} can change it")
        if expected is None:
            if current is not None:
                raise InputError(f"{what}: {thing} exists again (added since by an import or another window)")
        elif current is None:
            raise InputError(f"{what}: the {thing} was deleted since (in another window?)")
        elif any(getattr(current, name) != getattr(expected, name) for name in _IDENTITY if hasattr(expected, name)):
            raise InputError(f"{what}: the {thing} was changed since (in another window?)")

    def can_undo(self, annotator: str) -> bool:
        return bool(self._stacks(annotator)[0])

    def can_redo(self, annotator: str) -> bool:
        return bool(self._stacks(annotator)[1])

    def undo(self, annotator: str) -> Event | None:
        """Revert the annotator's last action; returns the undone event, or None if there is nothing to undo."""
        step = self.undo_step(annotator)
        return None if step is None else step.event

    def redo(self, annotator: str) -> Event | None:
        """Apply again the action undone last; returns that event, or None if there is nothing to redo."""
        step = self.redo_step(annotator)
        return None if step is None else step.event

    def undo_step(self, annotator: str) -> HistoryEvent | None:
        """`undo`, returning the undone event with the changes the undo made, as (before, after) in the order
        made (a window updates what it shows from them instead of reading the document again)."""
        undo, _ = self._stacks(annotator)
        if not undo:
            return None
        entry = undo[-1]
        ev = entry.event
        made: list[Change] = []
        with self._store.transaction():
            for before, after in reversed(entry.changes):
                self._check_current(annotator, "undo", ev, expected=after, other=before)
                self._store.apply_change(after, before)
                made.append((after, before))
            self.record(
                annotator, "undo", ev.document_id, f"undo: {ev.summary}", [], undoable=False, target_event=ev.id
            )
        return HistoryEvent(ev, ev.id, made)

    def redo_step(self, annotator: str) -> HistoryEvent | None:
        """`redo`, returning the redone event with the changes the redo made (as `undo_step`)."""
        _, redo = self._stacks(annotator)
        if not redo:
            return None
        entry = redo[-1]
        ev = entry.event
        made: list[Change] = []
        with self._store.transaction():
            for before, after in entry.changes:
                self._check_current(annotator, "redo", ev, expected=before, other=after)
                self._store.apply_change(before, after)
                made.append((before, after))
            self.record(
                annotator, "redo", ev.document_id, f"redo: {ev.summary}", [], undoable=False, target_event=ev.id
            )
        return HistoryEvent(ev, ev.id, made)

    def records_of(self, annotator: str) -> list[dict[str, Any]]:
        """Every event of `annotator`, oldest first, as plain records (what `merge` carries over)."""
        return [
            {
                "annotator": e.annotator,
                "at": e.at,
                "action": e.action,
                "document_id": e.document_id,
                "summary": e.summary,
            }
            for e in self._store.events(annotator=annotator, limit=None)
        ]

    def append_records(self, records: list[dict[str, Any]]) -> None:
        """Inside a transaction: add events of another project as history only. Their changes refer to
        that project's ids, so they are not undoable here."""
        self._store.append_events(
            Event(0, r["annotator"], r["at"], r["action"], r["document_id"], r["summary"], False) for r in records
        )

    def events(self, *, document_id: int | None = None, limit: int = 1000) -> list[Event]:
        return self._store.events(document_id=document_id, limit=limit)

    def version(self) -> tuple[int, str] | None:
        """Which version of the project's content this connection sees: every change of documents,
        annotations or the schema records an event, so two reads (in two processes, say) that give the same
        saw one version. The newest event's id and time (a restored older file, then edited, does not
        give back an id with the same time)."""
        return self._store.newest_mark()
