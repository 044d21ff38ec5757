"""The documents list of a big project (issue 27 item 5): it reads the rows it shows, a page at a time, and
still shows every document in order with its status and counts, follows the open document and opens the
one clicked. The figures are benchmarks/bench_window_scale.py's; nothing here is timed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
from annotator.core.project import Project
from annotator.core.store.documents import DocumentRows
from annotator.gui.document_list import PAGE

TEXT = "قال بايدن في غزة إن الحرب ستنتهي"
BIG = 5000  # documents of the project whose opening is counted
SMALL = 2 * PAGE + 37  # documents over three pages


def _documents(n: int) -> list[AnnotatedDocument]:
    word = TEXT.index("بايدن")
    return [
        AnnotatedDocument(
            f"doc {i:05d}",
            f"{TEXT} {i}",
            layers=[Layer("A", spans=[SpanRecord("T1", word, word + 5, "PER")] * (i % 3 > 0))] if i % 2 else [],
        )
        for i in range(n)
    ]


@pytest.fixture(scope="module")
def big_project(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "big.annotator"
    with Project(path) as p:
        p.import_documents(_documents(BIG))
    return path


def _open(qtbot, path):
    from annotator.gui import settings as prefs
    from annotator.gui.main_window import MainWindow

    prefs.set_annotator_name("A")
    win = MainWindow(ask_name=lambda *a: "A")
    qtbot.addWidget(win)
    assert win.open_project(path)
    win.resize(1300, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def small(qtbot, tmp_path):
    path = tmp_path / "small.annotator"
    with Project(path) as p:
        p.import_documents(_documents(SMALL))
    win = _open(qtbot, path)
    yield win
    win.close_project()


def test_opening_a_big_project_reads_only_the_rows_it_shows(qtbot, big_project, monkeypatch):
    read = {"page": 0, "all": 0}
    page, summaries = DocumentRows.document_page, DocumentRows.document_summaries

    def counted_page(self, *args):
        rows = page(self, *args)
        read["page"] += len(rows)
        return rows

    def counted_summaries(self):
        rows = summaries(self)
        read["all"] += len(rows)
        return rows

    monkeypatch.setattr(DocumentRows, "document_page", counted_page)
    monkeypatch.setattr(DocumentRows, "document_summaries", counted_summaries)
    win = _open(qtbot, big_project)
    nav = win.workspace.navigator
    nav.viewport().grab()  # painted
    assert nav.topLevelItemCount() == BIG and len(win.session.documents) == BIG
    assert read["all"] == 0 and 0 < read["page"] <= 3 * PAGE  # not 5,000
    assert nav.topLevelItem(BIG - 1).text(0) == f"doc {BIG - 1:05d}"  # the last one read when asked for
    assert read["page"] <= 4 * PAGE
    win.close_project()


def test_the_list_shows_every_document_in_order_with_its_status_and_counts(small, tmp_path):
    nav, session = small.workspace.navigator, small.session
    names = [f"doc {i:05d}" for i in range(SMALL)]
    assert [nav.topLevelItem(i).text(0) for i in range(SMALL)] == names
    assert [d.name for d in session.documents] == names and session.documents[-1].name == names[-1]
    # the counts of rows of every page: PER spans of annotator A on the odd documents with i % 3 > 0
    assert [nav.topLevelItem(i).text(2) for i in range(SMALL)] == [
        "1" if i % 2 and i % 3 else "0" for i in range(SMALL)
    ]
    assert {nav.topLevelItem(i).text(1) for i in range(SMALL)} == {"new"}
    far = SMALL - 5
    with Project(session.project.path) as other:  # another program marks one far down
        other.status.set(session.documents.ids[far], "A", "done")
    session.reload_from_file()
    assert nav.topLevelItem(far).text(1) == "done" and nav.topLevelItem(far - 1).text(1) == "new"
    tip = nav.model().index(far, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(names[far]) and str(len(f"{TEXT} {far}")) in tip


def test_a_click_far_down_the_list_opens_that_document_and_the_list_follows(small, qtbot):
    nav, session = small.workspace.navigator, small.session
    row = SMALL - 3
    nav.scrollTo(nav.model().index(row, 0))
    rect = nav.visualItemRect(nav.topLevelItem(row))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.topLeft() + QPoint(10, 4))
    assert session.document.name == f"doc {row:05d}" and session.index == row
    assert nav.currentIndex().row() == row
    session.open_index(PAGE + 1)  # PgDown / PgUp and the find bar open by index or name
    assert nav.currentIndex().row() == PAGE + 1
    assert session.open_name(f"doc {PAGE * 2 + 3:05d}") and nav.currentIndex().row() == PAGE * 2 + 3
    assert session.next_document() and session.document.name == f"doc {PAGE * 2 + 4:05d}"


def test_the_open_document_s_row_shows_its_new_status_and_counts(small, qtbot):
    nav, session, view = small.workspace.navigator, small.session, small.workspace.view
    row = 2 * PAGE + 2
    session.open_index(row)
    assert nav.topLevelItem(row).text(1) == "new" and nav.topLevelItem(row).text(2) == "0"
    start = session.document.text.index("غزة")
    view.set_selection(start, start + 3)
    qtbot.keyClick(view, Qt.Key.Key_3)  # GPE
    assert [nav.topLevelItem(row).text(c) for c in (1, 2)] == ["in progress", "1"]
    assert nav.topLevelItem(row - 1).text(1) == "new"


def test_curation_progress_shows_on_rows_of_every_page(small):
    nav, session = small.workspace.navigator, small.session
    far = session.documents.ids[SMALL - 1]
    nav.show_curation({far: (1, 2)})
    assert nav.headerItem().text(1) == "Gold" and nav.topLevelItem(SMALL - 1).text(1) == "1/2"
    nav.show_curation({})
    assert nav.headerItem().text(1) == "Status" and nav.topLevelItem(SMALL - 1).text(1) == "new"


def test_the_find_bar_goes_to_hits_in_documents_far_down_the_list(small, qtbot):
    session, bar = small.session, small.find_bar
    session.open_index(SMALL - 2)
    bar.open_bar()
    bar.everywhere.setChecked(True)
    bar.query.setText("غزة")
    assert len({h.document_id for h in bar.hits}) == SMALL
    bar.step(1)  # the first hit at or after the open document
    assert session.index == SMALL - 2
    bar.step(1)
    assert session.index == SMALL - 1 and small.workspace.navigator.currentIndex().row() == SMALL - 1
    bar.close_bar()


def test_opening_a_project_of_one_annotator_counts_no_spans_per_annotator(qtbot, tmp_path, monkeypatch):
    """Whose work the project holds besides the annotator's (the note on opening): with no other annotator
    listed, the spans are all theirs, and counting every span per annotator (seconds at 100,000 articles)
    is not needed."""
    from annotator.core.project_session import OthersWork
    from annotator.core.store import Store

    path = tmp_path / "one.annotator"
    with Project(path) as p:
        p.import_documents(_documents(7))
    monkeypatch.setattr(Store, "counts_per_annotator", lambda self: pytest.fail("counted per annotator"))
    win = _open(qtbot, path)
    assert win.hold.others_work() == OthersWork(2, []) and win.message_bar.isHidden()
    win.close_project()


def test_who_is_here_marks_rows_of_every_page(small):
    """The mark after a document's name (another annotator has it open) shows on a row read before it came
    and goes when they leave: the rows' texts are made once, and made again when the marks change."""
    from annotator.gui.panels.documents import HERE_MARK

    nav, session = small.workspace.navigator, small.session
    row = SMALL - 1
    assert nav.topLevelItem(row).text(0) == f"doc {row:05d}"  # read and kept
    nav.documents_model.show_who_is_here({session.documents.ids[row]: ["B"]})
    assert nav.topLevelItem(row).text(0) == f"doc {row:05d}{HERE_MARK}" and "B" in nav.topLevelItem(row).toolTip(0)
    assert nav.topLevelItem(row - 1).text(0) == f"doc {row - 1:05d}"
    nav.documents_model.show_who_is_here({})
    assert nav.topLevelItem(row).text(0) == f"doc {row:05d}"


def test_home_and_end_in_the_list_go_to_the_first_and_the_last_document(small, qtbot):
    nav = small.workspace.navigator
    nav.setFocus()
    qtbot.keyClick(nav, Qt.Key.Key_End)
    assert nav.currentIndex().row() == SMALL - 1
    qtbot.keyClick(nav, Qt.Key.Key_Home)
    assert nav.currentIndex().row() == 0
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    qtbot.keyClick(nav, Qt.Key.Key_Return)  # Enter opens the document, as a click does
    assert small.session.index == 1
