"""What the window is working on: the project, the annotator, the open document and its annotations.

The session owns the operation helpers and the change hub, and is the first listener of the hub: it
brings its in-memory layer up to date before any view repaints from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ..core.model import Document, Schema
from .document_list import DocumentList
from .layer import DocumentLayer
from .offsets import OffsetMap
from .operations import Change, Changes, HistoryOps, SchemaOps, SpanOps, StanceOps, StatusOps
from .operations.base import EVERYTHING, SCHEMA, SPANS

if TYPE_CHECKING:
    from ..core.project import Project


class Session(QObject):
    documentOpened = Signal()  # a (different) document is now current
    changed = Signal(object)  # something was saved or reloaded: spans, stance, status, schema
    # (the Change it carries says which, in its area)
    schemaChanged = Signal()
    selectedSpanChanged = Signal(object)  # span id or None
    currentQuoteChanged = Signal(object)  # span id or None

    def __init__(self, project: Project, annotator: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.annotator = annotator  # whose work the window writes
        self.shown_annotator = annotator  # whose layer the article shows (curation switches it)
        self.changes = Changes(self)
        # The operations (one per area) end in _ops; schema, document, layer are data.
        self.span_ops = SpanOps(project, annotator, self.changes, schema=lambda: self.schema)
        self.history_ops = HistoryOps(project, annotator, self.changes, open_document=lambda: self.document_id)
        self.stance_ops = StanceOps(project, annotator, self.changes)
        self.status_ops = StatusOps(project, annotator, self.changes)
        self.schema_ops = SchemaOps(project, annotator, self.changes)
        self.schema: Schema = project.schema.get()
        # every document in order, read a page at a time (a 100,000-article project opens at once)
        self.documents = DocumentList(project, annotator)
        self.index = -1
        self.document: Document | None = None
        self.offsets = OffsetMap("")
        self.layer = DocumentLayer()
        self.selected_span: int | None = None
        self.current_quote: int | None = None
        self.changes.changed.connect(self._on_changed)

    # ---- documents ----------------------------------------------------------------------------------
    def open_index(self, index: int, document: Document | None = None) -> bool:
        """Open the document at `index` of the list (`document`: it, already read)."""
        if not 0 <= index < len(self.documents):
            return False
        self.index = index
        self.document = document or self.project.documents.get(self.documents.ids[index])
        self.offsets = OffsetMap(self.document.text)
        self._load_layer()
        self.selected_span = None
        self.current_quote = None
        self.documentOpened.emit()
        return True

    def open_name(self, name: str) -> bool:
        found = self.project.documents.by_name(name)
        index = None if found is None else self.documents.index_of(found.id)
        return found is not None and index is not None and self.open_index(index, found)

    def reload_from_file(self) -> None:
        """Show the project as it is in the file now (another program wrote to it, or a write failed):
        the documents list, the schema and the open document's layer; the same document stays open."""
        current = self.document_id
        self.documents = DocumentList(self.project, self.annotator)
        index = None if current is None else self.documents.index_of(current)
        if current is not None and index is not None:
            self.index = index
            self.document = self.project.documents.get(current)
        elif self.documents and self.document is None:
            self.open_index(0)
            return
        self._on_changed(Change(EVERYTHING))  # views reload; not through the hub: nothing was saved here

    def next_document(self) -> bool:
        return self.open_index(self.index + 1)

    def previous_document(self) -> bool:
        return self.open_index(self.index - 1)

    @property
    def document_id(self) -> int | None:
        return None if self.document is None else self.document.id

    @property
    def open_document_id(self) -> int:
        """The open document's id, for actions that only run on an open document (a selection in it)."""
        if self.document is None:
            raise LookupError("no document is open")
        return self.document.id

    def _load_layer(self) -> None:
        if self.document is None:
            return
        doc_id = self.document.id
        self.layer.reset(
            self.project.spans.for_document(doc_id, self.shown_annotator),
            self.project.relations.for_document(doc_id, self.shown_annotator),
        )

    def show_layer_of(self, annotator: str) -> None:
        """Show another annotator's layer in the article (curation); edits still go to `annotator`."""
        self.shown_annotator = annotator
        self.reload_from_file()

    def annotate_as(self, annotator: str) -> None:
        """Write as another annotator from now on (the curator labelling gold), showing their layer."""
        self.annotator = self.shown_annotator = annotator
        for ops in (self.span_ops, self.history_ops, self.stance_ops, self.status_ops, self.schema_ops):
            ops.annotator = annotator
        self.reload_from_file()

    # ---- selection ----------------------------------------------------------------------------------
    def select_span(self, span_id: int | None) -> None:
        span = self.layer.span(span_id) if span_id is not None else None
        self.selected_span = span.id if span else None
        if span is not None and span.label in self.quote_labels():
            self.set_current_quote(span.id)
        self.selectedSpanChanged.emit(self.selected_span)

    def set_current_quote(self, span_id: int | None) -> None:
        if span_id != self.current_quote:
            self.current_quote = span_id
            self.currentQuoteChanged.emit(span_id)

    def quote_labels(self) -> set[str]:
        return {lab.name for lab in self.schema.labels_of("quotation")}

    # ---- changes ------------------------------------------------------------------------------------
    def _on_changed(self, change: Change) -> None:
        if change.area in (SCHEMA, EVERYTHING):
            self.schema = self.project.schema.get()
            self.schemaChanged.emit()
        if change.area == EVERYTHING and self.document is not None:
            self._load_layer()
        elif change.area == SPANS and change.document_id == self.document_id and self.shown_annotator != self.annotator:
            self._load_layer()  # the layer shown is not the one written: read it again
        elif change.area == SPANS and change.document_id == self.document_id:
            for span_id in change.removed:
                self.layer.remove_span(span_id)
            for span in change.added:
                self.layer.add_span(span)
            for span in change.updated:
                self.layer.update_span(span)
            for rid in change.relations_removed:
                self.layer.remove_relation(rid)
            for rel in change.relations_added:
                self.layer.add_relation(rel)
        if self.selected_span is not None and self.layer.span(self.selected_span) is None:
            self.selected_span = None
            self.selectedSpanChanged.emit(None)
        if self.current_quote is not None and self.layer.span(self.current_quote) is None:
            self.set_current_quote(None)
        self.changed.emit(change)
