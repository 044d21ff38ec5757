"""Long texts of a report kept in an unnamed temporary file rather than in memory: the JSON of the
disagreements and per-document counts that worker processes hand back is 80 MB at 10,000 articles by 3
annotators and 800 MB at 100,000, and the main process held all of it until `--json` wrote it out. Each
text (one worker's share: a few MB) is read back whole when it is written or decoded.

The file has no name (`tempfile.TemporaryFile`: on Linux never in a folder, elsewhere removed as it
closes), so nothing is left behind however the process ends; it closes with the last text that needs it.
Where it cannot be written (no room), the texts stay in memory as before: the report is the same.
"""

from __future__ import annotations

import tempfile
import weakref
from typing import IO

SPILL_FROM = 1 << 16  # characters: a shorter text stays in memory (not worth a write and a read)


class Spill:
    """The temporary file, made on the first text kept in it."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._end = 0
        self._refused = False  # the file could not be made or written: texts stay in memory

    def keep(self, text: str | Spilled) -> str | Spilled:
        """`text` in the file (returned as the `Spilled` that reads it back), or as it is: short, already
        kept, or the file refused it."""
        if not isinstance(text, str) or len(text) < SPILL_FROM or self._refused:
            return text
        data = text.encode("utf-8", "surrogatepass")
        try:
            if self._file is None:
                self._file = tempfile.TemporaryFile(prefix="annotator-agreement-")  # noqa: SIM115 (closed by the finalizer)
                weakref.finalize(self, self._file.close)
            self._file.seek(self._end)
            self._file.write(data)
            self._file.flush()
        except OSError:  # no room in the temporary folder, or none writable
            self._refused = True
            return text
        kept = Spilled(self, self._end, len(data))
        self._end += len(data)
        return kept

    def read(self, at: int, size: int) -> str:
        assert self._file is not None
        self._file.seek(at)
        data = self._file.read(size)
        if len(data) != size:  # (the file is this process's own: only a failing disk gets here)
            raise OSError(f"the agreement report's temporary file gave {len(data)} of {size} bytes")
        return data.decode("utf-8", "surrogatepass")


class Spilled:
    """A text kept in a `Spill`."""

    __slots__ = ("_at", "_size", "_spill")

    def __init__(self, spill: Spill, at: int, size: int):
        self._spill = spill
        self._at = at
        self._size = size

    def read(self) -> str:
        return self._spill.read(self._at, self._size)

    def __reduce__(self) -> tuple[object, ...]:
        # the file is this process's: the text itself goes to another (never done by `compute`; safe if it is)
        return (str, (self.read(),))


def text_of(text: str | Spilled) -> str:
    return text if isinstance(text, str) else text.read()
