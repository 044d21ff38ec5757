"""Undo, redo and a jump on a big article cost one frame (issue 24): what they redo is bounded by what changed
and by what is on screen, never by the article. No wall-clock figures here (benchmarks/bench_gui.py has them):
these count the work."""

from __future__ import annotations

import test_text_view
from gui_texts import ARTICLE
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_text_view import show, span

from annotator.core.domain import CUE_RELATION

view = test_text_view.view  # the article view fixture, shared with test_text_view

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def _drawn(view):
    return sorted((s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.extraSelections())


def _due(view):
    """The highlights the spans on screen call for now."""
    return sorted(view.offsets.span_to_utf16(s.start, s.end) for s in view.visible_spans())


def _layer(layer):
    return (
        sorted((s.id, s.start, s.end, s.label, tuple(sorted(s.attributes.items()))) for s in layer.spans()),
        sorted((r.id, r.type, r.source, r.target) for r in layer.relations()),
    )


def test_undo_and_redo_change_the_article_in_place_without_reading_the_document_again(window, qtbot, monkeypatch):
    """An undo used to reload all the document's spans (0.7 s for 24,000): now it applies what it changed."""
    session, view = window.session, window.workspace.view
    start = ARTICLE.index("بايدن")
    view.set_selection(start, start + 5)
    qtbot.keyClick(view, Qt.Key.Key_1)  # PER
    per = session.layer.spans()[0]
    view.set_selection(ARTICLE.index("إن") + 3, ARTICLE.index("."))
    qtbot.keyClick(view, Qt.Key.Key_Q)  # a quotation ...
    cue = ARTICLE.index("قال")
    view.set_selection(cue, cue + 3)
    qtbot.keyClick(view, Qt.Key.Key_C)  # ... and its cue, linked in the same step
    assert [r.type for r in session.layer.relations()] == [CUE_RELATION]
    qtbot.waitUntil(window.undo_action.isEnabled)

    project = session.project
    spans_of, relations_of = project.spans.for_document, project.relations.for_document

    def fresh():
        doc, who = session.document_id, session.annotator
        return (
            sorted((s.id, s.start, s.end, s.label, tuple(sorted(s.attributes.items()))) for s in spans_of(doc, who)),
            sorted((r.id, r.type, r.source, r.target) for r in relations_of(doc, who)),
        )

    reads = []
    monkeypatch.setattr(project.spans, "for_document", lambda *a, **k: reads.append(a) or spans_of(*a, **k))
    monkeypatch.setattr(project.relations, "for_document", lambda *a, **k: reads.append(a) or relations_of(*a, **k))

    for keys, cue_there in ((CTRL, False), (CTRL, False), (CTRL | SHIFT, False), (CTRL | SHIFT, True), (CTRL, False)):
        qtbot.keyClick(view, Qt.Key.Key_Z, keys)
        layer = _layer(session.layer)
        assert layer == fresh()  # the same as the file says
        assert (CUE_RELATION in [r[1] for r in layer[1]]) == cue_there
        assert _drawn(view) == _due(view)  # and drawn so
    assert reads == []  # without reading the document's spans again
    assert session.layer.span(per.id) is not None  # the first label was never undone
    assert view.offsets.span_to_utf16(per.start, per.end) in _drawn(view)


def test_an_undo_in_another_document_still_reloads_what_the_window_shows(window, qtbot):
    session, view = window.session, window.workspace.view
    start = ARTICLE.index("بايدن")
    view.set_selection(start, start + 5)
    qtbot.keyClick(view, Qt.Key.Key_1)
    session.next_document()
    messages = []
    window.workspace.message.connect(messages.append)
    qtbot.keyClick(window.workspace.view, Qt.Key.Key_Z, CTRL)
    assert window.session.project.spans.for_document(window.session.documents[0].id) == []
    assert any("another document" in m for m in messages)


def test_a_jump_to_the_end_of_one_long_paragraph_shows_its_highlights_in_its_first_frame(view, qtbot):
    """Ctrl+End used to start the highlight refresh with the scroll position as its delay in ms (valueChanged
    -> QTimer.start(int)): a second on a million characters before the end showed any highlight."""
    words = ("قال", "الرئيس", "بايدن", "إن", "الولايات", "المتحدة", "لواشنطن", "😀", "CNN", "28")
    text = " ".join(words[i % len(words)] for i in range(6000))  # one paragraph, display chunks
    spans, pos = [], 0
    for i, word in enumerate(text.split(" ")):
        if i % 3 == 0:
            spans.append(span(len(spans) + 1, pos, pos + len(word), "PER", text))
        pos += len(word) + 1
    show(view, text, spans)
    assert view.display_breaks, "the paragraph is shown in chunks"
    bar = view.verticalScrollBar()
    for key in (Qt.Key.Key_End, Qt.Key.Key_Home, Qt.Key.Key_End):
        before = view.highlight_refreshes
        qtbot.keyClick(view, key, CTRL)
        QApplication.processEvents()  # one turn of the event loop: a frame
        assert bar.value() == (bar.maximum() if key == Qt.Key.Key_End else 0)
        assert _drawn(view) and _drawn(view) == _due(view)
        assert view.highlight_refreshes - before <= 2  # once, not once per line scrolled
    # A scroll that brings no other block on screen recomputes nothing.
    bar.setValue(0)
    shown, before = view.visible_range(), view.highlight_refreshes
    bar.setValue(1)
    assert view.highlight_refreshes == before + (view.visible_range() != shown)


def test_undoing_marked_done_shows_the_status_again_without_reloading(window, qtbot):
    session = window.session
    notices = []
    session.changed.connect(notices.append)
    window.workspace.toggle_done()
    qtbot.keyClick(window.workspace.view, Qt.Key.Key_Z, CTRL)
    assert notices[-1].area == "status"
    assert session.project.status.get(session.document_id, session.annotator) != "done"
    item = window.workspace.navigator.topLevelItem(session.index)
    assert item.text(1) == window.workspace.navigator.topLevelItem(1).text(1)  # "new", like an untouched one
