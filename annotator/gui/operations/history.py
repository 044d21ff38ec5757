"""Undo and redo of one layer's actions (new history events in the core, never deletions).

Every message names the layer the step changed ("undid: gold — …", "undid: your layer (A) — …"): with the
Curation window open the main window undoes the annotator's layer and Curation undoes gold, and the user must
always know which one changed."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ...core.model import GOLD
from ..terms import event_name
from .base import EVERYTHING, Change, Operations

UNDO, REDO = "undo", "redo"


class HistoryOps(Operations):
    # Whether the last undo / redo found nothing to do (its None then is not a refusal the hub reported).
    nothing = False

    def undo(self):
        return self._step(UNDO, self.project.history.undo)

    def redo(self):
        return self._step(REDO, self.project.history.redo)

    def _step(self, what: str, step):
        self.nothing = False

        def act():
            event = step(self.annotator)
            self.nothing = event is None
            return event
        return self.changes.run(act, self._notice(what))

    def _notice(self, what: str):
        def make(event):
            if event is None:
                return None
            # The core's summary is English; a translated interface names the kind of action instead.
            action = event_name(event.action) or event.summary
            return Change(EVERYTHING, event.document_id, summary=self.done_message(what, action))
        return make

    def _name(self) -> str:
        return f"\u2068{self.annotator}\u2069"   # inside an isolate: a name cannot turn the sentence around

    def done_message(self, what: str, action: str) -> str:
        """What the status bar says after an undo or redo (`what`) of `action`, naming the layer it changed."""
        if self.annotator == GOLD:
            text = QCoreApplication.translate("Operations", "undid: gold — {action}") if what == UNDO else \
                QCoreApplication.translate("Operations", "redid: gold — {action}")
            return text.format(action=action)
        text = QCoreApplication.translate("Operations", "undid: your layer ({name}) — {action}") if what == UNDO \
            else QCoreApplication.translate("Operations", "redid: your layer ({name}) — {action}")
        return text.format(name=self._name(), action=action)

    def nothing_message(self, what: str) -> str:
        """"nothing to undo in gold", "nothing to redo in your layer (A)"."""
        if self.annotator == GOLD:
            return QCoreApplication.translate("Operations", "nothing to undo in gold") if what == UNDO else \
                QCoreApplication.translate("Operations", "nothing to redo in gold")
        text = QCoreApplication.translate("Operations", "nothing to undo in your layer ({name})") if what == UNDO \
            else QCoreApplication.translate("Operations", "nothing to redo in your layer ({name})")
        return text.format(name=self._name())

    def can_undo(self) -> bool:
        return self.project.history.can_undo(self.annotator)

    def can_redo(self) -> bool:
        return self.project.history.can_redo(self.annotator)
