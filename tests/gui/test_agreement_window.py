"""Tools › Agreement: figures per pair and label, the confusion, the disagreements, and a way to each."""

from __future__ import annotations

from gui_texts import ARTICLE, SECOND


def at(text, word):
    i = text.index(word)
    return i, i + len(word)


def test_the_agreement_window_shows_figures_and_opens_a_disagreement(window, qtbot, project):
    first = project.documents.by_name("01 article").id
    second = project.documents.by_name("02 gaza").id
    for who in "AB":
        project.spans.add(first, who, *at(ARTICLE, "جو بايدن"), "PER")
    project.spans.add(first, "A", *at(ARTICLE, "الولايات المتحدة"), "GPE")
    project.spans.add(first, "B", *at(ARTICLE, "الولايات المتحدة"), "ORG")
    project.spans.add(second, "A", *at(SECOND, "غزة"), "GPE")  # only A
    project.spans.add(second, "B", *at(SECOND, "مسؤولون"), "PER")  # only B
    window.dialogs.open_agreement()
    dialog = window.dialogs.agreement_dialog
    assert dialog.wait() and qtbot.waitUntil(lambda: dialog.report is not None, timeout=5000) is None
    f1 = dialog.report.pair("A", "B").entity.overlap.f1
    assert 0 < f1 < 1  # they agree on بايدن only
    assert dialog.matrix.item(0, 2).text() == dialog.matrix.item(1, 1).text() == f"{f1:.3f}"
    labels = {dialog.labels.item(r, 0).text(): dialog.labels.item(r, 2).text() for r in range(dialog.labels.rowCount())}
    assert labels["PER"] == "0.667"  # بايدن on both sides; مسؤولون only B: 2·1 / (2·1 + 0 + 1)
    confusion_headers = [dialog.confusion.horizontalHeaderItem(c).text() for c in range(dialog.confusion.columnCount())]
    gpe_row = next(r for r in range(dialog.confusion.rowCount()) if dialog.confusion.item(r, 0).text() == "GPE")
    assert dialog.confusion.item(gpe_row, confusion_headers.index("ORG")).text() == "1"
    rows = {
        (dialog.disagreements.item(r, 0).text(), dialog.disagreements.item(r, 2).text()): r
        for r in range(dialog.disagreements.rowCount())
    }
    assert ("02 gaza", "غزة") in rows and ("01 article", "الولايات المتحدة") in rows  # the words, not offsets
    assert (
        dialog.disagreements.item(rows[("02 gaza", "غزة")], 3).text()
        == "\u2068A\u2069: \u2068GPE «\u2068غزة\u2069»\u2069 — \u2068B\u2069: \u2068nothing\u2069"
    )  # not only_a
    dialog.open_disagreement(rows[("02 gaza", "غزة")])
    assert window.session.document.name == "02 gaza"
    assert window.workspace.view.selection() == at(SECOND, "غزة")


def test_agreement_needs_two_annotators(window):
    window.dialogs.open_agreement()
    assert window.dialogs.agreement_dialog is None and "at least two annotators" in window.statusBar().currentMessage()
