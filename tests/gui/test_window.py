"""The window: undo/redo, documents, done, help, status bar, start page, annotator name, schema editor."""

from __future__ import annotations

from pathlib import Path

from gui_texts import ARTICLE
from PySide6.QtCore import QPoint, Qt

from annotator.gui import settings as prefs
from annotator.gui.main_window import MainWindow


def spans(window):
    s = window.session
    return [(x.start, x.end, x.label) for x in s.project.spans.for_document(s.document_id, "A")]


def test_undo_and_redo_by_keys(window, qtbot):
    view = window.workspace.view
    i = ARTICLE.index("بايدن")
    view.set_selection(i, i + 5)
    qtbot.keyClick(view, Qt.Key.Key_1)
    qtbot.keyClick(view, Qt.Key.Key_2)  # relabel the selected span: ORG
    assert spans(window) == [(i, i + 5, "ORG")]
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans(window) == [(i, i + 5, "PER")]
    assert [s.label for s in window.session.layer.spans()] == ["PER"]  # the view's layer follows
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans(window) == [] and len(window.session.layer) == 0 and view.extraSelections() == []
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert spans(window) == [(i, i + 5, "PER")] and len(view.extraSelections()) == 1
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert spans(window) == [(i, i + 5, "ORG")]


def test_undo_and_redo_from_the_menu(window, qtbot):
    doc = window.session.document_id
    window.session.span_ops.add(doc, 0, 3, "CUE")
    window.undo_action.trigger()
    assert spans(window) == []
    window.redo_action.trigger()
    assert spans(window) == [(0, 3, "CUE")]


def test_page_keys_move_between_documents_and_the_status_bar_follows(window, qtbot):
    view = window.workspace.view
    assert window.position_label.text() == "document 1 of 3"
    assert window.annotator_label.text() == "annotator: A"
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert window.session.document.name == "02 gaza"
    assert window.position_label.text() == "document 2 of 3"
    assert view.toPlainText() == window.session.document.text
    qtbot.keyClick(window.workspace.view, Qt.Key.Key_PageDown)
    qtbot.keyClick(window.workspace.view, Qt.Key.Key_PageDown)  # past the last: stays, says so
    assert window.session.index == 2 and "last document" in window.statusBar().currentMessage()
    qtbot.keyClick(window.workspace.view, Qt.Key.Key_PageUp)
    assert window.session.document.name == "02 gaza"


def test_ctrl_enter_marks_done_and_the_navigator_shows_status_and_counts(window, qtbot):
    view = window.workspace.view
    nav = window.workspace.navigator
    assert nav.topLevelItem(0).text(1) == "new"
    i = ARTICLE.index("بايدن")
    view.set_selection(i, i + 5)
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert [nav.topLevelItem(0).text(c) for c in (1, 2, 3)] == ["in progress", "1", "0"]
    window.saved_label.clear()
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.session.project.status.get(window.session.document_id, "A") == "done"
    assert nav.topLevelItem(0).text(1) == "done"
    assert window.saved_label.text().startswith("saved ✓ ") and window.saved_label.toolTip() == "marked done"


def test_a_click_in_the_navigator_opens_that_document(window, qtbot):
    nav = window.workspace.navigator
    rect = nav.visualItemRect(nav.topLevelItem(2))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.topLeft() + QPoint(10, 4))
    assert window.session.document.name == "03 cairo"


def test_f1_lists_every_key(window, qtbot):
    qtbot.keyClick(window.workspace.view, Qt.Key.Key_F1)
    dialog = window.dialogs.keys_dialog
    assert dialog is not None and dialog.isVisible()
    keys = {dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())}
    assert {"1", "7", "Q", "C", "S", "K", "Del / Backspace", "Ctrl+Z", "PgDown", "PgUp", "F1"} <= keys
    assert any(k.startswith("Ctrl+Shift+Z") for k in keys)


def test_the_legends_help_button_opens_the_list_of_keys(window, qtbot):
    """The workspace asks for help through its helpRequested signal, which the window connects."""
    assert getattr(window.dialogs, "keys_dialog", None) is None
    qtbot.mouseClick(window.workspace.legend.buttons["all keys"], Qt.MouseButton.LeftButton)
    assert window.dialogs.keys_dialog.isVisible()


def test_zoom_keys(window, qtbot):
    view = window.workspace.view
    size = view.point_size
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.point_size == size + 1
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.point_size == size - 1
    assert prefs.value("point_size", type_=float) == size - 1


def test_first_start_asks_the_name_and_without_a_project_shows_the_start_page(qtbot, project):
    asked = []
    win = MainWindow(ask_name=lambda *a: asked.append(a) or "Layla")
    qtbot.addWidget(win)
    assert win.stack.currentWidget() is win.start_page
    assert win.open_project(project.path)
    assert asked and prefs.annotator_name() == "Layla"
    assert win.session.annotator == "Layla"
    win.close_project()
    assert win.stack.currentWidget() is win.start_page
    assert win.start_page.recent.item(0).text() == str(Path(project.path).resolve())


def test_reopening_remembers_the_last_document(qtbot, project):
    prefs.set_annotator_name("A")
    win = MainWindow()
    qtbot.addWidget(win)
    win.open_project(project.path)
    win.workspace.next_document()
    win.close_project()
    win.open_project(project.path)
    assert win.session.document.name == "02 gaza"


def test_switching_the_annotator_shows_their_own_work(window, qtbot):
    doc = window.session.document_id
    window.session.span_ops.add(doc, 0, 3, "CUE")  # A's work
    window.ask_name = lambda *a: "B"
    window.switch_annotator()
    assert window.session.annotator == "B" and len(window.session.layer) == 0
    assert window.annotator_label.text() == "annotator: B"


def test_the_demo_project_opens(qtbot):
    prefs.set_annotator_name("A")
    win = MainWindow()
    qtbot.addWidget(win)
    win.project_files.open_demo()
    assert len(win.session.documents) == 5
    assert win.session.schema.targets == ["إسرائيل", "الولايات المتحدة"]
    assert win.session.annotator == "A" and len(win.session.layer) == 0  # the samples' work is theirs


def test_the_demo_asks_a_new_user_for_their_own_name_and_names_the_sample_annotators(qtbot):
    from annotator.core.demo import SAMPLE_ANNOTATORS

    asked = []
    win = MainWindow(ask_name=lambda parent, current, known: asked.append((current, known)) or "Amal")
    qtbot.addWidget(win)
    win.project_files.open_demo()
    assert asked == [("", None)]  # no sample annotator offered as the user's name
    assert win.session.annotator == "Amal" and len(win.session.layer) == 0
    qtbot.waitUntil(lambda: not win.message_bar.isHidden())  # (after the first paint)
    note = win.message_bar.text.text()
    assert all(name in note for name in SAMPLE_ANNOTATORS) and "You are annotating as Amal" in note


def test_schema_editor_adds_renames_recolours_and_rebinds_labels(window, qtbot, monkeypatch):
    from PySide6.QtGui import QColor

    from annotator.gui.dialogs import schema_editor

    window.dialogs.edit_schema()
    editor = window.dialogs.schema_editor
    assert editor.add_label("NORP")
    assert window.session.schema.label("NORP").key == "8"
    assert "NORP" in window.workspace.legend.buttons  # the open view follows
    view = window.workspace.view
    i = ARTICLE.index("بايدن")
    view.set_selection(i, i + 5)
    qtbot.keyClick(view, Qt.Key.Key_8)
    assert spans(window) == [(i, i + 5, "NORP")]
    row = [lab.name for lab in window.session.schema.labels].index("NORP")
    editor.table.item(row, 0).setText("NATIONALITY")  # rename: the span follows
    assert spans(window) == [(i, i + 5, "NATIONALITY")]
    assert window.session.layer.spans()[0].label == "NATIONALITY"
    monkeypatch.setattr(schema_editor.QColorDialog, "getColor", staticmethod(lambda *a: QColor("#123456")))
    editor.pick_colour(row)
    window.session.select_span(None)  # (a selected span is drawn darker)
    assert window.session.project.schema.get().label("NATIONALITY").colour == "#123456"
    assert view.extraSelections()[0].format.background().color().name() == "#123456"
    assert not editor.set_key("NATIONALITY", "s")  # S belongs to the speaker
    assert editor.set_key("NATIONALITY", "9")
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the label...
    view.set_selection(i, i + 5)
    qtbot.keyClick(view, Qt.Key.Key_9)  # ...and apply it again by its new key
    assert spans(window) == [(i, i + 5, "NATIONALITY")]


def test_schema_editor_adds_and_renames_targets(window, qtbot, monkeypatch):
    window.dialogs.edit_schema()
    editor = window.dialogs.schema_editor
    window.session.schema_ops.add_target("حماس")
    assert editor.targets.count() == 3
    assert window.workspace.stance.targets.count() == 3
    window.session.stance_ops.set(window.session.document_id, "حماس", "AGAINST")
    editor.targets.setCurrentRow(2)
    from annotator.gui.dialogs import schema_editor

    monkeypatch.setattr(schema_editor.QInputDialog, "getText", staticmethod(lambda *a, **k: ("حركة حماس", True)))
    editor.rename_target_interactive()
    assert window.session.schema.targets[2] == "حركة حماس"
    assert window.workspace.stance.targets.item(2).text() == "حركة حماس: AGAINST"


def test_screenshot_of_the_main_window(window, qtbot, tmp_path):
    doc = window.session.document_id
    ops = window.session.span_ops
    text = ARTICLE
    for word, label in (
        ("جو بايدن", "PER"),
        ("الولايات المتحدة", "GPE"),
        ("نتنياهو", "PER"),
        ("CNN", "ORG"),
        ("بايدن.", "PER"),
    ):
        i = text.index(word)
        ops.add(doc, i, i + len(word.rstrip(".")), label)
    w = text.index("لواشنطن")
    ops.add(doc, w + 1, w + 7, "GPE")  # clitic ل outside
    q = text.index("الولايات المتحدة لن")
    quote = ops.add_quote(doc, q, text.index("."))
    ops.add_cue(doc, 0, 3, quote.id)
    window.session.select_span(quote.id)
    window.resize(1400, 700)
    qtbot.wait(50)
    out = tmp_path / "main_window.png"
    assert window.grab().save(str(out))
    assert out.stat().st_size > 20000
    keep = Path("/tmp/annotator-screenshots")
    keep.mkdir(exist_ok=True)
    window.grab().save(str(keep / "main_window.png"))  # a copy to look at after the run


def test_without_a_mouse_f6_reaches_every_panel_and_tab_stays_in_the_article(window, qtbot):
    ws = window.workspace
    doc = window.session.document_id
    quote = window.session.span_ops.add(doc, 4, 10, "QUOTE")
    qtbot.keyClick(ws.view, Qt.Key.Key_F6)
    assert ws.quotations.table.hasFocus()
    qtbot.keyClick(ws.quotations.table, Qt.Key.Key_Down)
    qtbot.keyClick(ws.quotations.table, Qt.Key.Key_Return)
    assert window.session.current_quote == quote.id
    qtbot.keyClick(ws.quotations.table, Qt.Key.Key_Tab)  # Tab moves on inside the panel...
    assert ws.quotations.kind.hasFocus()
    qtbot.keyClick(ws.quotations.kind, Qt.Key.Key_Down)  # (a closed combo box changes on arrows)
    assert window.session.layer.span(quote.id).attributes.get("kind") == "direct"
    for _ in range(2):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_F6)
    assert ws.stance.targets.hasFocus() and ws.side.currentWidget() is ws.stance
    qtbot.keyClick(ws.stance.targets, Qt.Key.Key_N)
    assert window.session.stance_ops.get(doc, "إسرائيل") == "NEUTRAL"
    qtbot.keyClick(ws.stance.targets, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert ws.view.hasFocus()
    qtbot.keyClick(ws.view, Qt.Key.Key_Tab)  # ...and selects spans in the article
    assert window.session.selected_span == quote.id


def test_run_opens_the_given_project(project, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from annotator.gui import app as app_module

    prefs.set_annotator_name("A")
    opened = []
    monkeypatch.setattr(
        QApplication,
        "exec",
        lambda self: (
            opened.append([w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.session]) or 0
        ),
    )
    assert app_module.run(project.path) == 0
    [window] = [w for w in opened[0] if w.session.project.path == project.path]
    assert window.isVisible() and window.session.document.name == "01 article"
    window.close_project()
    window.close()


def test_window_fits_a_small_laptop_screen(window, qtbot):
    """The legend and stance buttons wrap instead of widening the window beyond a 1024-pixel screen."""
    assert window.minimumSizeHint().width() <= 1024
    window.resize(1024, 700)
    qtbot.wait(50)
    legend = window.workspace.legend
    buttons = list(legend.buttons.values())
    assert all(legend.rect().contains(b.geometry()) for b in buttons if b.isVisible())
    assert len({b.geometry().y() for b in buttons}) > 1  # wrapped onto a second row


def test_the_legends_all_keys_button_opens_the_list_of_keys(window, qtbot):
    """The legend asks the window through a signal (it used to probe the window with hasattr)."""
    assert window.dialogs.keys_dialog is None
    qtbot.mouseClick(window.workspace.legend.buttons["all keys"], Qt.MouseButton.LeftButton)
    assert window.dialogs.keys_dialog is not None and window.dialogs.keys_dialog.isVisible()
