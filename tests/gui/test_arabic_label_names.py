"""Labels by name in the Arabic interface (issue 24): the legend was not mirrored and PER/ORG, QUOTE/CUE,
FAVOR/AGAINST stayed in English. In Arabic a label or stance value shows its Arabic name (the glossary's) with
its code, "شخص (PER)", wherever the window shows one, and the legend runs from the right; the files keep the
codes, and the English interface is unchanged."""

from __future__ import annotations

import pytest
from gui_texts import ARTICLE
from open_windows import open_window_as_a
from PySide6.QtCore import QPoint, Qt

from annotator.core.model import GOLD
from annotator.gui import i18n, terms


def at(word):
    i = ARTICLE.index(word)
    return i, i + len(word)


@pytest.fixture
def arabic_window(qapp, qtbot, project):
    doc = project.documents.by_name("01 article").id
    for who in "AB":
        project.spans.add(doc, who, *at("جو بايدن"), "PER")
    project.spans.add(doc, "A", *at("CNN"), "ORG")
    project.spans.add(doc, "B", *at("CNN"), "MISC")
    assert i18n.install("ar", qapp) == "ar"
    try:
        win = open_window_as_a(qtbot, project.path)
        yield win
        win.close()
    finally:
        i18n.install("en", qapp)


def left_of(widget):
    return widget.mapToGlobal(QPoint(0, 0)).x()


def test_the_arabic_legend_runs_from_the_right_and_names_the_labels(arabic_window, qtbot, tmp_path):
    legend = arabic_window.workspace.legend
    assert legend.layoutDirection() == Qt.LayoutDirection.RightToLeft
    buttons = legend.buttons
    assert buttons["PER"].text() == "1 شخص (PER)"
    assert buttons["ORG"].text() == "2 منظمة (ORG)"
    assert buttons["QUOTE"].text() == "Q اقتباس (QUOTE)" and buttons["CUE"].text() == "C فعل القول (CUE)"
    assert "شخص (PER)" in buttons["PER"].toolTip()
    per, org = buttons["PER"], buttons["ORG"]
    assert per.y() == org.y() and left_of(per) > left_of(org)  # the first label on the right
    right_edge = legend.mapToGlobal(QPoint(legend.width(), 0)).x()
    assert right_edge - (left_of(per) + per.width()) < 12  # ...at the legend's right edge
    assert legend.grab().save(str(tmp_path / "legend-ar.png"))


def test_arabic_names_wherever_a_label_is_shown_and_codes_in_the_file(arabic_window, qtbot):
    window = arabic_window
    project = window.project
    session = window.session
    doc = session.document_id
    menu = [a.text() for a in window.label_actions]
    assert "شخص (PER) (كيان)" in menu and "اقتباس (QUOTE) (اقتباس)" in menu
    # the entities list
    session.span_ops.add(doc, *at("نتنياهو"), "PER")
    entities = window.workspace.entities
    qtbot.waitUntil(lambda: entities.model().rowCount() > 0)
    assert entities.model().index(0, 1).data() == "شخص (PER)"
    # the document's stance: buttons and list by name, the value saved as its code
    stance = window.workspace.stance
    assert stance.value_buttons["FAVOR"].text() == "F مؤيد (FAVOR)"
    assert stance.value_buttons["AGAINST"].text() == "A معارض (AGAINST)"
    stance.targets.setCurrentRow(0)
    stance.value_buttons["AGAINST"].click()
    target = stance.targets.item(0).data(Qt.ItemDataRole.UserRole)
    assert project.doc_labels.get(doc, "A", "stance", target) == "AGAINST"
    assert stance.targets.item(0).text() == f"{target}: معارض (AGAINST)"
    # a quotation's stance: chosen by name, saved as the code
    quote = session.span_ops.add_quote(doc, *at("إن الولايات المتحدة لن تستخدم الفيتو"))
    session.select_span(quote.id)
    quotations = window.workspace.quotations
    qtbot.waitUntil(quotations.stance.isEnabled)
    names = [quotations.stance.itemText(i) for i in range(quotations.stance.count())]
    assert "مؤيد (FAVOR)" in names and "غير ذي صلة (UNRELATED)" in names
    quotations.stance.setCurrentIndex(names.index("معارض (AGAINST)"))
    quotations.stance.activated.emit(quotations.stance.currentIndex())
    assert project.spans.get(quote.id).attributes["stance"] == "AGAINST"
    assert quotations.stance.currentText() == "معارض (AGAINST)"
    # the find bar's "label all" choice
    window.open_find()
    choice = window.find_bar.label_choice
    assert choice.itemText(0) == "شخص (PER)" and choice.itemData(0) == "PER"
    # the tools: curation's versions, agreement's labels and disagreements
    window.dialogs.open_curation()
    table = window.dialogs.curation_dialog.table
    cells = {table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())}
    assert {"شخص (PER)", "منظمة (ORG)", "متفرقات (MISC)"} <= cells
    window.dialogs.curation_dialog.accept_version(0)
    assert {s.label for s in project.spans.for_document(doc, GOLD)} <= {"PER", "ORG"}  # codes in the file
    window.dialogs.open_agreement()
    agreement = window.dialogs.agreement_dialog
    assert agreement.wait()
    qtbot.waitUntil(lambda: agreement.report is not None, timeout=10000)
    per_label = {agreement.labels.item(r, 0).text() for r in range(agreement.labels.rowCount())}
    assert "شخص (PER)" in per_label
    rows = agreement.disagreements.model()
    said = [rows.index(r, 3).data() for r in range(rows.rowCount())]
    assert any("منظمة (ORG) «" in s and "متفرقات (MISC) «" in s for s in said), said


def test_the_english_interface_keeps_the_codes(window, qtbot):
    assert terms.label_name("PER") == "PER" and terms.label_name("FAVOR") == "FAVOR"
    legend = window.workspace.legend
    assert legend.layoutDirection() == Qt.LayoutDirection.LeftToRight
    per, org = legend.buttons["PER"], legend.buttons["ORG"]
    assert per.text() == "1 PER" and legend.buttons["QUOTE"].text() == "Q QUOTE"
    assert per.y() == org.y() and left_of(per) < left_of(org)
    assert window.workspace.stance.value_buttons["FAVOR"].text() == "FAVOR (F)"
    assert "PER (entity)" in [a.text() for a in window.label_actions]


def test_a_label_the_project_added_keeps_its_code(arabic_window):
    assert terms.label_name("PER") == "شخص (PER)"
    assert terms.label_name("NORP") == "جماعة (جنسية، دين، حزب) (NORP)"
    assert terms.label_name("WEAPON") == "WEAPON" and terms.label_name("") == ""
