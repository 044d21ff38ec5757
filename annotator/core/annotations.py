"""Managers for one annotator's work on a document: spans, relations, document labels and status.

Each write is one transaction with its history event, so it can be undone; adding or changing an
annotation on a `new` document moves it to `in_progress`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .domain import STANCE_TASK
from .errors import InputError, NotFound
from .model import GOLD, STATUSES, Change, DocLabel, DocumentId, Relation, Span
from .values import now

if TYPE_CHECKING:
    from .project import Project
    from .store_protocols import ProjectStore


class _Manager:
    def __init__(self, project: Project):
        self._project = project
        self._store: ProjectStore = project.store

    def _commit(self, annotator: str, action: str, document_id: int, summary: str, changes: list[Change]) -> None:
        """Inside a transaction: mark the document in progress if it was new, then record the event."""
        changes = changes + self._project.status.start_changes(document_id, annotator)
        self._project.history.record(annotator, action, document_id, summary, changes)


class Spans(_Manager):
    def add(
        self,
        document_id: int,
        annotator: str,
        start: int,
        end: int,
        label: str,
        attributes: dict[str, Any] | None = None,
        *,
        link_from: tuple[str, int] | None = None,
    ) -> Span:
        """Add a span [start, end) in code points; its text is taken from the document.

        link_from=(TYPE, SOURCE_ID) also makes the new span the target of the source's TYPE relation (a
        cue of its quotation), replacing the source's other TYPE relations as Relations.add(exclusive=True)
        does, in the same transaction and the same undo step.
        """
        with self._store.transaction():
            self._project.annotators.ensure(annotator)
            text = self._checked_text(document_id, start, end, label)
            if self._store.has_span(document_id, annotator, start, end, label):
                raise InputError(f"[{start}, {end}) is already labelled {label} by {annotator}")
            span = self._store.add_span(document_id, annotator, start, end, label, text, attributes or {})
            changes: list[Change] = [(None, span)]
            if link_from is not None:
                relation_type, source = link_from
                changes += self._project.relations.link(relation_type, source, span.id, exclusive=True)
            self._commit(annotator, "span.add", document_id, f"added {label} {text!r}", changes)
        return span

    def _checked_text(self, document_id: int, start: int, end: int, label: str) -> str:
        """The document's text at [start, end), once the extent and the label are checked."""
        length = self._project.documents.length(document_id)
        if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end <= length:
            raise InputError(f"span [{start}, {end}) is outside the document (length {length}) or empty")
        if self._project.schema.get().label(label) is None:
            raise InputError(f"label {label!r} is not in the schema; add it in the schema editor first")
        return self._store.text_slice(document_id, start, end)

    def get(self, span_id: int) -> Span:
        span = self._store.span(span_id)
        if span is None:
            raise NotFound(f"no span with id {span_id}")
        return span

    def for_document(self, document_id: int, annotator: str | None = None) -> list[Span]:
        """Spans of a document (of one annotator, or of all), by start then longest first."""
        spans = self._store.spans_of(document_id, annotator)
        spans.sort(key=lambda s: (s.start, -s.end, s.id))
        return spans

    def counts(self, annotator: str) -> dict[DocumentId, dict[str, int]]:
        """Per document, how many spans of each label `annotator` has (what a document list shows)."""
        return self._store.span_label_counts(annotator)

    def texts(self, labels: list[str], annotators: list[str] | None = None) -> list[str]:
        """The texts of spans with these labels (of these annotators, or of all), each once."""
        return self._store.distinct_span_texts(labels, annotators)

    def update(
        self,
        span_id: int,
        *,
        label: str | None = None,
        start: int | None = None,
        end: int | None = None,
        attributes: dict[str, Any] | None = None,
    ) -> Span:
        """Change a span's label, extent or attributes (attributes replace the old ones)."""
        with self._store.transaction():
            before = self.get(span_id)
            new_start = before.start if start is None else start
            new_end = before.end if end is None else end
            new_label = before.label if label is None else label
            text = self._checked_text(before.document_id, new_start, new_end, new_label)
            after = replace(
                before,
                start=new_start,
                end=new_end,
                label=new_label,
                text=text,
                attributes=before.attributes if attributes is None else attributes,
            )
            self._store.replace_span(after)
            self._commit(
                before.annotator,
                "span.update",
                before.document_id,
                f"changed {before.label} {before.text!r}",
                [(before, after)],
            )
        return after

    def set_attribute(self, span_id: int, name: str, value: Any) -> Span:
        """Set one attribute (None removes it)."""
        attributes = dict(self.get(span_id).attributes)
        if value is None:
            attributes.pop(name, None)
        else:
            attributes[name] = value
        return self.update(span_id, attributes=attributes)

    def delete(self, span_id: int) -> None:
        """Delete a span and the relations that link it."""
        with self._store.transaction():
            span = self.get(span_id)
            linked = self._store.relations_touching(span_id)
            changes: list[Change] = [(relation, None) for relation in linked]
            for relation in linked:
                self._store.delete_relation(relation.id)
            self._store.delete_span(span_id)
            changes.append((span, None))
            self._commit(
                span.annotator, "span.delete", span.document_id, f"deleted {span.label} {span.text!r}", changes
            )


def relation_ends_problem(source: object, target: object) -> str | None:
    """The one rule on a relation's two ends, for the window and the API (span ids) and for imports (what
    identifies a span in a file's layer): they must be two different spans. None when they are."""
    if source == target:
        return "a relation links two different spans, not a span to itself"
    return None


class Relations(_Manager):
    def add(self, type: str, source: int, target: int, *, exclusive: bool = False) -> Relation:
        """Link two spans of the same document and annotator (e.g. SPEAKER: QUOTE -> PER).

        exclusive: first remove the source's other relations of this type (a quotation has one speaker).
        """
        with self._store.transaction():
            changes = self.link(type, source, target, exclusive=exclusive)
            added = next((after for _, after in changes if isinstance(after, Relation)), None)
            if added is None:  # the link was there already
                return next(r for r in self._store.relations_from(source, type) if r.target == target)
            src, tgt = self._store.span(source), self._store.span(target)
            assert src is not None and tgt is not None  # link checked both
            self._commit(
                src.annotator, "relation.add", src.document_id, f"linked {type} {src.text!r} -> {tgt.text!r}", changes
            )
        return added

    def link(self, type: str, source: int, target: int, *, exclusive: bool) -> list[Change]:
        """Inside a transaction: check and insert the relation; returns the changes (none if it exists)."""
        src, tgt = self._store.span(source), self._store.span(target)
        if src is None or tgt is None:
            raise NotFound(f"no span with id {source if src is None else target}")
        if src.document_id != tgt.document_id or src.annotator != tgt.annotator:
            raise InputError("a relation links spans of the same document and annotator")
        problem = relation_ends_problem(source, target)
        if problem:
            raise InputError(problem)
        rtype = self._project.schema.get().relation_type(type)
        if rtype is None:
            raise InputError(f"relation type {type!r} is not in the schema; add it first")
        for side, span, allowed in (("from", src, rtype.from_labels), ("to", tgt, rtype.to_labels)):
            if allowed and span.label not in allowed:
                raise InputError(f"{type} goes {side} a {' or '.join(allowed)} span, not {span.label}")
        existing = self._store.relations_from(source, type)
        if any(old.target == target for old in existing):
            return []
        changes: list[Change] = []
        for old in existing if exclusive else ():
            self._store.delete_relation(old.id)
            changes.append((old, None))
        changes.append((None, self._store.add_relation(src.document_id, src.annotator, type, source, target)))
        return changes

    def delete(self, relation_id: int) -> None:
        with self._store.transaction():
            relation = self._store.relation(relation_id)
            if relation is None:
                raise NotFound(f"no relation with id {relation_id}")
            self._store.delete_relation(relation_id)
            self._commit(
                relation.annotator,
                "relation.delete",
                relation.document_id,
                f"unlinked {relation.type}",
                [(relation, None)],
            )

    def for_document(self, document_id: int, annotator: str | None = None) -> list[Relation]:
        return self._store.relations_of(document_id, annotator)

    def from_span(self, span_id: int, type: str | None = None) -> list[Relation]:
        return self._store.relations_from(span_id, type)


class DocLabels(_Manager):
    def set(self, document_id: int, annotator: str, task: str, target: str, value: str | None) -> DocLabel | None:
        """Set (or with value None, unset) a document label such as the stance toward a target."""
        schema = self._project.schema.get()
        if task not in schema.tasks:
            raise InputError(f"task {task!r} is not in the schema")
        if value is not None and task == STANCE_TASK and value not in schema.stance_values:
            raise InputError(f"stance value {value!r} is not one of {', '.join(schema.stance_values)}")
        with self._store.transaction():
            self._project.documents.length(document_id)  # raises NotFound
            self._project.annotators.ensure(annotator)
            if target not in schema.targets:
                self._project.schema.add_target(target)
            before = self._store.doc_label(document_id, annotator, task, target)
            if before is None and value is None:
                return None
            if before is not None and before.value == value:
                return before
            after = None
            if value is None:
                assert before is not None  # both None returned above
                self._store.delete_doc_label(before.id)
            elif before is None:
                after = self._store.add_doc_label(document_id, annotator, task, target, value)
            else:
                after = replace(before, value=value)
                self._store.set_doc_label_value(before.id, value)
            self._commit(
                annotator, "doc_label.set", document_id, f"{task} {target}: {value or 'unset'}", [(before, after)]
            )
        return after

    def for_document(self, document_id: int, annotator: str | None = None) -> list[DocLabel]:
        return self._store.doc_labels_of(document_id, annotator)

    def get(self, document_id: int, annotator: str, task: str, target: str) -> str | None:
        label = self._store.doc_label(document_id, annotator, task, target)
        return None if label is None else label.value


class Statuses(_Manager):
    def get(self, document_id: int, annotator: str) -> str:
        found = self._store.status(document_id, annotator)
        return "new" if found is None else found.status

    def for_annotator(self, annotator: str) -> dict[DocumentId, str]:
        """Status of every document that has one for this annotator (the rest are `new`)."""
        return self._store.statuses_of(annotator)

    def set(self, document_id: int, annotator: str, status: str) -> None:
        if status not in STATUSES:
            raise InputError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        with self._store.transaction():
            self._project.documents.length(document_id)
            self._project.annotators.ensure(annotator)
            change = self._write(document_id, annotator, status)
            if change:
                self._project.history.record(annotator, "status.set", document_id, f"marked {status}", [change])

    def _write(self, document_id: int, annotator: str, status: str) -> Change | None:
        before = self._store.status(document_id, annotator)
        if before is not None and before.status == status:
            return None
        if before is None:
            after = self._store.add_status(document_id, annotator, status, now())
        else:
            after = replace(before, status=status, updated_at=now())
            self._store.set_status(before.id, status, after.updated_at)
        return (before, after)

    def start_changes(self, document_id: int, annotator: str) -> list[Change]:
        """Inside a transaction: a `new` document becomes `in_progress` when its annotator starts on it."""
        if self.get(document_id, annotator) != "new":
            return []
        change = self._write(document_id, annotator, "in_progress")
        return [change] if change else []


class CurationMarks(_Manager):
    """Disagreements the curator settled without a gold annotation (rejected): kept so that curation
    progress survives, and undoable as gold's actions."""

    def reject(self, document_id: int, category: str, start: int, end: int) -> None:
        with self._store.transaction():
            self._project.annotators.ensure(GOLD)
            if self._store.curation_mark(document_id, category, start, end) is not None:
                return
            mark = self._store.add_curation_mark(document_id, category, start, end, "rejected")
            self._project.history.record(
                GOLD, "curation.reject", document_id, f"rejected {category} [{start}, {end})", [(None, mark)]
            )

    def clear(self, document_id: int, category: str, start: int, end: int) -> None:
        with self._store.transaction():
            mark = self._store.curation_mark(document_id, category, start, end)
            if mark is not None:
                self._store.delete_curation_mark(mark.id)
                self._project.history.record(
                    GOLD, "curation.unreject", document_id, f"reopened {category} [{start}, {end})", [(mark, None)]
                )

    def for_document(self, document_id: int) -> set[tuple[str, int, int]]:
        return {(m.category, m.start, m.end) for m in self._store.curation_marks_of(document_id)}
