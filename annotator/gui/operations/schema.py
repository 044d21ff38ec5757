"""The schema editor's changes: labels (name, colour, key) and stance targets."""

from __future__ import annotations

import copy

from PySide6.QtCore import QCoreApplication

from ...core.model import LabelDef
from .base import EVERYTHING, SCHEMA, Change, Operations, ran


class SchemaOps(Operations):
    def add_label(self, label: LabelDef) -> bool:
        return (
            self.changes.run(
                ran(lambda: self.project.schema.add_label(label)),
                lambda _: Change(
                    SCHEMA,
                    summary=QCoreApplication.translate("Operations", "added label {label}").format(label=label.name),
                ),
            )
            is not None
        )

    def update_label(
        self, name: str, *, new_name: str | None = None, colour: str | None = None, key: str | None = None
    ) -> bool:
        # A rename relabels spans in every document: views reload.
        area = EVERYTHING if new_name and new_name != name else SCHEMA
        return (
            self.changes.run(
                ran(lambda: self.project.schema.update_label(name, new_name=new_name, colour=colour, key=key)),
                lambda _: Change(
                    area, summary=QCoreApplication.translate("Operations", "changed label {label}").format(label=name)
                ),
            )
            is not None
        )

    def add_target(self, target: str) -> bool:
        return (
            self.changes.run(
                ran(lambda: self.project.schema.add_target(target)),
                lambda _: Change(
                    SCHEMA,
                    summary=QCoreApplication.translate("Operations", "added target {target}").format(target=target),
                ),
            )
            is not None
        )

    def rename_target(self, old: str, new: str) -> bool:
        return (
            self.changes.run(
                ran(lambda: self.project.schema.rename_target(old, new)),
                lambda _: Change(
                    EVERYTHING,
                    summary=QCoreApplication.translate("Operations", "renamed target {old} to {new}").format(
                        old=old, new=new
                    ),
                ),
            )
            is not None
        )

    def set_colours_and_keys(self, wanted: dict[str, tuple[str, str]]) -> bool:
        """Recolour and rebind several labels at once ({name: (colour, key)}): one save, so two labels can
        swap their keys (one at a time, the first would clash with the second). Saved as an edit of the
        schema (`save_edited`): only these labels' colours and keys change, under the write lock, so what
        another program changed meanwhile stays."""

        def save() -> bool:
            before = self.project.schema.get()
            after = copy.deepcopy(before)
            for label in after.labels:
                if label.name in wanted:
                    label.colour, label.key = wanted[label.name]
            self.project.schema.save_edited(before, after)
            return True

        return (
            self.changes.run(
                save,
                lambda _: Change(
                    SCHEMA, summary=QCoreApplication.translate("Operations", "changed label colours and keys")
                ),
            )
            is not None
        )
