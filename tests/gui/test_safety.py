"""The window and other programs: a failed write is shown and can be retried, other programs' writes
appear, a second window of the same annotator is noticed."""

from __future__ import annotations

import sqlite3

import pytest
from gui_texts import ARTICLE
from PySide6.QtCore import Qt

from annotator.cli import main
from annotator.core.project import Project
from annotator.gui import settings as prefs
from annotator.gui.main_window import MainWindow


def _label_biden(window, qtbot):
    """Select بايدن and label it PER as the key 1 does (two windows: only one can have the keyboard)."""
    i = ARTICLE.index("بايدن")
    window.workspace.view.set_selection(i, i + 5)
    window.workspace.apply_label("PER")
    return i


def test_a_failed_write_is_shown_kept_out_of_the_view_and_can_be_retried(window, qtbot, project, monkeypatch):
    store = window.project.store
    real_add_span = store.add_span

    def disk_full(*_):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "add_span", disk_full)
    i = _label_biden(window, qtbot)
    bar = window.message_bar
    assert not bar.isHidden() and "the disk is full" in bar.text.text() and "not saved" in bar.text.text()
    assert window.saved_label.text().startswith("NOT saved")
    assert len(window.session.layer) == 0 and window.workspace.view.extraSelections() == []
    assert project.spans.for_document(window.session.document_id) == []
    monkeypatch.setattr(store, "add_span", real_add_span)
    qtbot.mouseClick(bar.action_button, Qt.MouseButton.LeftButton)  # Retry
    assert bar.isHidden() and window.saved_label.text().startswith("saved")
    assert [(s.start, s.end, s.label) for s in project.spans.for_document(window.session.document_id)] == [
        (i, i + 5, "PER")
    ]
    assert len(window.session.layer) == 1


def test_a_write_blocked_by_another_program_names_it(window, qtbot, project):
    window.project.store.conn.execute("PRAGMA busy_timeout = 50")
    project.sessions.start("B", "command line")
    project.store.conn.execute("BEGIN IMMEDIATE")  # B is writing
    try:
        _label_biden(window, qtbot)
    finally:
        project.store.conn.execute("ROLLBACK")
    text = window.message_bar.text.text()
    assert window.message_bar.isHidden() is False and "busy" in text
    assert "command line of annotator B" in text and "annotator A" not in text


def test_the_window_picks_up_a_cli_import_and_another_windows_edit(window, qtbot, project, tmp_path):
    assert len(window.session.documents) == 3 and window.look_for_changes_elsewhere() is False
    extra = tmp_path / "04 beirut.txt"
    extra.write_text("وصل الوفد إلى بيروت صباح اليوم.", encoding="utf-8")
    assert main(["import", str(project.path), str(extra)]) == 0
    qtbot.waitUntil(lambda: len(window.session.documents) == 4, timeout=3000)  # the watch timer did it
    navigator = window.workspace.navigator
    assert navigator.topLevelItemCount() == 4 and navigator.topLevelItem(3).text(0) == "04 beirut"
    i = ARTICLE.index("بايدن")
    project.spans.add(window.session.document_id, "A", i, i + 5, "PER")  # A's other window
    qtbot.waitUntil(lambda: len(window.session.layer) == 1, timeout=3000)
    assert len(window.workspace.view.extraSelections()) == 1


@pytest.fixture
def second_window(qtbot):
    def make(choice):
        asked = []
        win = MainWindow(
            ask_name=lambda *a: pytest.fail("name known"),
            ask_second=lambda parent, name, who: asked.append((name, who)) or choice,
        )
        qtbot.addWidget(win)
        return win, asked

    return make


def test_a_second_window_of_the_same_annotator_opens_read_only(window, qtbot, project, second_window):
    win, asked = second_window("read_only")
    assert win.open_project(project.path)
    assert asked and asked[0][0] == "A" and "the window of annotator A" in asked[0][1]
    assert "read-only" in win.windowTitle() and win.message_bar.isHidden() is False
    win.message_bar.hide()
    i = _label_biden(win, qtbot)
    assert "read-only" in win.message_bar.text.text() and win.message_bar.action_button.isHidden()
    assert not win.message_bar.isHidden() and win.saved_label.text().startswith("NOT saved")
    assert project.spans.for_document(win.session.document_id) == []
    _label_biden(window, qtbot)  # the first window still writes
    assert [(s.start, s.label) for s in project.spans.for_document(window.session.document_id)] == [(i, "PER")]
    win.close()


def test_taking_over_makes_the_first_window_read_only(window, qtbot, project, second_window):
    win, asked = second_window("take_over")
    assert win.open_project(project.path) and asked
    window._heartbeat()
    assert window.project.read_only and window.message_bar.isHidden() is False
    assert window.message_bar.action_button.text() == "Reopen"
    _label_biden(win, qtbot)
    assert len(project.spans.for_document(win.session.document_id)) == 1
    win.close()


def test_another_annotator_is_not_asked_about(window, qtbot, project, second_window):
    prefs.set_annotator_for(project.path, "B")  # the annotator of this project in the second window
    win, asked = second_window("read_only")
    assert win.open_project(project.path) and asked == [] and not win.project.read_only
    win.close()


def test_opening_makes_a_backup_once_an_hour(window, project):
    from annotator.core import backups

    window.backup.wait()  # made in a thread of its own
    assert len(backups.list_backups(project.path)) == 1
    window._backup_if_due()
    window.backup.wait()
    assert len(backups.list_backups(project.path)) == 1
    with Project(backups.list_backups(project.path)[0].path) as copy:
        assert len(copy.documents.list()) == 3


def test_the_backup_is_made_off_the_gui_thread_while_the_window_saves(window, project, monkeypatch):
    """A backup copies the whole file (seconds at 100,000 articles): made in a thread on a read-only
    connection of its own, it never holds the window; what the window saved meanwhile is kept."""
    import threading

    from annotator.core import backups

    window.backup.wait()
    for made in backups.list_backups(project.path):
        made.path.unlink()
    copying, release, threads = threading.Event(), threading.Event(), []
    real = backups.create

    def slow(project_, *args, **kwargs):
        threads.append(threading.current_thread())
        copying.set()
        release.wait(10)
        return real(project_, *args, **kwargs)

    monkeypatch.setattr(backups, "create", slow)
    window._backup_if_due()
    assert copying.wait(10)  # copying, and the GUI thread is not in it:
    window.session.span_ops.add(window.session.document_id, 0, 3, "PER")
    release.set()
    window.backup.wait()
    assert threads and threads[0] is not threading.main_thread()
    assert len(backups.list_backups(project.path)) == 1
    with Project(project.path, read_only=True) as reread:
        assert len(reread.spans.for_document(window.session.document_id, window.session.annotator)) >= 1


def test_a_failed_backup_says_so_in_the_message_bar(window, project, monkeypatch, qtbot):
    from annotator.core import backups
    from annotator.core.errors import StorageError

    window.backup.wait()
    for made in backups.list_backups(project.path):
        made.path.unlink()

    def refused(*args, **kwargs):
        raise StorageError("backups: cannot write a backup (disk full); free some space or check permissions")

    monkeypatch.setattr(backups, "create", refused)
    window._backup_if_due()
    qtbot.waitUntil(lambda: not window.message_bar.isHidden())
    assert window.message_bar.is_problem and "cannot write a backup" in window.message_bar.text.text()


def test_a_window_that_crashed_on_this_machine_is_not_asked_about(qtbot, project, second_window):
    import subprocess
    import sys

    crashed = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    session = project.sessions.start("A")
    project.store.conn.execute("UPDATE sessions SET pid = ? WHERE id = ?", [int(crashed), session])
    prefs.set_annotator_for(project.path, "A")
    win, asked = second_window("read_only")
    assert win.open_project(project.path) and asked == [] and not win.project.read_only
    win.close()
