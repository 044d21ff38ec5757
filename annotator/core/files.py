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
import filecmp
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from . import open_projects, platforms
from .errors import InputError
from .intake_policy import kind_of

MANIFEST = ".annotator-export.json"
_TEMP_MARK = ".annotator-tmp-"  # .NAME.annotator-tmp-PID-RANDOM
RETIRED = "-old"  # a folder an export put aside for an instant while swapping folders without an exchange
SQLITE_HEADER = b"SQLite format 3\x00"


def _temp_prefix(path: Path) -> str:
    return f".{path.name}{_TEMP_MARK}{os.getpid()}-"


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
        pid_text = candidate.name[len(prefix) :].split("-", 1)[0]
        if not pid_text.isdigit() or platforms.pid_alive(int(pid_text)):
            continue
        if candidate.name.endswith(RETIRED) and not path.exists() and not path.is_symlink():
            candidate.rename(path)  # a folder swap interrupted between its two renames: the old export is back
            continue
        # Anything else is a staged export (the user's files in it are links to, or copies of, files that
        # are still in `path`) or the old one swapped out: removing it loses nothing of the user's.
        if candidate.is_dir() and not candidate.is_symlink():
            shutil.rmtree(candidate, ignore_errors=True)
        else:
            candidate.unlink(missing_ok=True)
        removed.append(candidate)
    return removed


current_umask = platforms.current_umask


def _make_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise InputError("a part of this path is a file, not a folder; choose another path", file=str(path)) from None


@contextmanager
def atomic_file(
    path: str | Path, mode: str = "w", *, encoding: str | None = "utf-8", newline: str | None = "\n"
) -> Iterator[IO[Any]]:
    """Open a temporary file beside `path`; on success it replaces `path`, on error it is removed. `path`
    must pass `refuse_unsafe_output` (checked before and again just before the replacement)."""
    path = Path(path)
    refuse_unsafe_output(path, "file")
    _make_parent(path)
    clean_stale_temporaries(path)
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), dir=path.parent)
    try:
        platforms.set_file_mode(fd, tmp, 0o666 & ~current_umask())  # mkstemp makes 0600; follow the umask
        handle = os.fdopen(fd, mode) if "b" in mode else os.fdopen(fd, mode, encoding=encoding, newline=newline)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        refuse_unsafe_output(path, "file")  # what appeared there while we wrote (a link, a pipe) is kept
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a folder export, or None if the folder holds none (or a damaged one, or a link)."""
    manifest = folder / MANIFEST
    if not _is_regular(manifest) or open_projects.open_project_of(manifest):
        return None
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        return None
    return data


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _entries_under(folder: Path) -> tuple[list[str], list[str]]:
    """(files, folders) below `folder`, relative, never walking into a link (a link is listed as a file)."""
    files: list[str] = []
    folders: list[str] = []
    for root, dirs, names in os.walk(folder, followlinks=False):
        base = Path(root)
        for name in list(dirs):
            if (base / name).is_symlink():
                dirs.remove(name)
                names.append(name)
            else:
                folders.append((base / name).relative_to(folder).as_posix())
        files += [(base / name).relative_to(folder).as_posix() for name in names]
    return sorted(files), sorted(folders)


def _files_under(folder: Path) -> list[str]:
    return _entries_under(folder)[0]


def _bring_over(source: Path, target: Path) -> None:
    """The user's own file `source` into the staged export as `target`: a hard link (the same file, no copy),
    a copy where links are impossible; a symbolic link stays a link to the same place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
        return
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _retire(old: Path, new: Path, ours: set[str]) -> None:
    """Empty the folder an export replaced: remove what the old export wrote (`ours`) and what is also in the
    new folder (the user's files, brought over as links); anything else (it appeared meanwhile) moves into
    the new folder, or stays in `old` if its name is taken there. Nothing that is not ours is deleted."""
    files, folders = _entries_under(old)
    for name in files:
        here, there = old / name, new / name
        if name in ours or _same_file(here, there):
            here.unlink()
        elif not there.exists() and not there.is_symlink():
            there.parent.mkdir(parents=True, exist_ok=True)
            os.replace(here, there)
    for name in sorted(folders, key=lambda n: -n.count("/")):
        with contextlib.suppress(OSError):
            (old / name).rmdir()
            (new / name).mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        old.rmdir()


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.is_symlink() and b.is_symlink():
            return os.readlink(a) == os.readlink(b)
        first, second = a.lstat(), b.lstat()
    except OSError:
        return False
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino) or (
        stat.S_ISREG(first.st_mode)
        and stat.S_ISREG(second.st_mode)
        and first.st_size == second.st_size
        and filecmp.cmp(a, b, shallow=False)
    )


def _swap(staged: Path, path: Path) -> None:
    """Put the staged folder in place of `path`, keeping the old one at `staged`'s name. One atomic exchange
    where the system has it; elsewhere two renames, and the stale-temporary cleanup puts back a folder an
    interruption between them left aside."""
    if platforms.exchange_paths(staged, path):
        return
    retired = staged.with_name(staged.name + RETIRED)
    path.rename(retired)
    staged.rename(path)
    retired.rename(staged)


@contextmanager
def atomic_folder(path: str | Path, fmt: str) -> Iterator[Path]:
    """Fill a temporary folder beside `path`; on success it becomes `path`, with a manifest of its files.

    A folder export appears whole or not at all: the new export is staged in a sibling folder, the user's own
    files of the old folder (notes, a thesis) are linked into it, and the staged folder is swapped in whole.
    The old export's files are then removed; the user's files never are. Nothing follows a link: a link in
    the folder is kept as a link, never written through.
    """
    path = Path(path)
    refuse_unsafe_output(path, "folder")
    _make_parent(path)
    clean_stale_temporaries(path)
    tmp = Path(tempfile.mkdtemp(prefix=_temp_prefix(path), dir=path.parent))
    try:
        os.chmod(tmp, 0o777 & ~current_umask())  # mkdtemp makes 0700
        yield tmp
        files = _files_under(tmp)
        (tmp / MANIFEST).write_text(
            json.dumps({"format": fmt, "files": files, "written_by": "annotator"}, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
        refuse_unsafe_output(path, "folder")
        if not path.exists():
            tmp.rename(path)
            return
        old = read_manifest(path)
        old_files = {f for f in (old["files"] if old else []) if isinstance(f, str)} | {MANIFEST}
        present, folders = _entries_under(path)
        for name in folders:
            (tmp / name).mkdir(parents=True, exist_ok=True)
        for name in present:
            if name in old_files:
                continue
            if name in files or any(f.startswith(f"{name}/") for f in files):
                what = "a link" if (path / name).is_symlink() else "a file"
                raise InputError(
                    f"the folder holds {what} of its own named {name} where this export writes; move "
                    "it, or choose another --out (nothing was changed)",
                    file=str(path),
                )
            _bring_over(path / name, tmp / name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap(tmp, path)
    _retire(tmp, path, old_files)


def is_sqlite_file(path: Path) -> bool:
    """Whether `path` is an SQLite file (a project, or another program's database). A project open in this
    process is one, known without opening it (a plain open would drop its connection's locks); any other
    file's header is read before any connection to it exists."""
    return open_projects.open_project_of(path) is not None or starts_with(path, SQLITE_HEADER)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def read_head(path: str | Path, size: int) -> bytes | None:
    """The first `size` bytes of a regular file; None for anything else, and for a project open in this
    process (a plain open of it would drop its connection's locks: see open_projects)."""
    path = Path(path)
    if not _is_regular(path) or open_projects.open_project_of(path) is not None:
        return None
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except OSError:
        return None


def starts_with(path: Path, signature: bytes) -> bool:
    return read_head(path, len(signature)) == signature


def is_png(path: Path) -> bool:
    return starts_with(path, PNG_SIGNATURE)


def refuse_unsafe_output(path: str | Path, kind: str) -> None:
    """The one policy for every path the program writes (kind "file" or "folder"), applied before anything is
    written: never over or inside a project open in this process (through `..`, a link or a hard link),
    never over any SQLite file, never through a link, never to a pipe, a device or a socket, never below a
    path part that is a file. Raises InputError naming the path and the fix; changes nothing."""
    path = Path(path)
    real = Path(os.path.realpath(path))
    if not path.exists() and not path.is_symlink() and real.exists():
        # `sub/../x` with `sub` missing: once `sub` is made (writers make the folders they need) it is `x`
        raise InputError(
            f"this path reaches {real} through '..' past a folder that does not exist; give the path without '..'",
            file=str(path),
        )
    project = open_projects.open_project_of(path)
    if project is not None:
        raise InputError(
            f"this is the project file {project.name} (or SQLite's file beside it); annotator never "
            "writes over a project: choose another path",
            file=str(path),
        )
    for suffix in open_projects.SQLITE_SIDE_FILES:
        if path.name.endswith(suffix) and is_sqlite_file(path.with_name(path.name[: -len(suffix)])):
            raise InputError(
                "this is SQLite's own file beside a database (its log or shared memory); annotator "
                "never writes it: choose another path",
                file=str(path),
            )
    for parent in path.parents:
        if parent.exists() and not parent.is_dir():
            raise InputError(f"{parent} is a file, not a folder; choose another path", file=str(path))
        if parent.exists():
            break
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(f"cannot look at this path ({exc.strerror}); choose another", file=str(path)) from None
    if stat.S_ISLNK(info.st_mode):
        raise InputError(
            "this is a symbolic link; annotator never writes through a link (it would change the "
            "file it points to): give the real path, or another name",
            file=str(path),
        )
    if kind == "folder":
        if not stat.S_ISDIR(info.st_mode):
            raise InputError("this export writes a folder and this is a file; choose another path", file=str(path))
        for keep in open_projects.open_project_files():
            if keep.resolve().is_relative_to(path.resolve()):
                raise InputError(
                    f"the folder holds the open project {keep.name}; an export never writes where its "
                    "project is: choose another folder",
                    file=str(path),
                )
        return
    if stat.S_ISDIR(info.st_mode):
        raise InputError("this is a folder; give a file name", file=str(path))
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            f"this is {kind_of(info.st_mode)}, not a regular file; annotator writes regular files "
            "only: choose another path",
            file=str(path),
        )
    if is_sqlite_file(path):
        raise InputError(
            "this is an SQLite file (a project or another program's database); annotator never "
            "writes over one: choose another path",
            file=str(path),
        )


def guard_output(
    fmt: str, kind: str, paths: list[Path], *, recognise: Callable[[Path], bool], force: bool = False
) -> None:
    """Refuse to write an export of `fmt` to `paths` (kind "file" or "folder") where the output policy
    (`refuse_unsafe_output`) forbids it, or where it would replace or delete something it did not write.
    `recognise(path)` says whether an existing file looks like an earlier export of this format."""
    how = "choose another --out (or --force to write over it)"
    for path in paths:
        refuse_unsafe_output(path, kind)
        if not path.exists():
            continue
        if kind == "folder":
            manifest = read_manifest(path)
            if manifest is not None and manifest.get("format") != fmt:
                raise InputError(
                    f"this folder holds a {manifest.get('format')} export, not {fmt}; choose another --out",
                    file=str(path),
                )
            if manifest is None and any(path.iterdir()) and not force:
                raise InputError(
                    f"the folder is not empty and is not an earlier {fmt} export; {how} (its other files are kept)",
                    file=str(path),
                )
        elif path.stat().st_size and not recognise(path) and not force:
            raise InputError(f"the file exists and is not an earlier {fmt} export; {how}", file=str(path))
