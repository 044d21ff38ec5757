"""The project files this process holds an SQLite connection to: nothing but SQLite may open them.

POSIX drops every lock a process holds on a file when the process closes *any* descriptor of that file
(sqlite.org, "How To Corrupt An SQLite Database File", 2.2). One plain `open()` of a project, its `-wal` or
its `-shm` in a process holding a connection (the window) silently releases that connection's locks: the
next program then believes it is alone, checkpoints and deletes the write-ahead log, and what the window
saves afterwards goes to a deleted file. SQLite itself knows this and shares one descriptor per file
between the connections of a process, so a second connection is safe; our own opens are not.

So: the store registers each connection's file here, and every place that opens a file itself (reading an
import, an export manifest, an agreement report) asks `refuse_open_project` first. It decides from
`os.stat`, which opens nothing. tests/core/test_open_projects.py scans the code for opens that skip it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from .errors import InputError

_lock = threading.Lock()
_open: dict[Path, int] = {}  # absolute project path -> connections open in this process
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")  # what SQLite keeps beside a database file


def register(path: Path) -> None:
    key = Path(os.path.abspath(path))
    with _lock:
        _open[key] = _open.get(key, 0) + 1


def unregister(path: Path) -> None:
    key = Path(os.path.abspath(path))
    with _lock:
        left = _open.get(key, 0) - 1
        if left > 0:
            _open[key] = left
        else:
            _open.pop(key, None)


def _identity(path: str | Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def open_project_of(path: str | Path) -> Path | None:
    """The open project whose file (or `-wal`, `-shm`) `path` is, through any link or `..`; None if none."""
    target = _identity(path)
    if target is None:
        return None
    with _lock:
        projects = list(_open)
    for project in projects:
        for suffix in ("", *SQLITE_SIDE_FILES):
            if _identity(f"{project}{suffix}") == target:
                return project
    return None


def refuse_open_project(path: str | Path, what: str = "read") -> None:
    """Refuse, before anything opens it, a file that belongs to a project open in this process."""
    project = open_project_of(path)
    if project is not None:
        raise InputError(
            f"this is the project file {project.name} (or SQLite's file beside it), which is open; "
            f"annotator never {what}s it as a plain file: choose another file",
            file=str(path),
        )


def open_project_files() -> list[Path]:
    """The project files this process holds a connection to."""
    with _lock:
        return list(_open)
