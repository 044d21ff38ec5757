"""Quotations: Q on the quoted words, C on the cue verb, S on the speaker, K for the kind; the panel."""

from __future__ import annotations

from gui_texts import ARTICLE
from PySide6.QtCore import Qt
from view_points import point_of

QUOTE = "الولايات المتحدة لن تستخدم الفيتو"


def quotations(window):
    return window.session.layer.quotations()


def quote_then_cue(window, qtbot):
    """Q on the quoted words, then C on قال; returns the article view."""
    view = window.workspace.view
    q = ARTICLE.index(QUOTE)
    view.set_selection(q, q + len(QUOTE))
    qtbot.keyClick(view, Qt.Key.Key_Q)
    view.set_selection(0, 3)  # قال
    qtbot.keyClick(view, Qt.Key.Key_C)
    return view


def test_the_whole_quotation_by_keyboard(window, qtbot):
    view = quote_then_cue(window, qtbot)
    b = ARTICLE.index("جو بايدن")
    view.set_selection(b, b + len("جو بايدن"))  # not an entity yet: S makes it PER and links it
    qtbot.keyClick(view, Qt.Key.Key_S)
    assert quotations(window)[0].quote.attributes["kind"] == "direct"  # a new quotation starts as direct
    qtbot.keyClick(view, Qt.Key.Key_K)  # indirect: one press
    [found] = quotations(window)
    assert found.quote.text == QUOTE and found.quote.label == "QUOTE"
    assert found.cue.text == "قال" and found.cue.label == "CUE"
    assert found.speaker.text == "جو بايدن" and found.speaker.label == "PER"
    assert found.quote.attributes["kind"] == "indirect"
    # ... and the core holds the same, with CUE and SPEAKER relations.
    project = window.session.project
    rels = {r.type: r for r in project.relations.for_document(window.session.document_id, "A")}
    assert project.spans.get(rels["CUE"].target).text == "قال"
    assert project.spans.get(rels["SPEAKER"].target).text == "جو بايدن"
    model = window.workspace.quotations.model
    assert [model.cell(0, c) for c in range(4)] == [QUOTE, "قال", "جو بايدن", "indirect"]


def test_speaker_is_exclusive_and_can_be_an_existing_entity_clicked_with_the_mouse(window, qtbot):
    view = window.workspace.view
    doc = window.session.document_id
    q = ARTICLE.index(QUOTE)
    b = ARTICLE.index("بايدن")
    n = ARTICLE.index("نتنياهو")
    quote = window.session.span_ops.add(doc, q, q + len(QUOTE), "QUOTE")
    biden = window.session.span_ops.add(doc, b, b + 5, "PER")
    netanyahu = window.session.span_ops.add(doc, n, n + 7, "PER")
    window.session.select_span(quote.id)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(view, b + 2))
    qtbot.mouseClick(window.workspace.legend.buttons["speaker"], Qt.MouseButton.LeftButton)
    assert quotations(window)[0].speaker.id == biden.id
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(view, n + 2))
    qtbot.keyClick(view, Qt.Key.Key_S)
    assert quotations(window)[0].speaker.id == netanyahu.id
    speakers = [r for r in window.session.project.relations.for_document(doc, "A") if r.type == "SPEAKER"]
    assert len(speakers) == 1


def test_quotation_by_mouse_kind_and_stance_from_the_panel(window, qtbot):
    view = window.workspace.view
    panel = window.workspace.quotations
    q = ARTICLE.index(QUOTE)
    view.set_selection(q, q + len(QUOTE))
    qtbot.mouseClick(window.workspace.legend.buttons["QUOTE"], Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 1 and panel.kind.isEnabled()
    panel.kind.setCurrentText("mixed")
    panel.kind.activated.emit(panel.kind.currentIndex())
    panel.target.setCurrentText("إسرائيل")
    panel.stance.setCurrentText("AGAINST")
    panel.stance.activated.emit(panel.stance.currentIndex())
    quote = quotations(window)[0].quote
    assert quote.attributes == {"kind": "mixed", "stance": "AGAINST", "target": "إسرائيل"}
    assert window.session.project.spans.get(quote.id).attributes == quote.attributes
    assert panel.model.cell(0, 4) == "AGAINST → إسرائيل"


def test_clicking_a_quotation_in_the_panel_shows_it_in_the_text(window, qtbot):
    doc = window.session.document_id
    last = ARTICLE.index("بايدن.")
    far = window.session.span_ops.add(doc, last, last + 5, "QUOTE")
    near = window.session.span_ops.add(doc, 0, 3, "QUOTE")
    panel = window.workspace.quotations
    assert panel.model.rowCount() == 2
    rect = panel.table.visualRect(panel.model.index(1, 0))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.session.selected_span == far.id and window.session.current_quote == far.id
    view = window.workspace.view
    assert window.session.offsets.utf16_to_cp(view.textCursor().position()) == far.start
    assert any(
        s.cursor.selectionStart() == window.session.offsets.cp_to_utf16(far.start) for s in view.extraSelections()
    )
    assert panel.table.currentIndex().row() == 1  # the panel marks the quotation it showed
    assert [q.quote.id for q in window.session.layer.quotations(window.session.span_ops.quote_label())] == [
        near.id,
        far.id,
    ]


def test_c_without_a_quotation_still_adds_the_cue_and_says_so(window, qtbot):
    view = window.workspace.view
    view.set_selection(0, 3)
    qtbot.keyClick(view, Qt.Key.Key_C)
    assert [s.label for s in window.session.layer.spans()] == ["CUE"]
    assert "linked to no quotation" in window.statusBar().currentMessage()


def test_c_on_a_quotation_is_one_undo_step(window, qtbot):
    view = quote_then_cue(window, qtbot)
    assert quotations(window)[0].cue.text == "قال"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the cue and its link go together
    assert [s.label for s in window.session.layer.spans()] == ["QUOTE"]
    assert quotations(window)[0].cue is None
    assert window.session.project.relations.for_document(window.session.document_id) == []


def test_a_second_cue_replaces_the_first_link_and_undo_brings_it_back(window, qtbot):
    view = quote_then_cue(window, qtbot)
    window.session.select_span(quotations(window)[0].quote.id)
    w = ARTICLE.index("نتنياهو")
    view.set_selection(w, w + len("نتنياهو"))  # a second cue, for the test's sake
    qtbot.keyClick(view, Qt.Key.Key_C)
    project, doc = window.session.project, window.session.document_id
    cues = [r for r in project.relations.for_document(doc) if r.type == "CUE"]
    assert len(cues) == 1 and project.spans.get(cues[0].target).text == "نتنياهو"
    assert quotations(window)[0].cue.text == "نتنياهو"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    cues = [r for r in project.relations.for_document(doc) if r.type == "CUE"]
    assert len(cues) == 1 and project.spans.get(cues[0].target).text == "قال"
    assert quotations(window)[0].cue.text == "قال"


def test_the_quotation_label_comes_from_the_sessions_schema_not_the_file(window, monkeypatch):
    """The panel rebuilds on every change: asking the project file for the schema each time was a SQLite
    read per rebuild. The session's schema is refreshed when the schema changes, so a rename still counts."""
    manager = type(window.session.project.schema)
    reads = []
    real_get = manager.get
    monkeypatch.setattr(manager, "get", lambda self: reads.append(1) or real_get(self))
    window.workspace.quotations.rebuild()
    assert window.session.span_ops.quote_label() == "QUOTE" and reads == []
    assert window.session.schema_ops.update_label("QUOTE", new_name="QUOTATION")
    assert window.session.span_ops.quote_label() == "QUOTATION"
