"""Writing output files safely: atomically, and never over or instead of a file we did not write.

- `atomic_file` / `atomic_folder`: a temporary file or folder beside the target, renamed into place on
  success and removed on error, so a reader never sees half an export.
- A folder export carries a small manifest (`MANIFEST`) listing the files it wrote. Replacing it later
  removes only those files: a user's own files in the folder (notes, a thesis) are never touched.
- `guard_output` decides before anything is written whether `out` may be written at all.
- Temporary files carry the writer's process id, so the next export cleans up what an interrupted one
  (killed, power cut) left behind without touching one that is still running.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import InputError

MANIFEST = ".annotator-export.json"
_TEMP_MARK = ".annotator-tmp-"  # .NAME.annotator-tmp-PID-RANDOM
SQLITE_HEADER = b"SQLite format 3\x00"


def _temp_prefix(path: Path) -> str:
    return f".{path.name}{_TEMP_MARK}{os.getpid()}-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    try:  # a killed process whose parent has not reaped it yet is a zombie: dead for our purpose
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def clean_stale_temporaries(path: Path) -> list[Path]:
    """Remove what interrupted writes of `path` left beside it (their writer is dead); returns them."""
    removed: list[Path] = []
    prefix = f".{path.name}{_TEMP_MARK}"
    try:
        candidates = list(path.parent.iterdir())
    except OSError:
        return removed
    for candidate in candidates:
        if not candidate.name.startswith(prefix):
            continue
        pid_text = candidate.name[len(prefix):].split("-", 1)[0]
        if not pid_text.isdigit() or _pid_alive(int(pid_text)):
            continue
        if candidate.is_dir() and not candidate.is_symlink():
            shutil.rmtree(candidate, ignore_errors=True)
        else:
            candidate.unlink(missing_ok=True)
        removed.append(candidate)
    return removed


def current_umask() -> int:
    """The process's umask. Linux shows it in /proc (reading it leaves it alone); elsewhere it can only be
    read by setting it, so it is set back at once."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_file(path: str | Path, mode: str = "w", *, encoding: str | None = "utf-8",
                newline: str | None = "\n") -> Iterator[IO]:
    """Open a temporary file beside `path`; on success it replaces `path`, on error it is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temporaries(path)
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~current_umask())  # mkstemp makes 0600; an export follows the umask like any file
        handle = os.fdopen(fd, mode) if "b" in mode else os.fdopen(fd, mode, encoding=encoding, newline=newline)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_manifest(folder: Path) -> dict | None:
    """The manifest of a folder export, or None if the folder holds none (or a damaged one)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        return None
    return data


def _files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def _remove_listed(folder: Path, names: list[str]) -> None:
    """Remove the listed files of `folder` (and folders left empty by that), nothing else."""
    root = folder.resolve()
    for name in names:
        target = folder / name
        if not target.resolve().is_relative_to(root) and not target.is_symlink():
            continue  # a manifest naming ../x is not ours to follow
        if target.is_file() or target.is_symlink():
            target.unlink()
    for sub in sorted({p for name in names for p in (folder / name).parents}, key=lambda p: -len(p.parts)):
        if sub != folder and sub.is_relative_to(folder) and sub.is_dir():
            with contextlib.suppress(OSError):  # not empty: it holds files that are not ours
                sub.rmdir()


@contextmanager
def atomic_folder(path: str | Path, fmt: str) -> Iterator[Path]:
    """Fill a temporary folder beside `path`; on success it becomes `path`, with a manifest of its files.

    A previous export at `path` is replaced: a folder holding only what that export wrote is swapped
    whole; one that also holds other files keeps them, and only the old export's files are replaced.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temporaries(path)
    tmp = Path(tempfile.mkdtemp(prefix=_temp_prefix(path), dir=path.parent))
    try:
        os.chmod(tmp, 0o777 & ~current_umask())  # mkdtemp makes 0700
        yield tmp
        files = _files_under(tmp)
        (tmp / MANIFEST).write_text(json.dumps({"format": fmt, "files": files, "written_by": "annotator"},
                                               ensure_ascii=False, indent=1), encoding="utf-8")
        if not path.exists():
            tmp.rename(path)
            return
        old = read_manifest(path)
        old_files = [f for f in (old["files"] if old else []) if isinstance(f, str)]
        foreign = set(_files_under(path)) - set(old_files) - {MANIFEST}
        if not foreign:
            retired = path.with_name(f"{_temp_prefix(path)}old")
            path.rename(retired)
            tmp.rename(path)
            _remove_listed(retired, [*old_files, MANIFEST])
            with contextlib.suppress(OSError):  # something appeared meanwhile: leave it rather than delete it
                retired.rmdir()
            return
        _remove_listed(path, [f for f in old_files if f not in files])
        for name in [*files, MANIFEST]:  # the manifest last: it then lists what is really there
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp / name, path / name)
        shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def is_sqlite_file(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def guard_output(fmt: str, kind: str, paths: list[Path], *, protected: list[Path],
                 recognise: Callable[[Path], bool], force: bool = False) -> None:
    """Refuse to write an export of `fmt` to `paths` (kind "file" or "folder") where it would replace or
    delete something it did not write. `protected` files (the project and its journal) are never
    written over nor inside a folder export, even with `force`. `recognise(path)` says whether an
    existing file looks like an earlier export of this format."""
    guarded = [p.resolve() for p in protected]
    how = "choose another --out (or --force to write over it)"
    for path in paths:
        real = path.resolve()
        for keep in guarded:
            if real == keep or (kind == "folder" and _inside(keep, real)):
                what = "is" if real == keep else "holds"
                raise InputError(f"--out {what} the project file {keep.name}; an export never writes over "
                                 "its project: choose another --out", file=str(path))
        if not path.exists() and not path.is_symlink():
            continue
        if kind == "folder":
            if not path.is_dir():
                raise InputError(f"{fmt} writes a folder and this is a file; choose another --out", file=str(path))
            manifest = read_manifest(path)
            if manifest is not None and manifest.get("format") != fmt:
                raise InputError(f"this folder holds a {manifest.get('format')} export, not {fmt}; "
                                 "choose another --out", file=str(path))
            if manifest is None and any(path.iterdir()) and not force:
                raise InputError(f"the folder is not empty and is not an earlier {fmt} export; {how} "
                                 "(its other files are kept)", file=str(path))
        else:
            if path.is_dir():
                raise InputError(f"{fmt} writes a file and this is a folder; give a file name", file=str(path))
            if is_sqlite_file(path):
                raise InputError("this is a project (SQLite) file; an export never writes over one: "
                                 "choose another --out", file=str(path))
            if path.stat().st_size and not recognise(path) and not force:
                raise InputError(f"the file exists and is not an earlier {fmt} export; {how}", file=str(path))
