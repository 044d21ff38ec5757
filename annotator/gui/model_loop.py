"""A model in the loop, in the window (issue 26): train, suggest for the open document, retrain by itself,
accept the confident suggestions, open the next most useful document.

One `ModelLoop` per window (`window.dialogs.model_loop`), following its session (`attach`). The model is
the annotator's, in the folder the core names beside the project (core/learning/folder.py:
`default_model_dir`, e.g. `news.annotator.models/A`). Training and ranking run as jobs (gui/jobs.py): in
their own thread, on their own read-only `Project`, so the linguist keeps labelling and a write of the
window never waits for them; the model they load comes back to the window, which keeps it (`nlp`) and
suggests with it for each document opened (one document: well under a second, benchmarks/
bench_model_loop.py). After every N documents marked done (Settings; 0: never) it trains again by itself,
in the background; a model is replaced only when a training has finished (the core writes it whole).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ..core.errors import AnnotatorError
from ..core.learning import default_model_dir, load, rank_documents, suggest_with_model, train
from ..core.learning.folder import trained_meta
from ..core.progress import Progress
from ..core.project import Project
from . import settings as prefs
from .dialogs.core_action import run_core_action
from .jobs import Job
from .operations.base import STATUS
from .status_line import Feedback

if TYPE_CHECKING:
    from ..core.learning import TrainReport
    from .operations import Change
    from .session import Session


def figures_line(report: TrainReport) -> str:
    """The held-out precision, recall and F1 of a training, in one line (or why there are none)."""
    scores = report.scores.get("ALL")
    if not report.held_out or scores is None:
        return QCoreApplication.translate("ModelLoop", "trained on {n} documents; none held out, so no scores").format(
            n=len(report.trained_on)
        )

    def shown(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}"

    return QCoreApplication.translate(
        "ModelLoop", "trained on {n} documents; on {held} held out: precision {p}, recall {r}, F1 {f}"
    ).format(
        n=len(report.trained_on),
        held=len(report.held_out),
        p=shown(scores.precision),
        r=shown(scores.recall),
        f=shown(scores.f1),
    )


class ModelLoop(QObject):
    """The window's model: its trainings, its suggestions for the open document, the next document."""

    trained = Signal(str)  # a training ended: "done", "failed", "cancelled"
    ranked = Signal(str)  # "next most useful" ended: the document opened ("" when none)

    def __init__(self, feedback: Feedback, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.feedback = feedback
        self.session: Session | None = None
        self.nlp: Any = None  # the loaded model of the session's annotator (used in the GUI thread only)
        self.report: TrainReport | None = None  # the last training of this window
        self.training: Job | None = None
        self.ranking: Job | None = None
        self.loading: Job | None = None
        self.done_at_training = 0  # documents done when the last training started (or the session began)
        self.on_suggested: Callable[[], None] = lambda: None  # the suggestions panel reloads

    # ---- following the window's session ------------------------------------------------------------------
    def attach(self, session: Session) -> None:
        """Work for this session (a project opened, or another annotator): its model, when it has one,
        is loaded in the background and suggests for the open document."""
        self.detach()
        self.session = session
        self.done_at_training = self.done_count()
        session.documentOpened.connect(self.suggest_open_document)
        session.changed.connect(self._changed)
        if self.has_model() and not session.project.read_only:
            self._start_loading()

    def detach(self) -> None:
        """The project closes: stop what runs (a training leaves the previous model), forget the model."""
        self.stop()
        if self.session is not None:
            for signal, slot in (
                (self.session.documentOpened, self.suggest_open_document),
                (self.session.changed, self._changed),
            ):
                with contextlib.suppress(RuntimeError, TypeError):  # the session is already gone
                    signal.disconnect(slot)
        self.session, self.nlp, self.report = None, None, None
        self.training = self.ranking = self.loading = None  # what they still say when they end is dropped

    def stop(self) -> None:
        for job in (self.training, self.ranking, self.loading):
            if job is not None and job.running:
                job.cancel()
                job.wait()

    # ---- what there is ---------------------------------------------------------------------------------
    def model_dir(self) -> Path | None:
        """The annotator's model folder (None for a project on a server: there is no folder beside it)."""
        if self.session is None:
            return None
        try:
            return default_model_dir(self.session.project.path, self.session.annotator)
        except AnnotatorError:
            return None

    def has_model(self) -> bool:
        folder = self.model_dir()
        return self.nlp is not None or (folder is not None and folder.is_dir())

    def done_count(self) -> int:
        if self.session is None:
            return 0
        status = self.session.project.status.for_annotator(self.session.annotator)
        return sum(1 for value in status.values() if value == "done")

    @property
    def busy(self) -> bool:
        return self.training is not None and self.training.running

    def layers(self) -> list[str]:
        """What a model can learn from: the annotator's own layer, and gold when the project has it."""
        if self.session is None:
            return []
        names = self.session.project.annotators.list()
        return [self.session.annotator] + (["gold"] if "gold" in names and self.session.annotator != "gold" else [])

    # ---- training ---------------------------------------------------------------------------------------
    def training_work(self, layer: str) -> Callable[[Progress], tuple[TrainReport, Any]] | str:
        """The work of a training on `layer` (it runs in a job's thread), or why there can be none."""
        folder = self.model_dir()
        if self.session is None or folder is None:
            return self.tr(
                "a model is kept beside the project file; a project on a server has none (use `annotator train`)"
            )
        if self.busy:
            return self.tr("a training is under way already")
        path = self.session.project.path

        def work(progress: Progress) -> tuple[TrainReport, Any]:
            with Project(path, create=False, read_only=True) as project:
                report = train(project, layer, folder, progress=progress)
            return report, load(folder)

        return work

    def training_started(self, job: Job) -> None:
        """A training runs (the dialog's, or one this loop started): it is the one `busy` speaks of."""
        self.training = job
        self.done_at_training = self.done_count()

    def retrain(self) -> Job | None:
        """Train again in the background on what the last model learnt from (else the annotator's layer)."""
        if self.session is None or self.busy:
            return None
        if self.report is not None:
            layer = self.report.layer
        else:
            layer = str(trained_meta(self.nlp).get("layer") or "") if self.nlp is not None else ""
        work = self.training_work(layer if layer in self.layers() else self.session.annotator)
        if isinstance(work, str):
            return None
        job = Job(work, self)
        job.ended.connect(lambda outcome, payload, job=job: self.training_ended(job, outcome, payload))
        self.training_started(job)
        job.start()
        self.feedback.message(self.tr("training the model again in the background…"))
        return job

    def training_ended(self, job: Job | None, outcome: str, payload: Any, *, announce: bool = True) -> None:
        """A training ended (`announce`: say how, in the status bar; the dialog says it itself). One that
        ended after its project closed (or the annotator changed) is no longer this loop's: dropped."""
        if job is None or job is not self.training:
            return
        if outcome == "done":
            self.report, self.nlp = payload
            self.feedback.message(self.tr("the model is trained: {figures}").format(figures=figures_line(self.report)))
            self.suggest_open_document()
        elif outcome == "failed" and announce:
            self.feedback.error(self.tr("the model was not trained: {reason}").format(reason=payload))
        self.trained.emit(outcome)

    def _changed(self, change: Change) -> None:
        """A document marked done: after every N of them (Settings), train again."""
        if change.area != STATUS or self.busy or not self.has_model():
            return
        every = prefs.retrain_every()
        if every > 0 and self.done_count() - self.done_at_training >= every:
            self.retrain()

    def _start_loading(self) -> None:
        folder = self.model_dir()
        if folder is None:
            return
        job = Job(lambda progress: load(folder), self)
        job.ended.connect(lambda outcome, payload, job=job: self._loaded(job, outcome, payload))
        self.loading = job
        job.start()

    def _loaded(self, job: Job, outcome: str, payload: Any) -> None:
        if job is self.loading and outcome == "done" and self.nlp is None and self.session is not None:
            self.nlp = payload
            self.suggest_open_document()

    # ---- suggesting, accepting ----------------------------------------------------------------------------
    def suggest_open_document(self) -> int:
        """The model's suggestions for the open document (stored; the panel shows them as ghosts)."""
        session = self.session
        if self.nlp is None or session is None or session.document is None or session.project.read_only:
            return 0
        document_id = session.document.id
        try:
            added = suggest_with_model(session.project, session.annotator, nlp=self.nlp, document_ids=[document_id])
        except AnnotatorError as exc:
            self.feedback.error(str(exc))
            return 0
        if added:
            self.on_suggested()
        return added

    def accept_confident(self) -> int:
        """Accept every open suggestion of the open document scored at or above the threshold (Settings),
        as one undoable step."""
        session = self.session
        if session is None or session.document is None:
            return 0
        threshold = prefs.accept_threshold()
        document_id, accepted = session.document.id, [0]

        def accept() -> None:
            accepted[0] = session.project.suggestions.accept_all(document_id, session.annotator, min_score=threshold)

        if run_core_action(session, self.feedback, accept):
            self.feedback.message(
                self.tr("accepted {n} suggestions scored {score} % or more").format(
                    n=accepted[0], score=round(threshold * 100)
                )
            )
            self.on_suggested()
        return accepted[0]

    # ---- the next most useful document -------------------------------------------------------------------
    def next_most_useful(self) -> Job | None:
        """Open the undone document the model is least sure of (ranked in the background)."""
        session, folder = self.session, self.model_dir()
        if session is None:
            return None
        if folder is None or not folder.is_dir():
            self.feedback.message(
                self.tr("no model yet: train one first (Tools › Suggestions from a model › Train model…)")
            )
            self.ranked.emit("")
            return None
        if self.ranking is not None and self.ranking.running:
            return self.ranking
        path, annotator = session.project.path, session.annotator

        def work(progress: Progress) -> str:
            with Project(path, create=False, read_only=True) as project:
                ranked = rank_documents(project, annotator, folder, progress=progress)
            return ranked[0].name if ranked else ""

        self.ranking = Job(work, self)
        job = self.ranking
        job.ended.connect(lambda outcome, payload, job=job: self._ranked(job, outcome, payload))
        self.feedback.message(self.tr("looking for the document the model is least sure of…"))
        self.ranking.start()
        return self.ranking

    def _ranked(self, job: Job, outcome: str, payload: Any) -> None:
        if job is not self.ranking:
            return
        name = ""
        if outcome == "failed":
            self.feedback.error(str(payload))
        elif outcome == "done" and not payload:
            self.feedback.message(self.tr("every document is marked done: nothing left to rank"))
        elif outcome == "done" and self.session is not None and self.session.open_name(str(payload)):
            name = str(payload)
            self.feedback.message(self.tr("opened {name}: the model is least sure of it").format(name=name))
        self.ranked.emit(name)
