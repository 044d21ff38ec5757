"""Undo and redo of the annotator's own actions (new history events in the core, never deletions)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..terms import event_name
from .base import EVERYTHING, Change, Operations


class HistoryOps(Operations):
    def undo(self):
        return self.changes.run(lambda: self.project.history.undo(self.annotator), self._notice(
            "undo", QCoreApplication.translate("Operations", "undo: {action}")))

    def redo(self):
        return self.changes.run(lambda: self.project.history.redo(self.annotator), self._notice(
            "redo", QCoreApplication.translate("Operations", "redo: {action}")))

    @staticmethod
    def _notice(what: str, translated: str):
        def make(event):
            if event is None:
                return None
            # The core's summary is English; a translated interface names the kind of action instead.
            action = event_name(event.action)
            summary = translated.format(action=action) if action else f"{what}: {event.summary}"
            return Change(EVERYTHING, event.document_id, summary=summary)
        return make

    def can_undo(self) -> bool:
        return self.project.history.can_undo(self.annotator)

    def can_redo(self) -> bool:
        return self.project.history.can_redo(self.annotator)
