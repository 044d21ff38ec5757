"""Long texts of a report kept in an unnamed temporary file rather than in memory: the JSON of the
disagreements and per-document counts of a large project is 80 MB at 10,000 articles by 3 annotators and
800 MB at 100,000, and the main process held all of it until `--json` wrote it out. Each text (one
worker's share: a few MB) is read back whole when it is written or decoded.

The main process makes the file before it forks its worker processes (`shared`), and each worker writes
its share's texts there itself, so they neither cross a pipe nor pass through the main process's memory;
what comes back is where each text is. The file has no name (`tempfile.TemporaryFile`: on Linux never in a
folder, elsewhere removed as it closes), so nothing is left behind however the process ends; it closes
with the last text that needs it. Where it cannot be written (no room), a text stays in memory as before:
the report is the same.
"""

from __future__ import annotations

import errno
import io
import multiprocessing
import os
import secrets
import tempfile
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:  # (multiprocessing.synchronize does not import where the platform has no semaphores)
    from multiprocessing.synchronize import Lock

SPILL_FROM = 1 << 16  # characters: a shorter text stays in memory (not worth a write and a read)
COPY_BLOCK = 1 << 20  # bytes read at a time where the system cannot copy (`Spill.copy`)
_NO_SENDFILE = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOTSOCK}

# The spills of the `shared` blocks under way, by name: a worker finds its run's by the name it is given,
# and a text crossing back finds the one it is in (two runs at once, in two threads, never mix their files)
_sharing: dict[str, Spill] = {}


class Spill:
    """The temporary file, made on the first text kept in it (or at once, for `shared`)."""

    def __init__(self, lock: Lock | None = None) -> None:
        self.name = secrets.token_hex(8)
        self._file: IO[bytes] | None = None
        self._lock = lock  # (`shared`: worker processes append to the one file)
        self._refused = False  # the file could not be made or written: texts stay in memory

    def _fd(self) -> int:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="annotator-agreement-")  # noqa: SIM115 (closed by the finalizer)
            weakref.finalize(self, self._file.close)
        return self._file.fileno()

    def keep(self, text: str | Spilled) -> str | Spilled:
        """`text` in the file (returned as the `Spilled` that reads it back), or as it is: short, already
        kept, or the file refused it."""
        if not isinstance(text, str) or len(text) < SPILL_FROM or self._refused:
            return text
        data = text.encode("utf-8", "surrogatepass")
        try:
            fd = self._fd()
            if self._lock is None:
                at = _append(fd, data)
            else:
                with self._lock:
                    at = _append(fd, data)
        except OSError:  # no room in the temporary folder, or none writable
            self._refused = True
            return text
        return Spilled(self, at, len(data))

    def read(self, at: int, size: int) -> str:
        return self._bytes(at, size).decode("utf-8", "surrogatepass")

    def _bytes(self, at: int, size: int) -> bytes:
        data = _read(self._fd(), size, at)
        if len(data) != size:  # (the file is this process's own: only a failing disk gets here)
            raise OSError(f"the agreement report's temporary file gave {len(data)} of {size} bytes")
        return data

    def copy(self, at: int, size: int, out: BinaryIO) -> None:
        """Write `size` bytes from `at` to `out` as they are (UTF-8): by the system where it can copy file
        to file or pipe (`os.sendfile`), else a block at a time. `--json` wrote 80 MB of disagreements by
        reading them back as text and encoding them again: 0.1-0.25 s at 10,000 articles, after the work."""
        out.flush()  # (what `out` holds goes first)
        fileno = getattr(out, "fileno", None)
        sendfile = getattr(os, "sendfile", None)
        done = 0
        if fileno is not None and sendfile is not None:
            try:
                target = fileno()
                while done < size:
                    sent = sendfile(target, self._fd(), at + done, size - done)
                    if sent == 0:
                        break
                    done += sent
            except (OSError, io.UnsupportedOperation) as exc:
                # a target the system does not copy to (a terminal on some systems; macOS: sockets only)
                if not isinstance(exc, io.UnsupportedOperation) and exc.errno not in _NO_SENDFILE:
                    raise
        while done < size:
            block = self._bytes(at + done, min(COPY_BLOCK, size - done))
            out.write(block)
            done += len(block)


def _append(fd: int, data: bytes) -> int:
    """Write `data` at the end of the file; where it starts. (Positioned writes and reads: the file's
    offset is shared with the worker processes; where the system has none, nothing is shared.)"""
    at = os.lseek(fd, 0, os.SEEK_END)
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, at + len(data) - len(view)) if hasattr(os, "pwrite") else os.write(fd, view)
        view = view[written:]
    return at


def _read(fd: int, size: int, at: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, size, at)
    os.lseek(fd, at, os.SEEK_SET)
    return os.read(fd, size)


@contextmanager
def shared(method: str = "fork") -> Iterator[Spill]:
    """A spill for the worker processes started inside the block (by `method`: multiprocessing's start
    method) to write to (`shared_spill(its name)`); the main process reads their texts from it and keeps its
    own there. Forked workers inherit it; others are handed it as they start (`Handoff`)."""
    try:
        spill = Spill(multiprocessing.get_context(method).Lock())
        spill._fd()  # made now: forked workers inherit the open file
    except (OSError, ImportError, ValueError):  # no semaphore (no /dev/shm), no fork, no temporary file:
        # the texts travel as text, as before
        spill = Spill()
        spill._refused = True
    _sharing[spill.name] = spill
    try:
        yield spill
    finally:
        del _sharing[spill.name]
        # the workers are done: the lock goes now, not with the last text (a fork server's is a named
        # semaphore, which a window killed later would leave to multiprocessing's tracker, with a warning)
        spill._lock = None


def shared_spill(name: str) -> Spill | None:
    """In a worker process: the spill of that name of the `shared` block it was started in, if any."""
    return _sharing.get(name)


class Handoff:
    """A `shared` spill for a worker that is not forked (a fork server's): given in the arguments the worker
    starts with, it arrives as the same file (its descriptor duplicated into the worker as multiprocessing
    starts it) and lock, under the same name; a spill without a file arrives as None."""

    def __init__(self, spill: Spill):
        self.spill = spill

    def __reduce__(self) -> tuple[object, ...]:
        from multiprocessing.reduction import DupFd

        spill = self.spill
        if spill._file is None or spill._refused or spill._lock is None:
            return (_nothing, ())
        return (_adopted, (spill.name, DupFd(spill._file.fileno()), spill._lock))


def _nothing() -> None:
    return None


def _adopted(name: str, handle: Any, lock: Lock) -> Spill:
    spill = Spill(lock)
    spill.name = name
    spill._file = os.fdopen(handle.detach(), "r+b")
    weakref.finalize(spill, spill._file.close)
    _sharing[name] = spill
    return spill


class Spilled:
    """A text kept in a `Spill`."""

    __slots__ = ("_at", "_size", "_spill")

    def __init__(self, spill: Spill, at: int, size: int):
        self._spill = spill
        self._at = at
        self._size = size

    def read(self) -> str:
        return self._spill.read(self._at, self._size)

    def write_to(self, out: BinaryIO) -> None:
        """The text into `out`, as UTF-8 bytes, without reading it back as text."""
        self._spill.copy(self._at, self._size, out)

    def __reduce__(self) -> tuple[object, ...]:
        if _sharing.get(self._spill.name) is self._spill:  # from a worker to the main process: the place
            return (_in_shared, (self._spill.name, self._at, self._size))
        return (str, (self.read(),))  # anywhere else, the text itself


def _in_shared(name: str, at: int, size: int) -> Spilled:
    spill = _sharing.get(name)
    if spill is None:
        raise RuntimeError("a text of an agreement worker's temporary file arrived outside its run")
    return Spilled(spill, at, size)


def text_of(text: str | Spilled) -> str:
    return text if isinstance(text, str) else text.read()


def write(text: str | Spilled, out: BinaryIO) -> None:
    """A text into `out` as UTF-8 (one kept in a file copied from there as it is)."""
    if isinstance(text, str):
        out.write(text.encode("utf-8"))
    else:
        text.write_to(out)
