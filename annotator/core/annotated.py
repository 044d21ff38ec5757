"""Taking annotated documents out of a project, as the formats write them (ingest.py brings them in).

Export, merge and the agreement's reference path read documents with their layers here; agreement's
fast path reads plain rows instead (`Project.layer_rows`).
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from .errors import InputError
from .model import AnnotatedDocument, DocLabelRecord, Layer, RelationRecord, SpanRecord

if TYPE_CHECKING:
    from .project import Project


def annotated_documents(project: Project, *, annotators: Sequence[str] | None = None,
                        document_names: Sequence[str] | None = None) -> Iterator[AnnotatedDocument]:
    """The project's documents with one layer per annotator (all, or those named), in document order.

    Layer-local span ids are T1, T2, ... in text order, so exporting the same content twice gives the
    same file.
    """
    store = project.store
    wanted = None if annotators is None else set(annotators)
    names = None if document_names is None else set(document_names)
    if names is not None:
        missing = names - {d.name for d in project.documents.list()}
        if missing:
            raise InputError(f"no document named {', '.join(sorted(missing))} in the project")
    for summary in project.documents.list():
        if names is not None and summary.name not in names:
            continue
        doc = project.documents.get(summary.id)
        layers: dict[str, Layer] = {}

        def layer(annotator: str, layers: dict[str, Layer] = layers) -> Layer:
            if annotator not in layers:
                layers[annotator] = Layer(annotator)
            return layers[annotator]

        local: dict[int, str] = {}
        span_rows, relation_rows, label_rows, status_rows = store.layer_rows(doc.id)
        for span_id, annotator, start, end, label, text, attributes in span_rows:
            if wanted is not None and annotator not in wanted:
                continue
            lay = layer(annotator)
            local[span_id] = f"T{len(lay.spans) + 1}"
            lay.spans.append(SpanRecord(local[span_id], start, end, label, attributes, text))
        for annotator, rtype, source, target in relation_rows:
            if wanted is None or annotator in wanted:
                layer(annotator).relations.append(RelationRecord(rtype, local[source], local[target]))
        for annotator, task, target, value in label_rows:
            if wanted is None or annotator in wanted:
                layer(annotator).doc_labels.append(DocLabelRecord(task, target, value))
        for annotator, status in status_rows:
            if wanted is None or annotator in wanted:
                layer(annotator).status = status
        for lay in layers.values():
            lay.relations.sort(key=lambda r: (int(r.source[1:]), r.type, int(r.target[1:])))
        yield AnnotatedDocument(doc.name, doc.text, doc.meta, [layers[a] for a in sorted(layers)])
