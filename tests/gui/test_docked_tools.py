"""Tool windows as docks beside the article (issue 24): Suggestions, Agreement and Curation opened over the
article hid the place a double-click in them jumped to. They are dock panels now, beside the article (below
it in a narrow window, on the left in the mirrored Arabic window), and where each is, whether it is open and
its size are remembered for the user across restarts."""

from __future__ import annotations

import pytest
from gui_texts import ARTICLE
from open_windows import open_window_as_a
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QDockWidget

from annotator.core.model import GOLD
from annotator.gui import settings as prefs

RIGHT, LEFT, BOTTOM = (
    Qt.DockWidgetArea.RightDockWidgetArea,
    Qt.DockWidgetArea.LeftDockWidgetArea,
    Qt.DockWidgetArea.BottomDockWidgetArea,
)


def at(word):
    i = ARTICLE.index(word)
    return i, i + len(word)


@pytest.fixture
def two_annotators(project):
    """A and B agree on جو بايدن and disagree on CNN; A alone marks نتنياهو."""
    doc = project.documents.by_name("01 article").id
    for who in "AB":
        project.spans.add(doc, who, *at("جو بايدن"), "PER")
    project.spans.add(doc, "A", *at("CNN"), "ORG")
    project.spans.add(doc, "B", *at("CNN"), "MISC")
    project.spans.add(doc, "A", *at("نتنياهو"), "PER")
    return project


def in_window(window, widget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def dock_of(panel) -> QDockWidget:
    dock = panel.parentWidget()
    assert isinstance(dock, QDockWidget), f"{type(panel).__name__} is not in a dock: {dock!r}"
    return dock


def open_all(window, qtbot):
    window.look_for_changes_elsewhere()
    window.dialogs.open_suggestions()
    window.dialogs.open_agreement()
    assert window.dialogs.agreement_dialog.wait()
    qtbot.waitUntil(lambda: window.dialogs.agreement_dialog.report is not None, timeout=10000)
    window.dialogs.open_curation()
    qtbot.wait(20)
    return [window.dialogs.suggestions_dialog, window.dialogs.agreement_dialog, window.dialogs.curation_dialog]


def test_the_tools_open_as_docks_beside_the_article_not_over_it(window, qtbot, two_annotators, tmp_path):
    panels = open_all(window, qtbot)
    view = in_window(window, window.workspace.view)
    docks = [dock_of(p) for p in panels]
    assert [d.objectName() for d in docks] == ["suggestions_dock", "agreement_dock", "curation_dock"]
    for dock in docks:
        assert window.dockWidgetArea(dock) == RIGHT and not dock.isFloating()
        features = dock.features()
        assert features & QDockWidget.DockWidgetFeature.DockWidgetClosable
        assert features & QDockWidget.DockWidgetFeature.DockWidgetFloatable
        assert features & QDockWidget.DockWidgetFeature.DockWidgetMovable
    curation = docks[2]
    assert curation.isVisible() and not curation.visibleRegion().isEmpty()  # the tool opened last in front
    assert set(window.tabifiedDockWidgets(curation)) == {docks[0], docks[1]}  # the others one tab away
    assert not in_window(window, curation).intersects(view)
    assert in_window(window, curation).left() >= view.right()  # beside it, on the right
    assert window.workspace.view.width() >= 280
    assert window.grab().save(str(tmp_path / "docks-en-1300.png"))


def test_a_double_click_in_disagreements_jumps_to_a_place_that_stays_in_sight(window, qtbot, two_annotators):
    open_all(window, qtbot)
    agreement = window.dialogs.agreement_dialog
    dock = dock_of(agreement)
    dock.raise_()
    agreement.tabs.setCurrentWidget(agreement.disagreements)
    table = agreement.disagreements
    rows = table.model()
    row = next(r for r in range(rows.rowCount()) if rows.index(r, 2).data() == "CNN")
    window.session.open_name("02 gaza")
    qtbot.wait(20)
    where = table.visualRect(rows.index(row, 3)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    view = window.workspace.view
    assert window.session.document.name == "01 article" and view.selection() == at("CNN")
    assert dock.isVisible() and view.isVisible()
    qtbot.wait(20)
    place = view.cursorRect(view.textCursor())  # where the jump went
    shown = QRect(view.viewport().mapTo(window, place.topLeft()), place.size())
    assert view.viewport().rect().contains(place.center())
    assert in_window(window, view).contains(shown.center())
    assert not in_window(window, dock).intersects(shown)  # not under the tool


def test_escape_closes_a_docked_tool_and_its_keys_stay_its_own(window, qtbot, two_annotators):
    open_all(window, qtbot)
    curation = window.dialogs.curation_dialog
    dock = dock_of(curation)
    doc = window.session.document_id
    mine = sorted((s.start, s.label) for s in two_annotators.spans.for_document(doc, "A"))
    rows = [curation.table.item(r, 1).text() for r in range(curation.table.rowCount())]
    curation.table.setCurrentCell(rows.index("CNN"), 0)
    curation.table.setFocus()
    qtbot.keyClick(curation.table, Qt.Key.Key_1)  # Curation's 1 (gold takes A's), not the label key
    assert [(s.start, s.label) for s in two_annotators.spans.for_document(doc, GOLD)] == [(at("CNN")[0], "ORG")]
    assert sorted((s.start, s.label) for s in two_annotators.spans.for_document(doc, "A")) == mine
    qtbot.keyClick(curation.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dock.isHidden())
    assert not curation.isVisible() and window.workspace.navigator.headerItem().text(1) == "Status"
    assert len(two_annotators.spans.for_document(doc, GOLD)) == 1  # Esc changed nothing
    view = window.workspace.view
    qtbot.waitUntil(view.hasFocus)  # back to the article
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # the window's Esc again


def test_the_docks_are_remembered_for_the_user_across_restarts(qtbot, two_annotators):
    from annotator.gui.main_window import MainWindow

    def start():
        win = MainWindow(ask_name=lambda *a: pytest.fail("the name was already known"))
        qtbot.addWidget(win)
        win.resize(1300, 800)
        win.show()
        qtbot.waitExposed(win)
        assert win.open_project(two_annotators.path)
        qtbot.wait(20)
        return win

    prefs.set_annotator_name("A")
    first = start()
    assert first.dialogs.curation_dialog is None and all(d.isHidden() for d in first.tool_docks.docks.values())
    first.dialogs.open_curation()
    dock = dock_of(first.dialogs.curation_dialog)
    first.resizeDocks([dock], [470], Qt.Orientation.Horizontal)
    qtbot.wait(20)
    width = dock.width()
    first.close()  # quitting remembers the docks
    assert prefs.settings().value("window/state-ltr") is not None

    second = start()  # Curation is open again, where and as wide
    assert second.dialogs.curation_dialog is not None
    dock = dock_of(second.dialogs.curation_dialog)
    assert dock.isVisible() and second.dockWidgetArea(dock) == RIGHT and abs(dock.width() - width) <= 4
    assert second.dialogs.curation_dialog.table.rowCount() == 3  # بايدن, CNN, نتنياهو: a working panel
    assert second.workspace.view.hasFocus()  # the article keeps the keyboard
    assert second.tool_docks.docks["agreement"].isHidden()
    dock.close()
    second.close()

    third = start()  # closed when quitting: stays closed
    assert third.dialogs.curation_dialog is None and third.tool_docks.docks["curation"].isHidden()
    third.close()


def test_a_narrow_window_puts_the_tools_below_the_article(window, qtbot, two_annotators, tmp_path):
    open_all(window, qtbot)
    dock = dock_of(window.dialogs.curation_dialog)
    for _ in range(2):  # the first resize moves the docks below; only then can the window be that narrow
        window.resize(640, 760)
        qtbot.wait(20)
    assert window.width() == 640 and window.dockWidgetArea(dock) == BOTTOM
    view = in_window(window, window.workspace.view)
    assert view.width() >= 280 and view.height() >= 200
    assert in_window(window, dock).top() >= view.bottom()
    assert window.grab().save(str(tmp_path / "docks-en-640.png"))
    window.resize(1300, 800)  # wide again: back beside the article
    qtbot.wait(20)
    assert window.dockWidgetArea(dock) == RIGHT


def test_the_arabic_window_docks_the_tools_on_its_left(qapp, qtbot, two_annotators, tmp_path):
    from annotator.gui import i18n

    assert i18n.install("ar", qapp) == "ar"
    try:
        win = open_window_as_a(qtbot, two_annotators.path)
        open_all(win, qtbot)
        dock = dock_of(win.dialogs.curation_dialog)
        assert win.isRightToLeft() and win.dockWidgetArea(dock) == LEFT
        view = in_window(win, win.workspace.view)
        assert in_window(win, dock).right() <= view.left()  # mirrored: on the left, the side panel's side
        assert win.grab().save(str(tmp_path / "docks-ar-1280.png"))
        for _ in range(2):
            win.resize(640, 760)
            qtbot.wait(20)
        assert win.dockWidgetArea(dock) == BOTTOM and win.workspace.view.width() >= 280
        assert win.grab().save(str(tmp_path / "docks-ar-640.png"))
        win.close()
    finally:
        i18n.install("en", qapp)


# Run in a process of its own: the fault this guards against was a segmentation fault inside Qt, which would
# end the whole test run rather than fail one test.
_RESTART = """
import os, sys
from pathlib import Path
from PySide6.QtCore import QSettings
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[1])
from PySide6.QtCore import Qt
from annotator.gui.app import application
from annotator.gui import settings as prefs
from annotator.gui.main_window import MainWindow
app = application()
def settle():
    for _ in range(100):
        app.processEvents()
first = MainWindow()
first.resize(1300, 800)
first.show()
assert first.open_project(Path(sys.argv[2]))
first.dialogs.open_agreement()
assert first.dialogs.agreement_dialog.wait()
settle()
first.close()  # quitting remembers the docks: Agreement open beside the article
settle()
second = MainWindow()
second.resize(640, 700)  # started again narrow (another screen)
second.show()
settle()
assert second.open_project(Path(sys.argv[2]))
settle()
dock = second.tool_docks.docks["agreement"]
print("agreement", dock.isVisible(), second.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea)
print("width", second.width())
print("height", dock.height(), second.height(), second.workspace.view.height())
second.close()
settle()
"""


def test_a_narrow_window_reopens_the_tools_a_wide_one_left_open(two_annotators, tmp_path, isolated_settings):
    import os
    import subprocess
    import sys

    prefs.set_annotator_name("A")
    prefs.settings().sync()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-c", _RESTART, str(isolated_settings), str(two_annotators.path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "agreement True True" in done.stdout  # open again, below the article
    assert "width 640" in done.stdout  # put there before it is shown: beside the article it widened the window
    dock_height, window_height, article_height = (int(v) for v in done.stdout.split("height ")[1].split()[:3])
    # a third of the window's height, the article more: Qt gave the new bottom dock 318 of 700 px, the article 175
    assert dock_height <= window_height // 3 + 2 and article_height > dock_height
