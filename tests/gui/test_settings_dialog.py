"""Edit › Settings: each setting shows its effect, is kept in QSettings, is read back by the next window, and
Cancel leaves everything as it was. Settings are isolated per test (conftest's `isolated_settings`)."""

from __future__ import annotations

import pytest
from gui_texts import ARTICLE
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialogButtonBox

from annotator.core.backups import folder_of
from annotator.gui import settings as prefs
from annotator.gui.dialogs import settings_dialog
from annotator.gui.dialogs.schema_editor import KEY, NAME
from annotator.gui.main_window import MainWindow

OK, CANCEL, APPLY = (
    QDialogButtonBox.StandardButton.Ok,
    QDialogButtonBox.StandardButton.Cancel,
    QDialogButtonBox.StandardButton.Apply,
)


def open_dialog(window):
    action = next(a for a in window.actions() if a.text() == "Se&ttings…")
    action.trigger()
    dialog = window.dialogs.settings_dialog
    assert dialog.isVisible()
    return dialog


def click(qtbot, dialog, which) -> None:
    qtbot.mouseClick(dialog.buttons.button(which), Qt.MouseButton.LeftButton)


def next_start(qtbot, window, project):
    """The window closes its project and a new window opens it, as the next start of the program does."""
    window.close_project()
    again = MainWindow(ask_name=lambda *a: pytest.fail("the name was already known"))
    qtbot.addWidget(again)
    assert again.open_project(project.path)
    return again


def stored(key: str):
    """What the settings file holds, read with a QSettings of its own."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "annotator", "annotator").value(key)


def test_the_article_font_is_previewed_cancelled_applied_and_read_back(window, qtbot, project):
    view = window.workspace.view
    dialog = open_dialog(window)
    dialog.family.setCurrentText("Amiri")
    dialog.point_size_box.setValue(22)
    assert view.font().families()[0] == "Amiri" and view.point_size == 22  # live in the article
    click(qtbot, dialog, CANCEL)
    assert view.font().families()[0] == "Noto Naskh Arabic" and view.point_size == 16
    assert prefs.value("font_family", "Noto Naskh Arabic") == "Noto Naskh Arabic"
    assert float(prefs.value("point_size", 16)) == 16

    dialog = open_dialog(window)
    dialog.family.setCurrentText("Amiri")
    dialog.point_size_box.setValue(22)
    click(qtbot, dialog, OK)
    assert not dialog.isVisible()
    assert stored("font_family") == "Amiri" and float(stored("point_size")) == 22
    again = next_start(qtbot, window, project)
    assert again.workspace.view.font().families()[0] == "Amiri" and again.workspace.view.point_size == 22
    assert open_dialog(again).family.currentText() == "Amiri"


def test_the_interface_language_is_stored_for_the_next_start(window, qtbot, project):
    dialog = open_dialog(window)
    assert dialog.language.currentData() == "system"
    assert "next start" in " ".join(w.text() for w in dialog.findChildren(settings_dialog.QLabel))
    dialog.language.setCurrentIndex(dialog.language.findData("ar"))
    click(qtbot, dialog, APPLY)
    assert dialog.isVisible() and stored("interface/language") == "ar" and prefs.interface_language() == "ar"
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    click(qtbot, dialog, CANCEL)
    assert prefs.interface_language() == "ar"
    again = next_start(qtbot, window, project)
    dialog = open_dialog(again)
    assert dialog.language.currentText() == "العربية"


def test_backups_off_means_the_window_makes_none(window, qtbot, project):
    backups = folder_of(project.path)
    window.backup.wait()  # (made in a thread of its own)
    assert any(backups.glob("*.annotator"))  # on by default: made when the window opened it
    dialog = open_dialog(window)
    assert dialog.backups.isChecked()
    dialog.backups.setChecked(False)
    click(qtbot, dialog, CANCEL)
    assert prefs.backups_enabled()
    dialog = open_dialog(window)
    dialog.backups.setChecked(False)
    click(qtbot, dialog, OK)
    assert stored("backups/enabled") in (False, "false")
    for old in backups.glob("*"):
        old.unlink()
    again = next_start(qtbot, window, project)
    again._backup_if_due()  # what the hourly timer calls
    again.backup.wait()
    assert not any(backups.glob("*.annotator"))
    assert not open_dialog(again).backups.isChecked()
    prefs.set_backups_enabled(True)
    again._backup_if_due()
    again.backup.wait()
    assert any(backups.glob("*.annotator"))


def test_the_annotator_of_this_project_is_switched_as_file_switch_annotator_does(window, qtbot, project):
    dialog = open_dialog(window)
    assert dialog.annotator.currentText() == "A"
    dialog.annotator.setCurrentText("gold")
    click(qtbot, dialog, OK)
    assert dialog.isVisible() and "gold" in dialog.error.text() and window.session.annotator == "A"
    dialog.annotator.setCurrentText("B")
    click(qtbot, dialog, CANCEL)
    assert window.session.annotator == "A" and prefs.annotator_for(project.path) == "A"
    dialog = open_dialog(window)
    dialog.annotator.setCurrentText("B")
    click(qtbot, dialog, APPLY)
    assert window.session.annotator == "B" and "annotating as B" in window.windowTitle()
    assert dialog.annotator.currentText() == "B"  # the dialog follows the reopened project
    click(qtbot, dialog, OK)
    assert stored(f"annotator_for/{project.path.resolve()}") == "B"
    assert next_start(qtbot, window, project).session.annotator == "B"


def row_of(dialog, name: str) -> int:
    table = dialog.labels_page.table
    return next(r for r in range(table.rowCount()) if table.item(r, NAME).text() == name)


def set_key(dialog, name: str, key: str) -> None:
    dialog.labels_page.table.item(row_of(dialog, name), KEY).setText(key)


def test_label_keys_and_colours_are_staged_until_applied(window, qtbot, project, monkeypatch):
    schema = window.session.project.schema
    dialog = open_dialog(window)
    dialog.tabs.setCurrentWidget(dialog.labels_page)
    set_key(dialog, "PER", "ض")  # an Arabic letter: the Latin key of its key, Q
    assert dialog.labels_page.table.item(row_of(dialog, "PER"), KEY).text() == "q"
    click(qtbot, dialog, APPLY)
    assert "q is used twice" in dialog.error.text()  # QUOTE has it
    assert schema.get().label("PER").key == "1"  # nothing written
    set_key(dialog, "PER", "2")
    set_key(dialog, "ORG", "1")  # a swap: saved in one step
    monkeypatch.setattr(settings_dialog.QColorDialog, "getColor", staticmethod(lambda *a: QColor("#123456")))
    dialog.labels_page.pick_colour(row_of(dialog, "GPE"))
    assert schema.get().label("GPE").colour != "#123456"  # staged, not saved
    click(qtbot, dialog, OK)
    saved = schema.get()
    assert (saved.label("PER").key, saved.label("ORG").key, saved.label("GPE").colour) == ("2", "1", "#123456")
    view = window.workspace.view
    i = ARTICLE.index("بايدن")
    view.set_selection(i, i + 5)
    qtbot.keyClick(view, Qt.Key.Key_1)  # the window's keys follow at once
    assert [s.label for s in window.session.layer.spans()] == ["ORG"]

    dialog = open_dialog(window)
    set_key(dialog, "LOC", "9")
    dialog.labels_page.pick_colour(row_of(dialog, "LOC"))
    click(qtbot, dialog, CANCEL)
    assert (schema.get().label("LOC").key, schema.get().label("LOC").colour) == ("4", "#d9c2ff")


def test_the_schema_editor_is_one_button_away(window, qtbot):
    dialog = open_dialog(window)
    qtbot.mouseClick(dialog.labels_page.more, Qt.MouseButton.LeftButton)
    assert dialog.schema_editor.isVisible()
    dialog.schema_editor.add_label("NORP")  # saved at once, as in Edit › Schema
    assert row_of(dialog, "NORP") >= 0  # and the Settings table follows


def test_settings_without_a_project(qtbot):
    window = MainWindow(ask_name=lambda *a: None)
    qtbot.addWidget(window)
    dialog = open_dialog(window)
    assert not dialog.annotator.isEnabled() and not dialog.labels_page.isEnabled()
    dialog.family.setCurrentText("Amiri")
    click(qtbot, dialog, OK)
    assert prefs.value("font_family") == "Amiri"


def test_the_dialog_renders(window, qtbot, tmp_path):
    dialog = open_dialog(window)
    paths = []
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        path = tmp_path / f"settings-{index}.png"
        assert dialog.grab().save(str(path))
        paths.append(path)
    assert all(p.stat().st_size > 5000 for p in paths)


def test_f1_lists_no_empty_key(window, qtbot):
    qtbot.keyClick(window.workspace.view, Qt.Key.Key_F1)
    table = window.dialogs.keys_dialog.table
    assert all(table.item(r, 0).text() for r in range(table.rowCount()))
