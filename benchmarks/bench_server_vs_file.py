"""A project on a PostgreSQL server against the same project in an SQLite file (issue 25), printed, not asserted:
`annotator import` of generated articles by 3 annotators, `annotator export --format conll`, `annotator
agreement --json` over all of them, and the window opening the project (offscreen: `MainWindow.open_project`
to the article's first paint); each in a fresh process, both backends in the same run on the same machine, and
the ratio server / file (goal: at most 2x each).

    python benchmarks/bench_server_vs_file.py URL [--docs 10000] [--data DIR] [--repeat 1]

URL: a PostgreSQL server's URL of a role that may create databases (`python tests/postgres_server.py start
/tmp/pg` prints one); a fresh database is made there for the run and dropped after it. Articles:
`gen_corpus.py OUT N 4000 30 --annotators 3 --quotes 2 --stances 2 --vocabulary ../shared/corpus/news`,
made once under DIR (default benchmarks/data). With --keep the server's database is kept (its URL printed).
With --repeat R each command runs R times on each backend
(alternating, the import into a fresh project each time) and the best wall clock is kept.

Also: the CoNLL files of the two backends are compared (they must be byte-identical), and the load average
before and after is printed (the machine is shared: wall clocks stretch under load).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from server_databases import drop_database, new_database  # (benchmarks/, beside this script)

HERE = Path(__file__).resolve().parent
GEN = HERE.parents[1] / "shared" / "tools" / "gen_corpus.py"
VOCABULARY = HERE.parents[1] / "shared" / "corpus" / "news"


def corpus(folder: Path, docs: int) -> Path:
    out = folder / f"team_{docs}.jsonl"
    if not out.exists():
        folder.mkdir(parents=True, exist_ok=True)
        extra = ["--vocabulary", str(VOCABULARY)] if VOCABULARY.exists() else []
        subprocess.run(
            [sys.executable, str(GEN), str(out), str(docs), "4000", "30", "--annotators", "3", "--quotes", "2"]
            + ["--stances", "2", *extra],
            check=True,
        )
    return out


def timed(args: list[str]) -> tuple[float, str]:
    """Wall seconds of one `annotator` command in a fresh process, and its output."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"annotator {' '.join(args[:2])}... failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds, done.stdout


# opens the project in the window, offscreen, as a linguist does (their name known, settings of its own):
# prints the seconds from open_project to the article's first paint
_WINDOW = """
import sys, tempfile, time
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
app = QApplication([])
from annotator.gui import settings as prefs
from annotator.gui.main_window import MainWindow
prefs.set_annotator_name("A")
class Watch(QObject):
    painted = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            Watch.painted = True
        return False
window = MainWindow(ask_name=lambda *a: "A", ask_second=lambda *a: sys.exit("held by another window"))
window.resize(1400, 900)
window.show()
app.processEvents()
t0 = time.perf_counter()
assert window.open_project(sys.argv[1])
watch = Watch()
window.workspace.view.viewport().installEventFilter(watch)
while not Watch.painted:
    app.processEvents()
print(time.perf_counter() - t0, len(window.session.documents))
window.close()
"""


def first_paint(project: str) -> tuple[float, str]:
    """Seconds from open_project to the first paint of the article, in a fresh offscreen process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _WINDOW, project], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"the window did not open {project}:\n{done.stderr[-2000:]}")
    seconds, documents = done.stdout.split()[-2:]
    return float(seconds), f"{int(documents):,} documents listed"


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("server", help="postgresql:// URL of a role that may create databases")
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the server's database (its URL is printed)")
    args = parser.parse_args()
    source = corpus(args.data, args.docs)
    print(f"{args.docs:,} articles ({source.stat().st_size / 1e6:.0f} MB of JSONL), 3 annotators; load {load()}")
    best: dict[tuple[str, str], float] = {}
    databases: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for round_ in range(args.repeat):
                for backend in ("sqlite", "postgresql"):
                    if backend == "sqlite":
                        project = str(Path(tmp) / f"p{round_}.annotator")
                    else:
                        project = new_database(args.server)
                        databases.append(project)
                    conll = Path(tmp) / f"{backend}{round_}.conll"
                    steps = {
                        "import": ["import", project, str(source)],
                        "export conll": [
                            "export",
                            project,
                            "--format",
                            "conll",
                            "--annotator",
                            "A",
                            "--out",
                            str(conll),
                        ],
                        "agreement": ["agreement", project, "--json"],
                    }
                    for step, command in steps.items():
                        seconds, _ = timed(command)
                        best[(backend, step)] = min(seconds, best.get((backend, step), seconds))
                        print(f"  {backend:<10} {step:<13} {seconds:8.1f} s   (load {load()})", flush=True)
                    seconds, note = first_paint(project)
                    best[(backend, "first paint")] = min(seconds, best.get((backend, "first paint"), seconds))
                    print(f"  {backend:<10} {'first paint':<13} {seconds:8.2f} s   ({note}; load {load()})", flush=True)
                    if backend == "postgresql":
                        same = filecmp.cmp(Path(tmp) / f"sqlite{round_}.conll", conll, shallow=False)
                        print(f"  the two CoNLL files are {'byte-identical' if same else 'DIFFERENT'}")
        finally:
            for url in databases[:-1] if args.keep else databases:
                drop_database(args.server, url)
    if args.keep and databases:
        print(f"kept: {databases[-1]}")
    print(f"\n{'step':<13} {'SQLite':>9} {'PostgreSQL':>11} {'ratio':>7}")
    for step in ("import", "export conll", "agreement", "first paint"):
        file_s, server_s = best[("sqlite", step)], best[("postgresql", step)]
        print(f"{step:<13} {file_s:8.2f}s {server_s:10.2f}s {server_s / file_s:6.2f}x")
    print(f"load average at the end: {load()} ({os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
