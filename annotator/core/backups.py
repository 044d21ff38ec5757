"""Rolling backups of a project, beside it in `NAME.annotator.backups/`, and restoring one.

A backup is a consistent copy made through SQLite's backup API (other processes may be writing). The
window makes one when it opens a project, at most once an hour of use; `import` makes one before it
writes into an existing project. The newest `KEEP` of these are kept. Restoring keeps the current file
as a backup too (`-before-restore`, or `-damaged`), so a restore can itself be undone; those are never
pruned, and restoring never deletes a backup: a user trying backups one by one loses none of them. Nor is
the copy the store keeps before it upgrades a file to this annotator's format (`-before-upgrade`: the
project as the older annotator, which cannot open the upgraded file, left it).
A backup is written in SQLite's rollback-journal mode, so it opens on read-only media (a USB stick).

Backups into files are a backend-specific part of the store's contract (`FileBackups` in
core/store_protocols.py): a project kept in one file has them; a server's database would be backed up by the
server's own tools, and these functions say so rather than pretend.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .backup_names import BEFORE_UPGRADE, folder_of, new_backup_path
from .errors import InputError, StorageError
from .files import is_sqlite_file, refuse_unsafe_output
from .project import Project, backup_problem
from .store_protocols import FileBackups

__all__ = [
    "EVERY_SECONDS",
    "KEEP",
    "KEPT_APART",
    "Backup",
    "create",
    "create_if_due",
    "folder_of",
    "is_due",
    "list_backups",
    "restore",
]

KEEP = 5
EVERY_SECONDS = 3600


@dataclass(frozen=True)
class Backup:
    path: Path
    made: datetime
    size: int


def list_backups(project_path: Path) -> list[Backup]:
    """Newest first."""
    folder = folder_of(Path(project_path))
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.annotator"):
        stat = path.stat()
        found.append(Backup(path, datetime.fromtimestamp(stat.st_mtime, timezone.utc), stat.st_size))
    return sorted(found, key=lambda b: (b.made, b.path.name), reverse=True)


def _file_backups(project: Project) -> FileBackups:
    """The project's store as one that copies itself into a file, and back (the SQLite store does)."""
    store = project.store
    if not isinstance(store, FileBackups):
        raise InputError(
            f"{project.display_name}: this project is not kept in a file, so it has no backups beside it; "
            "back it up with its database server's own tools"
        )
    return store


def create(project: Project, note: str = "", *, prune: bool = True) -> Path:
    """A backup of the open project now; the oldest beyond KEEP are removed."""
    target = new_backup_path(project.path, note)
    partial = target.with_name(target.name + ".partial")
    for path in (target, partial):
        refuse_unsafe_output(path, "file")  # the one output policy (never through a link, over a pipe...)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        _file_backups(project).backup_to(partial)
        os.replace(partial, target)
    except (OSError, sqlite3.DatabaseError) as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(
            f"{target.parent}: cannot write a backup ({exc}); free some space or check permissions"
        ) from None
    if prune:
        _prune(project.path)
    return target


# Made by a restore, `demo --fresh` or a format upgrade (the project as an older annotator left it): never pruned.
KEPT_APART = (
    "-before-restore.annotator",
    "-damaged.annotator",
    "-before-fresh.annotator",
    f"-{BEFORE_UPGRADE}.annotator",
)


def _prune(project_path: Path) -> None:
    rolling = [b for b in list_backups(project_path) if not b.path.name.endswith(KEPT_APART)]
    for old in rolling[KEEP:]:
        old.path.unlink(missing_ok=True)


def is_due(project_path: Path, every: float = EVERY_SECONDS) -> bool:
    """Whether the project's newest backup is older than `every` seconds (or there is none): a look at
    the backups folder, nothing opened."""
    newest = list_backups(project_path)
    return not newest or time.time() - newest[0].made.timestamp() >= every


def create_if_due(project: Project, every: float = EVERY_SECONDS) -> Path | None:
    """A backup unless the newest is younger than `every` seconds; none of a project on a server (its
    database is backed up by the server's own tools)."""
    if not isinstance(project.store, FileBackups) or not is_due(project.path, every):
        return None
    return create(project)


def _check_backup(path: Path) -> None:
    if not path.is_file():
        raise InputError("no such backup; `annotator backups PROJECT` lists them", file=str(path))
    if not is_sqlite_file(path):
        raise InputError("this is not a project backup (not an SQLite file)", file=str(path))
    problem = backup_problem(path)
    if problem:
        raise InputError(problem, file=str(path))


def restore(project_path: Path, backup: Path) -> Path:
    """Put `backup`'s content into the project; returns the backup made of the current file first.

    A project that still opens is overwritten through the backup API (so a window that has it open sees
    the change); a damaged one is kept as `...-damaged` and replaced as a file.
    """
    project_path, backup = Path(project_path), Path(backup)
    _check_backup(backup)
    try:
        project = Project(project_path, create=False)
    except InputError:
        project = None
    except StorageError:
        project = None
    if project is not None:
        with project:
            kept = create(project, "before-restore", prune=False)
            _file_backups(project).restore_from(backup)
        return kept
    if project_path.exists() and not project_path.is_file():
        raise InputError(
            "this is not a project file (a folder, a pipe or a device); give the .annotator file",
            file=str(project_path),
        )
    kept = new_backup_path(project_path, "damaged")
    refuse_unsafe_output(kept, "file")
    kept.parent.mkdir(parents=True, exist_ok=True)
    if project_path.exists():
        shutil.copy2(project_path, kept)
    partial = project_path.with_name(f".{project_path.name}.restoring")
    shutil.copy2(backup, partial)
    os.replace(partial, project_path)
    for suffix in ("-wal", "-shm"):  # they belong to the damaged file, not to the restored one
        Path(f"{project_path}{suffix}").unlink(missing_ok=True)
    return kept
