"""Bringing annotated documents into a project, all or nothing (annotated.py takes them out).

Every format reads into `AnnotatedDocument`s; this module is where they enter the project. An import is
checked completely before anything is written, and written in one transaction.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .annotations import relation_ends_problem
from .domain import STANCE_TASK
from .errors import InputError
from .intake_policy import check_document_size
from .model import (
    STATUSES,
    AnnotatedDocument,
    DocLabelRecord,
    Document,
    DocumentId,
    ImportedRelation,
    ImportedSpan,
    ImportReport,
)
from .names import identifier_problem, name_problem
from .plural import count
from .token_counts import TokenCounts
from .values import check_name, check_text, now, sha256

if TYPE_CHECKING:
    from .project import Project


def _fail(doc: AnnotatedDocument, field: str, problem: str) -> InputError:
    return InputError(f"{field}: {problem}", file=doc.source_file or f"document {doc.name!r}",
                      line=doc.source_line)


def validate_document(doc: AnnotatedDocument) -> None:
    """Refuse a document whose annotations do not fit its text; the error names file, line and field."""
    try:
        check_name(doc.name, "document")
    except InputError as exc:
        raise _fail(doc, "name", str(exc)) from None
    if not isinstance(doc.text, str) or not doc.text:
        raise _fail(doc, "text", "the document text is missing or empty")
    try:
        check_text(doc.text)
        check_document_size(doc.text, "")
    except InputError as exc:
        raise _fail(doc, "text", exc.problem) from None
    if not isinstance(doc.meta, dict):
        raise _fail(doc, "meta", "must be an object")
    length = len(doc.text)
    for li, layer in enumerate(doc.layers):
        where = f"annotations[{li}]"
        try:
            check_name(layer.annotator, "annotator")
        except InputError as exc:
            raise _fail(doc, f"{where}.annotator", str(exc)) from None
        if layer.status is not None and layer.status not in STATUSES:
            raise _fail(doc, f"{where}.status", f"{layer.status!r} is not one of {', '.join(STATUSES)}")
        ids: dict[str, tuple[int, int, str]] = {}  # id -> what makes it one span of the project
        good_labels: set[str] = set()
        for si, span in enumerate(layer.spans):
            if span.id in ids:
                raise _fail(doc, f"{where}.spans[{si}].id", f"id {span.id!r} is used twice in this annotator's spans")
            start, end = span.start, span.end
            ids[span.id] = (start, end, span.label)
            if type(start) is not int or type(end) is not int or not 0 <= start < end <= length:
                raise _fail(doc, f"{where}.spans[{si}]", f"offsets [{start}, {end}) are outside the text "
                                                         f"(length {length}) or empty; offsets count Unicode "
                                                         "code points")
            if span.label not in good_labels:
                problem = identifier_problem(span.label, "label")
                if problem:
                    raise _fail(doc, f"{where}.spans[{si}].label", problem)
                good_labels.add(span.label)
            if type(span.attributes) is not dict:
                raise _fail(doc, f"{where}.spans[{si}].attributes", "must be an object")
            if span.text is not None and doc.text[start:end] != span.text:
                raise _fail(doc, f"{where}.spans[{si}].text", f"{span.text!r} differs from the document's text "
                                                              f"at [{start}, {end}): {doc.text[start:end]!r}")
        for ri, rel in enumerate(layer.relations):
            f = f"{where}.relations[{ri}]"
            problem = identifier_problem(rel.type, "relation type")
            if problem:
                raise _fail(doc, f"{f}.type", problem)
            for end_name, ref in (("from", rel.source), ("to", rel.target)):
                if ref not in ids:
                    raise _fail(doc, f"{f}.{end_name}", f"no span with id {ref!r} in this annotator's spans")
            # spans with equal offsets and label are one span of the project (ingest merges them)
            problem = relation_ends_problem(ids[rel.source], ids[rel.target])
            if problem:
                begin, stop, label_of = ids[rel.source]
                why = (f"from and to are both {rel.source!r}" if rel.source == rel.target else
                       f"from {rel.source!r} and to {rel.target!r} are the same span, [{begin}, {stop}) {label_of}")
                raise _fail(doc, f, f"{problem} ({why})")
        for di, label in enumerate(layer.doc_labels):
            f = f"{where}.doc_labels[{di}]"
            for name, what in (("task", "task"), ("target", "stance target"), ("value", "stance value")):
                problem = name_problem(getattr(label, name), what)
                if problem:
                    raise _fail(doc, f"{f}.{name}", problem)


def ingest(project: Project, documents: Iterable[AnnotatedDocument]) -> ImportReport:
    """Add documents and their layers to the project in one transaction; nothing is written on error.

    A document whose name is already in the project must have the same text; its layers are merged in
    (spans and relations already there are not added twice, document labels take the new value).
    """
    docs = list(documents)
    for doc in docs:
        validate_document(doc)
    report = ImportReport()
    store = project.store
    known = store.document_fingerprints()
    to_count = {doc.name: doc.text for doc in docs if doc.name not in known}  # documents already there have theirs
    with TokenCounts(list(to_count.values())) as counting, store.transaction():
        report.notices += project.schema.ensure(
            labels=_unique(s.label for d in docs for lay in d.layers for s in lay.spans),
            relation_types=_unique(r.type for d in docs for lay in d.layers for r in lay.relations),
            tasks=_unique(x.task for d in docs for lay in d.layers for x in lay.doc_labels),
            stance_values=_unique(x.value for d in docs for lay in d.layers for x in lay.doc_labels
                                  if x.task == STANCE_TASK),
            targets=_unique(x.target for d in docs for lay in d.layers for x in lay.doc_labels),
        )
        for annotator in _unique(lay.annotator for d in docs for lay in d.layers):
            store.ensure_annotator(annotator)
        next_span_id: int = store.next_span_id()
        span_rows: list[ImportedSpan] = []
        relation_rows: list[ImportedRelation] = []
        seen_in_this_import: dict[str, tuple[int, str]] = dict(store.document_fingerprints())
        new_documents: list[Document] = []
        next_document_id: int = store.next_document_id()
        first_new_document = next_document_id
        already_there: set[int] = set()
        pending_doc_labels: list[tuple[int, str, DocLabelRecord]] = []  # written once the documents are in
        pending_statuses: list[tuple[int, str, str]] = []
        # (document, annotator) -> what that layer already holds, so a merge adds nothing twice
        held_spans: dict[tuple[int, str], dict[tuple, int]] = {}
        held_relations: dict[tuple[int, str], set[tuple]] = {}
        for doc in docs:
            doc_id, existing = _document_id(doc, seen_in_this_import)
            if existing and doc_id < first_new_document:
                already_there.add(doc_id)
            if not existing:
                doc_id = next_document_id
                next_document_id += 1
                digest = seen_in_this_import[doc.name][1]
                seen_in_this_import[doc.name] = (doc_id, digest)
                new_documents.append(Document(DocumentId(doc_id), doc.name, doc.text, digest, doc.meta))
            for layer in doc.layers:
                layer_key = (doc_id, layer.annotator)
                if layer_key not in held_spans:
                    held_spans[layer_key] = {} if not existing else {
                        (s.start, s.end, s.label): s.id for s in store.spans_of(doc_id, layer.annotator)}
                    held_relations[layer_key] = set() if not existing else {
                        (r.type, r.source, r.target) for r in store.relations_of(doc_id, layer.annotator)}
                known_spans, known_relations = held_spans[layer_key], held_relations[layer_key]
                local: dict[str, int] = {}
                for span in layer.spans:
                    key = (span.start, span.end, span.label)
                    if key in known_spans:
                        local[span.id] = known_spans[key]
                        continue
                    local[span.id] = known_spans[key] = next_span_id
                    span_rows.append((next_span_id, doc_id, layer.annotator, span.start, span.end, span.label,
                                      doc.text[span.start:span.end], span.attributes))
                    next_span_id += 1
                for rel in layer.relations:
                    link = (rel.type, local[rel.source], local[rel.target])
                    if link not in known_relations:
                        known_relations.add(link)
                        relation_rows.append((doc_id, layer.annotator, *link))
                pending_doc_labels += [(doc_id, layer.annotator, label) for label in layer.doc_labels]
                if layer.status is not None:
                    pending_statuses.append((doc_id, layer.annotator, layer.status))
        store.add_imported(new_documents, span_rows, relation_rows)
        for doc_id, annotator, label in pending_doc_labels:
            _write_doc_label(project, doc_id, annotator, label)
        for doc_id, annotator, status in pending_statuses:
            _write_status(project, doc_id, annotator, status)
        # asked for last, so a large import's counting process had all the time there is
        counts = dict(zip(to_count, counting.result(), strict=True))
        # (a document added by another program since `known` was read keeps no count: agreement counts it)
        store.set_token_counts((d.id, counts[d.name]) for d in new_documents if d.name in counts)
        report.doc_labels_set = len(pending_doc_labels)
        report.documents_added = len(new_documents)
        report.documents_existing = len(already_there)
        report.spans_added = len(span_rows)
        report.relations_added = len(relation_rows)
        project.history.record("", "import", None,
                               f"imported {count(report.documents_added, 'new document')}, "
                               f"{count(report.spans_added, 'span')}",
                               [], undoable=False)
    return report


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _document_id(doc: AnnotatedDocument, known: dict[str, tuple[int, str]]) -> tuple[int, bool]:
    """(id, True) for a document already in the project or earlier in this import with the same text;
    (0, False) for a new one, which the caller numbers. `known` maps names to (id, sha256)."""
    digest = sha256(doc.text)
    if doc.name in known:
        doc_id, known_digest = known[doc.name]
        if known_digest != digest:
            raise _fail(doc, "name", f"the project (or this import) already has a document named {doc.name!r} "
                                     "with a different text; rename the file or import into another project")
        return doc_id, True
    known[doc.name] = (0, digest)
    return 0, False


def _write_doc_label(project: Project, doc_id: int, annotator: str, label: DocLabelRecord) -> None:
    store = project.store
    found = store.doc_label(doc_id, annotator, label.task, label.target)
    if found is not None:
        store.set_doc_label_value(found.id, label.value)
    else:
        store.add_doc_label(doc_id, annotator, label.task, label.target, label.value)


def _write_status(project: Project, doc_id: int, annotator: str, status: str) -> None:
    store = project.store
    found = store.status(doc_id, annotator)
    if found is not None:
        store.set_status(found.id, status, now())
    else:
        store.add_status(doc_id, annotator, status, now())
