"""What every storage backend must do, area by area of the store's contract (core/store_protocols.py), through
the contract alone: each test runs once per backend of the `store_backend` fixture (test_x[sqlite]), so a
second backend (PostgreSQL, issue 25) is its class plus a factory in tests/core/conftest.py."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError, ReadOnlyProject
from annotator.core.model import Document, DocumentId, Event, Span
from annotator.core.store_protocols import CheckedDocument, ProjectStore

TEXT = "قال 👍🏽 أحمد إن غزة"  # an emoji of two code points before the names: offsets count code points


def a_document(store: ProjectStore, name: str = "d", text: str = TEXT) -> Document:
    with store.transaction():
        store.ensure_annotator("A")
        return store.add_document(name, text, "sha", {"source": "وكالة"}, tokens=4)


def test_documents(project_store):
    doc = a_document(project_store)
    assert project_store.document(doc.id) == doc == project_store.document_by_name("d")
    assert doc.meta == {"source": "وكالة"} and doc.text == TEXT
    assert project_store.has_document("d") and not project_store.has_document("e")
    assert project_store.document(doc.id + 1) is None and project_store.document_by_name("e") is None
    assert project_store.document_count() == 1
    assert project_store.document_fingerprints() == {"d": (doc.id, "sha")}
    assert [(s.id, s.name, s.length) for s in project_store.document_summaries()] == [(doc.id, "d", len(TEXT))]
    assert project_store.document_length(doc.id) == len(TEXT) and project_store.document_length(doc.id + 1) is None
    start = TEXT.index("أحمد")
    assert project_store.text_slice(doc.id, start, start + 4) == "أحمد" == TEXT[start : start + 4]
    assert project_store.texts_to_count() == [(doc.id, TEXT)]
    with project_store.transaction():
        project_store.set_token_counts([(doc.id, 5)])
    assert [row[:4] for row in project_store.layer_rows_of_documents([doc.id], ["A"])] == [(doc.id, "d", TEXT, 5)]


def test_the_import_s_bulk_path(project_store):
    first = a_document(project_store)
    doc_id, span_id = project_store.next_document_id(), project_store.next_span_id()
    assert doc_id > first.id
    new = Document(doc_id, "e", TEXT, "sha-e", {})
    with project_store.transaction():
        project_store.add_imported(
            [new],
            [
                (span_id, doc_id, "A", 4, 6, "X", TEXT[4:6], {}),
                (span_id + 1, doc_id, "A", 9, 13, "PER", "أحمد", {"k": "v"}),
            ],
            [(doc_id, "A", "SPEAKER", span_id, span_id + 1)],
        )
    assert project_store.document(doc_id) == new
    assert [(s.id, s.label, s.attributes) for s in project_store.spans_of(doc_id)] == [
        (span_id, "X", {}),
        (span_id + 1, "PER", {"k": "v"}),
    ]
    assert [(r.source, r.target) for r in project_store.relations_of(doc_id, "A")] == [(span_id, span_id + 1)]
    spans, relations, labels, statuses = project_store.layer_rows(doc_id)
    assert [row[0] for row in spans] == [span_id, span_id + 1] and len(relations) == 1
    assert labels == [] and statuses == []
    assert project_store.next_span_id() == span_id + 2


def test_spans(project_store):
    doc = a_document(project_store)
    with project_store.transaction():
        span = project_store.add_span(doc.id, "A", 9, 13, "PER", "أحمد", {"kind": "x"})
        other = project_store.add_span(doc.id, "A", 0, 3, "CUE", "قال", {})
    assert project_store.span(span.id) == span and span.attributes == {"kind": "x"}
    assert project_store.has_span(doc.id, "A", 9, 13, "PER") and not project_store.has_span(doc.id, "A", 9, 13, "ORG")
    assert project_store.spans_of(doc.id) == [other, span] == project_store.spans_of(doc.id, "A")
    assert project_store.spans_of(doc.id, "B") == []
    assert project_store.distinct_span_texts(["PER"]) == ["أحمد"] and project_store.distinct_span_texts([]) == []
    assert project_store.span_label_counts("A") == {doc.id: {"CUE": 1, "PER": 1}}
    changed = Span(span.id, span.document_id, "A", 9, 13, "ORG", "أحمد", {})
    with project_store.transaction():
        project_store.replace_span(changed)
        project_store.rename_span_label("CUE", "VERB")
    assert project_store.span(span.id) == changed and project_store.spans_of(doc.id, "A")[0].label == "VERB"
    with project_store.transaction():
        project_store.delete_span(span.id)
        again = project_store.add_span(doc.id, "A", 9, 13, "PER", "أحمد", {})
    assert project_store.span(span.id) is None
    assert again.id > span.id  # ids are never reused (redo brings a row back under its old id)


def test_relations(project_store):
    doc = a_document(project_store)
    with project_store.transaction():
        quote = project_store.add_span(doc.id, "A", 0, 3, "QUOTE", "قال", {})
        speaker = project_store.add_span(doc.id, "A", 9, 13, "PER", "أحمد", {})
        link = project_store.add_relation(doc.id, "A", "SPEAKER", quote.id, speaker.id)
    assert project_store.relation(link.id) == link
    assert project_store.relations_of(doc.id) == [link] == project_store.relations_of(doc.id, "A")
    assert project_store.relations_from(quote.id) == [link] == project_store.relations_from(quote.id, "SPEAKER")
    assert project_store.relations_from(quote.id, "CUE") == [] and project_store.relations_from(speaker.id) == []
    assert project_store.relations_touching(speaker.id) == [link]
    with project_store.transaction():
        project_store.delete_relation(link.id)
    assert project_store.relation(link.id) is None and project_store.relations_of(doc.id) == []


def test_document_labels(project_store):
    doc = a_document(project_store)
    with project_store.transaction():
        label = project_store.add_doc_label(doc.id, "A", "stance", "إسرائيل", "AGAINST")
    assert project_store.doc_label(doc.id, "A", "stance", "إسرائيل") == label
    assert project_store.doc_labels_of(doc.id) == [label] == project_store.doc_labels_of(doc.id, "A")
    with project_store.transaction():
        project_store.set_doc_label_value(label.id, "FAVOR")
        project_store.rename_doc_label_target("إسرائيل", "غزة")
    found = project_store.doc_label(doc.id, "A", "stance", "غزة")
    assert found is not None and (found.id, found.value) == (label.id, "FAVOR")
    with project_store.transaction():
        project_store.delete_doc_label(label.id)
    assert project_store.doc_labels_of(doc.id) == []


def test_statuses(project_store):
    doc = a_document(project_store)
    assert project_store.status(doc.id, "A") is None and project_store.statuses_of("A") == {}
    with project_store.transaction():
        status = project_store.add_status(doc.id, "A", "in_progress", "2024-01-01T00:00:00Z")
    assert project_store.status(doc.id, "A") == status
    with project_store.transaction():
        project_store.set_status(status.id, "done", "2024-01-02T00:00:00Z")
    assert project_store.statuses_of("A") == {doc.id: "done"}


def test_curation_marks(project_store):
    doc = a_document(project_store)
    with project_store.transaction():
        mark = project_store.add_curation_mark(doc.id, "entity", 9, 13, "rejected")
    assert project_store.curation_mark(doc.id, "entity", 9, 13) == mark
    assert project_store.curation_marks_of(doc.id) == [mark]
    with project_store.transaction():
        project_store.delete_curation_mark(mark.id)
    assert project_store.curation_mark(doc.id, "entity", 9, 13) is None


def test_suggestions(project_store):
    doc = a_document(project_store)
    with project_store.transaction():
        rule = project_store.add_suggestion(doc.id, "A", "gazetteer", 9, 13, "PER", "أحمد", {"surface": "أحمد"})
        model = project_store.add_suggestion(doc.id, "A", "model", 14, 16, "PER", TEXT[14:16], {}, score=0.75)
    assert project_store.suggestion(rule.id) == rule and rule.score is None and rule.state == "open"
    assert project_store.suggestion(model.id) == model and model.score == 0.75
    assert project_store.has_suggestion_at(doc.id, "A", 9, 13)
    assert not project_store.has_suggestion_at(doc.id, "B", 9, 13)
    with project_store.transaction():
        project_store.set_suggestion_state(rule.id, "accepted")
    assert project_store.suggestions_of(doc.id, "A", "open") == [model]
    assert [s.id for s in project_store.suggestions_of(doc.id, "A", None)] == [rule.id, model.id]
    assert project_store.suggestion_counts("A") == [("gazetteer", "accepted", 1), ("model", "open", 1)]
    assert project_store.suggestion_counts(None) == project_store.suggestion_counts("A")


def test_history_undoes_any_record_under_its_own_id(project_store):
    doc = a_document(project_store)
    with project_store.transaction():
        span = project_store.add_span(doc.id, "A", 9, 13, "PER", "أحمد", {"k": ["v"]})
        event = project_store.add_event(
            "A", "span.add", doc.id, "added", [(None, span)], undoable=True, target_event=None
        )
    [recent] = project_store.recent_events("A", 10)
    assert recent.event.id == event and recent.target_event is None and recent.changes == [(None, span)]
    assert project_store.current(span) == span
    with project_store.transaction():  # undo, then redo
        project_store.apply_change(span, None)
    assert project_store.current(span) is None
    with project_store.transaction():
        project_store.apply_change(None, span)
    assert project_store.span(span.id) == span
    changed = Span(span.id, doc.id, "A", 9, 13, "ORG", "أحمد", {})
    with project_store.transaction():
        project_store.apply_change(span, changed)
    assert project_store.current(span) == changed
    with project_store.transaction():
        project_store.append_events(
            [Event(0, "B", "2024-01-01T00:00:00Z", "import", DocumentId(doc.id), "merged", True)]
        )
    assert [e.action for e in project_store.events()] == ["span.add", "import"]
    assert [(e.annotator, e.undoable) for e in project_store.events(annotator="B")] == [("B", False)]
    assert [e.id for e in project_store.events(document_id=doc.id, limit=1)] == [project_store.events()[-1].id]


def test_settings_annotators_and_schema_version(project_store):
    assert project_store.user_version > 0
    project_store.migrate()  # nothing to do: already the newest
    assert project_store.get_setting("x") is None and not project_store.has_setting("x")
    with project_store.transaction():
        project_store.set_setting("x", {"labels": ["شخص", 1, None]})
        project_store.set_setting("y", 1)
        project_store.set_setting("y", 2)
        project_store.ensure_annotator("B")
        project_store.ensure_annotator("A")
        project_store.ensure_annotator("B")
    assert project_store.get_setting("x") == {"labels": ["شخص", 1, None]} and project_store.get_setting("y") == 2
    assert project_store.has_setting("x") and project_store.annotators() == ["A", "B"]
    doc = a_document(project_store)
    with project_store.transaction():
        project_store.add_span(doc.id, "A", 9, 13, "PER", "أحمد", {})
        project_store.add_doc_label(doc.id, "A", "stance", "غزة", "FAVOR")
    assert project_store.names_in_use("stance") == {
        "label": {"PER"},
        "relation type": set(),
        "task": {"stance"},
        "stance target": {"غزة"},
        "stance value": {"FAVOR"},
    }


def test_a_failed_transaction_leaves_nothing_and_a_nested_one_is_undone_alone(project_store):
    doc = a_document(project_store)
    with pytest.raises(KeyError), project_store.transaction():
        project_store.add_span(doc.id, "A", 0, 3, "CUE", "قال", {})
        raise KeyError("the program failed halfway")
    assert project_store.spans_of(doc.id) == []
    with project_store.transaction():
        project_store.add_span(doc.id, "A", 0, 3, "CUE", "قال", {})
        with pytest.raises(KeyError), project_store.transaction():
            project_store.add_span(doc.id, "A", 9, 13, "PER", "أحمد", {})
            raise KeyError("the inner part failed")
    assert [s.label for s in project_store.spans_of(doc.id)] == ["CUE"]
    with pytest.raises(AnnotatorError), project_store.transaction():  # a span of no document is refused
        project_store.add_span(doc.id + 99, "A", 0, 3, "CUE", "قال", {})
    assert len(project_store.spans_of(doc.id)) == 1


def test_a_read_only_store_refuses_every_write(project_store):
    project_store.read_only_reason = "opened read-only"
    with pytest.raises(ReadOnlyProject, match="opened read-only"), project_store.transaction():
        project_store.ensure_annotator("A")
    project_store.read_only_reason = None
    a_document(project_store)


def test_sessions(project_store):
    first = project_store.add_session("A", "window", "host", 1, "2024-01-01T00:00:00Z", 10.0, False)
    second = project_store.add_session("B", "window", "host", 2, "2024-01-01T00:00:00Z", 10.0, True)
    assert project_store.touch_session(first, 20.0)
    assert [(s["id"], s["annotator"], s["heartbeat"], bool(s["read_only"])) for s in project_store.sessions()] == [
        (first, "A", 20.0, False),
        (second, "B", 10.0, True),
    ]
    project_store.remove_sessions([first])
    assert not project_store.touch_session(first, 30.0)  # taken over: its row is gone
    assert [s["id"] for s in project_store.sessions()] == [second]


def test_another_connection_s_changes_are_noticed_and_a_snapshot_holds(store_backend, project_store):
    doc = a_document(project_store)
    other = store_backend.again(project_store)
    try:
        assert not project_store.changed_elsewhere()  # the first call only takes note
        other.add_session("B", "window", "host", 2, "2024-01-01T00:00:00Z", 10.0, False)
        assert not project_store.changed_elsewhere()  # a window starting is not a change of content
        with project_store.snapshot():
            before = project_store.document_count()
            with other.transaction():
                other.add_document("e", "نص", "sha", {})
                other.add_event("B", "document.add", None, "added", [], undoable=False, target_event=None)
            assert project_store.document_count() == before  # one version of the project inside
        assert project_store.document_count() == before + 1
        assert project_store.changed_elsewhere() and not project_store.changed_elsewhere()
        with project_store.transaction():  # its own changes are not another program's
            project_store.add_event("A", "span.add", doc.id, "added", [], undoable=True, target_event=None)
        assert not project_store.changed_elsewhere()
    finally:
        other.close()


def test_figures(project_store):
    doc = a_document(project_store)
    with project_store.transaction():
        quote = project_store.add_span(doc.id, "A", 0, 3, "QUOTE", "قال", {})
        speaker = project_store.add_span(doc.id, "A", 9, 13, "PER", "أحمد", {})
        project_store.add_relation(doc.id, "A", "SPEAKER", quote.id, speaker.id)
        project_store.add_status(doc.id, "A", "done", "2024-01-01T00:00:00Z")
    assert project_store.counts() == {"documents": 1, "spans": 2, "relations": 1}
    stats = project_store.stats()
    assert (stats["documents"], stats["characters"], stats["spans"], stats["relations"]) == (1, len(TEXT), 2, 1)
    assert project_store.label_totals() == {"PER": 1, "QUOTE": 1}
    assert project_store.counts_per_annotator() == {"A": {"spans": 2, "relations": 1, "done": 1}}


def test_the_check_reads_a_sound_project_as_sound(project_store):
    doc = a_document(project_store)
    with project_store.transaction():
        project_store.add_span(doc.id, "A", 9, 13, "PER", "أحمد", {"k": 1})
        project_store.add_span(doc.id, "A", 9, 13, "PER", "أحمد", {})  # the same span twice: the check names it
        project_store.set_setting("schema", {"x": 1})
        project_store.add_event("A", "span.add", doc.id, "added", [], undoable=True, target_event=None)
    assert project_store.integrity_problems() == [] and project_store.foreign_key_problems() == []
    [checked] = project_store.documents_for_check()
    assert isinstance(checked, CheckedDocument) and (checked.name, checked.text, checked.damaged) == ("d", TEXT, False)
    assert checked.spans is not None and checked.spans.texts == ["أحمد", "أحمد"]
    assert project_store.document_for_check(doc.id) == ("d", TEXT) and project_store.document_for_check(-1) is None
    assert project_store.spans_with_wrong_ends() == set()
    assert [s.text for s in project_store.spans_of_document_for_check(doc.id)] == ["أحمد", "أحمد"]
    assert [(d["label"], d["n"]) for d in project_store.duplicate_spans()] == [("PER", 2)]
    assert project_store.duplicate_spans(doc.id) == project_store.duplicate_spans()
    assert project_store.orphan_relations() == [] and list(project_store.undecodable_events()) == []
    assert ("setting", "schema", '{"x": 1}') in list(project_store.stored_json())
    assert project_store.stored_setting("schema") == '{"x": 1}' and project_store.stored_setting("none") is None
    assert project_store.span_edge_characters(["PER"]) == {"أ", "د"}
    assert list(project_store.spans_with_edges(["PER"], ["."])) == []
    reader = project_store.reader_beside()
    if reader is not None:  # a backend that can have a second connection: the same project, read-only
        try:
            assert reader.document_count() == 1 and reader.integrity_problems() == []
        finally:
            reader.close()
