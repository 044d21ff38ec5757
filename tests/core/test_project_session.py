"""A window's hold on a project without Qt (core/project_session.py): the take-over rule, the heartbeat, stale
and crashed sessions, backups on opening, closing."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from annotator.core import backups
from annotator.core.errors import AnnotatorError
from annotator.core.model import AnnotatedDocument
from annotator.core.project import Project
from annotator.core.project_session import READ_ONLY, TAKE_OVER, Conflict, ProjectHeld, ProjectSession

TEXT = "قال الرئيس إن الوضع صعب."


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "news.annotator"
    with Project(path) as project:
        project.import_documents([AnnotatedDocument("01", TEXT)])
    return path


def opened(path, annotator="A", choice=None) -> ProjectSession:
    hold = ProjectSession.open(path, annotator)
    hold.start(choice)
    return hold


def test_a_first_window_writes_and_holds_the_project(path):
    hold = opened(path)
    assert hold.writing and not hold.read_only and hold.conflict() is None
    hold.project.spans.add(hold.project.documents.list()[0].id, "A", 0, 3, "CUE")
    hold.close()
    with Project(path) as project:
        assert project.sessions.live() == [] and len(project.spans.for_document(1, "A")) == 1


def test_a_second_window_of_the_annotator_is_a_conflict_to_choose_on(path):
    first = opened(path)
    second = ProjectSession.open(path, "A")
    conflict = second.conflict()
    assert isinstance(conflict, Conflict)
    assert conflict.annotator == "A" and conflict.session_ids == (first.session_id,)
    assert "annotator A" in conflict.who and conflict.choices == (READ_ONLY, TAKE_OVER)
    with pytest.raises(ProjectHeld, match="reopen it to choose"):
        second.start()  # a conflict needs the user's answer
    with pytest.raises(ValueError):
        second.start("both")
    assert not second.writing
    second.close()
    first.close()


def test_read_only_refuses_writes_with_the_reason_given(path):
    first = opened(path)
    second = ProjectSession.open(path, "A")
    second.start(READ_ONLY, read_only_reason="read-only: A works in another window")
    assert second.read_only and not second.writing
    with pytest.raises(AnnotatorError, match="A works in another window"):
        second.project.spans.add(1, "A", 0, 3, "CUE")
    assert first.heartbeat() is True and first.writing  # the first window still holds it
    assert second.heartbeat() is True  # a read-only window has no session to keep
    second.close()
    first.close()


def test_taking_over_ends_the_other_session_whose_heartbeat_then_says_so(path):
    first = opened(path)
    second = opened(path, choice=TAKE_OVER)
    assert second.writing and second.conflict() is None
    assert first.heartbeat() is False and first.taken_over and not first.writing
    first.stop_writing("read-only: taken over")
    assert first.read_only
    with pytest.raises(AnnotatorError, match="taken over"):
        first.project.spans.add(1, "A", 0, 3, "CUE")
    assert first.heartbeat() is True  # nothing more to say
    second.project.spans.add(1, "A", 0, 3, "CUE")  # the new holder writes
    first.close()
    assert second.heartbeat() is True  # closing the old window leaves the new one live
    second.close()


def test_another_annotator_is_no_conflict(path):
    first = opened(path)
    other = ProjectSession.open(path, "B")
    assert other.conflict() is None
    other.start()
    assert other.writing and first.heartbeat() and other.heartbeat()
    other.close()
    first.close()


def test_a_stale_session_is_no_conflict(path, monkeypatch):
    """A window gone without closing (no heartbeat for a minute) does not hold the project."""
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - 120)
    gone = opened(path)
    monkeypatch.setattr(time, "time", real)
    hold = ProjectSession.open(path, "A")
    assert hold.conflict() is None
    hold.start()
    assert hold.writing
    hold.close()
    gone.project.close()


def test_a_window_that_crashed_on_this_machine_is_no_conflict(path, monkeypatch):
    dead = int(
        subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout
    )
    monkeypatch.setattr(os, "getpid", lambda: dead)
    crashed = opened(path)
    monkeypatch.undo()
    hold = ProjectSession.open(path, "A")
    assert hold.conflict() is None
    hold.close()
    crashed.project.close()


def test_the_heartbeat_keeps_a_window_live(path, monkeypatch):
    real, start = time.time, time.time()
    clock = [start]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    first = opened(path)
    for _ in range(10):  # ten beats 15 s apart: 150 s, far past the stale limit
        clock[0] += 15
        assert first.heartbeat()
    assert ProjectSession.open(path, "A").conflict() is not None
    clock[0] += 120  # then silence: stale
    assert ProjectSession.open(path, "A").conflict() is None
    monkeypatch.setattr(time, "time", real)
    first.close()


def test_a_backup_on_opening_then_at_most_one_an_hour(path):
    hold = opened(path)
    assert hold.backup_if_due() is not None
    assert hold.backup_if_due() is None  # the hourly timer finds one made just now
    assert len(backups.list_backups(path)) == 1
    with Project(backups.list_backups(path)[0].path) as copy:
        assert [d.name for d in copy.documents.list()] == ["01"]
    hold.close()


def test_no_backup_when_read_only_turned_off_or_closed(path, tmp_path):
    first = opened(path)
    second = opened(path, choice=READ_ONLY)
    assert second.backup_if_due() is None
    assert first.backup_if_due(enabled=False) is None
    first.close()
    assert first.backup_if_due() is None
    assert backups.list_backups(path) == []
    second.close()


def test_others_work_and_the_working_annotators(path):
    with Project(path) as project:
        project.spans.add(1, "B", 0, 3, "CUE")
        project.spans.add(1, "B", 4, 10, "PER")
        project.spans.add(1, "gold", 0, 3, "CUE")
    hold = opened(path)
    hold.project.spans.add(1, "A", 0, 3, "CUE")
    work = hold.others_work()
    assert work.mine == 1 and work.theirs == [(2, "B"), (1, "gold")]
    assert hold.working_annotators() == ["A", "B"]
    hold.close()


def test_changes_elsewhere_are_noticed(path):
    hold = opened(path)
    hold.changed_elsewhere()  # from now on
    assert hold.changed_elsewhere() is False
    with Project(path) as other:
        other.spans.add(1, "B", 0, 3, "CUE")
    assert hold.changed_elsewhere() is True
    hold.close()
    assert hold.changed_elsewhere() is False  # closed: nothing to look at


def test_closing_ends_the_session_once(path):
    hold = opened(path)
    hold.close()
    hold.close()
    assert hold.closed and not hold.writing
    again = ProjectSession.open(path, "A")
    assert again.conflict() is None  # the next window is not asked about this one
    again.close()
