"""Undo/Redo greyed out when there is nothing; K reaches indirect in one press; the current quotation's
line isolated against bidi."""

from __future__ import annotations

from gui_texts import ARTICLE
from PySide6.QtCore import Qt


def test_undo_and_redo_are_greyed_out_when_there_is_nothing(window, qtbot):
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    view = window.workspace.view
    i = ARTICLE.index("بايدن")
    view.set_selection(i, i + 5)
    qtbot.keyClick(view, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: window.undo_action.isEnabled() and not window.redo_action.isEnabled())
    window.workspace.undo()
    qtbot.waitUntil(lambda: window.redo_action.isEnabled() and not window.undo_action.isEnabled())
    window.workspace.redo()
    qtbot.waitUntil(lambda: window.undo_action.isEnabled() and not window.redo_action.isEnabled())


def test_k_cycles_from_direct_so_indirect_is_one_press(window, qtbot):
    view = window.workspace.view
    end = ARTICLE.index(".")
    start = ARTICLE.index("إن") + 3
    view.set_selection(start, end)
    qtbot.keyClick(view, Qt.Key.Key_Q)
    session = window.session
    kind = lambda: session.layer.span(session.current_quote).attributes.get("kind")  # noqa: E731
    assert kind() == "direct"
    for expected in ("indirect", "mixed", "direct"):
        qtbot.keyClick(view, Qt.Key.Key_K)
        assert kind() == expected


def test_the_current_quotation_line_is_isolated_from_the_english_around_it(window, qtbot):
    view = window.workspace.view
    view.set_selection(ARTICLE.index("إن") + 3, ARTICLE.index("."))
    qtbot.keyClick(view, Qt.Key.Key_Q)
    text = window.workspace.quotations.current_label.text()
    assert text.startswith("Current: \u2068«") and "»\u2069 — C adds" in text


def test_a_long_status_message_in_a_narrow_window_is_elided_before_the_permanent_labels(window, qtbot):
    long_text = "quotation added (direct; K for indirect): now select its cue verb and press C, its speaker and press S"
    bar = window.statusBar()
    window.show_message(long_text)
    assert bar.currentMessage() == long_text  # wide: whole
    window.resize(640, 600)
    qtbot.waitUntil(lambda: window.width() == 640)
    window.show_message(long_text)
    shown = bar.currentMessage()
    assert shown.endswith("…") and long_text.startswith(shown[:-1]) and bar.toolTip() == long_text
    first_label = min(w.geometry().left() for w in (window.annotator_label, window.position_label, window.saved_label))
    assert bar.fontMetrics().horizontalAdvance(shown) < first_label
