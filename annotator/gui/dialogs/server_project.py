"""File › Open server project…: the URL of a project on a PostgreSQL server (issue 25), and the password the
server may ask for.

The password is never stored by the program (not in its settings, not in the project): libpq finds it in
~/.pgpass, a connection service file or PGPASSWORD, and when none has it the window asks for it here, in a
password field, and gives it to that one connection (core/locations.py `with_password`).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.locations import is_server
from ..terms import ltr

EXAMPLE = "postgresql://salma@db.example.org:5432/news"
EXAMPLE_URL = "postgresql://user@host:port/database"


class ServerProjectDialog(QDialog):
    """Asks for a postgresql:// URL, offering the server projects opened lately (`recent`, newest first);
    OK only once the field holds one."""

    def __init__(self, parent: QWidget | None = None, recent: Sequence[str] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Open a project on a server"))
        self.choices = QComboBox()
        self.choices.setEditable(True)
        self.choices.addItems(list(recent))
        self.field = QLineEdit()
        self.choices.setLineEdit(self.field)  # (after the items: the newest shows)
        self.choices.setCurrentIndex(0 if recent else -1)
        self.field.setPlaceholderText(EXAMPLE)
        self.field.setAccessibleName(self.tr("Server project URL"))
        hint = QLabel(
            self.tr(
                "The project's PostgreSQL database, as a URL (the first line below). The password is not "
                "written into the URL nor kept by annotator: put it in a password file, a service file or the "
                "environment (the second line); if the server asks for one, you are asked for it when the "
                "project opens."
            )
        )
        # The examples on lines of their own, left to right: inside an Arabic sentence Qt reorders the
        # slashes and dots of a URL or path even in an isolate (PySide6 6.10).
        examples = QLabel(f"{EXAMPLE_URL}\n~/.pgpass  ·  postgresql:///?service=name  ·  PGPASSWORD")
        examples.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        examples.setAlignment(Qt.AlignmentFlag.AlignLeft)
        examples.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.field.textChanged.connect(self._check)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(self.tr("Server project URL:")))
        box.addWidget(self.choices)
        box.addWidget(hint)
        box.addWidget(examples)
        box.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())
        self._check()

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(is_server(self.url()))

    def url(self) -> str:
        return self.field.text().strip()


def ask_server_url(parent: QWidget | None, recent: Sequence[str] = ()) -> str | None:
    """The URL the user gave or chose among `recent`, or None when cancelled."""
    dialog = ServerProjectDialog(parent, recent)
    return dialog.url() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_password(parent: QWidget | None, location: str, again: bool = False) -> str | None:
    """The password for `location` (shown without one), typed into a password field; None when cancelled.
    `again`: the last one was refused."""
    prompt = (
        QCoreApplication.translate("ServerProjectDialog", "The server refused that password. Password for {location}:")
        if again
        else QCoreApplication.translate(
            "ServerProjectDialog", "The server asks for a password. Password for {location}:"
        )
    ).format(location=ltr(location))
    text, ok = QInputDialog.getText(
        parent, QCoreApplication.translate("ServerProjectDialog", "Password"), prompt, QLineEdit.EchoMode.Password
    )
    return text if ok else None
