"""Bringing annotated documents into a project, all or nothing (annotated.py takes them out).

Every format reads into `AnnotatedDocument`s; this module is where they enter the project. An import is
written in one transaction, a batch of documents at a time (`BATCH`: the file is never held whole), each
batch in three steps:
`validate_document` refuses a document whose annotations do not fit its text; `plan_import` turns the
checked documents into the rows to write, numbered after what the project holds (`ProjectState`); the
write step applies that plan. The first two are pure (no project, no database) and are tested as such.
"""

from __future__ import annotations

import gc
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from .annotations import relation_ends_problem
from .batch_analysis import AnalysedBatch, BatchAnalysis
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
    Layer,
)
from .names import identifier_problem, name_problem
from .plural import count
from .search_index import ROWS_MADE_LAG
from .values import check_name, check_text, now, sha256

if TYPE_CHECKING:
    from .project import Project
    from .store_protocols import ProjectStore

SpanKey = tuple[int, int, str]  # start, end, label: what makes a span one span of a layer
RelationKey = tuple[str, int, int]  # type, source span id, target span id (the project's ids)
LayerKey = tuple[int, str]  # document id, annotator


def _fail(doc: AnnotatedDocument, field: str, problem: str) -> InputError:
    return InputError(f"{field}: {problem}", file=doc.source_file or f"document {doc.name!r}", line=doc.source_line)


# ---- checking one document (pure) ---------------------------------------------------------------------
def validate_document(doc: AnnotatedDocument, good_names: set[tuple[str, str]] | None = None) -> None:
    """Refuse a document whose annotations do not fit its text; the error names file, line and field.
    `good_names`: (name, what) of span labels, relation types and document label names found good in
    earlier documents (an import's: the same names recur in every document), added to as more are."""
    _check_document_fields(doc)
    for li, layer in enumerate(doc.layers):
        where = f"annotations[{li}]"
        _check_layer_fields(doc, layer, where)
        good = set() if good_names is None else good_names
        ids = _check_spans(doc, layer, where, good)
        _check_relations(doc, layer, where, ids, good)
        _check_doc_labels(doc, layer, where, good)


def _check_document_fields(doc: AnnotatedDocument) -> None:
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


def _check_layer_fields(doc: AnnotatedDocument, layer: Layer, where: str) -> None:
    try:
        check_name(layer.annotator, "annotator")
    except InputError as exc:
        raise _fail(doc, f"{where}.annotator", str(exc)) from None
    if layer.status is not None and layer.status not in STATUSES:
        raise _fail(doc, f"{where}.status", f"{layer.status!r} is not one of {', '.join(STATUSES)}")


def _check_spans(doc: AnnotatedDocument, layer: Layer, where: str, good: set[tuple[str, str]]) -> dict[str, SpanKey]:
    """The layer's spans checked against the text; returns id -> what makes it one span of the project.
    `good`: (name, what) of names found good before (`validate_document`), added to."""
    length = len(doc.text)
    ids: dict[str, SpanKey] = {}
    for si, span in enumerate(layer.spans):
        if span.id in ids:
            raise _fail(doc, f"{where}.spans[{si}].id", f"id {span.id!r} is used twice in this annotator's spans")
        start, end = span.start, span.end
        ids[span.id] = (start, end, span.label)
        if type(start) is not int or type(end) is not int or not 0 <= start < end <= length:
            raise _fail(
                doc,
                f"{where}.spans[{si}]",
                f"offsets [{start}, {end}) are outside the text "
                f"(length {length}) or empty; offsets count Unicode "
                "code points",
            )
        if (span.label, "label") not in good:
            problem = identifier_problem(span.label, "label")
            if problem:
                raise _fail(doc, f"{where}.spans[{si}].label", problem)
            good.add((span.label, "label"))
        if type(span.attributes) is not dict:
            raise _fail(doc, f"{where}.spans[{si}].attributes", "must be an object")
        if span.text is not None and doc.text[start:end] != span.text:
            raise _fail(
                doc,
                f"{where}.spans[{si}].text",
                f"{span.text!r} differs from the document's text at [{start}, {end}): {doc.text[start:end]!r}",
            )
    return ids


def _check_relations(
    doc: AnnotatedDocument, layer: Layer, where: str, ids: Mapping[str, SpanKey], good: set[tuple[str, str]]
) -> None:
    for ri, rel in enumerate(layer.relations):
        f = f"{where}.relations[{ri}]"
        if type(rel.type) is not str or (rel.type, "relation type") not in good:
            problem = identifier_problem(rel.type, "relation type")
            if problem:
                raise _fail(doc, f"{f}.type", problem)
            good.add((rel.type, "relation type"))
        for end_name, ref in (("from", rel.source), ("to", rel.target)):
            if ref not in ids:
                raise _fail(doc, f"{f}.{end_name}", f"no span with id {ref!r} in this annotator's spans")
        # spans with equal offsets and label are one span of the project (ingest merges them)
        problem = relation_ends_problem(ids[rel.source], ids[rel.target])
        if problem:
            begin, stop, label_of = ids[rel.source]
            why = (
                f"from and to are both {rel.source!r}"
                if rel.source == rel.target
                else f"from {rel.source!r} and to {rel.target!r} are the same span, [{begin}, {stop}) {label_of}"
            )
            raise _fail(doc, f, f"{problem} ({why})")


def _check_doc_labels(doc: AnnotatedDocument, layer: Layer, where: str, good: set[tuple[str, str]]) -> None:
    for di, label in enumerate(layer.doc_labels):
        for name, what in (("task", "task"), ("target", "stance target"), ("value", "stance value")):
            value = getattr(label, name)
            if type(value) is str and (value, what) in good:
                continue
            problem = name_problem(value, what)
            if problem:
                raise _fail(doc, f"{where}.doc_labels[{di}].{name}", problem)
            good.add((value, what))


# ---- the plan (pure) ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProjectState:
    """What planning an import needs to know of the project, read in the import's transaction."""

    # name -> (id, sha256 of text) of the documents to plan that the project holds (a batch asks for its own)
    documents: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    next_document_id: int = 1
    next_span_id: int = 1
    # (document, annotator) -> the spans (start, end, label -> id) and relations that layer already holds,
    # for the documents of the import already in the project; a layer not here holds nothing
    spans: Mapping[LayerKey, Mapping[SpanKey, int]] = field(default_factory=dict)
    relations: Mapping[LayerKey, AbstractSet[RelationKey]] = field(default_factory=dict)


@dataclass
class ImportPlan:
    """The rows an import writes: new documents, spans and relations with their ids, and the document
    labels and statuses to set (each as document id, annotator, value)."""

    documents: list[Document] = field(default_factory=list)
    spans: list[ImportedSpan] = field(default_factory=list)
    relations: list[ImportedRelation] = field(default_factory=list)
    doc_labels: list[tuple[int, str, DocLabelRecord]] = field(default_factory=list)
    statuses: list[tuple[int, str, str]] = field(default_factory=list)
    documents_existing: int = 0  # documents of the project the import merges layers into


def plan_import(docs: Sequence[AnnotatedDocument], state: ProjectState) -> ImportPlan:
    """The rows that add `docs` (each accepted by `validate_document`) to a project in `state`.

    A document whose name is already in the project (or earlier in this import) must have the same text;
    its layers are merged in: spans and relations the layer holds are not added twice (a span is its
    offsets and label), document labels and statuses are set again. Pure: `state` is not changed.
    """
    return _Planner(state).plan(docs)


class _Planner:
    def __init__(self, state: ProjectState):
        self.state = state
        self.result = ImportPlan()
        # and this batch's, as numbered (`state.documents`: only the batch's names the project holds)
        self.names: dict[str, tuple[int, str]] = dict(state.documents)
        self.next_document_id = state.next_document_id
        self.next_span_id = state.next_span_id
        self.held_spans: dict[LayerKey, dict[SpanKey, int]] = {}
        self.held_relations: dict[LayerKey, set[RelationKey]] = {}

    def plan(self, docs: Sequence[AnnotatedDocument]) -> ImportPlan:
        already_there: set[int] = set()
        for doc in docs:
            doc_id, existing = _document_id(doc, self.names)
            if existing and doc_id < self.state.next_document_id:
                already_there.add(doc_id)
            if not existing:
                doc_id = self._new_document(doc)
            for layer in doc.layers:
                self._layer(doc, doc_id, layer)
        self.result.documents_existing = len(already_there)
        return self.result

    def _new_document(self, doc: AnnotatedDocument) -> int:
        doc_id = self.next_document_id
        self.next_document_id += 1
        digest = self.names[doc.name][1]
        self.names[doc.name] = (doc_id, digest)
        self.result.documents.append(Document(DocumentId(doc_id), doc.name, doc.text, digest, doc.meta))
        return doc_id

    def _held(self, key: LayerKey) -> tuple[dict[SpanKey, int], set[RelationKey]]:
        if key not in self.held_spans:
            self.held_spans[key] = dict(self.state.spans.get(key, {}))
            self.held_relations[key] = set(self.state.relations.get(key, ()))
        return self.held_spans[key], self.held_relations[key]

    def _layer(self, doc: AnnotatedDocument, doc_id: int, layer: Layer) -> None:
        known_spans, known_relations = self._held((doc_id, layer.annotator))
        local: dict[str, int] = {}  # the layer's span ids -> the project's
        text, annotator, add = doc.text, layer.annotator, self.result.spans.append
        next_span_id = self.next_span_id  # (a local: this loop runs per span of the import)
        for span in layer.spans:
            start, end, label = key = (span.start, span.end, span.label)
            known = known_spans.get(key)
            if known is not None:
                local[span.id] = known
                continue
            local[span.id] = known_spans[key] = next_span_id
            add((next_span_id, doc_id, annotator, start, end, label, text[start:end], span.attributes))
            next_span_id += 1
        self.next_span_id = next_span_id
        for rel in layer.relations:
            link = (rel.type, local[rel.source], local[rel.target])
            if link not in known_relations:
                known_relations.add(link)
                self.result.relations.append((doc_id, layer.annotator, *link))
        self.result.doc_labels += [(doc_id, layer.annotator, label) for label in layer.doc_labels]
        if layer.status is not None:
            self.result.statuses.append((doc_id, layer.annotator, layer.status))


def _document_id(doc: AnnotatedDocument, known: dict[str, tuple[int, str]]) -> tuple[int, bool]:
    """(id, True) for a document already in the project or earlier in this import with the same text;
    (0, False) for a new one, which the caller numbers. `known` maps names to (id, sha256)."""
    digest = sha256(doc.text)
    if doc.name in known:
        doc_id, known_digest = known[doc.name]
        if known_digest != digest:
            raise _fail(
                doc,
                "name",
                f"the project (or this import) already has a document named {doc.name!r} "
                "with a different text; rename the file or import into another project",
            )
        return doc_id, True
    known[doc.name] = (0, digest)
    return 0, False


def schema_needs(docs: Sequence[AnnotatedDocument]) -> dict[str, list[str]]:
    """The names the documents use, as `SchemaManager.ensure` takes them, each once in order of use."""
    layers = [layer for doc in docs for layer in doc.layers]
    labels = [x for layer in layers for x in layer.doc_labels]
    return {
        "labels": _unique(map(_LABEL, chain.from_iterable(layer.spans for layer in layers))),  # (per span: in C)
        "relation_types": _unique(r.type for layer in layers for r in layer.relations),
        "tasks": _unique(x.task for x in labels),
        "stance_values": _unique(x.value for x in labels if x.task == STANCE_TASK),
        "targets": _unique(x.target for x in labels),
    }


_LABEL = attrgetter("label")


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


# ---- the import: check, plan, write in one transaction -----------------------------------------------
BATCH = 512  # documents checked, planned and written at a time: what an import holds in memory


def ingest(project: Project, documents: Iterable[AnnotatedDocument]) -> ImportReport:
    """Add documents and their layers to the project in one transaction; nothing is written on error.

    A document whose name is already in the project must have the same text; its layers are merged in
    (spans and relations already there are not added twice, document labels take the new value).

    `documents` is read BATCH at a time, each batch checked, planned and written before the next is read
    (all inside the one transaction): the import holds one batch, not the file, and between batches keeps
    no document (a batch asks the project for the names it holds). An import of several batches is the import of their
    concatenation: a document of an earlier batch is in the project when a later one is planned.
    """
    report = ImportReport()
    store = project.store
    with store.bulk_load(), _cycle_collector_paused():
        importer = _Importer(project)
        store.defer_span_indexes()  # (a project without spans: made once at the end, or when spans are read)
        with importer.analysis:  # (its process ends with the import, whatever happens)
            for batch in _batches(documents):
                importer.add(batch)
                batch.clear()  # let its documents go while the next batch is read
            store.restore_span_indexes()  # (a failure before this rolls the transaction back, the indexes too)
            importer.store_token_counts(owed=0)  # the last batch's, counted meanwhile
        importer.finish(report)
        project.history.record(
            "",
            "import",
            None,
            f"imported {count(report.documents_added, 'new document')}, {count(report.spans_added, 'span')}",
            [],
            undoable=False,
        )
    return report


class _Paused:
    """Imports under way in this process (threads: the window's), and whether the cycle collector was on
    before the first of them."""

    lock = threading.Lock()
    imports = 0
    was_enabled = False


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off while an import runs (any thread's), and as it was once the last one
    ends. An import makes millions of objects and no reference cycle: reference counting frees each batch,
    while the collector walked the batch's live objects again and again (a tenth of the importing process's
    CPU, half of planning the rows)."""
    with _Paused.lock:
        if _Paused.imports == 0:
            _Paused.was_enabled = gc.isenabled()
            gc.disable()
        _Paused.imports += 1
    try:
        yield
    finally:
        with _Paused.lock:
            _Paused.imports -= 1
            if _Paused.imports == 0 and _Paused.was_enabled:
                gc.enable()


def _batches(documents: Iterable[AnnotatedDocument]) -> Iterable[list[AnnotatedDocument]]:
    batch: list[AnnotatedDocument] = []
    for doc in documents:
        batch.append(doc)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


_SCHEMA_PARTS = ("labels", "relation_types", "tasks", "stance_values", "targets")


class _Importer:
    """One import's batches, in the import's transaction: what it keeps from batch to batch is the ids to
    give next, those of the documents that were in the project before, and the names of labels, relation
    types, tasks and stance values and targets the documents use (for the schema, at the end). No document's
    name: each batch asks the project (its earlier batches' documents included) for its own names."""

    def __init__(self, project: Project):
        self.project = project
        store = project.store
        self.first_new_document_id: int = store.next_document_id()
        self.next_document_id: int = self.first_new_document_id
        self.next_span_id: int = store.next_span_id()
        self.schema_needs: dict[str, dict[str, None]] = {part: {} for part in _SCHEMA_PARTS}
        self.annotators: set[str] = set()
        self.existing: set[int] = set()  # ids of documents that were in the project before the import
        self.totals = ImportReport()
        self.good_names: set[tuple[str, str]] = set()  # document label names checked (`validate_document`)
        # each batch's new documents' token counts and search index rows (one process for all)
        self.analysis = BatchAnalysis()
        # the ids of the documents of each batch written whose counts are not stored yet, and the batch
        self.uncounted: deque[tuple[list[DocumentId], AnalysedBatch]] = deque()

    def add(self, docs: Sequence[AnnotatedDocument]) -> None:
        for doc in docs:
            validate_document(doc, self.good_names)
        store = self.project.store
        known = store.document_fingerprints_of(doc.name for doc in docs)  # in the project, or an earlier batch
        self._note_schema_needs(docs)
        for doc in docs:
            for layer in doc.layers:
                if layer.annotator not in self.annotators:
                    self.annotators.add(layer.annotator)
                    store.ensure_annotator(layer.annotator)
        self.existing.update(doc_id for doc_id, _ in known.values() if doc_id < self.first_new_document_id)
        if known:  # their spans are read (a name twice in the import): with the indexes, not a scan each
            store.restore_span_indexes()
        plan = plan_import(docs, _project_state(store, docs, known, self.next_document_id, self.next_span_id))
        # the new documents' counts and index rows, made beside while this batch is written and the next read
        analysed = self.analysis.submit([(d.id, d.text) for d in plan.documents])
        _write(self.project, plan, analysed)
        if plan.documents:
            self.next_document_id = plan.documents[-1].id + 1
        if plan.spans:
            self.next_span_id = plan.spans[-1][0] + 1
        self.uncounted.append(([d.id for d in plan.documents], analysed))
        # those of the batches before the last ROWS_MADE_LAG + 1: these are counted while the next are written
        self.store_token_counts(owed=1 + ROWS_MADE_LAG)
        totals = self.totals
        totals.doc_labels_set += len(plan.doc_labels)
        totals.documents_added += len(plan.documents)
        totals.spans_added += len(plan.spans)
        totals.relations_added += len(plan.relations)

    def store_token_counts(self, owed: int) -> None:
        """Store the token counts of the batches written, all but the last `owed` (still being counted)."""
        while len(self.uncounted) > owed:
            ids, analysed = self.uncounted.popleft()
            self.project.store.set_token_counts(zip(ids, analysed.counts(), strict=True))

    def _note_schema_needs(self, docs: Sequence[AnnotatedDocument]) -> None:
        """The names the batch uses, after those of earlier batches (each once, in order of use)."""
        for part, names in schema_needs(docs).items():
            self.schema_needs[part].update(dict.fromkeys(names))

    def finish(self, report: ImportReport) -> None:
        # the schema is given what it lacks once, for the whole import (one change, its notices in order):
        # no row written before depends on it
        report.notices += self.project.schema.ensure(**{part: list(names) for part, names in self.schema_needs.items()})
        report.doc_labels_set = self.totals.doc_labels_set
        report.documents_added = self.totals.documents_added
        report.documents_existing = len(self.existing)
        report.spans_added = self.totals.spans_added
        report.relations_added = self.totals.relations_added


def _project_state(
    store: ProjectStore,
    docs: Sequence[AnnotatedDocument],
    names: Mapping[str, tuple[int, str]],
    next_document_id: int,
    next_span_id: int,
) -> ProjectState:
    """What `plan_import` needs of the project for `docs`: the documents' names (`names`, the project's
    and this import's so far) and the layers of those of `docs` already there, read in the transaction."""
    layers = _unique_keys(
        (names[doc.name][0], layer.annotator) for doc in docs if doc.name in names for layer in doc.layers
    )
    spans = {key: {(s.start, s.end, s.label): s.id for s in store.spans_of(*key)} for key in layers}
    relations = {key: {(r.type, r.source, r.target) for r in store.relations_of(*key)} for key in layers}
    return ProjectState(names, next_document_id, next_span_id, spans, relations)


def _unique_keys(keys: Iterable[LayerKey]) -> list[LayerKey]:
    return list(dict.fromkeys(keys))


def _write(project: Project, plan: ImportPlan, index_rows: AnalysedBatch | None = None) -> None:
    """Apply the plan, in the caller's transaction: the rows, then the labels and statuses of their documents.

    The labels and statuses of documents new in this plan go in bulk (none can be in the project yet: a
    repeat within the plan takes the last value, kept where the first stood); those of documents the
    project held are looked up and set one by one. Either way the rows get the ids, in the plan's order,
    that a look-up and write per row gives."""
    store = project.store
    store.add_imported(plan.documents, plan.spans, plan.relations, index_rows)
    new = {d.id for d in plan.documents}
    labels = _Bulk(lambda rows: store.add_imported_labels(rows, ()))
    for doc_id, annotator, label in plan.doc_labels:
        if not labels.add(doc_id in new, (doc_id, annotator, label.task, label.target), label.value):
            _write_doc_label(project, doc_id, annotator, label)
    labels.flush()
    at = now()
    statuses = _Bulk(lambda rows: store.add_imported_labels((), [(*row, at) for row in rows]))
    for doc_id, annotator, status in plan.statuses:
        if not statuses.add(doc_id in new, (doc_id, annotator), status):
            _write_status(project, doc_id, annotator, status)
    statuses.flush()


class _Bulk:
    """Rows (key + value) of documents new in a plan, held for one insert (`write`) until a row that must be
    looked up comes (`add` says False for it, having written those held, so ids keep the plan's order)."""

    def __init__(self, write: Callable[[list[tuple[Any, ...]]], None]):
        self.write = write
        self.held: dict[tuple[Any, ...], str] = {}  # key -> value, in order of first use
        self.written: set[tuple[Any, ...]] = set()

    def add(self, new_document: bool, key: tuple[Any, ...], value: str) -> bool:
        if new_document and key not in self.written:
            self.held[key] = value
            return True
        self.flush()
        return False

    def flush(self) -> None:
        if self.held:
            self.write([(*key, value) for key, value in self.held.items()])
            self.written.update(self.held)
            self.held = {}


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
