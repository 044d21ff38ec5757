"""A project of many articles in the window (issue 27 item 5), printed, not asserted: open to first paint,
scrolling the documents list, switching documents, searching all documents through the find bar.

    python benchmarks/bench_window_scale.py [--docs 1000 10000 100000] [--data DIR] [--runs 20]
                                            [--tree CHECKOUT] [--json]

Per size, in one process (offscreen): open the project in a MainWindow (1400x900) to the first paint of
both the documents list and the article (median of 3 opens); a page of the documents list (Page Down on
the list's scroll bar, to the list repainted) and a jump of its scroll bar to a random place (to the
list repainted); switching to a random document by a click on the list, to the article repainted
(and the next document: PgDown in the article); the find bar's "all documents" for a frequent and a
rare word (text typed to the hits marked); resident memory after it all. Targets: first paint <= 1 s;
a list page, a jump and a switch <= 50 ms; a search <= 0.5 s at 100,000 articles.

The projects are built once under DIR (default benchmarks/data; the 100,000 is about 1 GB, so give a DIR
with room, e.g. /tmp) with `gen_corpus.py OUT N 2500 25 --quotes 1 --stances 1 --vocabulary
../shared/corpus/news` and `annotator import`. `--tree` runs another checkout's package (the one before a
change, in turns with this one).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
GEN = HERE.parents[1] / "shared" / "tools" / "gen_corpus.py"
VOCABULARY = HERE.parents[1] / "shared" / "corpus" / "news"


def build(data: Path, docs: int) -> Path:
    project = data / f"window-{docs}.annotator"
    if project.exists():
        return project
    source = data / f"window-{docs}.jsonl"
    data.mkdir(parents=True, exist_ok=True)
    gen = [sys.executable, str(GEN), str(source), str(docs), "2500", "25", "--quotes", "1", "--stances", "1"]
    subprocess.run([*gen, "--vocabulary", str(VOCABULARY)], check=True)
    subprocess.run([sys.executable, "-m", "annotator.cli", "import", str(project), str(source)], check=True)
    source.unlink()
    return project


class PaintWatch:
    """Whether a widget painted since `arm`."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            def eventFilter(inner, obj, event):  # noqa: N802, N805 - Qt's name
                if event.type() == QEvent.Type.Paint:
                    self.painted = True
                return False

        self.painted = False
        self.filter = Filter()
        widget.installEventFilter(self.filter)

    def arm(self) -> None:
        self.painted = False


class Stopwatch:
    """Wall and CPU time (this process) of what runs between `start` and `stop`: on a shared machine the CPU
    time is the steadier figure."""

    def __init__(self) -> None:
        self.walls: list[float] = []
        self.cpus: list[float] = []

    def start(self) -> None:
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def stop(self) -> None:
        self.walls.append(time.perf_counter() - self._wall)
        self.cpus.append(time.process_time() - self._cpu)

    def medians(self) -> tuple[float, float]:
        """(wall, CPU) medians in ms."""
        return statistics.median(self.walls) * 1000, statistics.median(self.cpus) * 1000


def until(app, *watches: PaintWatch, limit: float = 120.0) -> None:
    end = time.perf_counter() + limit
    while not all(w.painted for w in watches) and time.perf_counter() < end:
        app.processEvents()


def open_window(app, path: Path, clock: Stopwatch):
    from annotator.gui.main_window import MainWindow

    window = MainWindow(ask_second=lambda *a: sys.exit("bench_window_scale: another window holds the project"))
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    clock.start()
    window.open_project(path)
    # the watches are installed once the workspace exists: its first paint comes from the event loop
    ws = window.workspace
    lists, article = PaintWatch(ws.navigator.viewport()), PaintWatch(ws.view.viewport())
    until(app, lists, article)
    clock.stop()
    return window


def time_list(app, window, runs: int, rng: random.Random) -> tuple[Stopwatch, Stopwatch]:
    """(a page down of the documents list, a jump of its scroll bar to a random place), to it repainted."""
    nav = window.workspace.navigator
    bar = nav.verticalScrollBar()
    watch = PaintWatch(nav.viewport())
    pages, jumps = Stopwatch(), Stopwatch()
    for _ in range(runs):
        if bar.value() + bar.pageStep() > bar.maximum():  # at the end: from the top again (a step must scroll)
            bar.setValue(0)
            until(app, watch)
        watch.arm()
        pages.start()
        bar.triggerAction(bar.SliderAction.SliderPageStepAdd)
        until(app, watch)
        pages.stop()
    for _ in range(runs):
        place = rng.randrange(bar.maximum() + 1)
        if place == bar.value():
            continue
        watch.arm()
        jumps.start()
        bar.setValue(place)
        until(app, watch)
        jumps.stop()
    return pages, jumps


def time_switch(app, window, runs: int) -> tuple[Stopwatch, Stopwatch]:
    """(a click on another document in the list, PgDown in the article), to the article repainted."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    ws = window.workspace
    nav, view = ws.navigator, ws.view
    watch = PaintWatch(view.viewport())
    clicks, nexts = Stopwatch(), Stopwatch()
    for k in range(runs):
        row = nav.indexAt(QPoint(20, 10 + (k % 10) * nav.sizeHintForRow(0)))
        if not row.isValid() or row.row() == window.session.index:
            continue
        rect = nav.visualRect(row)
        watch.arm()
        clicks.start()
        QTest.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.topLeft() + QPoint(10, 4))
        until(app, watch)
        clicks.stop()
    for _ in range(runs):
        watch.arm()
        nexts.start()
        QTest.keyClick(view, Qt.Key.Key_PageDown)
        until(app, watch)
        nexts.stop()
    return clicks, nexts


def time_search(app, window, words: list[str]) -> dict[str, tuple[Stopwatch, int]]:
    """Per word: (from the text typed to the hits counted and marked, hits)."""
    bar = window.find_bar
    bar.open_bar()
    bar.everywhere.setChecked(True)
    app.processEvents()
    out = {}
    for word in words:
        clock = Stopwatch()
        for _ in range(3):
            bar.query.clear()
            app.processEvents()
            clock.start()
            bar.query.setText(word)  # the bar searches on every change of the text
            app.processEvents()
            clock.stop()
        out[word] = (clock, len(bar.hits))
    bar.close_bar()
    return out


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split(":")[1].split()[0]) / 1024
    return 0.0


def measure(path: Path, runs: int) -> dict[str, float]:
    from PySide6.QtCore import QSettings

    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        from annotator.gui import settings as prefs
        from annotator.gui.app import application

        app = application()
        prefs.set_annotator_name("A")
        rng = random.Random(1)
        opens, window = Stopwatch(), None
        for _ in range(3):
            if window is not None:
                window.close_project()
                window.close()
                window.deleteLater()
                app.processEvents()
            window = open_window(app, path, opens)
        page, jump = time_list(app, window, runs, rng)
        click, following = time_switch(app, window, runs)
        searches = time_search(app, window, ["غزة", "الأمم", "قال"])
        figures: dict[str, float] = {"documents": len(window.session.documents), "rss_mb": rss_mb()}
        clocks = {"open": opens, "list page": page, "list jump": jump, "switch click": click, "switch next": following}
        for word, (clock, hits) in searches.items():
            clocks[f"search {word} ({hits} hits)"] = clock
        for what, clock in clocks.items():
            figures[f"{what} ms"], figures[f"{what} cpu ms"] = clock.medians()
        window.close_project()
        return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--tree", type=Path, help="the checkout whose package to measure (default: this one)")
    parser.add_argument("--project", type=Path, help="measure this project (instead of --docs)")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of the figures")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    tree = (args.tree or HERE.parent).resolve()
    if args.child:  # one size in this process, with the package of `tree`
        sys.path.insert(0, str(tree))
        print(json.dumps(measure(args.project, args.runs), ensure_ascii=False))
        return 0
    results = {}
    paths = [args.project] if args.project else [build(args.data, n) for n in args.docs]
    for path in paths:  # each size in a fresh process: one's memory does not weigh on the next
        command = [sys.executable, __file__, "--child", "--project", str(path), "--runs", str(args.runs)]
        done = subprocess.run([*command, "--tree", str(tree)], check=True, capture_output=True, text=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        results[path.name] = figures
        print(f"{path.name} ({tree}):")
        for key, value in figures.items():
            print(f"  {key:34} {value:10,.1f}")
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
