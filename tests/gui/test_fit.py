"""The window fits from 640 px: the article wraps inside its viewport, every panel can be reached, the
quotations table never scrolls sideways; Arabic document names elide at their end (on the left)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from annotator.gui.panels.documents import NAME, reads_right_to_left


def rect_in_window(widget, window) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def settle(qtbot, window, width):
    window.resize(width, 700)
    qtbot.waitUntil(lambda: window.width() == width)
    qtbot.wait(20)


def visible_lines_fit(view) -> int:
    """How many laid-out lines on screen were checked: each must lie inside the viewport's width."""
    checked = 0
    block = view.firstVisibleBlock()
    offset = view.contentOffset()
    while block.isValid() and view.blockBoundingGeometry(block).translated(offset).top() < view.viewport().height():
        origin = view.blockBoundingGeometry(block).translated(offset).topLeft()
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i).naturalTextRect().translated(origin)
            assert line.left() >= -0.5 and line.right() <= view.viewport().width() + 0.5, (
                f"line {i} of block {block.blockNumber()} drawn outside the article's viewport: {line}"
            )
            checked += 1
        block = block.next()
    return checked


def test_at_640_px_the_article_wraps_inside_its_viewport_and_every_panel_is_reachable(window, qtbot):
    settle(qtbot, window, 640)
    assert window.minimumSizeHint().width() <= 640
    ws = window.workspace
    whole = window.rect()
    assert whole.contains(rect_in_window(ws.view, window))
    assert ws.view.viewport().width() >= 200
    assert visible_lines_fit(ws.view) > 5
    # The legend sits in the article's column, inside the window, not under another panel.
    legend = rect_in_window(ws.legend, window)
    assert whole.contains(legend)
    for button in ws.legend.buttons.values():
        assert legend.contains(rect_in_window(button, window)), button.text()
    # The side panel is open and inside the window; the documents list, collapsed, comes back with F6.
    assert ws.panel_shown(ws.side) and whole.contains(rect_in_window(ws.side, window))
    assert not rect_in_window(ws.side, window).intersects(rect_in_window(ws.view, window))
    for _ in range(4):
        ws.cycle_focus(1)
    assert ws.navigator.hasFocus() or ws.navigator.isAncestorOf(window.focusWidget())
    qtbot.wait(20)
    assert ws.panel_shown(ws.navigator)
    nav = rect_in_window(ws.navigator, window)
    assert whole.contains(nav) and not nav.intersects(rect_in_window(ws.legend, window))
    assert ws.view.viewport().width() >= 100 and visible_lines_fit(ws.view) > 0
    # The View menu hides it again.
    ws.toggle_panel(ws.navigator)
    assert not ws.panel_shown(ws.navigator)


def test_at_1280_px_the_quotations_table_needs_no_sideways_scrolling(window, qtbot):
    settle(qtbot, window, 1280)
    ws = window.workspace
    assert ws.panel_shown(ws.navigator) and ws.panel_shown(ws.side)
    table = ws.quotations.table
    assert table.horizontalHeader().length() <= table.viewport().width()
    assert all(table.horizontalHeader().sectionSize(c) >= 24 for c in range(5))
    assert visible_lines_fit(ws.view) > 0


def test_arabic_document_names_are_laid_out_right_to_left(window):
    nav = window.workspace.navigator
    assert reads_right_to_left("01 وبعد التصويت") and not reads_right_to_left("Report 2024 عن غزة")
    window.session.project.documents.add("01 وبعد التصويت في الأمم المتحدة، ألغت إسرائيل", "نص")
    window.session.reload_from_file()  # the list shows the project's documents (a model, not items)
    directions = []
    for row in (0, nav.topLevelItemCount() - 1):  # "01 article", then the Arabic name
        option = QStyleOptionViewItem()
        nav.name_delegate.initStyleOption(option, nav.model().index(row, NAME, QModelIndex()))
        directions.append(option.direction)
    assert directions == [Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft]
    assert nav.itemDelegateForColumn(NAME) is nav.name_delegate
