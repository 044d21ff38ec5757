"""Document status for the annotator: new, in progress, done."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..terms import status_name
from .base import STATUS, Change, Operations


class StatusOps(Operations):
    def set(self, document_id: int, status: str) -> None:
        self.changes.run(
            lambda: self.project.status.set(document_id, self.annotator, status),
            lambda _: Change(
                STATUS,
                document_id,
                summary=QCoreApplication.translate("Operations", "marked {status}").format(status=status_name(status)),
            ),
        )

    def toggle_done(self, document_id: int) -> str:
        """Done <-> in progress; returns the new status."""
        new = "in_progress" if self.project.status.get(document_id, self.annotator) == "done" else "done"
        self.set(document_id, new)
        return new
