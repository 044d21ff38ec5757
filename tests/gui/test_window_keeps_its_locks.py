"""The window keeps its locks through everything it does that opens its own project again (issue 21, §1).

Were any of these to open the project file with a plain `open()`, the window's process would lose its
locks on it: the next command-line writer would take itself for the only user, checkpoint and delete the
write-ahead log on close, and what the window saves afterwards would go to a deleted file that no other
program sees (and that is gone when the window is killed). So: each action, then a command-line writer,
then the window saves, and another program must see every one of those saves.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core import backups
from annotator.core.progress import NO_PROGRESS

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "annotator.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def _export(window, tmp_path):
    from annotator.gui.dialogs.transfer import export_work

    export_work(window.project.path, "jsonl", str(tmp_path / "out.jsonl"), None, None, False)(NO_PROGRESS)


def _check(window, tmp_path):
    from annotator.gui.dialogs.transfer import CheckDialog

    dialog = CheckDialog(window.project.path, window)
    problems, _ = dialog.make_work()(NO_PROGRESS)
    assert problems == []


def _agreement(window, tmp_path):
    from annotator.gui.dialogs.agreement import _Worker

    worker = _Worker(window.project.path, ["B", "C"])
    reports, failures = [], []
    worker.done.connect(reports.append)
    worker.failed.connect(failures.append)
    worker.run()
    assert reports, failures


def _switch_annotator(window, tmp_path):
    window.set_annotator("B")
    window.set_annotator("A")


def _backup(window, tmp_path):
    backups.create(window.project)
    window._backup_if_due()
    window.backup.wait()


ACTIONS = {
    "export": _export,
    "check": _check,
    "agreement": _agreement,
    "switch annotator": _switch_annotator,
    "backup": _backup,
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_what_the_window_saves_after_reopening_its_project_reaches_the_file(window, qtbot, tmp_path, action):
    path = window.project.path
    doc = window.project.documents.list()[0]
    window.project.spans.add(doc.id, "B", 0, 3, "PER")
    window.project.spans.add(doc.id, "C", 0, 3, "PER")
    ACTIONS[action](window, tmp_path)
    extra = tmp_path / "extra.txt"
    extra.write_text("خبر آخر من بيروت", encoding="utf-8")
    done = _cli("import", str(path), str(extra))  # a writer on the command line, closing after it
    assert done.returncode == 0, done.stderr
    assert Path(f"{path}-wal").exists()  # the window still holds the log: nobody deleted it under us
    for i in range(10):
        window.project.spans.add(doc.id, "A", 10 * i, 10 * i + 2, "ORG")
    stats = json.loads(_cli("stats", str(path), "--json").stdout)
    assert stats["per_annotator"]["A"]["spans"] == 10, f"after {action}, another program sees fewer saves"
