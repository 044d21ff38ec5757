"""Undo names the layer it changed (issue 24): the Curation window's Ctrl+Z undoes gold only, the main window's
Ctrl+Z the annotator's own layer, and the status bar says which. And the Agreement window's disagreements in
words: the text of the place, each annotator's name and label, in plain language (Arabic in Arabic)."""

from __future__ import annotations

import pytest
from gui_texts import ARTICLE
from PySide6.QtCore import Qt

from annotator.core.model import GOLD

CTRL = Qt.KeyboardModifier.ControlModifier


def at(word):
    i = ARTICLE.index(word)
    return i, i + len(word)


def layer(project, doc_id, who):
    return sorted((ARTICLE[s.start : s.end], s.label) for s in project.spans.for_document(doc_id, who))


def activate(qtbot, widget, focus):
    widget.activateWindow()
    focus.setFocus()
    qtbot.waitUntil(widget.isActiveWindow)


@pytest.fixture
def curating(window, qtbot, project):
    """A and B disagree on CNN; A (the window's annotator) labels نتنياهو in the window; gold takes B's CNN
    in the Curation window. Two undoable steps, one in each layer."""
    doc = window.session.document_id
    project.spans.add(doc, "A", *at("CNN"), "ORG")
    project.spans.add(doc, "B", *at("CNN"), "MISC")
    window.look_for_changes_elsewhere()
    window.session.span_ops.add(doc, *at("نتنياهو"), "PER")
    window.dialogs.open_curation()
    dialog = window.dialogs.curation_dialog
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog, dialog.table)
    rows = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    dialog.table.setCurrentCell(rows.index("CNN"), 0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_2)  # gold takes B's version
    assert layer(project, doc, GOLD) == [("CNN", "MISC")]
    return window, dialog, doc


def test_ctrl_z_in_the_curation_window_undoes_gold_only_and_says_so(curating, qtbot, project):
    window, dialog, doc = curating
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, CTRL)
    assert layer(project, doc, GOLD) == []
    assert layer(project, doc, "A") == [("CNN", "ORG"), ("نتنياهو", "PER")]  # A's own step is untouched
    said = window.statusBar().currentMessage()
    assert said.startswith("undid: gold — ") and "B" in said, said
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # and redo, in gold
    assert layer(project, doc, GOLD) == [("CNN", "MISC")]
    assert window.statusBar().currentMessage().startswith("redid: gold — ")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, CTRL)
    assert window.statusBar().currentMessage() == "nothing to undo in gold"
    assert layer(project, doc, "A") == [("CNN", "ORG"), ("نتنياهو", "PER")]


def test_ctrl_z_in_the_main_window_with_curation_open_undoes_the_annotators_layer_and_says_so(curating, qtbot, project):
    window, dialog, doc = curating
    assert dialog.isVisible()
    activate(qtbot, window, window.workspace.view)
    qtbot.keyClick(window.workspace.view, Qt.Key.Key_Z, CTRL)
    assert layer(project, doc, "A") == [("CNN", "ORG")]
    assert layer(project, doc, GOLD) == [("CNN", "MISC")]  # gold is untouched
    said = window.statusBar().currentMessage()
    assert said.startswith("undid: your layer (\u2068A\u2069) — ") and "نتنياهو" in said, said
    window.workspace.redo()
    assert window.statusBar().currentMessage().startswith("redid: your layer (\u2068A\u2069) — ")
    for _ in range(3):  # نتنياهو, then the CNN A added, then nothing
        window.workspace.undo()
    assert window.statusBar().currentMessage() == "nothing to undo in your layer (\u2068A\u2069)"
    assert layer(project, doc, GOLD) == [("CNN", "MISC")]


def test_labelling_gold_by_hand_then_ctrl_z_in_the_main_window_says_gold(curating, qtbot, project):
    window, dialog, doc = curating
    dialog.edit_here()  # E: the window now writes as gold
    window.workspace.undo()
    assert layer(project, doc, GOLD) == [] and window.statusBar().currentMessage().startswith("undid: gold — ")
    assert layer(project, doc, "A") == [("CNN", "ORG"), ("نتنياهو", "PER")]


def test_the_suggestions_windows_undo_names_the_layer(window, qtbot, project):
    window.session.span_ops.add(window.session.document_id, *at("نتنياهو"), "PER")
    window.dialogs.open_suggestions()
    window.dialogs.suggestions_dialog.undo()
    assert window.statusBar().currentMessage().startswith("undid: your layer (\u2068A\u2069) — ")


# ---- the Agreement window's Disagreements tab in words -------------------------------------------------------
QUOTED = "إن الولايات المتحدة لن تستخدم الفيتو"


@pytest.fixture
def differing(project):
    """A and B in 01 article: A alone marks جو بايدن; PER / ORG on الولايات; a quotation both mark, direct for A
    and indirect for B, said by بايدن for A and by nobody for B, AGAINST إسرائيل for B only; and the
    document's stance toward إسرائيل, AGAINST for A and FAVOR for B."""
    doc = project.documents.by_name("01 article").id
    project.spans.add(doc, "A", *at("جو بايدن"), "PER")
    project.spans.add(doc, "A", *at("الرئيس"), "PER")
    project.spans.add(doc, "B", *at("الرئيس"), "ORG")
    qa = project.spans.add(doc, "A", *at(QUOTED), "QUOTE", {"kind": "direct"})
    project.spans.add(doc, "B", *at(QUOTED), "QUOTE", {"kind": "indirect", "stance": "AGAINST", "target": "إسرائيل"})
    speaker = [s for s in project.spans.for_document(doc, "A") if s.text == "جو بايدن"][0]
    project.relations.add("SPEAKER", qa.id, speaker.id)
    project.doc_labels.set(doc, "A", "stance", "إسرائيل", "AGAINST")
    project.doc_labels.set(doc, "B", "stance", "إسرائيل", "FAVOR")
    return project


def disagreements_tab(window, qtbot):
    window.dialogs.open_agreement()
    dialog = window.dialogs.agreement_dialog
    assert dialog.wait() and qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000) is None
    dialog.tabs.setCurrentWidget(dialog.disagreements)
    shown = dialog.disagreements.model()
    rows = [[shown.index(r, c).data() for c in range(shown.columnCount())] for r in range(shown.rowCount())]
    headers = [shown.headerData(c, Qt.Orientation.Horizontal) for c in range(shown.columnCount())]
    return dialog, headers, rows


def isolated(text):
    return f"\u2068{text}\u2069"


def test_the_disagreements_tab_says_in_words_who_marked_what(window, qtbot, differing, tmp_path):
    dialog, headers, rows = disagreements_tab(window, qtbot)
    assert headers == ["Document", "Kind", "Text", "Disagreement"]
    said = {row[3]: row for row in rows}
    a, b = isolated("A"), isolated("B")
    biden, president, quoted = isolated("جو بايدن"), isolated("الرئيس"), isolated(QUOTED)
    a_biden, nothing = isolated(f"PER «{biden}»"), isolated("nothing")
    assert said[f"{a}: {a_biden} — {b}: {nothing}"][:3] == ["01 article", "entity", "جو بايدن"]
    assert said[f"{a}: {isolated(f'PER «{president}»')} — {b}: {isolated(f'ORG «{president}»')}"][2] == "الرئيس"
    assert f"{a} and {b} differ on the kind of quotation: {isolated('direct')} / {isolated('indirect')}" in said
    assert f"{a} and {b} differ on who says it: {a_biden} / {nothing}" in said
    assert (
        f"{a} and {b} differ on the stance toward {isolated('إسرائيل')}: {isolated('AGAINST')} / {isolated('FAVOR')}"
    ) in said
    only_b = said[f"only {b} set the speaker's stance toward {isolated('إسرائيل')}: {isolated('AGAINST')}"]
    assert only_b[1:3] == ["speaker's stance", QUOTED]
    codes = {"only_a", "only_b", "quotation_stance", "label_and_boundaries", "boundaries", "value"}
    assert not [cell for row in rows for cell in row if cell in codes or "–" in cell], rows  # no codes, no offsets
    assert f"{quoted}" not in said  # (the words are not a code)
    # a double-click on a row still jumps to its place
    table = dialog.disagreements
    row = rows.index(said[f"{a}: {a_biden} — {b}: {nothing}"])
    window.session.open_name("02 gaza")
    where = table.visualRect(table.model().index(row, 3)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a double-click's first click
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.session.document.name == "01 article" and window.workspace.view.selection() == at("جو بايدن")
    assert window.statusBar().currentMessage() == f"entity «{biden}»: {a}: {a_biden} — {b}: {nothing}"
    dialog.resize(1100, 420)
    assert dialog.grab().save(str(tmp_path / "disagreements-en.png"))  # to look at


def test_the_disagreements_tab_speaks_arabic_in_the_arabic_interface(qapp, window, qtbot, differing, tmp_path):
    from test_translations import untranslated

    from annotator.gui import i18n

    window.close_project()
    assert i18n.install("ar", qapp) == "ar"
    try:
        from annotator.gui.main_window import MainWindow

        arabic = MainWindow(ask_name=lambda *a: pytest.fail("the name was already known"), ask_files=lambda *a: [])
        qtbot.addWidget(arabic)
        assert arabic.open_project(differing.path)
        arabic.show()
        dialog, headers, rows = disagreements_tab(arabic, qtbot)
        assert headers == ["المستند", "النوع", "النص", "الخلاف"]
        a, b = isolated("A"), isolated("B")
        said = {row[3] for row in rows}
        a_biden = isolated(f"شخص (PER) «{isolated('جو بايدن')}»")  # the label by its Arabic name and code
        assert f"\u200f{a}: {a_biden} — {b}: {isolated('لا شيء')}" in said
        assert f"يختلف {a} و{b} في نوع الاقتباس: {isolated('مباشر')} / {isolated('غير مباشر')}" in said
        assert (
            f"يختلف {a} و{b} في الموقف من {isolated('إسرائيل')}: {isolated('معارض (AGAINST)')} / "
            f"{isolated('مؤيد (FAVOR)')}"
        ) in said
        allowed = {"A", "B", "PER", "ORG", "QUOTE", "AGAINST", "FAVOR"}
        assert [row for row in rows if any(untranslated(cell, allowed) for cell in row[1:])] == []
        dialog.resize(1100, 420)
        dialog.tabs.setCurrentWidget(dialog.disagreements)
        assert dialog.isRightToLeft() and dialog.grab().save(str(tmp_path / "disagreements-ar.png"))
        dialog.close()
        arabic.close_project()
    finally:
        i18n.install("en", qapp)
