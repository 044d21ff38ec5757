"""Labelling entities by keys and by mouse; selecting, relabelling, deleting; what the core then holds."""

from __future__ import annotations

from gui_texts import ARTICLE
from PySide6.QtCore import Qt
from view_points import edge_point, point_of


def core_spans(window):
    s = window.session
    return [(x.start, x.end, x.label, x.text) for x in s.project.spans.for_document(s.document_id, "A")]


def drag(qtbot, view, start_cp, end_cp, modifier=Qt.KeyboardModifier.NoModifier):
    """Select with the mouse from the boundary before start_cp to the boundary before end_cp."""
    a, b = edge_point(view, start_cp), edge_point(view, end_cp)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, modifier, a)
    qtbot.mouseMove(view.viewport(), b)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, modifier, b)


def test_select_inside_a_word_and_press_1_labels_the_whole_word(window, qtbot):
    view = window.workspace.view
    i = ARTICLE.index("بايدن")
    view.set_selection(i + 1, i + 3)
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert core_spans(window) == [(i, i + 5, "PER", "بايدن")]
    assert window.session.selected_span is not None  # the new span is selected...
    assert not view.textCursor().hasSelection()  # ...and the text selection is gone
    assert any(s.cursor.selectionStart() == i for s in view.extraSelections())  # and it is drawn


def test_mouse_selection_and_a_click_on_the_legend(window, qtbot):
    view = window.workspace.view
    i = ARTICLE.index("الولايات المتحدة")
    drag(qtbot, view, i + 2, i + len("الولايات المتحدة") - 2)
    assert view.selection() is not None
    qtbot.mouseClick(window.workspace.legend.buttons["GPE"], Qt.MouseButton.LeftButton)
    assert core_spans(window) == [(i, i + len("الولايات المتحدة"), "GPE", "الولايات المتحدة")]


def test_alt_keeps_the_exact_selection_so_the_clitic_stays_outside(window, qtbot):
    view = window.workspace.view
    i = ARTICLE.index("لواشنطن")
    drag(qtbot, view, i + 1, i + 7, Qt.KeyboardModifier.AltModifier)  # from و to after ن, ل left out
    assert view.exact_selection
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert core_spans(window) == [(i + 1, i + 7, "GPE", "واشنطن")]
    # Without Alt the same selection snaps to the whole word, clitic included.
    drag(qtbot, view, i + 1, i + 5)
    qtbot.keyClick(view, Qt.Key.Key_4)
    assert (i, i + 7, "LOC", "لواشنطن") in core_spans(window)


def test_keyboard_selection_with_shift_arrows(window, qtbot):
    view = window.workspace.view
    i = ARTICLE.index("نتنياهو")
    view.set_selection(i, i)
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)  # right-to-left: Left goes forward
    assert view.selection() is not None
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert core_spans(window) == [(i, i + 7, "PER", "نتنياهو")]


def test_click_a_span_then_relabel_it_and_delete_it(window, qtbot):
    view = window.workspace.view
    i = ARTICLE.index("نتنياهو")
    span = window.session.span_ops.add(window.session.document_id, i, i + 7, "ORG")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(view, i + 3))
    assert window.session.selected_span == span.id
    window.saved_label.clear()
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert core_spans(window) == [(i, i + 7, "PER", "نتنياهو")]
    assert window.saved_label.text().startswith("saved ✓ ") and "now PER" in window.saved_label.toolTip()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert core_spans(window) == []
    assert view.extraSelections() == []


def test_tab_reaches_every_span_without_a_mouse(window, qtbot):
    view = window.workspace.view
    doc = window.session.document_id
    a = window.session.span_ops.add(doc, 4, 10, "PER")
    b = window.session.span_ops.add(doc, ARTICLE.index("نتنياهو"), ARTICLE.index("نتنياهو") + 7, "PER")
    view.set_selection(0, 0)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert window.session.selected_span == a.id
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert window.session.selected_span == b.id
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert window.session.selected_span == a.id
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    assert [s[2:] for s in core_spans(window)] == [("PER", "نتنياهو")]


def test_hovering_a_span_shows_its_label_and_attributes(window, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    view = window.workspace.view
    i = ARTICLE.index("بايدن")
    end = ARTICLE.index(".")
    window.session.span_ops.add(window.session.document_id, 0, end, "QUOTE", {"kind": "indirect"})
    window.session.span_ops.add(window.session.document_id, i, i + 5, "PER")
    point = point_of(view, i + 2)
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point)))
    assert QToolTip.text() == f"PER: بايدن\nQUOTE (kind=indirect): {ARTICLE[:end]}"


def test_an_error_from_the_core_is_a_message_not_an_exception(window, qtbot):
    view = window.workspace.view
    i = ARTICLE.index("بايدن")
    view.set_selection(i, i + 5)
    qtbot.keyClick(view, Qt.Key.Key_1)
    view.set_selection(i, i + 5)
    qtbot.keyClick(view, Qt.Key.Key_1)  # the same span again: the core refuses
    assert "already labelled" in window.statusBar().currentMessage()
    assert len(core_spans(window)) == 1


def test_entities_panel_lists_spans_and_a_click_selects_one(window, qtbot):
    doc = window.session.document_id
    i = ARTICLE.index("نتنياهو")
    span = window.session.span_ops.add(doc, i, i + 7, "PER")
    panel = window.workspace.entities
    assert panel.model_.rowCount() == 1
    panel.clicked.emit(panel.model_.index(0, 0))
    assert window.session.selected_span == span.id
