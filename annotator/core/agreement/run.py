"""`compute(project)`: the entry point. Reads the project's documents in this process, or in worker
processes for a large project (parallel.py), and returns the report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import DocumentId, Schema
from ..progress import NO_PROGRESS, Progress
from .parallel import VersionChanged, run_in_workers, worth_workers
from .report import _Run, choose_annotators
from .results import AgreementReport

if TYPE_CHECKING:
    from ..project import Project


def compute(
    project: Project,
    annotators: Sequence[str] | None = None,
    documents: Sequence[str] | None = None,
    progress: Progress = NO_PROGRESS,
    *,
    fork_server: bool = False,
) -> AgreementReport:
    """Agreement between `annotators` (default: all but gold) on `documents` (names; default: all), over one
    version of the project whatever other programs save meanwhile.

    `progress` (core/progress.py) gets a step as documents are done (every 100, or per share of the
    documents when worker processes do the work); when it says cancelled, `Cancelled` stops the work (with
    worker processes, once the shares under way are done). Worker processes are used for 400 documents or
    more when this process may fork (the main thread, and no other thread runs), or, elsewhere, from a fork
    server if `fork_server` (a program whose main module is safe to import again: the window, which
    computes on a thread); otherwise all in this process (steady progress). Workers that read another
    version than the documents were chosen in (parallel.py) start over, at most ATTEMPTS times; then one
    process compares them (one read transaction: one version, however busy the project)."""
    for _ in range(ATTEMPTS):
        with project.snapshot():  # one version of the project, whatever others save meanwhile
            chosen, schema, chosen_ids = _chosen(project, annotators, documents)
            if not worth_workers(len(chosen_ids), fork_server):
                return _in_this_process(project, schema, chosen, chosen_ids, progress)
            version = project.history.version()
        try:
            return run_in_workers(project.location, schema, chosen, chosen_ids, progress, fork_server, version).report()
        except VersionChanged:
            progress.report(0, len(chosen_ids), "the project changed meanwhile: comparing again")
    with project.snapshot():
        chosen, schema, chosen_ids = _chosen(project, annotators, documents)
        return _in_this_process(project, schema, chosen, chosen_ids, progress)


ATTEMPTS = 3  # runs in worker processes before one in this process


def _in_this_process(
    project: Project, schema: Schema, chosen: list[str], ids: list[DocumentId], progress: Progress
) -> AgreementReport:
    """The report over `ids`, read in this process (in the caller's read transaction)."""
    run = _Run(schema, chosen)
    run.add_all(project.layer_rows(ids, chosen), run.add_rows, progress, len(ids))
    return run.report()


def _chosen(
    project: Project, annotators: Sequence[str] | None, documents: Sequence[str] | None
) -> tuple[list[str], Schema, list[DocumentId]]:
    """The annotators, the schema and the documents' ids (in id order) to compare."""
    chosen = choose_annotators(project, annotators)
    schema = project.schema.get()
    # ids from the names' index: reading every document's fingerprint walked the texts' pages (0.04-0.08 s
    # before the workers could start, at 10,000 articles)
    if documents is None:
        return chosen, schema, project.documents.ids()
    found = project.documents.ids_of(documents)
    missing = set(documents) - found.keys()
    if missing:
        raise InputError(f"no document named {', '.join(sorted(missing))} in the project")
    return chosen, schema, sorted(found.values())
