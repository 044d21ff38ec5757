"""The window's rolling backup (one when a project opens, then at most one an hour: core/backups.py), made
in a thread of its own.

A backup copies the whole file (seconds for a project of 100,000 articles, 920 MB): on the GUI thread
that froze the window when it opened and again every hour of work. The copy is made through a read-only
connection of its own (`Project(path, read_only=True)`: SQLite's backup API gives a consistent copy while
the window goes on writing), so the window answers meanwhile. Whether one is due is a look at the backups
folder, made first on the GUI thread; a project on a server has none (its server's tools back it up). A
backup that fails says so in the message bar, as before; closing the project waits for one being made.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from ..core import backups
from ..core.locations import is_server
from ..core.progress import Progress
from ..core.project import Project
from ..core.project_session import ProjectSession
from .jobs import Job
from .message_bar import MessageBar


def back_up_if_due(path: Path) -> Callable[[Progress], Path | None]:
    def work(progress: Progress) -> Path | None:
        with Project(path, create=False, read_only=True) as project:
            return backups.create_if_due(project)

    return work


class BackgroundBackup(QObject):
    """Makes the window's backup in the background when one is due."""

    def __init__(self, bar: MessageBar, parent: QObject | None = None):
        super().__init__(parent)
        self.bar = bar
        self.job: Job | None = None

    def start(self, hold: ProjectSession, enabled: bool) -> None:
        """A backup of `hold`'s project if one is due (`enabled`: the settings' choice)."""
        if not enabled or hold.read_only or hold.closed or is_server(hold.project.location):
            return
        if (self.job is not None and self.job.running) or not backups.is_due(Path(hold.project.location)):
            return
        job = Job(back_up_if_due(Path(hold.project.location)), self)
        job.ended.connect(lambda outcome, payload, job=job: self._ended(job, outcome, payload))
        self.job = job
        job.start()

    def wait(self) -> None:
        """Until the backup being made is written (the project closes; tests)."""
        job = self.job
        if job is not None and job.running:
            job.wait()

    def _ended(self, job: Job, outcome: str, payload: Any) -> None:
        if job is self.job and outcome == "failed":
            self.bar.show_problem(str(payload))
