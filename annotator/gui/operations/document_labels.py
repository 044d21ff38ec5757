"""The document's stance toward each target of the project."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ...core.domain import STANCE_TASK
from ..terms import label_name
from .base import DOC_LABELS, SCHEMA, Change, Operations

TASK = STANCE_TASK


class StanceOps(Operations):
    def set(self, document_id: int, target: str, value: str | None) -> None:
        self.changes.run(
            lambda: self.project.doc_labels.set(document_id, self.annotator, TASK, target, value),
            lambda _: Change(
                DOC_LABELS,
                document_id,
                summary=QCoreApplication.translate("Operations", "stance toward {target}: {value}").format(
                    target=target, value=label_name(value) or QCoreApplication.translate("Operations", "unset")
                ),
            ),
        )

    def get(self, document_id: int, target: str) -> str | None:
        return self.project.doc_labels.get(document_id, self.annotator, TASK, target)

    def add_target(self, target: str) -> None:
        self.changes.run(
            lambda: self.project.schema.add_target(target),
            lambda _: Change(
                SCHEMA,
                summary=QCoreApplication.translate("Operations", "added target {target}").format(target=target.strip()),
            ),
        )
