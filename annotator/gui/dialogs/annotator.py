"""Asking who is annotating (first start, or File > Switch annotator)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QWidget

from ...core.model import GOLD


def annotator_name_problem(name: str) -> str | None:
    """Why `name` cannot be an annotator's name, or None when it can."""
    if not name.strip():
        return "a name cannot be empty"
    if name.strip() == GOLD:
        return "'gold' is the adjudicated layer, not a person"
    return None


def ask_annotator_name(parent: QWidget | None, current: str = "", known: list[str] | None = None) -> str | None:
    """A name, or None if cancelled. `gold` is the adjudicated layer, not a person."""
    prompt = QCoreApplication.translate("AnnotatorName",
                                        "Your name as annotator (every label you make is kept under it):")
    title = QCoreApplication.translate("AnnotatorName", "Annotator")
    while True:
        if known:
            # the current name is the one chosen at first: Enter keeps who you are (never a sample annotator
            # that sorts first)
            names = [n for n in known if n != GOLD]
            if current and current not in names:
                names.insert(0, current)
            at = names.index(current) if current in names else 0
            name, ok = QInputDialog.getItem(parent, title, prompt, names or [""], at, True)
        else:
            name, ok = QInputDialog.getText(parent, title, prompt, text=current)
        if not ok:
            return None
        name = name.strip()
        if annotator_name_problem(name) is None:
            return name
        prompt = QCoreApplication.translate("AnnotatorName", "Please give a name (not empty, not 'gold'):")
