"""Each document's token count (`tokens.count`, agreement's O/O cell), counted while it is imported.

Counting costs a third of a large import. A large import therefore counts in a forked process while
this one parses, checks and writes the documents (work for one core: the other is otherwise idle), so
importing takes no longer; the counts are written in the import's own transaction. Small imports, and
a process that may not fork (the window's import runs in a thread), count here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from . import tokens
from .formats.workers import can_fork
from .platforms import die_with_parent

BACKGROUND_FROM = 200  # documents: below this, starting a process costs more than counting here


class TokenCounts:
    """Counts of `texts`, in their order: started now, `result()` when needed, `close()` always."""

    def __init__(self, texts: Sequence[str]):
        self._texts = texts
        self._process: Any = None
        self._reader: Any = None
        if len(texts) >= BACKGROUND_FROM and can_fork():
            import multiprocessing

            context = multiprocessing.get_context("fork")
            self._reader, writer = context.Pipe(duplex=False)
            # forked: the child sees the texts as they are in memory, nothing is copied or pickled
            self._process = context.Process(target=_count_into, args=(texts, writer, os.getpid()), daemon=True)
            self._process.start()
            writer.close()

    def result(self) -> list[int]:
        if self._process is not None:
            try:
                counts = self._reader.recv()
                if isinstance(counts, list) and len(counts) == len(self._texts):
                    return counts
            except (EOFError, OSError):  # the counting process died (killed): count here instead
                pass
            finally:
                self.close()
        return [tokens.count(text) for text in self._texts]

    def close(self) -> None:
        if self._process is not None:
            self._reader.close()
            if self._process.is_alive():
                self._process.kill()
            self._process.join()
            self._process = None

    def __enter__(self) -> TokenCounts:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _count_into(texts: Sequence[str], writer: Any, parent: int) -> None:
    die_with_parent(parent)
    writer.send([tokens.count(text) for text in texts])
    writer.close()
