"""The note on opening a project that holds other annotators' work ("B has 14 spans here; ... you are
annotating as A"), so none of their work looks lost.

Counting every span per annotator takes seconds at 100,000 articles (a scan of the spans), so it runs in
a thread of its own on a read-only connection of its own (`Project(location, read_only=True)`: the
window's connection stays the GUI thread's), after the window has painted; the window answers keys and
clicks meanwhile. A project where nobody else is listed counts nothing. A count that ends after its
project was closed or its annotator switched is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from ..core.progress import Progress
from ..core.project import Project
from ..core.project_session import OthersWork, ProjectSession, others_work
from . import terms
from .jobs import Job
from .message_bar import MessageBar


def count_in_the_background(location: str, annotator: str) -> Callable[[Progress], OthersWork]:
    def work(progress: Progress) -> OthersWork:
        with Project(location, create=False, read_only=True) as project:
            return others_work(project, annotator)

    return work


class OthersNote(QObject):
    """Counts, in the background, whose work the project holds, then says so in the message bar."""

    def __init__(self, bar: MessageBar, switch_annotator: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent)
        self.bar = bar
        self.switch_annotator = switch_annotator
        self.job: Job | None = None
        self.hold: ProjectSession | None = None

    def count(self, hold: ProjectSession) -> None:
        """Count for the project and annotator `hold` opened (the last count still running is dropped)."""
        self.forget()
        if not hold.others_listed():
            return
        self.hold = hold
        job = Job(count_in_the_background(hold.project.location, hold.annotator), self)
        job.ended.connect(lambda outcome, payload, job=job: self._counted(job, outcome, payload))
        self.job = job
        job.start()

    def forget(self) -> None:
        """The project closes: a count still running is waited for (its connection closes with it) and
        dropped."""
        job, self.job, self.hold = self.job, None, None
        if job is not None and job.running:
            job.wait()

    def _counted(self, job: Job, outcome: str, payload: Any) -> None:
        hold = self.hold
        if job is not self.job or hold is None or outcome != "done" or not payload.theirs:
            return  # (closed or switched meanwhile; a count that failed says nothing: the note is a courtesy)
        self.job = None
        if self.bar.is_problem and not self.bar.isHidden():
            return  # a problem is shown: it stays
        theirs = self.tr("; ").join(
            self.tr("{who} has {spans} here").format(who=who, spans=terms.spans(n)) for n, who in payload.theirs[:3]
        )
        self.bar.show_note(
            self.tr(
                "{theirs}. You are annotating as {name} ({spans}); the window shows and counts your own work only."
            ).format(theirs=theirs, name=hold.annotator, spans=terms.spans(payload.mine)),
            self.tr("Switch annotator…"),
            self.switch_annotator,
        )
