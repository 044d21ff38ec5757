"""What an import makes of each batch's new texts besides their rows: their token counts (`tokens.count`,
agreement's O/O cell) and their search index rows (core/search_index.py), both from one split of each text
at its words, made in one forked process while the import writes (issue 27 item 2).

Counting and indexing each split every text at its words; done apart (a counting process and a forked
indexer a batch) they cost a third more CPU than the import's own work, and on two cores the import waited
for them. One process makes both from the same split (`search_index.build_counted`): it is started with the
first batch worth it and serves every batch, since the tokenizer's word list (core/clitics.py: 0.4-0.7 s
of CPU and 100 MB) is loaded there once, and loading it before forking would add its 100 MB to the
importing process. The texts go to it through a pipe, the rows and counts come back in order, each batch's
taken when the import needs them (its index rows before the next batch is written, its counts after).
Small batches, and a process that may not fork (the window's import runs in a thread), are analysed here;
so is every batch a process that died owed, and every batch after it.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Sequence
from typing import Any

from . import search_index
from .formats.workers import BACKGROUND_FROM, can_fork, worth_a_process
from .platforms import behind_the_parent, die_with_parent

Rows = dict[int, dict[str, search_index.Postings]]


class AnalysedBatch:
    """One batch's search index rows (`result()`, as the store takes them) and token counts (`counts()`, in
    the order of its documents), made beside or, when needed, here."""

    def __init__(self, owner: BatchAnalysis | None, documents: Sequence[tuple[int, str]]):
        self._owner = owner  # None: made here
        self._documents = documents
        self._made: tuple[Rows, list[int]] | None = None

    def result(self) -> Rows:
        return self._taken()[0]

    def counts(self) -> list[int]:
        return self._taken()[1]

    def _taken(self) -> tuple[Rows, list[int]]:
        if self._made is None and self._owner is not None:
            self._owner.receive_until(self)
        if self._made is None:
            self._made = analysed(self._documents)
        return self._made

    def close(self) -> None:
        """Nothing to let go of (the store closes what it indexed with): the process is the import's
        (`BatchAnalysis.close`)."""


class BatchAnalysis:
    """The analysis of an import's batches: `submit(documents)` ((id, text) pairs) as a batch is planned,
    the batch's `result()` and `counts()` when needed, `close()` at the end of the import, always. Batches
    are submitted ahead of their results: the process analyses one while the import writes the next."""

    def __init__(self) -> None:
        self._waiting: deque[AnalysedBatch] = deque()  # sent, in order, their answers not read yet
        self._process: Any = None
        self._send: Any = None
        self._receive: Any = None
        self._failed = False

    def submit(self, documents: Sequence[tuple[int, str]]) -> AnalysedBatch:
        if not worth_a_process((text for _, text in documents), BACKGROUND_FROM) or not self._started():
            return AnalysedBatch(None, documents)
        batch = AnalysedBatch(self, documents)
        try:
            self._send.send(list(documents))
        except OSError:  # the process died
            self._fail()
            return AnalysedBatch(None, documents)
        self._waiting.append(batch)
        return batch

    def receive_until(self, batch: AnalysedBatch) -> None:
        """Read the answers of the batches sent, in order, up to `batch`'s; if the process died, those not
        read are made where they are taken."""
        while batch in self._waiting:
            head = self._waiting.popleft()
            try:
                answer = self._receive.recv()
            except (EOFError, OSError):  # the process died (killed)
                self._fail()
                return
            rows, counts = answer
            if len(counts) != len(head._documents):  # (never: the process answers each batch it is sent)
                self._fail()
                return
            head._made = rows, counts

    def _started(self) -> bool:
        if self._process is None and not self._failed and can_fork():
            import multiprocessing

            context = multiprocessing.get_context("fork")
            source, self._send = context.Pipe(duplex=False)
            self._receive, writer = context.Pipe(duplex=False)
            for end in (source, writer):
                _widened(end)
            self._process = context.Process(target=_analyse_into, args=(source, writer, os.getpid()), daemon=True)
            self._process.start()
            source.close()
            writer.close()
        return self._process is not None

    def _fail(self) -> None:
        self.close()
        self._failed = True
        self._waiting.clear()  # (made where they are taken: their owner is the process no more)

    def close(self) -> None:
        if self._process is not None:
            self._send.close()
            self._receive.close()
            if self._process.is_alive():
                self._process.kill()
            self._process.join()
            self._process = None
        for batch in self._waiting:
            batch._owner = None
        self._waiting.clear()

    def __enter__(self) -> BatchAnalysis:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def analysed(documents: Sequence[tuple[int, str]]) -> tuple[Rows, list[int]]:
    """The search index rows of `documents` ((id, text)) and their token counts in their order."""
    rows, counts = search_index.build_counted(documents)
    return rows, [counts[i] for i, _ in documents]


def _widened(end: Any) -> None:
    """A pipe holding 1 MiB, not 64 KiB, where the system allows (Linux): a batch's texts (8 MB for 512
    articles) crossed 64 KiB at a time, and each piece waited for the reading thread to get Python's lock
    from the busy one (up to 5 ms): the import was held in `submit` 0.9 s of 17."""
    try:
        import fcntl

        fcntl.fcntl(end.fileno(), fcntl.F_SETPIPE_SZ, PIPE_SIZE)
    except (ImportError, AttributeError, OSError):
        pass  # (another system, or a smaller limit: the pipe as it is)


PIPE_SIZE = 1 << 20


def _analyse_into(source: Any, writer: Any, parent: int) -> None:
    """The process: analyses each batch `source` brings, until the importer closes it. A thread takes the
    batches in as they come: the import sends the next batch before it reads this one's answer, and an
    answer (a batch's index rows) is larger than a pipe holds, so a process that only read once it had
    answered would wait on the import while the import waits on it."""
    import queue
    import threading

    die_with_parent(parent)
    behind_the_parent()
    batches: queue.SimpleQueue[list[tuple[int, str]] | None] = queue.SimpleQueue()

    def take_in() -> None:
        try:
            while True:
                batches.put(source.recv())
        except (EOFError, OSError):
            batches.put(None)  # the importer is done (or gone)

    answers: queue.SimpleQueue[tuple[Rows, list[int]] | None] = queue.SimpleQueue()

    def send_out() -> None:
        try:
            while (answer := answers.get()) is not None:
                writer.send(answer)
        except OSError:
            pass  # the importer is gone
        finally:
            writer.close()

    threading.Thread(target=take_in, daemon=True).start()
    # A thread sends the answers: the import takes one only a batch or two later (`ROWS_MADE_LAG`), and
    # meanwhile this process goes on with the next batch instead of waiting for the pipe to empty.
    sender = threading.Thread(target=send_out, daemon=True)
    sender.start()
    try:
        while (documents := batches.get()) is not None:
            answers.put(analysed(documents))
    except Exception:  # the importer is gone, or the work failed here: the importer makes what is owed itself
        pass  # (and shows the error if it happens again there), with no traceback from this process
    finally:
        answers.put(None)
        sender.join()
