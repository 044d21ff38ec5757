"""Opening a project made by an older annotator in the window (issue 27): counting its tokens again and
building its search index show a modal progress dialog ("Opening the project") when they take long, and
the project opens; quick work shows none."""

from __future__ import annotations

import pytest
from open_windows import open_window_as_a
from PySide6.QtWidgets import QProgressDialog

from annotator.core import tokens
from annotator.core.model import AnnotatedDocument
from annotator.core.project import Project
from annotator.gui import project_files
from annotator.gui.project_files import OpeningProgress

TEXTS = [f"قال الوزير {i} إن غزة ولواشنطن حق" for i in range(12)]


@pytest.fixture
def old_project(tmp_path):
    """A project whose token counts and search index were made by an older annotator."""
    path = tmp_path / "old.annotator"
    with Project(path) as project:
        project.import_documents([AnnotatedDocument(f"d{i:02d}", text) for i, text in enumerate(TEXTS)])
        with project.store.transaction():
            project.store.set_token_counts((i, 0) for i, _ in project.store.texts_to_count())
            project.store.set_setting("token_counts", "0 unicode 1.0")
            project.store.set_setting("search_index", "index 0 older rules")
    return path


@pytest.fixture
def dialogs(monkeypatch):
    """Every progress dialog opening shows, with what it showed: (title, label, value, maximum, modal)."""
    shown: list[tuple[QProgressDialog, list[tuple[str, str, int, int, bool]]]] = []

    class Recording(QProgressDialog):
        def __init__(self, *args):
            super().__init__(*args)
            shown.append((self, []))

        def setValue(self, value):
            super().setValue(value)
            states = shown[-1][1]
            states.append((self.windowTitle(), self.labelText(), value, self.maximum(), self.isModal()))

    monkeypatch.setattr(project_files, "QProgressDialog", Recording)
    return shown


def test_opening_an_old_project_shows_its_progress_and_opens_it(qtbot, old_project, dialogs, monkeypatch):
    monkeypatch.setattr(project_files, "SHOW_AFTER", 0)
    monkeypatch.setattr(project_files, "PAINT_EVERY", 0)
    win = open_window_as_a(qtbot, old_project)
    assert win.session is not None and win.session.project.documents.count() == len(TEXTS)
    with Project(old_project, create=False, read_only=True) as project:
        assert [n for _, n in project.store.conn.execute("SELECT id, tokens FROM documents ORDER BY id")] == [  # type: ignore[attr-defined]
            tokens.count(text) for text in TEXTS
        ]
    assert len(dialogs) == 1
    dialog, states = dialogs[0]
    assert {title for title, *_ in states} == {"Opening the project"} and all(modal for *_, modal in states)
    labels = [label for _, label, *_ in states]
    assert labels[0] == "Counting the tokens again (a new tokenizer)…" and labels[-1] == "Building the search index…"
    assert (states[-1][2], states[-1][3]) == (len(TEXTS), len(TEXTS))  # the last report: all done
    assert not dialog.isVisible()  # closed once the project is open


def test_quick_opening_shows_no_dialog(qtbot, old_project, dialogs):
    win = open_window_as_a(qtbot, old_project)  # a few documents: far less than SHOW_AFTER
    assert win.session is not None and dialogs == []


def test_the_dialog_comes_only_after_the_threshold(qtbot, dialogs):
    now = [0.0]
    progress = OpeningProgress(None, clock=lambda: now[0])
    progress.report(0, 10, "counting tokens again (new tokenizer)")
    now[0] = project_files.SHOW_AFTER / 2
    progress.report(5, 10, "counting tokens again (new tokenizer)")
    assert dialogs == [] and not progress.cancelled()
    now[0] = project_files.SHOW_AFTER
    progress.report(6, 10, "counting tokens again (new tokenizer)")
    assert len(dialogs) == 1 and dialogs[0][1][-1][2:4] == (6, 10)
    progress.close()
    assert progress.dialog is None


def test_opening_a_file_of_an_older_format_shows_the_copy_kept_first(qtbot, tmp_path, dialogs, monkeypatch):
    from older_projects import older_format

    from annotator.core import store

    monkeypatch.setattr(project_files, "SHOW_AFTER", 0)
    monkeypatch.setattr(project_files, "PAINT_EVERY", 0)
    monkeypatch.setattr(store, "COPY_PAGES", 1)  # a page a step: the copy is told of page by page
    path = older_format(tmp_path / "older.annotator", TEXTS[0])
    win = open_window_as_a(qtbot, path)
    assert win.session is not None and win.session.project.documents.count() == 1
    copying = [state for state in dialogs[0][1] if state[1].startswith("Keeping a copy of the project as it was")]
    assert len(copying) > 1 and copying[-1][2] == copying[-1][3]  # step by step, to the last page
