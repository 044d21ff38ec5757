"""The annotator is chosen per project: switching in one project leaves the others as they were, and a
project that holds other annotators' work says so when opened."""

from __future__ import annotations

from gui_texts import ARTICLE

from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
from annotator.core.project import Project
from annotator.gui import settings as prefs
from annotator.gui.main_window import MainWindow


def _window(qtbot, ask_name=lambda *a: None):
    win = MainWindow(ask_name=ask_name)
    qtbot.addWidget(win)
    return win


def test_switching_annotator_in_one_project_leaves_the_other_as_it_was(qtbot, project, tmp_path):
    prefs.set_annotator_name("A")
    demo = tmp_path / "demo.annotator"
    with Project(demo) as other:
        other.import_documents([AnnotatedDocument("d", ARTICLE)])
    win = _window(qtbot)
    assert win.open_project(demo)
    win.session.span_ops.add(win.session.document_id, 0, 3, "PER")  # A's earlier work in the demo
    assert win.open_project(project.path)
    win.ask_name = lambda *a: "B"
    win.switch_annotator()
    assert win.session.annotator == "B"
    assert win.open_project(demo)  # back to the demo: still A, work still there
    assert win.session.annotator == "A" and len(win.session.layer) == 1
    assert "annotating as A" in win.windowTitle()
    assert win.annotator_label.text() == "annotator: A"
    assert win.workspace.navigator.headerItem().text(0) == "Documents — A"
    assert win.open_project(project.path)  # and B where B was chosen
    assert win.session.annotator == "B" and "annotating as B" in win.windowTitle()
    # A project opened for the first time starts with the name chosen last.
    fresh = tmp_path / "fresh.annotator"
    assert win.open_project(fresh) and win.session.annotator == "B"


def test_a_project_with_other_annotators_work_says_so(qtbot, tmp_path):
    prefs.set_annotator_name("A")
    path = tmp_path / "team.annotator"
    with Project(path) as project:
        project.import_documents(
            [
                AnnotatedDocument(
                    "d",
                    ARTICLE,
                    layers=[
                        Layer("B", [SpanRecord(f"T{i}", i, i + 2, "PER") for i in range(0, 40, 3)]),
                        Layer("C", [SpanRecord("T1", 0, 3, "ORG")]),
                    ],
                )
            ]
        )
    win = _window(qtbot)
    assert win.open_project(path)
    bar = win.message_bar
    assert bar.isHidden()  # the note comes after the first paint (counting by annotator may take seconds)
    qtbot.waitUntil(lambda: not bar.isHidden())
    assert not bar.is_problem
    assert "B has 14 spans here; C has 1 span here" in bar.text.text()
    assert "annotating as A (0 spans)" in bar.text.text()
    win.ask_name = lambda *a: "B"
    bar.action_button.click()  # Switch annotator… from the note
    assert win.session.annotator == "B" and len(win.session.layer) == 14
    qtbot.waitUntil(lambda: "B has" not in bar.text.text())
    assert "C has 1 span here" in bar.text.text() and "B has" not in bar.text.text()


def test_a_project_of_ones_own_work_shows_no_note(window, qtbot):
    qtbot.wait(200)  # (the note would come after the first paint)
    assert window.message_bar.isHidden()


def _team_project(path):
    with Project(path) as project:
        project.import_documents(
            [AnnotatedDocument("d", ARTICLE, layers=[Layer("B", [SpanRecord("T1", 0, 3, "PER")])])]
        )
    return path


def test_others_work_is_counted_off_the_gui_thread_while_the_window_answers(qtbot, tmp_path, monkeypatch):
    """Counting every span per annotator takes seconds at 100,000 articles: it runs in a thread of its own,
    on a connection of its own, and the window paints and answers meanwhile."""
    import threading

    from annotator.core.store import Store

    prefs.set_annotator_name("A")
    path = _team_project(tmp_path / "team.annotator")
    counting, release, threads = threading.Event(), threading.Event(), []
    real = Store.counts_per_annotator

    def slow(self):
        threads.append(threading.current_thread())
        counting.set()
        release.wait(10)
        return real(self)

    monkeypatch.setattr(Store, "counts_per_annotator", slow)
    win = _window(qtbot)
    assert win.open_project(path)
    assert counting.wait(10)  # counting, and the GUI thread is not in it:
    win.session.span_ops.add(win.session.document_id, 4, 8, "PER")  # an edit goes through
    assert win.message_bar.isHidden()
    release.set()
    qtbot.waitUntil(lambda: not win.message_bar.isHidden())
    assert (
        "B has 1 span here" in win.message_bar.text.text() and "annotating as A (1 span)" in win.message_bar.text.text()
    )
    assert threads and all(t is not threading.main_thread() for t in threads)


def test_a_count_that_ends_after_its_project_closed_says_nothing(qtbot, tmp_path, monkeypatch):
    import threading

    from annotator.core.store import Store

    prefs.set_annotator_name("A")
    path = _team_project(tmp_path / "team.annotator")
    counting, release = threading.Event(), threading.Event()
    real = Store.counts_per_annotator

    def slow(self):
        counting.set()
        release.wait(10)
        return real(self)

    monkeypatch.setattr(Store, "counts_per_annotator", slow)
    win = _window(qtbot)
    assert win.open_project(path) and counting.wait(10)
    threading.Timer(0.2, release.set).start()
    win.close_project()  # waits for the count, then drops it
    qtbot.wait(100)
    assert win.message_bar.isHidden() and win.others_note.job is None


def test_a_project_of_an_older_format_opened_says_where_it_is_kept_as_it_was(qtbot, tmp_path):
    from older_projects import older_format

    from annotator.core import backups

    path = older_format(tmp_path / "old.annotator", ARTICLE)
    prefs.set_annotator_name("A")
    win = _window(qtbot)
    assert win.open_project(path)
    kept = list(backups.folder_of(path).glob("*-before-upgrade.annotator"))
    assert len(kept) == 1 and not win.message_bar.isHidden() and not win.message_bar.is_problem
    assert "older versions cannot open" in win.message_bar.text.text() and str(kept[0]) in win.message_bar.text.text()
    win.close_project()
    assert win.open_project(path)  # upgraded once: nothing more to say
    assert win.session.project.kept_before_upgrade is None and win.message_bar.isHidden()
