"""Tools › Suggestions: ghosts in the article, never saved until accepted; Enter, Backspace, A, undo."""

from __future__ import annotations

from gui_texts import ARTICLE, THIRD
from PySide6.QtCore import Qt

from annotator.gui.highlights import GHOST_COLOUR


def ghosts(window):
    view = window.workspace.view
    return sorted(
        window.session.offsets.span_to_cp(s.cursor.selectionStart(), s.cursor.selectionEnd())
        for s in view.extraSelections()
        if s.format.background().color().name() == GHOST_COLOUR
    )


def test_suggestions_are_ghosts_until_accepted(window, qtbot, project, tmp_path):
    first = window.session.document_id
    third = project.documents.by_name("03 cairo").id
    b = THIRD.index("بلينكن")
    project.spans.add(third, "A", b, b + 6, "PER")  # A labelled بلينكن elsewhere
    gazetteer = tmp_path / "places.tsv"
    gazetteer.write_text("واشنطن\tGPE\nالولايات المتحدة\tGPE\n", encoding="utf-8")
    window.dialogs.open_suggestions()
    dialog = window.dialogs.suggestions_dialog
    dialog.ask_gazetteer = lambda: str(gazetteer)
    dialog.compute()
    found = {(s.text, s.label, s.source) for s in dialog.suggestions}
    assert ("واشنطن", "GPE", "gazetteer") in found and ("الولايات المتحدة", "GPE", "gazetteer") in found
    assert ghosts(window) == sorted((s.start, s.end) for s in dialog.suggestions)
    assert project.spans.for_document(first, "A") == []  # nothing saved yet
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.table.setFocus()
    qtbot.waitUntil(dialog.isActiveWindow)
    rows = [s.text for s in dialog.suggestions]
    dialog.table.setCurrentCell(rows.index("واشنطن"), 0)
    w = ARTICLE.index("لواشنطن") + 1
    assert window.workspace.view.selection() == (w, w + 6)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # accept
    assert [(s.start, s.label) for s in project.spans.for_document(first, "A")] == [(w, "GPE")]
    assert "واشنطن" not in [s.text for s in dialog.suggestions]
    rows = [s.text for s in dialog.suggestions]
    dialog.table.setCurrentCell(rows.index("الولايات المتحدة"), 0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Backspace)  # reject: gone, nothing saved
    assert "الولايات المتحدة" not in [s.text for s in dialog.suggestions]
    assert len(project.spans.for_document(first, "A")) == 1
    assert "gazetteer: 1 accepted, 1 rejected" in dialog.summary.text()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the rejection
    assert "الولايات المتحدة" in [s.text for s in dialog.suggestions]
    qtbot.keyClick(dialog.table, Qt.Key.Key_A)  # accept all of this document
    assert dialog.suggestions == [] and ghosts(window) == []
    assert len(project.spans.for_document(first, "A")) >= 2


def test_the_cue_lexicon_is_edited_in_the_window(window, project):
    window.dialogs.open_suggestions()
    dialog = window.dialogs.suggestions_dialog
    dialog.ask_cues = lambda current: [*current, "غرّد"]
    dialog.edit_cues()
    assert "غرّد" in project.suggestions.cue_lexicon()
