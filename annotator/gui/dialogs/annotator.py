"""Asking who is annotating (first start, or File > Switch annotator), and what to do when the annotator's
other window has the project open already (core/project_session.py decides when to ask)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from ...core.model import GOLD
from ...core.project_session import READ_ONLY, TAKE_OVER


def annotator_name_problem(name: str) -> str | None:
    """Why `name` cannot be an annotator's name, or None when it can."""
    if not name.strip():
        return "a name cannot be empty"
    if name.strip() == GOLD:
        return "'gold' is the adjudicated layer, not a person"
    return None


def ask_annotator_name(parent: QWidget | None, current: str = "", known: list[str] | None = None) -> str | None:
    """A name, or None if cancelled. `gold` is the adjudicated layer, not a person."""
    prompt = QCoreApplication.translate(
        "AnnotatorName", "Your name as annotator (every label you make is kept under it):"
    )
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


def ask_second_window(parent: QWidget | None, annotator: str, who: str) -> str | None:
    """Another window of the same annotator has the project open: READ_ONLY, TAKE_OVER or None (cancel)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("MainWindow", "The project is open in another window"))
    box.setText(
        QCoreApplication.translate("MainWindow", "{who} is already working on this project as {annotator}.").format(
            who=who, annotator=annotator
        )
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "MainWindow",
            "Two windows of one annotator would undo each other's work. Open this one read-only, "
            "or take over (the other window becomes read-only)?",
        )
    )
    read_only = box.addButton(
        QCoreApplication.translate("MainWindow", "Open read-only"), QMessageBox.ButtonRole.AcceptRole
    )
    take_over = box.addButton(
        QCoreApplication.translate("MainWindow", "Take over"), QMessageBox.ButtonRole.DestructiveRole
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    return READ_ONLY if clicked is read_only else TAKE_OVER if clicked is take_over else None
