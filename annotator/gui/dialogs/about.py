"""Help › About: the version, the program's licence and the licences of the fonts it ships."""

from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ... import __version__
from ...core.resources import resource

ICON = ("icons", "annotator.svg")


def program_licence() -> str:
    """The licence pyproject.toml declares, as the installed package's metadata carries it."""
    try:
        meta = metadata.metadata("annotator")
    except metadata.PackageNotFoundError:
        return "unknown: the package metadata is missing (install annotator with pip)"
    declared = meta.get_all("License-Expression") or meta.get_all("License") or ["unknown: none declared"]
    return str(declared[0])


def font_licences() -> str:
    """Each shipped font's copyright file, then the SIL Open Font License text they refer to."""
    fonts = resource("fonts")
    parts = [
        f"== {path.stem} ==\n{path.read_text(encoding='utf-8').strip()}" for path in sorted(fonts.glob("*.copyright"))
    ]
    parts.append(f"== OFL.txt ==\n{(fonts / 'OFL.txt').read_text(encoding='utf-8').strip()}")
    return "\n\n".join(parts)


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About annotator"))
        icon = QLabel()
        icon.setPixmap(QIcon(str(resource(*ICON))).pixmap(64, 64))
        self.summary = QLabel(
            self.tr(
                "<b>annotator {version}</b><br>Label named entities, quotations and stances in Arabic news "
                "articles, and export training data.<br>Licence: {licence}"
            ).format(version=__version__, licence=program_licence())
        )
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header = QHBoxLayout()
        header.addWidget(icon)
        header.addWidget(self.summary, 1)
        self.fonts = QPlainTextEdit(font_licences())
        self.fonts.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(QLabel(self.tr("The fonts shipped with annotator and their licences:")))
        layout.addWidget(self.fonts, 1)
        layout.addWidget(buttons)
        self.resize(640, 520)
