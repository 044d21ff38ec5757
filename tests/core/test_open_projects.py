"""Nothing a linguist saved is lost when the window's process opens its own project again (issue 21, §1).

POSIX drops every lock a process holds on a file when it closes any descriptor of that file. The window
(one process, holding a connection) re-opens its project for an export, agreement, check, merge, restore,
a backup or a switch of annotator; if anything there opened the file with a plain `open()`, the next
command-line program would take itself for the only user, checkpoint and delete the write-ahead log, and
everything the window saved afterwards would go to a deleted file.

- `test_saved_edits_survive_*`: the scenario, for every such action: a "window" process saves, does the
  action, the command line runs beside it, the window saves ten more and is killed: all must be there.
- `test_no_plain_open_*`: a scan of the code: every place that opens a file itself is listed here with why
  it cannot be a project open in this process (it asks `open_projects` first, or reads our own resources).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.core import open_projects
from annotator.core.errors import InputError
from annotator.core.project import Project

ROOT = Path(__file__).resolve().parents[2]
ANNOTATOR = [sys.executable, "-m", "annotator.cli"]

# What the window's process does when the user picks each action (the same core calls the window makes).
ACTIONS = {
    "export": """
        from annotator.core.exporting import export
        with Project(path, create=False, read_only=True) as again:
            export(again, "jsonl", tmp / "out.jsonl")
        with Project(path, create=False, read_only=True) as again:
            export(again, "hf", tmp / "hf", annotators=["A"])
    """,
    "agreement": """
        from annotator.core.agreement import compute
        with Project(path, create=False, read_only=True) as again:
            compute(again, None)
    """,
    "curation": """
        from annotator.core import curation
        assert curation.accept_agreed(project, doc.id, ["A", "B"]) == 1
    """,
    "switch_annotator": """
        again = Project(path)          # open_project(path) opens the new one before closing the old
        project.close()
        project = again
    """,
    "backup": """
        from annotator.core import backups
        backups.create(project)
        backups.list_backups(path)
    """,
    "check": """
        with Project.for_check(path) as again:
            assert again.check() == []
            again.warnings()
    """,
    "merge": """
        from annotator.core.merging import merge
        with Project(tmp / "other.annotator") as other:
            other.import_documents([])
            d2 = other.documents.add("elsewhere", "قال الوزير إن الاتفاق قريب")
            other.spans.add(d2.id, "C", 4, 10, "PER")
        with Project(path, create=False) as again:
            merge(again, [tmp / "other.annotator"])
    """,
    "restore": """
        from annotator.core import backups
        made = backups.create(project)
        backups.restore(path, made)
    """,
    "import_file_is_project": """
        from annotator.core.importing import expand_inputs, read_inputs
        for candidate in (path, Path(str(path) + "-wal"), tmp / "sub" / ".." / path.name):
            try:
                list(read_inputs(expand_inputs([str(candidate)], "txt"), "txt", None, None))
            except Exception as exc:
                print("refused:", type(exc).__name__, flush=True)
    """,
}

WINDOW = """
import os, sys
from pathlib import Path
from annotator.core.project import Project
path, tmp = Path(sys.argv[1]), Path(sys.argv[2])
(tmp / "sub").mkdir(exist_ok=True)
project = Project(path)
doc = project.documents.add("d1", "واشنطن تقول " * 50)
project.spans.add(doc.id, "A", 0, 6, "GPE")
project.spans.add(doc.id, "B", 0, 6, "GPE")
{action}
print("ready", flush=True)
sys.stdin.readline()                      # the command line runs now
for i in range(1, 11):
    project.spans.add(doc.id, "A", 12 * i, 12 * i + 6, "ORG")
print("saved", flush=True)
sys.stdin.readline()
os._exit(0)                               # the window is killed
"""


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*ANNOTATOR, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


@pytest.mark.parametrize("action", list(ACTIONS))
def test_saved_edits_survive_the_windows_own_reopening_then_the_command_line_then_a_kill(tmp_path, action):
    path = tmp_path / "p.annotator"
    script = WINDOW.format(action=textwrap.indent(textwrap.dedent(ACTIONS[action]), ""))
    window = subprocess.Popen(
        [sys.executable, "-c", script, str(path), str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert window.stdout is not None and window.stdin is not None
        line = window.stdout.readline()
        while line.startswith("refused"):
            line = window.stdout.readline()
        assert line == "ready\n", window.stderr.read() if window.stderr else ""
        (tmp_path / "extra.txt").write_text("خبر آخر من بيروت", encoding="utf-8")
        # readers, then a writer: a writer that believes it is alone checkpoints and deletes the log on close
        for args in (
            ["stats", str(path)],
            ["check", str(path)],
            ["search", str(path), "واشنطن", "--json"],
            ["export", str(path), "--format", "jsonl", "--out", str(tmp_path / "cli.jsonl")],
            ["import", str(path), str(tmp_path / "extra.txt")],
        ):
            done = _cli(*args)
            assert done.returncode == 0, done.stderr
        window.stdin.write("go\n")
        window.stdin.flush()
        assert window.stdout.readline() == "saved\n"
        for args in (["stats", str(path)], ["backups", str(path)]):
            assert _cli(*args).returncode == 0
        window.stdin.write("die\n")
        window.stdin.flush()
        window.wait(timeout=60)
    finally:
        window.kill()
    stats = json.loads(_cli("stats", str(path), "--json").stdout)
    mine = stats["per_annotator"]["A"]["spans"]
    assert mine == 11, f"after {action}: {mine} of A's 11 saved spans are in the file"
    assert _cli("check", str(path)).returncode == 0


def test_reading_a_project_file_as_input_is_refused_while_it_is_open(tmp_path):
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.documents.add("d", "نص")
        for candidate in (path, tmp_path / "sub" / ".." / path.name, Path(f"{path}-wal")):
            (tmp_path / "sub").mkdir(exist_ok=True)
            with pytest.raises(InputError, match="open"):
                open_projects.refuse_open_project(candidate)
        link = tmp_path / "link.txt"
        link.hardlink_to(path)
        assert open_projects.open_project_of(link) == path
    assert open_projects.open_project_of(path) is None  # closed: no longer guarded


# ---- the scan ---------------------------------------------------------------------------------------

# Calls that open a file by path, bypassing SQLite.
OPENING_CALLS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "fdopen"}
SHUTIL_COPIES = {"copy", "copy2", "copyfile", "copytree", "move"}
# Each place (module, function) that opens a file itself, and why that is never a project open in this process.
ALLOWED = {
    ("core/files.py", "read_head"): "asks open_projects first (the one reader of heads of existing files)",
    ("core/files.py", "read_manifest"): "asks open_projects first; a regular file only",
    ("core/files.py", "atomic_file"): "fdopen of the temporary file it made itself",
    ("core/files.py", "atomic_folder"): "writes the manifest into the staging folder it made itself",
    ("core/files.py", "_bring_over"): "copies a user's file into the staging folder (refused: projects, by policy)",
    ("core/intake_policy.py", "open_file"): "asks open_projects first (the one reader of input files)",
    ("core/backups.py", "restore"): "copies a damaged project no connection of this process could open",
    ("core/platforms.py", "pid_alive"): "reads /proc",
    ("core/platforms.py", "current_umask"): "reads /proc",
    ("core/clitics.py", "_frequencies"): "reads wordfreq's word list inside its installed package",
    ("core/agreement/spill.py", "_adopted"): "a fork server's worker wraps the descriptor of the unnamed "
    "temporary file its starter made (no name: never a project)",
    ("core/formats/brat.py", "write"): "writes into the staging folder atomic_folder made",
    ("core/formats/xmi.py", "write"): "writes into the staging folder atomic_folder made",
    ("core/formats/hf.py", "write"): "writes into the staging folder atomic_folder made",
    ("core/formats/spacy_tokenizer.py", "to_disk"): "spaCy saving a trained pipeline into its own folder",
    ("core/formats/spacy_tokenizer.py", "from_disk"): "spaCy loading a trained pipeline from its own folder",
    ("cli.py", "_quiet_stdout"): "opens the null device (stdout after the reader of a pipe went away)",
    ("gui/render.py", "render_to_png"): "opens a QBuffer in memory; the PNG is written by atomic_file",
    ("gui/dialogs/about.py", "font_licences"): "reads the licences shipped in the package",
}


def _opening_sites() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path in sorted((ROOT / "annotator").rglob("*.py")):
        module = path.relative_to(ROOT / "annotator").as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                via_shutil = isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "shutil"
                plain_open = isinstance(func, ast.Name) and name == "open"
                if (
                    plain_open
                    or (isinstance(func, ast.Attribute) and name in OPENING_CALLS)
                    or (via_shutil and name in SHUTIL_COPIES)
                ):
                    found.add((module, function.name))
    return found


def test_no_plain_open_of_a_file_outside_the_places_that_ask_first():
    unexpected = sorted(_opening_sites() - set(ALLOWED))
    assert unexpected == [], (
        "these open files themselves; read through files.read_head or "
        "intake_policy.open_file, write through files.atomic_file / atomic_folder"
    )


def test_the_list_of_allowed_places_is_not_stale():
    assert sorted(set(ALLOWED) - _opening_sites()) == []
