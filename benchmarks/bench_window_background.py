"""What a window does in the background when it opens a large project (issue 27 item 5), printed, not asserted:
the rolling backup (a copy of the whole file) and the note of other annotators' work (every span counted per
annotator), each in a thread of its own, while the GUI thread stays free.

    python benchmarks/bench_window_background.py PROJECT [--work DIR]

PROJECT: a large project of one annotator (bench_window_scale.py builds them: `--data DIR --docs 100000`).
It is copied into DIR once (default: a temporary folder), opened once to bring it up to date (not
measured), and another annotator B is given a copy of one document's spans, so the note has something to
say. Then, offscreen, 1400x900, with no backup beside the copy (so one is due): `open_project` to the first
paint; then a 5 ms timer runs on the GUI thread until both the note is shown and the backup is written, and
the longest gap between its ticks is how long the window was ever unable to answer meanwhile.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def prepare(source: Path, work: Path) -> Path:
    from annotator.core.project import Project

    copy = work / "team.annotator"
    if not copy.exists():
        shutil.copy(source, copy)
        started = time.perf_counter()
        with Project(copy):  # token counts and the search index brought up to date, once
            pass
        print(f"copied and brought up to date in {time.perf_counter() - started:.1f} s (not measured)")
        with sqlite3.connect(copy) as conn:
            conn.execute("INSERT OR IGNORE INTO annotators (name) VALUES ('B')")
            (document,) = conn.execute("SELECT id FROM documents ORDER BY id LIMIT 1").fetchone()
            conn.execute(
                'INSERT INTO spans (document_id, annotator, start, "end", label, text) '
                "SELECT document_id, 'B', start, \"end\", label, text FROM spans WHERE document_id = ?",
                (document,),
            )
    shutil.rmtree(copy.with_name(copy.name + ".backups"), ignore_errors=True)  # a backup is due
    return copy


def measure(project: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.core import backups
    from annotator.gui import settings as prefs
    from annotator.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    prefs.set_annotator_name("A")
    window = MainWindow(ask_name=lambda *a: "A")
    window.resize(1400, 900)
    window.show()
    started = time.perf_counter()
    assert window.open_project(project)
    app.processEvents()
    print(f"open_project to the first paint: {1000 * (time.perf_counter() - started):.0f} ms")
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)
    note_at = backup_at = None
    while (note_at is None or backup_at is None) and time.perf_counter() - started < 300:
        app.processEvents()
        time.sleep(0.001)
        if note_at is None and not window.message_bar.isHidden():
            note_at = time.perf_counter() - started
        job = window.backup.job
        if backup_at is None and job is not None and not job.running:
            backup_at = time.perf_counter() - started
    made = backups.list_backups(project)
    print(f"the note after {1000 * (note_at or 0):.0f} ms: {window.message_bar.text.text()[:60]}...")
    size = f"{made[0].size / 1e6:.0f} MB" if made else "none made"
    print(f"the backup written after {1000 * (backup_at or 0):.0f} ms: {size}")
    print(f"the GUI thread meanwhile: longest gap between 5 ms ticks {1000 * max(gaps):.0f} ms ({len(gaps)} ticks)")
    print(f"load average: {os.getloadavg()[0]:.1f}")
    window.close_project()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--work", type=Path, default=None, help="where the copy is kept between runs")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="annotator-bg-"))
    work.mkdir(parents=True, exist_ok=True)
    measure(prepare(args.project, work))


if __name__ == "__main__":
    main()
