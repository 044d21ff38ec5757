"""Managers for one annotator's work on a document: spans, relations, document labels and status.

Each write is one transaction with its history event, so it can be undone; adding or changing an
annotation on a `new` document moves it to `in_progress`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .domain import STANCE_TASK
from .errors import InputError, NotFound
from .model import GOLD, STATUSES, DocLabel, DocLabelId, DocumentId, Relation, RelationId, Span, SpanId
from .values import now

if TYPE_CHECKING:
    from .history import Change
    from .project import Project


def span_from_row(row: dict[str, Any]) -> Span:
    return Span(SpanId(row["id"]), DocumentId(row["document_id"]), row["annotator"], row["start"], row["end"],
                row["label"], row["text"], row["attributes"])


def relation_from_row(row: dict[str, Any]) -> Relation:
    return Relation(RelationId(row["id"]), DocumentId(row["document_id"]), row["annotator"], row["type"],
                    SpanId(row["source"]), SpanId(row["target"]))


def doc_label_from_row(row: dict[str, Any]) -> DocLabel:
    return DocLabel(DocLabelId(row["id"]), DocumentId(row["document_id"]), row["annotator"], row["task"],
                    row["target"], row["value"])


class _Manager:
    def __init__(self, project: Project):
        self._project = project
        self._store = project.store

    def _commit(self, annotator: str, action: str, document_id: int, summary: str,
                changes: list[Change]) -> None:
        """Inside a transaction: mark the document in progress if it was new, then record the event."""
        changes = changes + self._project.status.start_changes(document_id, annotator)
        self._project.history.record(annotator, action, document_id, summary, changes)


class Spans(_Manager):
    def add(self, document_id: int, annotator: str, start: int, end: int, label: str,
            attributes: dict[str, Any] | None = None, *, link_from: tuple[str, int] | None = None) -> Span:
        """Add a span [start, end) in code points; its text is taken from the document.

        link_from=(TYPE, SOURCE_ID) also makes the new span the target of the source's TYPE relation (a
        cue of its quotation), replacing the source's other TYPE relations as Relations.add(exclusive=True)
        does, in the same transaction and the same undo step.
        """
        with self._store.transaction():
            self._project.annotators.ensure(annotator)
            row = self._checked_row(document_id, start, end, label)
            if self._store.select("spans", columns=["id"], document_id=document_id, annotator=annotator,
                                  start=start, end=end, label=label):
                raise InputError(f"[{start}, {end}) is already labelled {label} by {annotator}")
            row.update(annotator=annotator, attributes=attributes or {})
            row["id"] = self._store.insert("spans", row)
            changes: list[Change] = [("spans", None, row)]
            if link_from is not None:
                relation_type, source = link_from
                changes += self._project.relations.link(relation_type, source, row["id"], exclusive=True)
            self._commit(annotator, "span.add", document_id, f"added {label} {row['text']!r}", changes)
        return span_from_row(row)

    def _checked_row(self, document_id: int, start: int, end: int, label: str) -> dict[str, Any]:
        length = self._project.documents.length(document_id)
        if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end <= length:
            raise InputError(f"span [{start}, {end}) is outside the document (length {length}) or empty")
        if self._project.schema.get().label(label) is None:
            raise InputError(f"label {label!r} is not in the schema; add it in the schema editor first")
        return {"document_id": document_id, "start": start, "end": end, "label": label,
                "text": self._store.text_slice(document_id, start, end)}

    def get(self, span_id: int) -> Span:
        row = self._store.get("spans", span_id)
        if row is None:
            raise NotFound(f"no span with id {span_id}")
        return span_from_row(row)

    def for_document(self, document_id: int, annotator: str | None = None) -> list[Span]:
        """Spans of a document (of one annotator, or of all), by start then longest first."""
        rows = self._store.select("spans", order_by=("start", "end", "id"), document_id=document_id,
                                  annotator=annotator) if annotator is not None else \
            self._store.select("spans", order_by=("start", "end", "id"), document_id=document_id)
        spans = [span_from_row(r) for r in rows]
        spans.sort(key=lambda s: (s.start, -s.end, s.id))
        return spans

    def counts(self, annotator: str) -> dict[DocumentId, dict[str, int]]:
        """Per document, how many spans of each label `annotator` has (what a document list shows)."""
        out: dict[DocumentId, dict[str, int]] = {}
        for row in self._store.grouped_counts("spans", ["annotator", "document_id", "label"]):
            if row["annotator"] == annotator:
                out.setdefault(DocumentId(row["document_id"]), {})[row["label"]] = row["n"]
        return out

    def update(self, span_id: int, *, label: str | None = None, start: int | None = None,
               end: int | None = None, attributes: dict[str, Any] | None = None) -> Span:
        """Change a span's label, extent or attributes (attributes replace the old ones)."""
        with self._store.transaction():
            before = self._store.get("spans", span_id)
            if before is None:
                raise NotFound(f"no span with id {span_id}")
            new_start = before["start"] if start is None else start
            new_end = before["end"] if end is None else end
            new_label = before["label"] if label is None else label
            after = dict(before)
            after.update(self._checked_row(before["document_id"], new_start, new_end, new_label))
            if attributes is not None:
                after["attributes"] = attributes
            self._store.update("spans", span_id, {k: v for k, v in after.items() if k != "id"})
            self._commit(before["annotator"], "span.update", before["document_id"],
                         f"changed {before['label']} {before['text']!r}", [("spans", before, after)])
        return span_from_row(after)

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
            row = self._store.get("spans", span_id)
            if row is None:
                raise NotFound(f"no span with id {span_id}")
            linked = {r["id"]: r for r in [*self._store.select("relations", source=span_id),
                                            *self._store.select("relations", target=span_id)]}
            changes: list[Change] = [("relations", r, None) for r in linked.values()]
            for rel_id in linked:
                self._store.delete("relations", rel_id)
            self._store.delete("spans", span_id)
            changes.append(("spans", row, None))
            self._commit(row["annotator"], "span.delete", row["document_id"],
                         f"deleted {row['label']} {row['text']!r}", changes)


class Relations(_Manager):
    def add(self, type: str, source: int, target: int, *, exclusive: bool = False) -> Relation:
        """Link two spans of the same document and annotator (e.g. SPEAKER: QUOTE -> PER).

        exclusive: first remove the source's other relations of this type (a quotation has one speaker).
        """
        with self._store.transaction():
            changes = self.link(type, source, target, exclusive=exclusive)
            row = next((after for table, _, after in changes if table == "relations" and after), None)
            if row is None:  # the link was there already
                return relation_from_row(self._store.select("relations", source=source, type=type,
                                                            target=target)[0])
            src, tgt = self._store.get("spans", source), self._store.get("spans", target)
            assert src is not None and tgt is not None  # _link checked both
            self._commit(src["annotator"], "relation.add", src["document_id"],
                         f"linked {type} {src['text']!r} -> {tgt['text']!r}", changes)
        return relation_from_row(row)

    def link(self, type: str, source: int, target: int, *, exclusive: bool) -> list[Change]:
        """Inside a transaction: check and insert the relation; returns the changes (none if it exists)."""
        src, tgt = self._store.get("spans", source), self._store.get("spans", target)
        if src is None or tgt is None:
            raise NotFound(f"no span with id {source if src is None else target}")
        if src["document_id"] != tgt["document_id"] or src["annotator"] != tgt["annotator"]:
            raise InputError("a relation links spans of the same document and annotator")
        if source == target:
            raise InputError("a relation links two different spans")
        rtype = self._project.schema.get().relation_type(type)
        if rtype is None:
            raise InputError(f"relation type {type!r} is not in the schema; add it first")
        for side, row, allowed in (("from", src, rtype.from_labels), ("to", tgt, rtype.to_labels)):
            if allowed and row["label"] not in allowed:
                raise InputError(f"{type} goes {side} a {' or '.join(allowed)} span, not {row['label']}")
        existing = self._store.select("relations", source=source, type=type)
        if any(old["target"] == target for old in existing):
            return []
        changes: list[Change] = []
        for old in existing if exclusive else ():
            self._store.delete("relations", old["id"])
            changes.append(("relations", old, None))
        row = {"document_id": src["document_id"], "annotator": src["annotator"], "type": type,
               "source": source, "target": target}
        row["id"] = self._store.insert("relations", row)
        changes.append(("relations", None, row))
        return changes

    def delete(self, relation_id: int) -> None:
        with self._store.transaction():
            row = self._store.get("relations", relation_id)
            if row is None:
                raise NotFound(f"no relation with id {relation_id}")
            self._store.delete("relations", relation_id)
            self._commit(row["annotator"], "relation.delete", row["document_id"], f"unlinked {row['type']}",
                         [("relations", row, None)])

    def for_document(self, document_id: int, annotator: str | None = None) -> list[Relation]:
        if annotator is None:
            rows = self._store.select("relations", document_id=document_id)
        else:
            rows = self._store.select("relations", document_id=document_id, annotator=annotator)
        return [relation_from_row(r) for r in rows]

    def from_span(self, span_id: int, type: str | None = None) -> list[Relation]:
        rows = self._store.select("relations", source=span_id)
        return [relation_from_row(r) for r in rows if type is None or r["type"] == type]


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
            found = self._store.select("doc_labels", document_id=document_id, annotator=annotator,
                                       task=task, target=target)
            before = found[0] if found else None
            if before is None and value is None:
                return None
            if before is not None and before["value"] == value:
                return doc_label_from_row(before)
            after = None
            if value is None:
                assert before is not None  # both None returned above
                self._store.delete("doc_labels", before["id"])
            elif before is None:
                after = {"document_id": document_id, "annotator": annotator, "task": task, "target": target,
                         "value": value}
                after["id"] = self._store.insert("doc_labels", after)
            else:
                after = {**before, "value": value}
                self._store.update("doc_labels", before["id"], {"value": value})
            self._commit(annotator, "doc_label.set", document_id, f"{task} {target}: {value or 'unset'}",
                         [("doc_labels", before, after)])
        return None if after is None else doc_label_from_row(after)

    def for_document(self, document_id: int, annotator: str | None = None) -> list[DocLabel]:
        if annotator is None:
            rows = self._store.select("doc_labels", document_id=document_id)
        else:
            rows = self._store.select("doc_labels", document_id=document_id, annotator=annotator)
        return [doc_label_from_row(r) for r in rows]

    def get(self, document_id: int, annotator: str, task: str, target: str) -> str | None:
        rows = self._store.select("doc_labels", document_id=document_id, annotator=annotator, task=task,
                                  target=target)
        return rows[0]["value"] if rows else None


class Statuses(_Manager):
    def get(self, document_id: int, annotator: str) -> str:
        rows = self._store.select("status", document_id=document_id, annotator=annotator)
        return rows[0]["status"] if rows else "new"

    def for_annotator(self, annotator: str) -> dict[DocumentId, str]:
        """Status of every document that has one for this annotator (the rest are `new`)."""
        return {DocumentId(r["document_id"]): r["status"] for r in self._store.select("status", annotator=annotator)}

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
        found = self._store.select("status", document_id=document_id, annotator=annotator)
        before = found[0] if found else None
        if before is not None and before["status"] == status:
            return None
        if before is None:
            after = {"document_id": document_id, "annotator": annotator, "status": status, "updated_at": now()}
            after["id"] = self._store.insert("status", after)
        else:
            after = {**before, "status": status, "updated_at": now()}
            self._store.update("status", before["id"], {"status": status, "updated_at": after["updated_at"]})
        return ("status", before, after)

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
            if self._store.select("curation_marks", columns=["id"], document_id=document_id, category=category,
                                  start=start, end=end):
                return
            row = {"document_id": document_id, "category": category, "start": start, "end": end,
                   "decision": "rejected"}
            row["id"] = self._store.insert("curation_marks", row)
            self._project.history.record(GOLD, "curation.reject", document_id, f"rejected {category} [{start}, {end})",
                                         [("curation_marks", None, row)])

    def clear(self, document_id: int, category: str, start: int, end: int) -> None:
        with self._store.transaction():
            for row in self._store.select("curation_marks", document_id=document_id, category=category,
                                          start=start, end=end):
                self._store.delete("curation_marks", row["id"])
                self._project.history.record(GOLD, "curation.unreject", document_id,
                                             f"reopened {category} [{start}, {end})", [("curation_marks", row, None)])

    def for_document(self, document_id: int) -> set[tuple[str, int, int]]:
        return {(r["category"], r["start"], r["end"]) for r in self._store.select("curation_marks",
                                                                                  document_id=document_id)}
