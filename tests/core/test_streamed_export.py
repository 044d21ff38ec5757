"""The export reads a project in one pass (core/annotated.py, issue 27 item 3): a query per table over
every document rather than five per document. It must give exactly the documents the per-document
reading gave, whatever the layers hold and whichever annotators and documents are asked for.
"""

import pytest

from annotator.core.model import AnnotatedDocument, DocLabelRecord, Layer, RelationRecord, SpanRecord
from annotator.core.project import Project

TEXT = "قال الرئيس إن إسرائيل ستنسحب من غزة"  # [0, 3) قال, [4, 10) الرئيس, [14, 21) إسرائيل, [32, 35) غزة


def per_document(project, annotators=None, document_names=None):
    """The reading before it streamed: each document, then its rows, one document at a time."""
    store = project.store
    wanted = None if annotators is None else set(annotators)
    for summary in project.documents.list():
        if document_names is not None and summary.name not in document_names:
            continue
        doc = project.documents.get(summary.id)
        layers = {}
        local = {}
        span_rows, relation_rows, label_rows, status_rows = store.layer_rows(doc.id)
        for span_id, annotator, start, end, label, text, attributes in span_rows:
            if wanted is None or annotator in wanted:
                lay = layers.setdefault(annotator, Layer(annotator))
                local[span_id] = f"T{len(lay.spans) + 1}"
                lay.spans.append(SpanRecord(local[span_id], start, end, label, attributes, text))
        for annotator, rtype, source, target in relation_rows:
            if wanted is None or annotator in wanted:
                layers.setdefault(annotator, Layer(annotator)).relations.append(
                    RelationRecord(rtype, local[source], local[target])
                )
        for annotator, task, target, value in label_rows:
            if wanted is None or annotator in wanted:
                layers.setdefault(annotator, Layer(annotator)).doc_labels.append(DocLabelRecord(task, target, value))
        for annotator, status in status_rows:
            if wanted is None or annotator in wanted:
                layers.setdefault(annotator, Layer(annotator)).status = status
        for lay in layers.values():
            lay.relations.sort(key=lambda r: (int(r.source[1:]), r.type, int(r.target[1:])))
        yield AnnotatedDocument(doc.name, doc.text, doc.meta, [layers[a] for a in sorted(layers)])


def layer(annotator, shift=0, status=None):
    spans = [
        SpanRecord("p", 4, 10, "PER"),
        SpanRecord("g", 14, 21, "GPE", {"note": "حدود", "n": shift}),
        SpanRecord("q", 0, 3, "CUE"),
        SpanRecord("z", 32, 35, "GPE" if shift % 2 else "LOC"),
    ]
    return Layer(
        annotator,
        spans[: 2 + shift % 3],
        [RelationRecord("SPEAKER", "q", "p")] if shift % 3 else [],
        [DocLabelRecord("stance", "إسرائيل", ["AGAINST", "FAVOR"][shift % 2])],
        status,
    )


@pytest.fixture
def team(tmp_path):
    docs = []
    for i in range(7):
        layers = [layer("A", i, "done"), layer("B", i + 1)] if i % 3 else [layer("C", i)]
        docs.append(AnnotatedDocument(f"n{i:02}", TEXT + f" {i}", {"source": "وكالة", "i": i}, layers))
    docs.append(AnnotatedDocument("bare", TEXT, {}, []))  # never worked on
    with Project(tmp_path / "p.annotator") as project:
        project.import_documents(docs)
        gold = project.documents.list()[1].id
        project.spans.add(gold, "gold", 4, 10, "PER")
        yield project


@pytest.mark.parametrize("annotators", [None, ["A"], ["B", "A"], ["gold"], ["C", "gold"], []])
@pytest.mark.parametrize("names", [None, ["n01", "bare"], ["n05"]])
def test_the_streamed_reading_gives_what_the_per_document_one_gave(team, annotators, names):
    assert list(team.annotated_documents(annotators=annotators, document_names=names)) == list(
        per_document(team, annotators, names)
    )
