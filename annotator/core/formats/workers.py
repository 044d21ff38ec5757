"""Spreading a slow, pure-Python per-document step (cassis' XMI serialiser, spaCy's DocBin) over cores.

`in_chunks` streams: the caller's generator keeps reading documents from the project while worker
processes already work on the chunks handed to them, so reading and the slow step overlap. Small exports
never start a worker (starting one costs more than it saves).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from ..platforms import die_with_parent

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

Item = TypeVar("Item")
Result = TypeVar("Result")

PARALLEL_FROM = 400  # documents seen before workers start
CHUNK = 100  # documents a worker takes at a time
BACKGROUND_FROM = 200  # documents: a batch of fewer (and of fewer than BACKGROUND_CHARACTERS) is worked on here
# characters: a batch of texts this long is worth a process whatever the number of its documents (about
# as many as 200 news articles hold): 120 articles of a million characters each were counted and indexed
# in the importing process, one after the other, for 186 s
BACKGROUND_CHARACTERS = 800_000


def worth_a_process(texts: Iterable[str], documents_from: int) -> bool:
    """Whether a batch of `texts` is worth a process of its own: `documents_from` of them or more, or as
    many characters as BACKGROUND_CHARACTERS."""
    count = length = 0
    for text in texts:
        count += 1
        length += len(text)
    return count >= documents_from or length >= BACKGROUND_CHARACTERS


def can_fork() -> bool:
    """Workers are forked: cheap, and unlike spawned ones they need not re-run the caller's script (which
    breaks under notebooks and unguarded scripts). Not while another Python thread runs (it could hold a
    lock the child needs), and Windows has no fork; otherwise all the work is done here.
    Threads Python does not list are not seen: Qt's, and a window's job thread (a QThread) forks while the
    GUI thread may be inside Qt or SQLite. The children forked through this check (export encoders, the
    import's analysis, the search index's encoder) run only Python and the tokenizer, never SQLite, so what
    those threads hold does not reach them; agreement's workers open the project, and start by their own
    rule (core/agreement/parallel.py `start_method`: a fork server from a thread).
    Native OpenBLAS threads (numpy, which sqlite-utils imports when it is installed) may be there; they
    survive a fork through their own pthread_atfork handlers, as in any numpy program on Linux."""
    import multiprocessing
    import threading

    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _pool(workers: int) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )


def in_chunks(items: Iterable[Item], work: Callable[[list[Item]], Result]) -> list[Result]:
    """`work` applied to consecutive chunks of `items`; the results in the items' order. `work` and the
    items must pickle (a module-level function, or a functools.partial of one)."""
    workers = min(os.cpu_count() or 1, 8)
    futures = []
    chunk: list[Item] = []
    with contextlib.ExitStack() as stack:  # on an error the pool is shut down (and waited for) first
        pool = None
        for seen, item in enumerate(items, 1):
            chunk.append(item)
            if pool is None and seen >= PARALLEL_FROM and workers > 1 and can_fork():
                pool = stack.enter_context(_pool(workers))
            if pool is not None and len(chunk) >= CHUNK:
                futures += [pool.submit(work, chunk[i : i + CHUNK]) for i in range(0, len(chunk), CHUNK)]
                chunk = []
        tail = [work(chunk)] if chunk or not futures else []  # the rest, or a small export, right here
        return [future.result() for future in futures] + tail
