"""Undo and redo in the core: new events, never deletions; per annotator."""

import pytest

from annotator.core.errors import InputError
from annotator.core.project import Project


@pytest.fixture
def doc(project):
    return project.documents.add("d", "قال نتنياهو إن الوفد لن يسافر إلى واشنطن")


def spans(project, doc, annotator="A"):
    return [(s.start, s.end, s.label) for s in project.spans.for_document(doc.id, annotator)]


def test_undo_and_redo_of_add(project, doc):
    project.spans.add(doc.id, "A", 4, 11, "PER")
    assert spans(project, doc) == [(4, 11, "PER")]
    assert project.history.undo("A").action == "span.add"
    assert spans(project, doc) == []
    assert project.history.redo("A").action == "span.add"
    assert spans(project, doc) == [(4, 11, "PER")]
    assert project.history.redo("A") is None


def test_undo_of_delete_brings_back_span_and_its_relations(project, doc):
    per = project.spans.add(doc.id, "A", 4, 11, "PER")
    quote = project.spans.add(doc.id, "A", 15, 40, "QUOTE", {"kind": "indirect"})
    project.relations.add("SPEAKER", quote.id, per.id)
    project.spans.delete(per.id)
    assert project.relations.for_document(doc.id) == []
    project.history.undo("A")
    assert project.spans.get(per.id).text == "نتنياهو"
    [rel] = project.relations.for_document(doc.id)
    assert (rel.type, rel.source, rel.target) == ("SPEAKER", quote.id, per.id)
    assert project.check() == []


def test_undo_of_label_change_and_attribute(project, doc):
    span = project.spans.add(doc.id, "A", 4, 11, "PER")
    project.spans.update(span.id, label="ORG")
    project.spans.set_attribute(span.id, "note", "x")
    project.history.undo("A")
    assert project.spans.get(span.id).attributes == {}
    project.history.undo("A")
    assert project.spans.get(span.id).label == "PER"
    project.history.redo("A")
    assert project.spans.get(span.id).label == "ORG"


def test_undo_of_stance_and_status(project, doc):
    project.doc_labels.set(doc.id, "A", "stance", "إسرائيل", "AGAINST")
    project.doc_labels.set(doc.id, "A", "stance", "إسرائيل", "FAVOR")
    project.status.set(doc.id, "A", "done")
    project.history.undo("A")
    assert project.status.get(doc.id, "A") == "in_progress"
    project.history.undo("A")
    assert project.doc_labels.get(doc.id, "A", "stance", "إسرائيل") == "AGAINST"
    project.history.undo("A")
    assert project.doc_labels.get(doc.id, "A", "stance", "إسرائيل") is None
    assert project.status.get(doc.id, "A") == "new"  # the first action had started the document


def test_a_new_action_clears_redo(project, doc):
    project.spans.add(doc.id, "A", 4, 11, "PER")
    project.history.undo("A")
    assert project.history.can_redo("A")
    project.spans.add(doc.id, "A", 34, 40, "GPE")
    assert not project.history.can_redo("A")
    assert spans(project, doc) == [(34, 40, "GPE")]


def test_undo_is_per_annotator(project, doc):
    project.spans.add(doc.id, "A", 4, 11, "PER")
    project.spans.add(doc.id, "B", 34, 40, "GPE")
    project.history.undo("A")
    assert spans(project, doc, "A") == [] and spans(project, doc, "B") == [(34, 40, "GPE")]


def test_history_is_append_only_and_survives_reopening(tmp_path):
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        doc = project.documents.add("d", "قال نتنياهو")
        project.spans.add(doc.id, "A", 4, 11, "PER")
        project.spans.add(doc.id, "A", 0, 3, "CUE")
    with Project(path) as project:  # undo works after a restart: the stacks live in the file
        project.history.undo("A")
        project.history.undo("A")
        project.history.redo("A")
        actions = [e.action for e in project.history.events()]
        assert actions[-3:] == ["undo", "undo", "redo"]
        assert actions.count("span.add") == 2  # nothing was deleted from the history
        assert [s.label for s in project.spans.for_document(doc.id)] == ["PER"]


def test_many_undos_then_redos_restore_everything(project, doc):
    for i in range(10):
        project.spans.add(doc.id, "A", i, i + 1, "MISC")
    for _ in range(10):
        assert project.history.undo("A")
    assert project.history.undo("A") is None
    assert spans(project, doc) == []
    for _ in range(10):
        project.history.redo("A")
    assert len(spans(project, doc)) == 10


def test_duplicate_span_is_refused(project, doc):
    project.spans.add(doc.id, "A", 4, 11, "PER")
    with pytest.raises(InputError, match="already labelled"):
        project.spans.add(doc.id, "A", 4, 11, "PER")


def test_a_cue_added_with_its_link_is_one_undo_step(project, doc):
    quote = project.spans.add(doc.id, "A", 15, 40, "QUOTE")
    cue = project.spans.add(doc.id, "A", 0, 3, "CUE", link_from=("CUE", quote.id))
    [rel] = project.relations.from_span(quote.id)
    assert (rel.type, rel.target) == ("CUE", cue.id)
    assert project.history.undo("A").action == "span.add"
    assert spans(project, doc) == [(15, 40, "QUOTE")] and project.relations.for_document(doc.id) == []
    project.history.redo("A")
    assert spans(project, doc) == [(0, 3, "CUE"), (15, 40, "QUOTE")]
    assert [(r.type, r.source) for r in project.relations.for_document(doc.id)] == [("CUE", quote.id)]
    assert project.check() == []


def test_a_refused_link_adds_no_span_either(project, doc):
    per = project.spans.add(doc.id, "A", 4, 11, "PER")
    with pytest.raises(InputError):  # CUE goes from a QUOTE, not from a PER
        project.spans.add(doc.id, "A", 0, 3, "CUE", link_from=("CUE", per.id))
    assert spans(project, doc) == [(4, 11, "PER")]


def test_linking_again_changes_nothing_and_records_nothing(project, doc):
    per = project.spans.add(doc.id, "A", 4, 11, "PER")
    quote = project.spans.add(doc.id, "A", 15, 40, "QUOTE")
    first = project.relations.add("SPEAKER", quote.id, per.id, exclusive=True)
    events = len(project.history.events())
    assert project.relations.add("SPEAKER", quote.id, per.id, exclusive=True).id == first.id
    assert len(project.history.events()) == events


def test_events_keep_a_versioned_form_that_does_not_name_columns(project):
    import json

    doc = project.documents.add("v", "قال الرئيس")
    span = project.spans.add(doc.id, "A", 0, 3, "PER")
    project.relations.add("SPEAKER", project.spans.add(doc.id, "A", 4, 10, "QUOTE").id, span.id)
    raw = project.store.conn.execute("SELECT changes FROM events ORDER BY id DESC LIMIT 1").fetchone()[0]
    stored = json.loads(raw)
    assert stored["format"] == 1
    [relation] = [c for c in stored["changes"] if c["kind"] == "relation"]
    assert relation["before"] is None and {"from_span", "to_span", "document"} <= set(relation["after"])
    assert "source" not in relation["after"] and "document_id" not in relation["after"]
    assert project.history.undo("A") is not None and project.relations.for_document(doc.id) == []


def test_events_of_the_format_before_versions_still_undo(project):
    doc = project.documents.add("v", "قال الرئيس")
    span = project.spans.add(doc.id, "A", 0, 3, "PER")
    row = {
        "id": span.id,
        "document_id": doc.id,
        "annotator": "A",
        "start": 0,
        "end": 3,
        "label": "PER",
        "text": "قال",
        "attributes": {},
    }
    # an event as versions before 4 wrote it: [table, before, after] with column names
    project.store.conn.execute(
        "UPDATE events SET changes = ? WHERE id = (SELECT max(id) FROM events)",
        [__import__("json").dumps([["spans", None, row]])],
    )
    assert project.history.undo("A") is not None and project.spans.for_document(doc.id) == []
    assert project.history.redo("A") is not None and project.spans.for_document(doc.id)[0].id == span.id


def test_every_table_undo_may_write_has_a_name_in_the_history():
    from annotator.core import store

    assert set(store.TRACKED_TABLES) == set(store._HISTORY_KINDS) == set(store._HISTORY_FIELDS)


def _stacks_read_afresh(project, annotator="A"):
    from annotator.core.history import History

    undo, redo = History(project)._stacks(annotator)
    return [e.event.id for e in undo], [e.event.id for e in redo]


def test_the_kept_window_of_events_gives_the_stacks_a_full_read_gives(tmp_path, monkeypatch):
    """Undo keeps the annotator's last events between calls and reads only the newest few (issue 24: a full
    read of 1,000 events three times per undo); what it builds must be what a full read builds, also when
    another program (the CLI, a second window) added events, more of them than it peeks at."""
    from annotator.core import history as history_module

    path = tmp_path / "p.annotator"
    with Project(path) as project, Project(path) as elsewhere:
        doc = project.documents.add("d", "قال نتنياهو إن الوفد لن يسافر إلى واشنطن " * 10)
        history = project.history
        limits = []
        read = project.store.recent_events
        monkeypatch.setattr(project.store, "recent_events", lambda a, n: limits.append(n) or read(a, n))

        def same():
            undo, redo = history._stacks("A")
            assert ([e.event.id for e in undo], [e.event.id for e in redo]) == _stacks_read_afresh(elsewhere)

        for i in range(5):
            project.spans.add(doc.id, "A", i * 4, i * 4 + 3, "PER")
        same()
        history.undo("A")
        history.undo("A")
        same()
        limits.clear()
        history.redo("A")
        same()
        assert history_module.UNDO_DEPTH not in limits  # brought up to date from the newest few
        elsewhere.spans.add(doc.id, "A", 100, 103, "ORG")  # another program's event: it joins the window
        elsewhere.history.undo("A")
        same()
        for i in range(history_module._PEEK + 3):  # more than it peeks at: read again in full
            elsewhere.spans.add(doc.id, "A", 200 + i * 4, 200 + i * 4 + 3, "LOC")
        same()
        elsewhere.spans.add(doc.id, "B", 0, 3, "PER")  # another annotator's event changes nothing here
        same()
        monkeypatch.setattr(history_module, "UNDO_DEPTH", 6)  # the window keeps its depth
        for i in range(8):
            project.spans.add(doc.id, "A", 300 + i * 4, 300 + i * 4 + 3, "GPE")
            history.undo("A") if i % 3 == 2 else None
            same()
        assert len(history._window("A")) == 6
