"""The pure steps of an import (core/ingest.py): checking a document and planning its rows, with no project.

`ingest` validates every document, reads the project's state in its transaction, plans, then writes the plan;
these tests hold the first two and the plan to their contract without opening a project.
"""

import pytest

from annotator.core.errors import InputError
from annotator.core.ingest import ProjectState, plan_import, schema_needs, validate_document
from annotator.core.model import AnnotatedDocument, DocLabelRecord, Layer, RelationRecord, SpanRecord
from annotator.core.values import sha256

TEXT = "قال الرئيس إن إسرائيل ستنسحب"  # spans below: [0, 3) قال, [4, 10) الرئيس, [14, 21) إسرائيل


def doc(name="a", text=TEXT, layers=None, **kw):
    return AnnotatedDocument(name, text, layers=layers or [], **kw)


def layer(annotator="A", spans=(), relations=(), doc_labels=(), status=None):
    return Layer(annotator, list(spans), list(relations), list(doc_labels), status)


def quote_layer(annotator="A"):
    return layer(
        annotator,
        spans=[SpanRecord("q", 0, 3, "CUE"), SpanRecord("p", 4, 10, "PER"), SpanRecord("g", 14, 21, "GPE", {"x": 1})],
        relations=[RelationRecord("SPEAKER", "q", "p")],
        doc_labels=[DocLabelRecord("stance", "إسرائيل", "AGAINST")],
        status="done",
    )


def refusal(document):
    with pytest.raises(InputError) as caught:
        validate_document(document)
    return caught.value


# ---- validate_document: every branch names file, line and field ---------------------------------------
def test_a_valid_document_passes():
    validate_document(doc(layers=[quote_layer(), quote_layer("B")]))


def test_the_error_names_the_file_and_line_or_else_the_document():
    error = refusal(doc(text="", source_file="in.jsonl", source_line=7))
    assert (error.file, error.line) == ("in.jsonl", 7)
    assert str(error) == "in.jsonl:7: text: the document text is missing or empty"
    assert refusal(doc(text="")).file == "document 'a'"


@pytest.mark.parametrize(
    ("document", "field"),
    [
        (doc(name=""), "name"),
        (doc(text=""), "text"),
        (doc(text=None), "text"),
        (doc(text="a\x00b"), "text"),
        (doc(text="a\ud800b"), "text"),
        (AnnotatedDocument("a", TEXT, meta=[]), "meta"),
    ],
)
def test_document_fields(document, field):
    assert refusal(document).problem.startswith(f"{field}: ")


def test_the_text_is_refused_with_the_problem_alone():
    assert refusal(doc(text="a\x00b")).problem == "text: text contains a NUL character (binary data?); remove it"


def test_layer_fields():
    assert refusal(doc(layers=[layer("")])).problem.startswith("annotations[0].annotator: ")
    assert refusal(doc(layers=[layer(), layer(status="finished")])).problem == (
        "annotations[1].status: 'finished' is not one of new, in_progress, done"
    )


@pytest.mark.parametrize(
    ("spans", "field", "says"),
    [
        ([SpanRecord("s", 0, 3, "PER"), SpanRecord("s", 4, 10, "PER")], "spans[1].id", "used twice"),
        ([SpanRecord("s", 3, 3, "PER")], "spans[0]", "offsets [3, 3) are outside the text (length 28) or empty"),
        ([SpanRecord("s", 20, 99, "PER")], "spans[0]", "offsets [20, 99) are outside"),
        ([SpanRecord("s", -1, 3, "PER")], "spans[0]", "are outside"),
        ([SpanRecord("s", 0.0, 3, "PER")], "spans[0]", "are outside"),
        ([SpanRecord("s", True, 3, "PER")], "spans[0]", "are outside"),
        ([SpanRecord("s", 0, 3, "")], "spans[0].label", ""),
        ([SpanRecord("s", 0, 3, "has space")], "spans[0].label", ""),
        ([SpanRecord("s", 0, 3, "PER", [])], "spans[0].attributes", "must be an object"),
        (
            [SpanRecord("s", 0, 3, "PER", text="قيل")],
            "spans[0].text",
            "'قيل' differs from the document's text at [0, 3)",
        ),
    ],
)
def test_spans(spans, field, says):
    problem = refusal(doc(layers=[layer(spans=spans)])).problem
    assert problem.startswith(f"annotations[0].{field}: ")
    assert says in problem


def test_a_span_whose_text_matches_passes():
    validate_document(doc(layers=[layer(spans=[SpanRecord("s", 4, 10, "PER", text="الرئيس")])]))


@pytest.mark.parametrize(
    ("relation", "field", "says"),
    [
        (RelationRecord("has space", "q", "p"), "relations[0].type", ""),
        (RelationRecord("SPEAKER", "nobody", "p"), "relations[0].from", "no span with id 'nobody'"),
        (RelationRecord("SPEAKER", "q", "nobody"), "relations[0].to", "no span with id 'nobody'"),
        (RelationRecord("SPEAKER", "q", "q"), "relations[0]", "(from and to are both 'q')"),
        # two ids of one span (same offsets and label) are one span of the project
        (RelationRecord("SPEAKER", "q", "q2"), "relations[0]", "from 'q' and to 'q2' are the same span, [0, 3) CUE"),
    ],
)
def test_relations(relation, field, says):
    spans = [SpanRecord("q", 0, 3, "CUE"), SpanRecord("q2", 0, 3, "CUE"), SpanRecord("p", 4, 10, "PER")]
    problem = refusal(doc(layers=[layer(spans=spans, relations=[relation])])).problem
    assert problem.startswith(f"annotations[0].{field}: ")
    assert says in problem


@pytest.mark.parametrize("field", ["task", "target", "value"])
def test_doc_labels(field):
    values = {"task": "stance", "target": "إسرائيل", "value": "AGAINST", field: ""}
    problem = refusal(doc(layers=[layer(doc_labels=[DocLabelRecord(**values)])])).problem
    assert problem.startswith(f"annotations[0].doc_labels[0].{field}: ")


# ---- plan_import: the rows an import writes -------------------------------------------------------------
def test_a_new_document_is_numbered_after_the_project():
    plan = plan_import([doc(layers=[quote_layer()])], ProjectState(next_document_id=5, next_span_id=40))
    [new] = plan.documents
    assert (new.id, new.name, new.text, new.sha256) == (5, "a", TEXT, sha256(TEXT))
    assert plan.spans == [
        (40, 5, "A", 0, 3, "CUE", "قال", {}),
        (41, 5, "A", 4, 10, "PER", "الرئيس", {}),
        (42, 5, "A", 14, 21, "GPE", "إسرائيل", {"x": 1}),
    ]
    assert plan.relations == [(5, "A", "SPEAKER", 40, 41)]
    assert plan.doc_labels == [(5, "A", DocLabelRecord("stance", "إسرائيل", "AGAINST"))]
    assert plan.statuses == [(5, "A", "done")]
    assert plan.documents_existing == 0


def test_layers_merge_into_a_document_of_the_project_without_adding_anything_twice():
    state = ProjectState(
        documents={"a": (3, sha256(TEXT))},
        next_document_id=9,
        next_span_id=100,
        spans={(3, "A"): {(0, 3, "CUE"): 7, (4, 10, "PER"): 8}},
        relations={(3, "A"): {("SPEAKER", 7, 8)}},
    )
    plan = plan_import([doc(layers=[quote_layer(), quote_layer("B")])], state)
    assert plan.documents == []
    assert plan.documents_existing == 1
    assert plan.spans == [
        (100, 3, "A", 14, 21, "GPE", "إسرائيل", {"x": 1}),
        (101, 3, "B", 0, 3, "CUE", "قال", {}),
        (102, 3, "B", 4, 10, "PER", "الرئيس", {}),
        (103, 3, "B", 14, 21, "GPE", "إسرائيل", {"x": 1}),
    ]
    assert plan.relations == [(3, "B", "SPEAKER", 101, 102)]  # A's is there already
    assert [(d, a) for d, a, _ in plan.doc_labels] == [(3, "A"), (3, "B")]  # labels and statuses are set again
    assert plan.statuses == [(3, "A", "done"), (3, "B", "done")]
    # pure: the state is as it was
    assert state.spans == {(3, "A"): {(0, 3, "CUE"): 7, (4, 10, "PER"): 8}}
    assert state.relations == {(3, "A"): {("SPEAKER", 7, 8)}}


def test_a_document_twice_in_one_import_is_one_document():
    plan = plan_import(
        [doc(layers=[quote_layer()]), doc(layers=[quote_layer(), quote_layer("B")])],
        ProjectState(next_document_id=1, next_span_id=1),
    )
    assert [d.id for d in plan.documents] == [1]
    assert plan.documents_existing == 0  # it was not in the project
    assert [s[:3] for s in plan.spans] == [(1, 1, "A"), (2, 1, "A"), (3, 1, "A"), (4, 1, "B"), (5, 1, "B"), (6, 1, "B")]
    assert plan.relations == [(1, "A", "SPEAKER", 1, 2), (1, "B", "SPEAKER", 4, 5)]


def test_spans_equal_in_offsets_and_label_are_one_span_and_their_relations_point_at_it():
    spans = [SpanRecord("q", 0, 3, "CUE"), SpanRecord("p", 4, 10, "PER"), SpanRecord("p2", 4, 10, "PER")]
    relations = [RelationRecord("SPEAKER", "q", "p"), RelationRecord("SPEAKER", "q", "p2")]
    plan = plan_import([doc(layers=[layer(spans=spans, relations=relations)])], ProjectState())
    assert [s[0] for s in plan.spans] == [1, 2]
    assert plan.relations == [(1, "A", "SPEAKER", 1, 2)]


@pytest.mark.parametrize("state", [ProjectState(documents={"a": (3, sha256("another text"))}), ProjectState()])
def test_a_name_with_another_text_is_refused(state):
    docs = [doc(text="another text")] if not state.documents else []
    docs.append(doc(source_file="b.jsonl", source_line=2))
    with pytest.raises(InputError) as caught:
        plan_import(docs, state)
    assert str(caught.value) == (
        "b.jsonl:2: name: the project (or this import) already has a document named 'a' "
        "with a different text; rename the file or import into another project"
    )


def test_documents_without_layers_are_planned_alone():
    plan = plan_import([doc("a"), doc("b", "نص آخر")], ProjectState(documents={"z": (1, "0" * 64)}, next_document_id=2))
    assert [(d.id, d.name) for d in plan.documents] == [(2, "a"), (3, "b")]
    assert (plan.spans, plan.relations, plan.doc_labels, plan.statuses) == ([], [], [], [])


def test_schema_needs_lists_each_name_once_in_order_of_use():
    needs = schema_needs(
        [
            doc(layers=[quote_layer(), quote_layer("B")]),
            doc("b", layers=[layer(doc_labels=[DocLabelRecord("topic", "all", "politics")])]),
        ]
    )
    assert needs == {
        "labels": ["CUE", "PER", "GPE"],
        "relation_types": ["SPEAKER"],
        "tasks": ["stance", "topic"],
        "stance_values": ["AGAINST"],
        "targets": ["إسرائيل", "all"],
    }
