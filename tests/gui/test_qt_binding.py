"""The Qt binding itself: a PySide6 that drops a reference to None on every call crashes the window
("Fatal Python error: none_dealloc") once None's count runs out, after a few thousand calls on Python
3.10 / 3.11. PySide6 6.12.0 does; pyproject.toml keeps it out on those Pythons."""

import sys

from PySide6.QtWidgets import QLabel, QTreeWidgetItem


def test_qt_calls_keep_the_reference_count_of_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    item = QTreeWidgetItem(["a", "b"])
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("x")
        item.setText(1, "y")
    # a little drift is other code; a binding bug takes one per call, 1,000 here
    assert abs(sys.getrefcount(None) - before) < 50
