"""Agreement over a large project in worker processes: each takes a consecutive share of the documents,
reads them from the project file itself (its own connection: SQLite connections do not cross a fork),
compares them, and hands its run back; the shares are merged in document order, so the report is the
one a single process would give (tests/core/test_agreement_report.py compares them).

Shares shrink as they go (`shares`): a free worker takes the next, so the workers finish close together,
and the main process merges the earlier shares while the workers do the last, small ones. No share is over
LARGEST_SHARE documents: a worker holds its share's results until it hands them back, so a share that grew
with the project (a quarter of 100,000 articles) grew the worker with it (1.6 GB).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .. import clitics, platforms
from ..formats.workers import can_fork
from ..model import DocumentId, Schema
from ..progress import NO_PROGRESS, Progress, checkpoint
from . import spill
from .report import _Run

PARALLEL_FROM = 400  # documents; below this, starting processes costs more than it saves
MAX_WORKERS = 4
SMALLEST_SHARE = 100  # documents
LARGEST_SHARE = 2500  # documents: a worker's memory (~290 MB at 10,000 articles by 3 annotators)


def worker_count() -> int:
    return min(os.cpu_count() or 1, MAX_WORKERS)


def worth_workers(documents: int) -> bool:
    return documents >= PARALLEL_FROM and worker_count() > 1 and can_fork()


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


def _share(
    path: str, schema: Schema, annotators: list[str], document_ids: list[DocumentId], spill_name: str = ""
) -> _Run:
    from ..project import Project

    run = _Run(schema, annotators)
    # A share makes millions of objects and no reference cycle: the cycle collector would walk them again
    # and again as they pile up (a tenth of the time), for nothing.
    gc.disable()
    try:
        with Project(path, create=False, read_only=True) as project:
            run.add_all(project.layer_rows(document_ids, annotators), run.add_rows)
        run.pack()  # JSON text crosses back to the main process far faster than 100,000s of objects
        kept = spill.shared_spill(spill_name)
        if kept is not None:  # and the texts need not cross at all: they go to the main process's file
            run.spill_texts(kept)
    finally:
        gc.enable()
    return run


def run_in_workers(
    path: str | Path,
    schema: Schema,
    annotators: Sequence[str],
    document_ids: Sequence[DocumentId],
    progress: Progress = NO_PROGRESS,
) -> _Run:
    workers = worker_count()
    parts = shares(document_ids, workers)
    # Every share tokenizes, and the tokenizer's word list (read and unpacked on first use) would be loaded
    # by each worker: loaded here once, before the fork, the workers share it (at 10,000 articles by 3
    # annotators, the workers' CPU 18.2 -> 16.0 s, this process 1.1 -> 1.6 s).
    loaded_before = clitics.word_list_loaded()
    clitics.is_clitic("و", "الرئيس", "والرئيس")
    merged: _Run | None = None
    done = 0
    # a worker ends with this process: killed, it would otherwise keep reading the project (a minute and more)
    with (
        spill.shared() as kept,
        ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=platforms.die_with_parent,
            initargs=(os.getpid(),),
        ) as pool,
    ):
        futures = deque(pool.submit(_share, str(path), schema, list(annotators), share, kept.name) for share in parts)
        if not loaded_before:  # loaded for the workers alone, who have it now (forked at the first submit)
            clitics.release_word_list()
        try:
            for share in parts:
                # taken out of the queue: a done future holds its run (all of a share's results) for as long
                # as it is referenced, and a list of them held every share's to the end (150 MB at 100,000)
                run = futures.popleft().result()
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
