"""One guarded door for every file the program writes (issue 21, §2).

Every writing command is driven with every kind of hostile output: the project itself, a path reaching it
through `..`, a symbolic link to a user's file, a FIFO, a device, a folder where a file is written (and a
file where a folder is), a path whose parent is a file, and another program's SQLite file. Each must be
refused in one line, exit non-zero, hang on nothing, and leave every file as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core import backups
from annotator.core.project import Project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def place(tmp_path):
    """A project with two annotators' work, a user's files, and the hostile things beside them."""
    project = tmp_path / "news.annotator"
    with Project(project) as p:
        doc = p.documents.add("d1", "قال الرئيس اللبناني في بيروت إن الاتفاق قريب")
        p.spans.add(doc.id, "A", 4, 10, "PER")
        p.spans.add(doc.id, "B", 4, 10, "PER")
    (tmp_path / "thesis.txt").write_text("three weeks of work", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "keep.md").write_text("mine", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path / "thesis.txt", tmp_path / "link")
    os.mkfifo(tmp_path / "fifo")
    with sqlite3.connect(tmp_path / "other.db") as other:
        other.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, body TEXT)")
        other.execute("INSERT INTO documents (body) VALUES ('not ours')")
    other.close()
    return tmp_path


HOSTILE = {
    "the project": lambda t: t / "news.annotator",
    "the project through ..": lambda t: t / "sub" / ".." / "news.annotator",
    "the project through a missing folder and ..": lambda t: t / "missing" / ".." / "news.annotator",
    "its write-ahead log": lambda t: t / "news.annotator-wal",
    "a link to a user's file": lambda t: t / "link",
    "a FIFO": lambda t: t / "fifo",
    "a device": lambda t: t / "device",
    "a folder": lambda t: t / "notes",
    "a path whose parent is a file": lambda t: t / "thesis.txt" / "out",
    "another program's SQLite file": lambda t: t / "other.db",
}
FOLDER_HOSTILE = {**HOSTILE, "a user's file": lambda t: t / "thesis.txt"}
FOLDER_HOSTILE.pop("a folder")

# Every command that writes a file, with `out` as where it writes.
WRITERS = {
    "export jsonl": lambda p, out: ["export", str(p), "--format", "jsonl", "--out", str(out), "--force"],
    "export conll": lambda p, out: [
        "export",
        str(p),
        "--format",
        "conll",
        "--out",
        str(out),
        "--annotator",
        "A",
        "--force",
    ],
    "export stance": lambda p, out: ["export", str(p), "--format", "stance", "--out", str(out), "--force"],
    "render": lambda p, out: ["render", str(p), "--doc", "d1", "--annotator", "A", "--out", str(out)],
    "agreement --html": lambda p, out: ["agreement", str(p), "--html", str(out)],
}
FOLDER_WRITERS = {
    "export hf": lambda p, out: ["export", str(p), "--format", "hf", "--out", str(out), "--annotator", "A", "--force"],
    "export brat": lambda p, out: ["export", str(p), "--format", "brat", "--out", str(out), "--force"],
}
# Commands whose PROJECT is what they write (create or change).
PROJECT_WRITERS = {
    "demo": lambda p, out: ["demo", "--project", str(out), "--no-gui"],
    "demo --fresh": lambda p, out: ["demo", "--fresh", "--project", str(out), "--no-gui"],
    "import": lambda p, out: ["import", str(out), str(p.parent / "thesis.txt")],
    "merge": lambda p, out: ["merge", str(out), str(p)],
    "upgrade": lambda p, out: ["upgrade", str(out)],
}


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry below `folder`: its kind, and a regular file's bytes or a link's target. SQLite's own
    side files (the -shm of readers, an empty -wal) are SQLite's business."""
    seen: dict[str, object] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            info = path.lstat()
            key = path.relative_to(folder).as_posix()
            if name.endswith("-shm") or (name.endswith("-wal") and info.st_size == 0):
                continue
            if stat.S_ISLNK(info.st_mode):
                seen[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                seen[key] = ("file", path.read_bytes())
            else:
                seen[key] = ("kind", stat.S_IFMT(info.st_mode))
    return seen


@contextlib.contextmanager
def no_hang(seconds: int = 60):
    def alarm(*_):
        raise TimeoutError("the command hung")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _device(place: Path) -> None:
    try:
        os.mknod(place / "device", 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        pytest.skip("making a device node needs root")


def _refused(argv: list[str], place: Path, capsys) -> None:
    before = snapshot(place)
    capsys.readouterr()
    with no_hang():
        code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, f"{argv} was not refused as bad input (exit {code})"
    assert err.startswith("annotator: error:") and err.count("\n") == 1, err
    assert snapshot(place) == before, f"{argv} changed files"


@pytest.mark.parametrize("hostile", list(HOSTILE))
@pytest.mark.parametrize("writer", list(WRITERS))
def test_every_file_writer_refuses_every_hostile_output(place, capsys, writer, hostile):
    if hostile == "a device":
        _device(place)
    _refused(WRITERS[writer](place / "news.annotator", HOSTILE[hostile](place)), place, capsys)


@pytest.mark.parametrize("hostile", list(FOLDER_HOSTILE))
@pytest.mark.parametrize("writer", list(FOLDER_WRITERS))
def test_every_folder_writer_refuses_every_hostile_output(place, capsys, writer, hostile):
    if hostile == "a device":
        _device(place)
    _refused(FOLDER_WRITERS[writer](place / "news.annotator", FOLDER_HOSTILE[hostile](place)), place, capsys)


@pytest.mark.parametrize(
    "hostile",
    [h for h in HOSTILE if not h.startswith(("the project", "its write"))] + ["a real project", "a user's file"],
)
@pytest.mark.parametrize("writer", list(PROJECT_WRITERS))
def test_every_project_writer_refuses_what_is_not_its_project(place, capsys, writer, hostile):
    if hostile == "a device":
        _device(place)
    if writer == "merge" and hostile == "a real project":
        pytest.skip("merging into a real project is what merge is for")
    if writer == "import" and hostile == "a real project":
        pytest.skip("importing into a real project is what import is for")
    if writer == "upgrade" and hostile == "a real project":
        pytest.skip("bringing a real project up to date is what upgrade is for")
    target = {"a real project": lambda t: t / "news.annotator", "a user's file": lambda t: t / "thesis.txt", **HOSTILE}[
        hostile
    ](place)
    _refused(PROJECT_WRITERS[writer](place / "news.annotator", target), place, capsys)


def test_a_folder_export_never_writes_through_a_link_inside_it(place, capsys):
    """An hf export whose tokens/ sub-folder was replaced by a link to a user's folder: the user's files
    are never written; the export is refused as a whole."""
    out = place / "hf"
    project = place / "news.annotator"
    assert main(["export", str(project), "--format", "hf", "--out", str(out), "--annotator", "A"]) == 0
    outside = place / "outside"
    outside.mkdir()
    (outside / "train.jsonl").write_text("the user's", encoding="utf-8")
    for old in (out / "tokens").iterdir():
        old.unlink()
    (out / "tokens").rmdir()
    os.symlink(outside, out / "tokens")
    _refused(["export", str(project), "--format", "hf", "--out", str(out), "--annotator", "A"], place, capsys)
    assert (outside / "train.jsonl").read_text(encoding="utf-8") == "the user's"


def test_demo_fresh_rebuilds_only_the_demo_and_keeps_a_backup(tmp_path, capsys):
    demo = tmp_path / "demo.annotator"
    assert main(["demo", "--project", str(demo), "--no-gui"]) == 0
    with Project(demo) as project:
        doc = project.documents.list()[0]
        project.spans.add(doc.id, "A", 0, 2, "PER")
    assert main(["demo", "--fresh", "--project", str(demo), "--no-gui"]) == 0
    with Project(demo, read_only=True) as project:
        assert "A" not in project.stats()["per_annotator"]  # only the sample annotators' work is there
    kept = backups.list_backups(demo)
    assert len(kept) == 1 and "before-fresh" in kept[0].path.name
    with Project(kept[0].path, read_only=True) as before:
        assert before.stats()["per_annotator"]["A"]["spans"] == 1


def test_restoring_never_deletes_a_backup(tmp_path):
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        doc = project.documents.add("d", "نص قصير للتجربة")
        made = []
        for i in range(backups.KEEP):
            project.spans.add(doc.id, "A", i, i + 1, "PER")
            made.append(backups.create(project, f"n{i}"))
    for backup in reversed(made):  # a user trying them newest -> oldest
        assert backup.exists()
        backups.restore(path, backup)
    names = {b.path.name for b in backups.list_backups(path)}
    assert {b.name for b in made} <= names
    assert len([n for n in names if n.endswith("-before-restore.annotator")]) == backups.KEEP
    with Project(path) as project:  # a new rolling backup prunes rolling ones only
        backups.create(project)
    names = {b.path.name for b in backups.list_backups(path)}
    assert len([n for n in names if n.endswith("-before-restore.annotator")]) == backups.KEEP
    assert len(names) == 2 * backups.KEEP


def _crashed_window(path: Path) -> None:
    """A window that saved work and was killed: its -wal holds the saved edits, not yet in the file."""
    script = (
        "import os, sys\nfrom annotator.core.project import Project\np = Project(sys.argv[1])\n"
        "d = p.documents.add('d', 'قال الرئيس في بيروت')\np.spans.add(d.id, 'A', 4, 10, 'PER')\n"
        "p.spans.add(d.id, 'B', 4, 10, 'PER')\nos._exit(0)"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, cwd=ROOT)
    assert Path(f"{path}-wal").stat().st_size > 0


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["stats"],
        ["stats", "--json"],
        ["backups"],
        ["search", "بيروت"],
        ["agreement", "--json"],
        ["render", "--doc", "d", "--annotator", "A", "--out", "OUT.png"],
        ["export", "--format", "jsonl", "--out", "OUT.jsonl"],
    ],
)
def test_read_only_commands_leave_the_project_and_its_log_byte_identical(tmp_path, argv):
    path = tmp_path / "p.annotator"
    _crashed_window(path)
    before = (path.read_bytes(), Path(f"{path}-wal").read_bytes())
    argv = [a.replace("OUT", str(tmp_path / "out")) for a in argv]
    done = subprocess.run(
        [sys.executable, "-m", "annotator.cli", argv[0], str(path), *argv[1:]],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (path.read_bytes(), Path(f"{path}-wal").read_bytes()) == before
    with Project(path, read_only=True) as project:  # and the saved edit is there to read
        assert project.stats()["spans"] == 2


@pytest.mark.parametrize(
    "command", [["stats"], ["check"], ["search", "x"], ["export", "--format", "jsonl", "--out", "OUT"]]
)
def test_another_programs_sqlite_file_is_refused_before_a_byte_changes(tmp_path, capsys, command):
    path = tmp_path / "theirs.db"
    with sqlite3.connect(path) as conn:  # another program's database that happens to have `documents`
        conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT, text TEXT, sha256 TEXT)")
        conn.execute("PRAGMA user_version = 3")
    conn.close()
    before = path.read_bytes()
    argv = [command[0], str(path), *[a.replace("OUT", str(tmp_path / "o.jsonl")) for a in command[1:]]]
    assert main(argv) == 2
    assert "not an annotator project" in capsys.readouterr().err
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["theirs.db"]


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder nobody can write, as a USB stick or a shared folder: a read-only mount where we are root
    (root writes through permissions), else permissions."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        yield folder, lambda: folder.chmod(0o555)
        folder.chmod(0o755)
        return
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a read-only folder here")
    try:
        yield folder, lambda: subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_project_and_its_backup_are_read_from_read_only_media(read_only_folder, tmp_path, capsys):
    folder, make_read_only = read_only_folder
    path = folder / "p.annotator"
    with Project(path) as project:
        doc = project.documents.add("d", "قال الرئيس في بيروت")
        project.spans.add(doc.id, "A", 4, 10, "PER")
        backup = backups.create(project)
        older = folder / "older-backup.annotator"  # as backups were made before: in WAL mode
        dest = sqlite3.connect(older)
        project.store.conn.backup(dest)
        dest.close()
    make_read_only()
    assert backups.backup_problem(older) is None
    assert main(["check", str(path)]) == 0
    capsys.readouterr()
    assert main(["stats", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["spans"] == 1
    assert main(["export", str(path), "--format", "jsonl", "--out", str(tmp_path / "out.jsonl")]) == 0
    assert "بيروت" in (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert backups.backup_problem(backup) is None  # sound, not "damaged"
    assert main(["merge", str(tmp_path / "mine.annotator"), str(path)]) == 0
    with Project(tmp_path / "mine.annotator", read_only=True) as merged:
        assert merged.stats()["spans"] == 1


KILLED_EXPORT = """
import os, sys
from pathlib import Path
from annotator.core import files, platforms
from annotator.cli import main
where = sys.argv[3]
real_swap, real_retire = files._swap, files._retire
def die():
    os.kill(os.getpid(), 9)
if where == "before the swap":
    files._swap = lambda staged, path: die()
elif where == "after the swap":
    files._retire = lambda old, new, ours: die()
elif where == "between two renames":
    platforms.exchange_paths = lambda a, b: False
    def half(staged, path):
        path.rename(staged.with_name(staged.name + files.RETIRED))
        die()
    files._swap = half
main(["export", sys.argv[1], "--format", "brat", "--out", sys.argv[2], "--annotator", "A", "--force"])
"""


@pytest.mark.parametrize("where", ["before the swap", "after the swap", "between two renames"])
def test_a_killed_folder_export_leaves_the_old_export_or_the_new_one_whole(place, where):
    """A folder export appears whole or not at all: killed at any point of putting it in place, the folder
    holds the old export or the new one, never a mix; the user's own file in it is never lost."""
    project, out = place / "news.annotator", place / "brat"
    assert main(["export", str(project), "--format", "brat", "--out", str(out), "--annotator", "A"]) == 0
    (out / "my notes.txt").write_text("the user's own file", encoding="utf-8")
    old = snapshot(out)
    with Project(project) as p:  # new work, so the new export differs
        p.spans.add(1, "A", 14, 22, "GPE")
    assert main(["export", str(project), "--format", "brat", "--out", str(place / "fresh"), "--annotator", "A"]) == 0
    new = snapshot(place / "fresh")
    done = subprocess.run([sys.executable, "-c", KILLED_EXPORT, str(project), str(out), where], cwd=ROOT, timeout=120)
    assert done.returncode == -signal.SIGKILL
    from annotator.core.files import clean_stale_temporaries

    clean_stale_temporaries(out)  # what the next export (or any write beside it) does first
    now = snapshot(out)
    assert now["my notes.txt"] == ("file", b"the user's own file")
    del now["my notes.txt"]
    old.pop("my notes.txt")
    assert now in (old, new)
    assert now == (new if where == "after the swap" else old)
    assert [p.name for p in place.iterdir() if ".annotator-tmp-" in p.name] == []


def test_a_project_without_a_stored_schema_is_exported_read_only(tmp_path):
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.documents.add("d", "نص")
        project.store.conn.execute("DELETE FROM settings WHERE key = 'schema'")
    before = path.read_bytes()
    assert main(["export", str(path), "--format", "jsonl", "--out", str(tmp_path / "o.jsonl")]) == 0
    assert path.read_bytes() == before
