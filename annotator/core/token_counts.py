"""Each document's token count (`tokens.count`, agreement's O/O cell), counted while it is imported.

Counting costs a third of a large import. A large import therefore counts in a forked process while
this one parses, checks and writes the documents (work for one core: the other is otherwise idle), so
importing takes no longer; the counts are written in the import's own transaction. Small imports, and
a process that may not fork (the window's import runs in a thread), count here.

One process counts every batch of an import (`TokenCounts.submit` sends it a batch's texts): the
tokenizer's word list (core/clitics.py) is loaded on first use, 0.4-0.7 s of CPU and 100 MB, so a
process per batch loaded it again for every 512 documents (issue 27 item 2), and loading it here before
forking would add its 100 MB to the importing process.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Sequence
from typing import Any

from . import tokens
from .formats.workers import can_fork, worth_a_process
from .platforms import behind_the_parent, die_with_parent

BACKGROUND_FROM = 200  # documents: below this (and BACKGROUND_CHARACTERS), a process costs more than counting here


class TokenCounts:
    """Counts of an import's batches: `submit(texts)` as a batch starts, `result()` (the counts of the
    oldest batch submitted and not yet taken, in order) when needed, `close()` at the end of the import,
    always. Batches may be submitted ahead of their results: the process counts one while the import
    writes the next, so the import never waits on it but at its end. The counting process is started
    with the first batch that is worth it; if it dies, the batches it owes are counted here, and so are
    the next ones."""

    def __init__(self) -> None:
        self._owed: deque[tuple[Sequence[str], bool]] = deque()  # texts, and whether the process has them
        self._process: Any = None
        self._send: Any = None
        self._receive: Any = None
        self._failed = False

    def submit(self, texts: Sequence[str]) -> None:
        sent = False
        if worth_a_process(texts, BACKGROUND_FROM) and self._started():
            try:
                self._send.send(list(texts))
                sent = True
            except OSError:  # the counting process died
                self._fail()
        self._owed.append((texts, sent))

    def result(self) -> list[int]:
        texts, sent = self._owed.popleft()
        if sent and not self._failed:
            try:
                counts = self._receive.recv()
                if isinstance(counts, list) and len(counts) == len(texts):
                    return counts
            except (EOFError, OSError):  # the counting process died (killed): count here instead
                pass
            self._fail()
        return [tokens.count(text) for text in texts]

    @property
    def owed(self) -> int:
        """How many submitted batches have not been taken (`result`) yet."""
        return len(self._owed)

    def _started(self) -> bool:
        if self._process is None and not self._failed and can_fork():
            import multiprocessing

            context = multiprocessing.get_context("fork")
            source, self._send = context.Pipe(duplex=False)
            self._receive, writer = context.Pipe(duplex=False)
            # forked: the texts go through the pipe, the word list is loaded once there
            self._process = context.Process(target=_count_into, args=(source, writer, os.getpid()), daemon=True)
            self._process.start()
            source.close()
            writer.close()
        return self._process is not None

    def _fail(self) -> None:
        self.close()
        self._failed = True

    def close(self) -> None:
        if self._process is not None:
            self._send.close()
            self._receive.close()
            if self._process.is_alive():
                self._process.kill()
            self._process.join()
            self._process = None

    def __enter__(self) -> TokenCounts:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _count_into(source: Any, writer: Any, parent: int) -> None:
    """The counting process: counts each list of texts `source` brings, until the importer closes it."""
    die_with_parent(parent)
    behind_the_parent()
    try:
        while True:
            texts = source.recv()
            writer.send([tokens.count(text) for text in texts])
    except (EOFError, OSError):
        pass
    finally:
        writer.close()
