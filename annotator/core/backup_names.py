"""Where a project file's backups go: `NAME.annotator.backups/` beside it, one file per copy named by the time
it was made (and what made it). A module of its own because the store keeps a copy of a file itself before
it upgrades the file's format (Store's "write" mode); core/backups.py makes, lists, prunes and restores them."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

BEFORE_UPGRADE = "before-upgrade"  # the note of the copy kept before a format upgrade (never pruned)


def folder_of(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".backups")


def new_backup_path(project_path: Path, note: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    return folder_of(project_path) / f"{project_path.stem}-{stamp}{'-' + note if note else ''}.annotator"
