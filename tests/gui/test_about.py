"""Help › About and the window icon."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QColor

from annotator import __version__
from annotator.gui.app import application

ROOT = Path(__file__).resolve().parents[2]


def menu_action(window, menu_title: str, text: str):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == menu_title)
    return next(a for a in menu.actions() if a.text() == text)


def test_help_about_shows_the_version_the_licence_and_the_fonts_licences(window, qtbot):
    menu_action(window, "&Help", "&About annotator").trigger()
    dialog = window.dialogs.about_dialog
    qtbot.waitExposed(dialog)
    declared = re.search(r'^license = \{ text = "(.+)" \}', (ROOT / "pyproject.toml").read_text(), re.M).group(1)
    assert f"annotator {__version__}" in dialog.summary.text()
    assert f"Licence: {declared}" in dialog.summary.text()
    fonts = dialog.fonts.toPlainText()
    for owner in ("Khaled Hosny", "Google Inc.", "George Douros"):  # Amiri, Noto Naskh Arabic, Symbola
        assert owner in fonts
    assert "SIL OPEN FONT LICENSE Version 1.1" in fonts
    assert fonts.count("== ") == 4  # the three .copyright files and OFL.txt


def test_the_application_has_the_project_icon(qtbot):
    pixmap = application().windowIcon().pixmap(48, 48)
    assert not pixmap.isNull()
    image = pixmap.toImage()
    # the highlighter stroke across the page: its amber is in the middle row of the 48 px icon
    amber = QColor("#f5b82e")
    row = [image.pixelColor(x, 30) for x in range(image.width())]
    assert any(
        abs(c.red() - amber.red()) < 40 and abs(c.green() - amber.green()) < 40 and abs(c.blue() - amber.blue()) < 60
        for c in row
    )
