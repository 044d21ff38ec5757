"""Undo and redo of the annotator's own actions (new history events in the core, never deletions)."""
from __future__ import annotations

from .base import EVERYTHING, Change, Operations


class HistoryOps(Operations):
    def undo(self):
        return self.changes.run(lambda: self.project.history.undo(self.annotator), self._notice("undo"))

    def redo(self):
        return self.changes.run(lambda: self.project.history.redo(self.annotator), self._notice("redo"))

    @staticmethod
    def _notice(what: str):
        def make(event):
            if event is None:
                return None
            return Change(EVERYTHING, event.document_id, summary=f"{what}: {event.summary}")
        return make

    def can_undo(self) -> bool:
        return self.project.history.can_undo(self.annotator)

    def can_redo(self) -> bool:
        return self.project.history.can_redo(self.annotator)
