"""Tools › Agreement: figures per pair and label, the confusion, the disagreements, and a way to each."""

from __future__ import annotations

from gui_texts import ARTICLE, SECOND
from PySide6.QtCore import Qt

from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
from annotator.gui.dialogs.core_action import ARABIC_CELL


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
    shown = dialog.disagreements.model()
    rows = {(shown.index(r, 0).data(), shown.index(r, 2).data()): r for r in range(shown.rowCount())}
    assert ("02 gaza", "غزة") in rows and ("01 article", "الولايات المتحدة") in rows  # the words, not offsets
    gaza = rows[("02 gaza", "غزة")]
    said = "\u2068A\u2069: \u2068GPE «\u2068غزة\u2069»\u2069 — \u2068B\u2069: \u2068nothing\u2069"
    assert shown.index(gaza, 3).data() == shown.index(gaza, 3).data(Qt.ItemDataRole.ToolTipRole) == said  # not only_a
    assert shown.index(gaza, 2).data(Qt.ItemDataRole.TextAlignmentRole) == ARABIC_CELL
    assert shown.index(gaza, 1).data() == "entity" and shown.index(gaza, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    dialog.open_disagreement(rows[("02 gaza", "غزة")])
    assert window.session.document.name == "02 gaza"
    assert window.workspace.view.selection() == at(SECOND, "غزة")


def test_agreement_needs_two_annotators(window):
    window.dialogs.open_agreement()
    assert window.dialogs.agreement_dialog is None and "at least two annotators" in window.statusBar().currentMessage()


def test_a_pairs_many_disagreements_are_put_in_words_as_the_table_shows_them(window, qtbot, project):
    """90,000 disagreements of a pair at 10,000 articles: a table item per cell, each with its sentence, held
    the window 6.4 s and 250 MB when the figures came."""
    from annotator.gui.dialogs import agreement as agreement_panel
    from annotator.gui.dialogs import disagreement_words

    words = [m.span() for m in __import__("re").finditer(r"\S+", ARTICLE)]
    every_word = [SpanRecord(f"T{i}", s, e, "PER") for i, (s, e) in enumerate(words)]
    project.import_documents(
        [
            AnnotatedDocument(
                f"many-{k:02d}", ARTICLE, layers=[Layer("A", spans=every_word), Layer("B", spans=every_word[:1])]
            )
            for k in range(80)
        ]
    )
    window.dialogs.open_agreement()
    dialog = window.dialogs.agreement_dialog
    assert dialog.wait() and qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000) is None
    dialog.tabs.setCurrentWidget(dialog.disagreements)
    qtbot.wait(50)
    rows = dialog.disagreements.model()
    assert rows.rowCount() == 80 * (len(words) - 1) > 4 * agreement_panel.RESIZE_PRECISION
    made = len(rows._made)
    assert 0 < made <= agreement_panel.RESIZE_PRECISION + 100  # the rows in sight, and those measured for widths
    last = rows.rowCount() - 1
    d = rows.shown[last]
    assert (d.document, d.what) == ("many-79", "only_a")
    assert rows.index(last, 2).data() == ARTICLE[d.start : d.end]
    assert rows.index(last, 3).data() == dialog.words.sentence(d)
    assert len(dialog.words._texts) <= disagreement_words.TEXTS_KEPT
    for row in range(0, rows.rowCount(), 7):  # a reader scrolling through them all
        rows.index(row, 2).data()
    assert len(dialog.words._texts) == disagreement_words.TEXTS_KEPT


def test_the_disagreements_are_read_and_sorted_by_pair_off_the_windows_thread(window, qtbot, project, monkeypatch):
    """Worker processes hand the disagreements back as JSON text: reading 320,000 of them to pick a pair's
    took the window's thread 3.4 s at 10,000 articles."""
    import threading

    from annotator.gui.dialogs import agreement as agreement_panel

    first = project.documents.by_name("01 article").id
    project.spans.add(first, "A", *at(ARTICLE, "جو بايدن"), "PER")
    project.spans.add(first, "B", *at(ARTICLE, "الولايات المتحدة"), "GPE")
    project.spans.add(first, "C", *at(ARTICLE, "الولايات المتحدة"), "ORG")
    threads = []
    by_pair = agreement_panel.disagreements_by_pair
    monkeypatch.setattr(
        agreement_panel, "disagreements_by_pair", lambda r: (threads.append(threading.get_ident()), by_pair(r))[1]
    )
    window.dialogs.open_agreement()
    dialog = window.dialogs.agreement_dialog
    assert dialog.wait() and qtbot.waitUntil(lambda: dialog.report is not None, timeout=5000) is None
    assert threads and threads != [threading.get_ident()]
    assert sorted(map(sorted, dialog.by_pair)) == [["A", "B"], ["A", "C"], ["B", "C"]]
    for k in range(dialog.pair_choice.count()):
        dialog.pair_choice.setCurrentIndex(k)
        a, b = dialog.pair_choice.currentData()
        shown = dialog.disagreements.model().shown
        assert list(shown) == [d for d in dialog.report.disagreements if {d.a, d.b} == {a, b}] and shown


def test_the_places_column_leaves_room_so_arabic_is_never_cut_at_its_start(window, qtbot, project, tmp_path):
    """Fitted to its longest words, the places' column pushed the table out of a docked panel, and the
    right-aligned Arabic was cut at its start (a word's first letters) at the panel's edge."""
    from annotator.gui.dialogs.disagreement_table import PLACE, PLACE_AT_LEAST

    sentences = [(m.start(), m.end()) for m in __import__("re").finditer(r"[^.\n]{30,}", ARTICLE)]
    project.import_documents(
        [
            AnnotatedDocument(
                "long places",
                ARTICLE,
                layers=[Layer("A", spans=[SpanRecord(f"T{k}", s, e, "QUOTE") for k, (s, e) in enumerate(sentences)])]
                + [Layer("B", spans=[SpanRecord("T", *at(ARTICLE, "جو بايدن"), "PER")])],
            )
        ]
    )
    window.dialogs.open_agreement()
    dialog = window.dialogs.agreement_dialog
    assert dialog.wait() and qtbot.waitUntil(lambda: dialog.report is not None, timeout=5000) is None
    dialog.tabs.setCurrentWidget(dialog.disagreements)
    table = dialog.disagreements
    for width in (460, 700, 1200):
        dialog.resize(width, 500)
        qtbot.wait(30)
        viewport = table.viewport().width()
        assert table.sizeHintForColumn(PLACE) > viewport // 3  # its words would take more
        assert table.columnWidth(PLACE) == max(PLACE_AT_LEAST, viewport // 3)
        assert table.horizontalScrollBar().maximum() == 0, width  # nothing pushed out of sight
    assert dialog.grab().save(str(tmp_path / "long-places.png"))


def test_the_windows_agreement_runs_its_workers_from_a_fork_server_not_a_fork(window, qtbot, project, monkeypatch):
    """The window computes on a thread while its GUI thread works on the project: a worker forked then could
    copy SQLite's locks mid-use (a wait for ever, or a read without the lock it believes it holds)."""
    import multiprocessing
    import os

    from annotator.core.agreement import parallel
    from annotator.core.agreement.report import compare

    if parallel.worker_count() < 2 or "forkserver" not in multiprocessing.get_all_start_methods():
        import pytest

        pytest.skip("one core or no fork server here: the window computes in its own process")
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10)
    words = (ARTICLE.split() * 3)[:60]
    text = " ".join(words)
    starts = [sum(len(w) + 1 for w in words[:k]) for k in range(len(words))]
    project.import_documents(
        [
            AnnotatedDocument(
                f"doc {d:02d}",
                text,
                layers=[
                    Layer(
                        who,
                        spans=[
                            SpanRecord(f"T{k}", starts[k], starts[k] + len(words[k]), ("PER", "GPE")[(k + d + n) % 2])
                            for k in range(d % 3, 60, 4 + n)
                        ],
                    )
                    for n, who in enumerate("AB")
                ],
            )
            for d in range(30)
        ]
    )

    def no_fork():
        raise AssertionError("forked while the window's thread works")

    monkeypatch.setattr(os, "fork", no_fork)
    from annotator.core.agreement import run

    started = []  # how the workers started
    in_workers = run.run_in_workers

    def recorded(*args):
        started.append(parallel.start_method(fork_server=args[-1]))
        return in_workers(*args)

    monkeypatch.setattr(run, "run_in_workers", recorded)
    window.dialogs.open_agreement()
    dialog = window.dialogs.agreement_dialog
    assert dialog.wait() and qtbot.waitUntil(lambda: dialog.report is not None, timeout=30000) is None
    assert dialog.report.complete_documents == 30 and started == ["forkserver"]
    expected = compare(project.annotated_documents(), project.schema.get(), ["A", "B"])
    assert dialog.report.json_text() == expected.json_text()
