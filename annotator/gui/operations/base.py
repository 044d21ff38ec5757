"""The change hub shared by the operation helpers, and the notice it carries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal

from ...core.errors import AnnotatorError, StorageError
from ...core.model import Relation, Span

if TYPE_CHECKING:
    from ...core.project import Project

T = TypeVar("T")

# Areas a notice can be about. "everything" means: reload what you show (undo, redo, schema renames).
SPANS, DOC_LABELS, STATUS, SCHEMA, EVERYTHING = "spans", "doc_labels", "status", "schema", "everything"


@dataclass(frozen=True)
class Change:
    """What one user action changed, so a view can update the part it shows instead of reloading.

    `added` / `updated` spans and `removed` span ids; relations likewise. Removing a span also removes
    its relations (the core does the same).
    """

    area: str
    document_id: int | None = None
    added: tuple[Span, ...] = ()
    updated: tuple[Span, ...] = ()
    removed: tuple[int, ...] = ()
    relations_added: tuple[Relation, ...] = ()
    relations_removed: tuple[int, ...] = ()
    summary: str = ""


class Changes(QObject):
    """One hub: `changed(Change)` after every successful action, `error(str)` when the core refused it,
    `failed(str, retry)` when the project file could not be written (busy, disk full, read-only):
    nothing was saved, and `retry()` tries the same action again."""

    changed = Signal(object)
    error = Signal(str)
    failed = Signal(str, object)

    def run(self, action: Callable[[], T], make_change: Callable[[T], Change | None]) -> T | None:
        """Call the core; on success emit the change it made, on a core error emit the message."""
        try:
            result = action()
        except StorageError as exc:
            self.failed.emit(str(exc), lambda: self.run(action, make_change))
            return None
        except AnnotatorError as exc:
            self.error.emit(str(exc))
            return None
        change = make_change(result)
        if change is not None:
            self.changed.emit(change)
        return result


def ran(action: Callable[[], object]) -> Callable[[], bool]:
    """`action`, then True: for a core call that returns nothing, since the hub's None means it was refused."""

    def run() -> bool:
        action()
        return True

    return run


class Operations:
    """Base of the per-area helpers: the project, who is working, and the hub."""

    def __init__(self, project: Project, annotator: str, changes: Changes) -> None:
        self.project = project
        self.annotator = annotator
        self.changes = changes
