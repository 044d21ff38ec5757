"""Tools › Curation: settling disagreements into gold by keys, ending in the expected gold layer."""

from __future__ import annotations

from gui_texts import ARTICLE
from PySide6.QtCore import Qt

from annotator.core.model import GOLD


def at(word):
    i = ARTICLE.index(word)
    return i, i + len(word)


def gold(project, doc_id):
    return sorted((ARTICLE[s.start : s.end], s.label) for s in project.spans.for_document(doc_id, GOLD))


def test_curation_by_keys_ends_in_the_expected_gold(window, qtbot, project):
    doc = window.session.document_id
    for who in "AB":
        project.spans.add(doc, who, *at("جو بايدن"), "PER")  # agreed
    project.spans.add(doc, "A", *at("نتنياهو"), "PER")  # A only
    project.spans.add(doc, "A", *at("لواشنطن"), "GPE")  # disagreement: B says LOC, without the clitic
    w = ARTICLE.index("لواشنطن")
    project.spans.add(doc, "B", w + 1, w + 7, "LOC")
    project.spans.add(doc, "B", *at("CNN"), "ORG")  # B only
    window.look_for_changes_elsewhere()
    window.dialogs.open_curation()
    dialog = window.dialogs.curation_dialog
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.table.setFocus()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.table.rowCount() == 4 and "0 of 4 settled, 1 agreed" in dialog.progress.text()
    assert dialog.table.horizontalHeaderItem(2).text() == "1: A"

    def key(k):
        qtbot.keyClick(dialog.table, k)

    key(Qt.Key.Key_G)  # accept all agreed: جو بايدن
    assert gold(project, doc) == [("جو بايدن", "PER")]
    assert "1 of 4 settled" in dialog.progress.text()
    rows = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    dialog.table.setCurrentCell(rows.index("نتنياهو"), 0)
    key(Qt.Key.Key_R)  # reject A's نتنياهو
    dialog.table.setCurrentCell(rows.index("لواشنطن"), 0)
    assert window.workspace.view.selection() == at("لواشنطن")  # the article shows where the row is
    key(Qt.Key.Key_2)  # take B's LOC without the clitic
    dialog.table.setCurrentCell(rows.index("CNN"), 0)
    key(Qt.Key.Key_2)  # take B's ORG
    assert gold(project, doc) == sorted([("جو بايدن", "PER"), ("واشنطن", "LOC"), ("CNN", "ORG")])
    assert "4 of 4 settled" in dialog.progress.text()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ("CNN", "ORG") not in gold(project, doc) and "3 of 4 settled" in dialog.progress.text()
    key(Qt.Key.Key_V)  # the article shows B's layer, then...
    assert window.session.shown_annotator == "B" and len(window.session.layer) == 3
    dialog.table.setCurrentCell(rows.index("CNN"), 0)
    key(Qt.Key.Key_E)  # ...label gold by hand: the window writes as gold
    assert window.session.annotator == GOLD and window.annotator_label.text() == "annotator: gold"
    window.workspace.apply_label("MISC")
    assert ("CNN", "MISC") in gold(project, doc)


def test_the_documents_list_shows_curation_progress(window, qtbot, project):
    doc = window.session.document_id
    project.spans.add(doc, "A", *at("CNN"), "ORG")
    project.spans.add(doc, "B", *at("CNN"), "ORG")
    window.dialogs.open_curation()
    navigator = window.workspace.navigator
    assert navigator.headerItem().text(1) == "Gold" and navigator.topLevelItem(0).text(1) == "0/1"
    assert navigator.topLevelItem(1).text(1) == "0/0"
    window.dialogs.curation_dialog.accept_agreed()
    assert navigator.topLevelItem(0).text(1) == "1/1"
    window.dialogs.curation_dialog.close()  # its dock closes; the list shows statuses again
    assert navigator.headerItem().text(1) == "Status"


def test_file_merge_brings_another_annotators_project_in(window, qtbot, project, tmp_path):
    from annotator.core.project import Project

    other = tmp_path / "b.annotator"
    with Project(other) as theirs:
        doc = theirs.documents.add("same text, another name", ARTICLE)
        theirs.spans.add(doc.id, "B", *at("CNN"), "ORG")

    def merge(path):
        window.ask_files = lambda *_: [str(path)]
        window.dialogs.merge_projects()
        dialog = window.dialogs.job_dialog
        qtbot.addWidget(dialog)
        assert dialog.paths() == [str(path)]
        dialog.start_button.click()
        qtbot.waitUntil(lambda: dialog.job.outcome is not None, timeout=10000)
        return dialog.status.text()

    assert merge(other) == "merged B: 0 new documents, 1 span"
    assert [(s.annotator, s.label) for s in project.spans.for_document(window.session.document_id)] == [("B", "ORG")]
    assert "already here: B" in merge(other)  # the same work again: nothing added
    clash = tmp_path / "c.annotator"
    with Project(clash) as theirs:
        theirs.documents.add("01 article", "نص آخر")
    assert "different text" in merge(clash)


def test_a_cancelled_merge_leaves_nothing(window, qtbot, project, tmp_path, monkeypatch):
    import threading

    from annotator.core import merging
    from annotator.core.project import Project

    other = tmp_path / "b.annotator"
    with Project(other) as theirs:
        doc = theirs.documents.add("new one", "نص جديد تماما")
        theirs.spans.add(doc.id, "B", 0, 2, "ORG")
    entered, gate = threading.Event(), threading.Event()
    real = merging.merge

    def slow(project_, paths, renames, progress):
        class Held:  # the window's progress (core/progress.py), held while the last file is read
            def report(self, done, total, what):
                if done == total - 2:  # the next step is the writing, where the cancel stops it
                    entered.set()
                    gate.wait(10)
                progress.report(done, total, what)

            def cancelled(self):
                return progress.cancelled()

        return real(project_, paths, renames, Held())

    monkeypatch.setattr(merging, "merge", slow)
    window.ask_files = lambda *_: [str(other)]
    window.dialogs.merge_projects()
    dialog = window.dialogs.job_dialog
    qtbot.addWidget(dialog)
    dialog.start_button.click()
    assert entered.wait(10)
    dialog.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: dialog.job.outcome is not None, timeout=10000)
    assert dialog.job.outcome == "cancelled"
    assert [d.name for d in project.documents.list()] == ["01 article", "02 gaza", "03 cairo"]


def test_escape_closes_the_curation_window_and_changes_no_gold(window, qtbot, project):
    """Esc rejected the selected unit in gold (an ORG both annotators agreed on was removed) instead of
    closing the window: a key a user presses to get away never changes gold."""
    doc = window.session.document_id
    for who in ("A", "B", GOLD):
        project.spans.add(doc, who, *at("CNN"), "ORG")
    window.look_for_changes_elsewhere()
    window.dialogs.open_curation()
    dialog = window.dialogs.curation_dialog
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.table.setFocus()
    dialog.table.setCurrentCell(0, 0)
    qtbot.waitUntil(dialog.isActiveWindow)
    before = gold(project, doc)
    assert before == [("CNN", "ORG")]
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert gold(project, doc) == before
    assert not project.curation_marks.for_document(doc)
