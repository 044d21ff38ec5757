"""Small things that break trust (issue 24): Ctrl+Z from every part of the window, the Agreement window's
wording, the Import dialog naming its own control, "another program" said only of another program, the
saved time after every write of the window, and `annotator --lang ar`."""

from __future__ import annotations

import re
import threading

import pytest
from gui_texts import ARTICLE
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QDialog

from annotator.gui.main_window import MainWindow

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
ELSEWHERE = "another program"


def said(window) -> list[str]:
    """Every message the status bar shows from now on, whole (its tooltip: the message may be elided)."""
    bar = window.statusBar()
    messages: list[str] = []
    bar.messageChanged.connect(lambda text: messages.append(bar.toolTip()) if text else None)
    return messages


def label_all_biden(window) -> int:
    """Find بايدن and label every hit PER through the find bar (the preview answered OK)."""
    window.open_find()
    bar = window.find_bar
    bar.query.setText("بايدن")
    bar.label_choice.setCurrentText("PER")
    window.ask_preview = lambda dialog: QDialog.DialogCode.Accepted
    bar.label_all()
    return len(bar.hits)


def mine(project, window) -> list[tuple[int, str]]:
    return sorted((s.start, s.label) for s in project.spans.for_document(window.session.document_id, "A"))


def label_biden(window) -> None:
    i = ARTICLE.index("بايدن")
    window.workspace.view.set_selection(i, i + 5)
    window.workspace.apply_label("PER")


# ---- 1. Ctrl+Z and Ctrl+Shift+Z from every part of the window --------------------------------------------
def test_ctrl_z_in_the_find_field_undoes_label_all(window, qtbot, project):
    hits = label_all_biden(window)
    assert hits == 2 and len(mine(project, window)) == 2
    query = window.find_bar.query
    assert query.hasFocus()
    qtbot.waitUntil(window.undo_action.isEnabled)
    qtbot.keyClick(query, Qt.Key.Key_Z, CTRL)  # the project's undo, not the field's
    assert mine(project, window) == [] and query.text() == "بايدن"
    qtbot.waitUntil(window.redo_action.isEnabled)
    qtbot.keyClick(query, Qt.Key.Key_Z, CTRL | SHIFT)
    assert len(mine(project, window)) == 2 and query.text() == "بايدن"
    qtbot.waitUntil(window.undo_action.isEnabled)
    qtbot.keyClick(query, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(window.redo_action.isEnabled)
    qtbot.keyClick(query, Qt.Key.Key_Y, CTRL)  # the other redo key
    assert len(mine(project, window)) == 2


def _documents_list(window):
    return window.workspace.navigator


def _new_stance_target(window):
    workspace = window.workspace
    workspace.side.setCurrentWidget(workspace.stance)
    return workspace.stance.new_target


def _quotation_target(window):
    workspace = window.workspace
    workspace.side.setCurrentWidget(workspace.quotations)
    workspace.quotations.target.setEnabled(True)  # (enabled when a quotation is chosen)
    return workspace.quotations.target.lineEdit()


@pytest.mark.parametrize("place", [_documents_list, _new_stance_target, _quotation_target])
def test_ctrl_z_and_ctrl_shift_z_work_from_the_panels(window, qtbot, project, place):
    label_biden(window)
    assert len(mine(project, window)) == 1
    widget = place(window)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    qtbot.waitUntil(window.undo_action.isEnabled)
    qtbot.keyClick(widget, Qt.Key.Key_Z, CTRL)
    assert mine(project, window) == []
    qtbot.waitUntil(window.redo_action.isEnabled)
    qtbot.keyClick(widget, Qt.Key.Key_Z, CTRL | SHIFT)
    assert len(mine(project, window)) == 1


def test_ctrl_z_in_a_field_with_nothing_to_undo_leaves_its_text(window, qtbot):
    window.open_find()
    query = window.find_bar.query
    qtbot.keyClicks(query, "Biden")  # (QTest types Latin letters only)
    qtbot.waitUntil(lambda: not window.undo_action.isEnabled())
    qtbot.keyClick(query, Qt.Key.Key_Z, CTRL)  # nothing to undo in the project: nothing happens
    assert query.text() == "Biden"


# ---- 2. the Agreement window's wording is the command line's ----------------------------------------------
def test_the_agreement_window_counts_documents_worked_on_by_all_not_done(window, qtbot, project):
    i = ARTICLE.index("بايدن")
    for who in "AB":
        project.spans.add(project.documents.by_name("01 article").id, who, i, i + 5, "PER")
    assert all(project.status.get(d.id, who) != "done" for d in project.documents.list() for who in "AB")
    window.dialogs.open_agreement()
    dialog = window.dialogs.agreement_dialog
    assert dialog.wait()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=5000)
    text = dialog.status.text()
    assert "(1 worked on by all)" in text and "done" not in text


# ---- 3. the Import dialog names its own control, not a command-line option ----------------------------------
def test_the_import_dialog_names_its_encoding_field_not_the_option(window, qtbot, tmp_path):
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("قال الرئيس إن الوفد لن يسافر".encode("cp1256"))
    window.dialogs.import_dialog([str(legacy)])
    dialog = window.dialogs.job_dialog
    qtbot.addWidget(dialog)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.job is not None and dialog.job.outcome is not None, timeout=20000)
    text = dialog.status.text()
    assert dialog.job.outcome == "failed" and "not valid UTF-8" in text
    assert "--" not in text and "“Encoding of .txt files”" in text and "cp1256" in text


def test_the_import_dialog_names_its_annotator_field(window, qtbot, tmp_path):
    conll = tmp_path / "one.conll"
    conll.write_text("قال\tO\nبايدن\tB-PER\n", encoding="utf-8")
    window.dialogs.import_dialog([str(conll)])
    dialog = window.dialogs.job_dialog
    qtbot.addWidget(dialog)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.job is not None and dialog.job.outcome is not None, timeout=20000)
    text = dialog.status.text()
    assert dialog.job.outcome == "failed" and "--" not in text and "“Annotator”" in text


# ---- 4. "another program" only when another program changed the project -------------------------------------
def test_the_windows_own_import_is_not_another_programs_change(window, qtbot, tmp_path, project, monkeypatch):
    from annotator.gui.dialogs import transfer

    extra = tmp_path / "04 beirut.txt"
    extra.write_text("وصل الوفد إلى بيروت صباح اليوم.", encoding="utf-8")
    real_work, written, gate = transfer.import_work, threading.Event(), threading.Event()

    def import_work(*args, **kwargs):  # the job ends only when the test says so, after it wrote
        work = real_work(*args, **kwargs)

        def held(step):
            result = work(step)
            written.set()
            gate.wait(10)
            return result

        return held

    monkeypatch.setattr(transfer, "import_work", import_work)
    messages = said(window)
    window.dialogs.import_dialog([str(extra)])
    dialog = window.dialogs.job_dialog
    qtbot.addWidget(dialog)
    dialog.start_button.click()
    assert written.wait(10) and "04 beirut" in [d.name for d in project.documents.list()]
    assert window.look_for_changes_elsewhere() is False  # the watch timer's look while the job ends
    gate.set()
    qtbot.waitUntil(lambda: dialog.job is not None and dialog.job.outcome is not None, timeout=20000)
    assert dialog.job.outcome == "done"
    assert [d.name for d in window.session.documents][-1] == "04 beirut"  # shown at once
    qtbot.wait(1300)  # the watch timer looks once more
    assert window.look_for_changes_elsewhere() is False
    assert not [m for m in messages if ELSEWHERE in m]


def test_a_refused_edit_and_the_other_windows_heartbeat_are_not_changes(window, qtbot, project):
    second = MainWindow(ask_name=lambda *a: pytest.fail("name known"), ask_second=lambda *a: "read_only")
    qtbot.addWidget(second)
    assert second.open_project(project.path) and second.project.read_only
    assert second.look_for_changes_elsewhere() is False
    messages = said(second)
    label_biden(second)  # refused: read-only
    assert second.saved_label.text().startswith("NOT saved")
    window._heartbeat()  # the first window says it is still there
    assert second.look_for_changes_elsewhere() is False
    assert not [m for m in messages if ELSEWHERE in m]
    label_biden(window)  # a real change by the other window
    assert second.look_for_changes_elsewhere() is True and any(ELSEWHERE in m for m in messages)
    second.close()


def test_another_window_opening_is_not_a_change(window, qtbot, project):
    from annotator.gui import settings as prefs

    messages = said(window)
    prefs.set_annotator_for(project.path, "B")
    second = MainWindow(ask_name=lambda *a: pytest.fail("name known"))
    qtbot.addWidget(second)
    assert second.open_project(project.path) and not second.project.read_only
    assert window.look_for_changes_elsewhere() is False and not [m for m in messages if ELSEWHERE in m]
    label_biden(window)  # this window writes, the other one says it is there
    second._heartbeat()
    assert window.look_for_changes_elsewhere() is False and not [m for m in messages if ELSEWHERE in m]
    second.close()
    assert window.look_for_changes_elsewhere() is False


# ---- 5. the saved time follows every write of the window ------------------------------------------------
def saved_time(window) -> QTime:
    match = re.fullmatch(r"saved ✓ (\d\d:\d\d:\d\d)", window.saved_label.text())
    assert match, window.saved_label.text()
    return QTime.fromString(match.group(1), "HH:mm:ss")


def fresh(window) -> bool:
    return abs(saved_time(window).secsTo(QTime.currentTime())) <= 2


def test_label_all_refreshes_the_saved_time(window, qtbot, project):
    window.saved_label.setText("saved ✓ 03:00:00")
    label_all_biden(window)
    assert len(mine(project, window)) == 2 and fresh(window)


def test_accepting_a_suggestion_refreshes_the_saved_time(window, qtbot, project, tmp_path):
    gazetteer = tmp_path / "places.tsv"
    gazetteer.write_text("واشنطن\tGPE\n", encoding="utf-8")
    window.dialogs.open_suggestions()
    dialog = window.dialogs.suggestions_dialog
    dialog.ask_gazetteer = lambda: str(gazetteer)
    dialog.compute()
    assert [s.text for s in dialog.suggestions] == ["واشنطن"]
    window.saved_label.setText("saved ✓ 03:00:00")
    dialog.table.setCurrentCell(0, 0)
    dialog.accept_current()
    assert len(mine(project, window)) == 1 and fresh(window)


# ---- 6. `annotator --lang ar` ---------------------------------------------------------------------------------
def test_annotator_takes_lang_without_a_command(monkeypatch, tmp_path, capsys):
    from annotator import cli
    from annotator.gui import app, preflight

    started = []
    monkeypatch.setattr(preflight, "problem", lambda: None)
    monkeypatch.setattr(app, "run", lambda project, language=None: started.append((project, language)) or 0)
    assert cli.main(["--lang", "ar"]) == 0
    assert cli.main(["--lang", "ar", "gui"]) == 0  # before the command, as well as after it
    assert cli.main(["--lang", "ar", "gui", "--lang", "en"]) == 0  # the command's own wins
    assert cli.main(["gui", "--lang", "en"]) == 0
    assert cli.main([]) == 0
    assert started == [(None, "ar"), (None, "ar"), (None, "en"), (None, "en"), (None, None)]
    with pytest.raises(SystemExit) as refused:
        cli.main(["--lang", "ar", "stats", str(tmp_path / "x.annotator")])
    assert refused.value.code == 2 and "--lang" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--lang", "fr"])
    assert "--lang" in cli.build_parser().format_help()
