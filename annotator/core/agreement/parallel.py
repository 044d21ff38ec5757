"""Agreement over a large project in worker processes: each takes a consecutive share of the documents,
reads them from the project file itself (its own connection: SQLite connections do not cross a fork),
compares them, and hands its run back; the shares are merged in document order, so the report is the
one a single process would give (tests/core/test_agreement_report.py compares them).

One version of the project, whatever others save meanwhile: each worker opens the project as it starts
and reads every share it takes in that one read transaction, and says which version it saw
(`History.version`); one that saw another version than the one the documents were chosen in (another
program saved between the two moments) raises `VersionChanged`, and `compute` reads the documents again and
starts over. Before, each share opened the project anew, so a change saved while the shares ran went into
the later shares only: a report of two versions at once, with nothing to say so.

Workers are forked where that is safe: from the main thread of a process that runs no other thread (the
command line). A fork copies SQLite's locks and its record of which file locks this process holds as they
are at that instant: a worker forked while another thread was inside SQLite could wait forever for a lock
no thread will release, or read without the lock it believes it holds. The window, which computes on a
thread of its own while its GUI thread works on the project, asks for a fork server instead (`fork_server`):
a clean process started once, with this module loaded, that forks the workers. (Only where asked: a fork
server's workers import the program's main script again, which a script or notebook without the
`if __name__ == "__main__"` guard would run again; elsewhere a thread computes in one process.)

Shares shrink as they go (`shares`): a free worker takes the next, so the workers finish close together,
and the main process merges the earlier shares while the workers do the last, small ones. No share is over
LARGEST_SHARE documents: a worker holds its share's results until it hands them back, so a share that grew
with the project (a quarter of 100,000 articles) grew the worker with it (1.6 GB).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from .. import clitics, platforms
from ..formats.workers import can_fork
from ..model import DocumentId, Schema
from ..progress import NO_PROGRESS, Progress, checkpoint
from . import spill
from .report import _Run

if TYPE_CHECKING:
    from ..project import Project

PARALLEL_FROM = 400  # documents; below this, starting processes costs more than it saves
MAX_WORKERS = 4
SMALLEST_SHARE = 100  # documents
LARGEST_SHARE = 2500  # documents: a worker's memory (~290 MB at 10,000 articles by 3 annotators)
Version = tuple[int, str] | None  # which version of the project's content a connection sees (`History.version`)


def worker_count() -> int:
    return min(os.cpu_count() or 1, MAX_WORKERS)


def start_method(fork_server: bool = False) -> str | None:
    """How this process starts workers: "fork" from the main thread of a process without other threads;
    elsewhere "forkserver" if `fork_server` (the program's main module is safe to import again) and the
    system has one (POSIX); None: no workers (one core; Windows; a thread of a script)."""
    if worker_count() < 2:
        return None
    if can_fork() and threading.current_thread() is threading.main_thread():
        return "fork"
    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if fork_server and "fork" in methods and "forkserver" in methods else None


def worth_workers(documents: int, fork_server: bool = False) -> bool:
    return documents >= PARALLEL_FROM and start_method(fork_server) is not None


def shares(document_ids: Sequence[DocumentId], workers: int) -> list[list[DocumentId]]:
    """Consecutive shares, each a 2 * workers-th of the documents left (not under SMALLEST_SHARE nor over
    LARGEST_SHARE): big ones first, each worker's last one small (guided self-scheduling)."""
    out = []
    start = 0
    while start < len(document_ids):
        size = min(LARGEST_SHARE, max(SMALLEST_SHARE, -(-(len(document_ids) - start) // (2 * workers))))
        out.append(list(document_ids[start : start + size]))
        start += size
    return out


# A worker's project, open in one read transaction from its start to its end (`_start_worker`; the
# transaction's context held with it, else it would end when collected), and the version it sees; or what
# refused to open it (raised by the first share).
_reading: tuple[Project, AbstractContextManager[None], Version] | BaseException | None = None


def _share(
    schema: Schema, annotators: list[str], document_ids: list[DocumentId], spill_name: str = ""
) -> tuple[_Run, Version]:
    """Compare a share of the documents; returns the run and the version of the project it read."""
    if _reading is None or isinstance(_reading, BaseException):
        raise _reading or RuntimeError("an agreement worker without its project")
    project, _, version = _reading
    run = _Run(schema, annotators)
    run.packing = True
    # A share makes millions of objects and no reference cycle: the cycle collector would walk them again
    # and again as they pile up (a tenth of the time), for nothing.
    gc.disable()
    try:
        run.add_all(project.layer_rows(document_ids, annotators), run.add_rows)
        run.pack()  # JSON text crosses back to the main process far faster than 100,000s of objects
        kept = spill.shared_spill(spill_name)
        if kept is not None:  # and the texts need not cross at all: they go to the main process's file
            run.spill_texts(kept)
    finally:
        gc.enable()
    return run, version


def _start_worker(starter: int, forked: bool, handed: object, path: str) -> None:
    """A worker's first step: it ends with `starter`, the process that started it (and forked it, if
    `forked`; else a fork server did, with which it ends too). `handed`: the starter's `spill.Handoff`,
    which arrived as its spill, registered as it came (or None); None for a forked worker (it inherits it).
    Then it opens the project at `path` in one read transaction, which every share it compares reads in."""
    if forked:
        platforms.die_with_parent(starter)
    else:
        platforms.die_with_parent(os.getppid())
        platforms.die_with(starter)
    global _reading
    try:
        _reading = reading(path)
    except BaseException as exc:  # noqa: BLE001 (raised by the first share, where the starter sees it)
        _reading = exc


def reading(path: str) -> tuple[Project, AbstractContextManager[None], Version]:
    """The project at `path` opened in one read transaction (begun by reading the version it sees)."""
    from ..project import Project

    project = Project(path, create=False, read_only=True)
    held = project.snapshot()
    held.__enter__()  # (left when the worker ends, with its connection)
    return project, held, project.history.version()


class VersionChanged(Exception):
    """A worker read another version of the project than the one the documents were chosen in: another
    program saved a change meanwhile."""


def run_in_workers(
    path: str | Path,
    schema: Schema,
    annotators: Sequence[str],
    document_ids: Sequence[DocumentId],
    progress: Progress = NO_PROGRESS,
    fork_server: bool = False,
    version: Version = None,
) -> _Run:
    """The run over `document_ids` (chosen in the project's `version`: `History.version`), merged from the
    workers' shares. Each worker reads every share it takes in one read transaction, begun as it starts;
    `VersionChanged` when one of them saw another version (the shares would mix two versions)."""
    workers = worker_count()
    parts = shares(document_ids, workers)
    method = start_method(fork_server)
    if method is None:
        raise RuntimeError("agreement's workers asked for where none can start (see worth_workers)")
    context = multiprocessing.get_context(method)
    forked = method == "fork"
    # Every share tokenizes, and the tokenizer's word list (read and unpacked on first use) would be loaded
    # by each worker: loaded here once, before the fork, forked workers share it (at 10,000 articles by 3
    # annotators, the workers' CPU 18.2 -> 16.0 s, this process 1.1 -> 1.6 s). A fork server's load their own.
    loaded_before = clitics.word_list_loaded()
    if forked:
        clitics.is_clitic("و", "الرئيس", "والرئيس")
    else:
        from multiprocessing import forkserver

        forkserver.set_forkserver_preload([__name__, "annotator.core.project"])  # (read once, as it starts)
    merged: _Run | None = None
    done = 0
    # a worker ends with this process: killed, it would otherwise keep reading the project (a minute and more)
    with (
        spill.shared(method) as kept,
        ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(os.getpid(), forked, None if forked else spill.Handoff(kept), str(path)),
        ) as pool,
    ):
        futures = deque(pool.submit(_share, schema, list(annotators), share, kept.name) for share in parts)
        if forked and not loaded_before:  # loaded for the workers alone, who have it now (forked at the first submit)
            clitics.release_word_list()
        try:
            for share in parts:
                # taken out of the queue: a done future holds its run (all of a share's results) for as long
                # as it is referenced, and a list of them held every share's to the end (150 MB at 100,000)
                run, seen = futures.popleft().result()
                if seen != version:
                    raise VersionChanged(f"a worker read version {seen} of the project, not {version}")
                if merged is None:
                    merged = run
                    merged.spill = kept  # (texts the workers could not keep there go there too, if they can)
                else:
                    merged.merge(run)
                del run
                done += len(share)
                if done < len(document_ids):
                    checkpoint(progress, done, len(document_ids), "comparing the annotators")
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    assert merged is not None
    progress.report(len(document_ids), len(document_ids), "compared")
    return merged
