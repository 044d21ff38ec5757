"""Document stance toward each target: by keys in the stance panel and by its buttons; adding a target."""

from __future__ import annotations

from PySide6.QtCore import Qt


def stance(window, target):
    s = window.session
    return s.project.doc_labels.get(s.document_id, "A", "stance", target)


def test_keys_set_and_unset_the_stance_of_the_chosen_target(window, qtbot):
    panel = window.workspace.stance
    window.workspace.side.setCurrentWidget(panel)
    panel.targets.setFocus()
    panel.targets.setCurrentRow(0)
    qtbot.keyClick(panel.targets, Qt.Key.Key_A)
    assert stance(window, "إسرائيل") == "AGAINST"
    qtbot.keyClick(panel.targets, Qt.Key.Key_Down)
    qtbot.keyClick(panel.targets, Qt.Key.Key_F)
    assert stance(window, "الولايات المتحدة") == "FAVOR"
    assert panel.targets.item(1).text() == "الولايات المتحدة: FAVOR"
    qtbot.keyClick(panel.targets, Qt.Key.Key_0)
    assert stance(window, "الولايات المتحدة") is None
    assert stance(window, "إسرائيل") == "AGAINST"


def test_buttons_set_the_stance_and_a_new_target_can_be_added(window, qtbot):
    panel = window.workspace.stance
    window.workspace.side.setCurrentWidget(panel)
    panel.targets.setCurrentRow(1)
    qtbot.mouseClick(panel.value_buttons["NEUTRAL"], Qt.MouseButton.LeftButton)
    assert stance(window, "الولايات المتحدة") == "NEUTRAL"
    panel.new_target.setText("حماس")  # (QTest types ASCII only)
    qtbot.keyClick(panel.new_target, Qt.Key.Key_Return)
    assert "حماس" in window.session.project.schema.get().targets
    assert panel.targets.currentItem().text() == "حماس: —"
    qtbot.mouseClick(panel.value_buttons["UNRELATED"], Qt.MouseButton.LeftButton)
    assert stance(window, "حماس") == "UNRELATED"
    qtbot.mouseClick(panel.value_buttons[None], Qt.MouseButton.LeftButton)
    assert stance(window, "حماس") is None


def test_the_stance_is_per_document(window, qtbot):
    panel = window.workspace.stance
    panel.targets.setCurrentRow(0)
    qtbot.mouseClick(panel.value_buttons["FAVOR"], Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.workspace.view, Qt.Key.Key_PageDown)
    assert panel.targets.item(0).text() == "إسرائيل: —"
    qtbot.keyClick(window.workspace.view, Qt.Key.Key_PageUp)
    assert panel.targets.item(0).text() == "إسرائيل: FAVOR"
