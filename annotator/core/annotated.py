"""Taking annotated documents out of a project, as the formats write them (ingest.py brings them in).

Export, merge and the agreement's reference path read documents with their layers here; agreement's
fast path reads plain rows instead (`Project.layer_rows`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .model import (
    AnnotatedDocument,
    DocLabelRecord,
    DocLabelRow,
    Layer,
    RelationRecord,
    RelationRow,
    SpanRecord,
    SpanRow,
    StatusRow,
)

if TYPE_CHECKING:
    from .project import Project


def annotated_documents(
    project: Project, *, annotators: Sequence[str] | None = None, document_names: Sequence[str] | None = None
) -> Iterator[AnnotatedDocument]:
    """The project's documents with one layer per annotator (all, or those named), in document order.

    Layer-local span ids are T1, T2, ... in text order, so exporting the same content twice gives the
    same file. Read in one pass: a query per table over every document (`Project.layer_rows`), not a
    query per document, and one document at a time in memory.
    """
    summaries = project.documents.list()
    if document_names is not None:
        names = set(document_names)
        missing = names - {d.name for d in summaries}
        if missing:
            raise InputError(f"no document named {', '.join(sorted(missing))} in the project")
        summaries = [d for d in summaries if d.name in names]
    chosen = project.annotators.list() if annotators is None else sorted(set(annotators))
    if not chosen:  # no layer to read: the documents alone
        for summary in summaries:
            doc = project.documents.get(summary.id)
            yield AnnotatedDocument(doc.name, doc.text, doc.meta, [])
        return
    meta = {d.id: d.meta for d in summaries}
    for row in project.layer_rows([d.id for d in summaries], chosen):
        yield _annotated(row.name, row.text, meta[row.id], row.spans, row.relations, row.doc_labels, row.statuses)


def _annotated(
    name: str,
    text: str,
    meta: dict[str, Any],
    span_rows: list[SpanRow],
    relation_rows: list[RelationRow],
    label_rows: list[DocLabelRow],
    status_rows: list[StatusRow],
) -> AnnotatedDocument:
    """One document from its rows as `Project.layer_rows` gives them (each led by the document's id)."""
    layers: dict[str, Layer] = {}

    def layer(annotator: str) -> Layer:
        if annotator not in layers:
            layers[annotator] = Layer(annotator)
        return layers[annotator]

    local: dict[int, str] = {}
    for _, span_id, annotator, start, end, label, attributes in span_rows:
        lay = layer(annotator)
        local[span_id] = f"T{len(lay.spans) + 1}"
        # a span's stored text is text[start:end] (checked on every write and by `annotator check`)
        lay.spans.append(
            SpanRecord(
                local[span_id], start, end, label, {} if attributes is None else json.loads(attributes), text[start:end]
            )
        )
    for _, annotator, rtype, source, target in relation_rows:
        layer(annotator).relations.append(RelationRecord(rtype, local[source], local[target]))
    for _, annotator, task, stance_target, value in label_rows:
        layer(annotator).doc_labels.append(DocLabelRecord(task, stance_target, value))
    for _, annotator, status in status_rows:
        layer(annotator).status = status
    for lay in layers.values():
        lay.relations.sort(key=lambda r: (int(r.source[1:]), r.type, int(r.target[1:])))
    return AnnotatedDocument(name, text, meta, [layers[a] for a in sorted(layers)])
