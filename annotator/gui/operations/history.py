"""Undo and redo of one layer's actions (new history events in the core, never deletions).

Every message names the layer the step changed ("undid: gold — …", "undid: your layer (A) — …"): with the
Curation window open the main window undoes the annotator's layer and Curation undoes gold, and the user must
always know which one changed.

An undo or redo in the open document that changed only its spans, relations and status comes out as a
SPANS notice naming exactly what changed (a STATUS one when only the status changed), like the action it
reverses: the window updates its layer and the highlights in place (a reload of 24,000 spans took 0.7 s on
a 1,000,000-character article). Anything else (another document, stance, the schema, suggestions) is an
EVERYTHING notice: reload what you show."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from ...core.model import GOLD, DocumentStatus, Event, HistoryEvent, Record, Relation, Span
from ...core.model import Change as RecordChange  # (before, after) of one record, as the core's history holds it
from ..terms import event_name
from .base import EVERYTHING, SPANS, STATUS, Change, Changes, Operations

if TYPE_CHECKING:
    from ...core.project import Project

UNDO, REDO = "undo", "redo"


class HistoryOps(Operations):
    # Whether the last undo / redo found nothing to do (its None then is not a refusal the hub reported).
    nothing = False

    def __init__(
        self,
        project: Project,
        annotator: str,
        changes: Changes,
        *,
        open_document: Callable[[], int | None] | None = None,
    ) -> None:
        """`open_document` gives the id of the document the window shows (the session's): an undo there
        of spans and relations only is told as what it changed. Without it every step says EVERYTHING."""
        super().__init__(project, annotator, changes)
        self._open_document = open_document

    def undo(self) -> Event | None:
        return self._step(UNDO, self.project.history.undo_step)

    def redo(self) -> Event | None:
        return self._step(REDO, self.project.history.redo_step)

    def _step(self, what: str, step: Callable[[str], HistoryEvent | None]) -> Event | None:
        self.nothing = False

        def act() -> HistoryEvent | None:
            done = step(self.annotator)
            self.nothing = done is None
            return done

        done = self.changes.run(act, self._notice(what))
        return None if done is None else done.event

    def _notice(self, what: str) -> Callable[[HistoryEvent | None], Change | None]:
        def make(done: HistoryEvent | None) -> Change | None:
            if done is None:
                return None
            event = done.event
            # The core's summary is English; a translated interface names the kind of action instead.
            summary = self.done_message(what, event_name(event.action) or event.summary)
            return self._spans_change(event.document_id, done.changes, summary) or Change(
                EVERYTHING, event.document_id, summary=summary
            )

        return make

    def _spans_change(self, document_id: int | None, made: list[RecordChange], summary: str) -> Change | None:
        """The SPANS notice of an undo or redo that made `made` ((before, after) records, in order), or None
        when it changed something else or another document than the open one."""
        if self._open_document is None or document_id is None or document_id != self._open_document():
            return None
        first: dict[tuple[type, int], Record | None] = {}  # each thing as it was before the step, and after it
        last: dict[tuple[type, int], Record | None] = {}
        for before, after in made:
            record = before if before is not None else after
            if not isinstance(record, (Span, Relation, DocumentStatus)) or record.document_id != document_id:
                return None
            key = (type(record), record.id)
            first.setdefault(key, before)
            last[key] = after
        added: list[Span] = []
        updated: list[Span] = []
        removed: list[int] = []
        relations_added: list[Relation] = []
        relations_removed: list[int] = []
        for key, after in last.items():
            before = first[key]
            if key[0] is Span:
                if isinstance(after, Span):
                    (added if before is None else updated).append(after)
                elif before is not None:
                    removed.append(key[1])
            elif key[0] is Relation:
                if before is not None:
                    relations_removed.append(key[1])
                if isinstance(after, Relation):
                    relations_added.append(after)
        if not (added or updated or removed or relations_added or relations_removed):
            return Change(STATUS, document_id, summary=summary)  # a status only ("marked done" undone)
        return Change(
            SPANS,
            document_id,
            added=tuple(added),
            updated=tuple(updated),
            removed=tuple(removed),
            relations_added=tuple(relations_added),
            relations_removed=tuple(relations_removed),
            summary=summary,
        )

    def _name(self) -> str:
        return f"\u2068{self.annotator}\u2069"  # inside an isolate: a name cannot turn the sentence around

    def done_message(self, what: str, action: str) -> str:
        """What the status bar says after an undo or redo (`what`) of `action`, naming the layer it changed."""
        if self.annotator == GOLD:
            text = (
                QCoreApplication.translate("Operations", "undid: gold — {action}")
                if what == UNDO
                else QCoreApplication.translate("Operations", "redid: gold — {action}")
            )
            return text.format(action=action)
        text = (
            QCoreApplication.translate("Operations", "undid: your layer ({name}) — {action}")
            if what == UNDO
            else QCoreApplication.translate("Operations", "redid: your layer ({name}) — {action}")
        )
        return text.format(name=self._name(), action=action)

    def nothing_message(self, what: str) -> str:
        """ "nothing to undo in gold", "nothing to redo in your layer (A)"."""
        if self.annotator == GOLD:
            return (
                QCoreApplication.translate("Operations", "nothing to undo in gold")
                if what == UNDO
                else QCoreApplication.translate("Operations", "nothing to redo in gold")
            )
        text = (
            QCoreApplication.translate("Operations", "nothing to undo in your layer ({name})")
            if what == UNDO
            else QCoreApplication.translate("Operations", "nothing to redo in your layer ({name})")
        )
        return text.format(name=self._name())

    def can_undo(self) -> bool:
        return self.project.history.can_undo(self.annotator)

    def can_redo(self) -> bool:
        return self.project.history.can_redo(self.annotator)
