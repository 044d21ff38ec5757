"""The find bar: Ctrl+F, Arabic-aware hits marked in the article, F3 from hit to hit across documents,
and label-all with a preview applied as one undo step."""

from __future__ import annotations

import pytest
from gui_texts import ARTICLE, SECOND
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from annotator.gui.highlights import SEARCH_COLOUR


def marked(window):
    """The (start, end) code points the view paints in the find bar's colour."""
    view = window.workspace.view
    offsets = window.session.offsets
    return sorted(
        offsets.span_to_cp(s.cursor.selectionStart(), s.cursor.selectionEnd())
        for s in view.extraSelections()
        if s.format.background().color().name() == SEARCH_COLOUR
    )


def test_ctrl_f_finds_through_clitics_and_f3_walks_the_hits(window, qtbot):
    qtbot.keyClick(window.workspace.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert not bar.isHidden() and bar.query.hasFocus()
    bar.query.setText("واشنطن")  # the article has it only as لواشنطن
    w = ARTICLE.index("لواشنطن") + 1
    assert marked(window) == [(w, w + 6)] and bar.count.text() == "1 hit"
    bar.query.setText("بايدن")
    hits = [(h.start, h.end) for h in bar.hits]
    assert len(hits) == 2 and marked(window) == hits
    qtbot.keyClick(window.workspace.view, Qt.Key.Key_F3)
    assert window.workspace.view.selection() == hits[0]
    qtbot.keyClick(window.workspace.view, Qt.Key.Key_F3)
    assert window.workspace.view.selection() == hits[1] and bar.count.text() == "2 of 2"
    qtbot.keyClick(window.workspace.view, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.workspace.view.selection() == hits[0]


def test_all_documents_and_f3_opens_the_next_document(window, qtbot):
    window.open_find()
    bar = window.find_bar
    bar.everywhere.setChecked(True)
    bar.query.setText("قال")  # in 01 (قال, قالت) and in 02 (قال)
    documents = [h.document for h in bar.hits]
    assert "01 article" in documents and "02 gaza" in documents
    for _ in range(len(bar.hits)):
        bar.step(1)
    assert window.session.document.name == "02 gaza"
    g = SECOND.index("قال")
    assert window.workspace.view.selection() == (g, g + 3) and marked(window) == [(g, g + 3)]


def test_label_all_with_a_preview_is_one_undo_step(window, qtbot, project):
    doc = window.session.document_id
    i = ARTICLE.index("بايدن")
    project.spans.add(doc, "A", i, i + 5, "PER")  # one is labelled already
    window.look_for_changes_elsewhere()
    window.open_find()
    bar = window.find_bar
    bar.query.setText("بايدن")
    bar.label_choice.setCurrentText("PER")
    seen = []

    def answer(dialog):
        seen.extend(dialog.list.item(r).text() for r in range(dialog.list.count()))
        return QDialog.DialogCode.Accepted

    window.ask_preview = answer
    bar.label_all()
    assert len(seen) == 2 and sum("already labelled" in row for row in seen) == 1
    labels = sorted((s.start, s.label) for s in project.spans.for_document(doc, "A"))
    assert [start for start, _ in labels] == sorted(h.start for h in bar.hits)
    assert len(window.session.layer) == 2
    window.undo_action.trigger()  # one step takes back the whole label-all
    assert [(s.start, s.label) for s in project.spans.for_document(doc, "A")] == [(i, "PER")]


def test_label_all_shows_each_hit_in_its_line_and_unchecks_by_keyboard(window, qtbot, project, tmp_path):
    """Label all showed hits without their words around them, so «واشنطن بوست» (a newspaper) was labelled
    GPE: each row shows a line of context with the hit highlighted, and Space unchecks the current row."""
    from annotator.gui.find_bar import HIT_COLOUR, LabelAllPreview

    doc = window.session.document_id
    text = window.session.project.documents.get(doc).text
    window.open_find()
    bar = window.find_bar
    bar.query.setText("بايدن")
    assert len(bar.hits) >= 2
    shown = []

    def answer(dialog):
        shown.append(dialog)
        dialog.grab().save(str(tmp_path / "label-all.png"))
        rows = [dialog.list.item(r) for r in range(dialog.list.count())]
        for hit, row in zip(dialog.hits, rows, strict=True):
            before, after = (
                text[max(0, hit.start - 12) : hit.start].split()[-1:],
                text[hit.end : hit.end + 12].split()[:1],
            )
            assert all(word in row.text() for word in before + after), row.text()  # the words around it
            assert f"background-color:{HIT_COLOUR}'>{hit.text}</span>" in row.data(Qt.ItemDataRole.UserRole + 1)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Space)  # the first row is current: not this one
        assert dialog.list.item(0).checkState() == Qt.CheckState.Unchecked
        qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
        assert dialog.list.currentRow() == 1
        return QDialog.DialogCode.Accepted

    window.ask_preview = answer
    bar.label_choice.setCurrentText("PER")
    bar.label_all()
    assert isinstance(shown[0], LabelAllPreview)
    labelled = {s.start for s in project.spans.for_document(doc, "A") if s.label == "PER"}
    assert bar.hits[0].start not in labelled and len(labelled) == len(bar.hits) - 1


def test_typing_in_the_find_bar_reads_no_span_the_preview_reads_those_at_its_hits(window, qtbot, project, monkeypatch):
    """Issue 27: what is labelled at the hits is read for the hits "Label all…" shows, not per keystroke nor
    for every span of every document; "all documents" is answered from the project's search index."""
    from annotator.core.store import Store

    read: list[int] = []
    spans_at = Store.span_labels_at

    def counted(self, document_id, starts):
        read.append(document_id)
        return spans_at(self, document_id, starts)

    monkeypatch.setattr(Store, "span_labels_at", counted)
    i = ARTICLE.index("بايدن")
    project.spans.add(window.session.document_id, "A", i, i + 5, "PER")
    window.look_for_changes_elsewhere()
    window.open_find()
    bar = window.find_bar
    monkeypatch.setattr(Store, "spans_of", lambda *_: pytest.fail("a document's spans were read"))
    bar.everywhere.setChecked(True)
    for typed in ("ب", "با", "باي", "بايدن"):
        bar.query.setText(typed)
    assert read == [] and {h.document for h in bar.hits} >= {"01 article"}
    assert [(h.start, h.end) for h in bar.hits if h.document == "01 article"][0] == (i, i + 5)
    rows = []

    def answer(dialog):
        rows.extend(dialog.list.item(r).text() for r in range(dialog.list.count()))
        return QDialog.DialogCode.Rejected

    window.ask_preview = answer
    bar.label_choice.setCurrentText("PER")
    bar.label_all()
    assert sorted(set(read)) == sorted({h.document_id for h in bar.hits})  # the hits' documents, once each
    assert len(rows) == len(bar.hits) and sum("already labelled" in row for row in rows) == 1
