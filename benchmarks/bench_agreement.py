"""Figure of the agreement issue, printed (not asserted): `annotator agreement` over 10,000 articles by
three annotators.

    python benchmarks/bench_agreement.py [--docs 10000] [--runs 3] [--project PATH]

DOCS generated articles (4,000 characters, ~30 entity spans, 2 quotations with cue, speaker and kind, 2
document stances each: ../shared/tools/gen_corpus.py --annotators 3 --quotes 2 --stances 2) give
annotator A the generated layer and B and C perturbed copies (each span dropped, shifted to a word edge
or relabelled with probability 0.1), ~400,000 spans per annotator. They are imported into a project once
(kept under benchmarks/data/). Then, median of RUNS:

- read: iterating `project.annotated_documents()` (records, the export's read: the baseline), and
  `project.layer_rows()` (plain rows, what agreement reads);
- compute: `agreement.compute(project)`, every figure, the confusion and the disagreements;
- from a thread: `compute(project, fork_server=True)` on a thread of this process, as the window computes
  (its workers come from a fork server: core/agreement/parallel.py), and whether its report is the same;
- cli --json: the whole command as a user runs it (a fresh process: open, compute, write the JSON), wall
  clock and the CPU time of the process and its workers (steadier than the wall clock on a shared machine),
  and the peak resident memory of the largest of them (the command or one worker).

The load average before and after is printed: on 2 shared cores, other work stretches every figure.
Target: agreement <= 10 s (issue 27 item 4: <= 3 s on a quiet machine, memory <= 400 MB; the 3 s not met:
docs/benchmarks.md#agreement says what is left).

Issue 27, on a loaded machine (load average 4.5), `compute` over 10,000 x 3 (generated with
--vocabulary ../shared/corpus/news), CPU of the workers / of this process: 18.2 / 1.1 s when each worker
loaded the tokenizer's word list itself; 16.0 / 1.6 s with it loaded once before the fork (peak of this
process 225 -> 319 MB). Profiled since (one process, 2,000 articles x 3, 6.0 CPU s under load 9): the
tokenizer is about 5% (the stored token counts; only entities are tokenized), reading the rows and building
the views 12% each, IOB tags 13%, span matching and disagreements 13%, the JSON packing 8%, and no step a
third: docs/benchmarks.md (agreement) has the breakdown. Since, the documents every annotator worked on are
compared 100 at a time, laid end to end (report.py `_add_batch`): each comparison runs once per batch, not
once per document and pair.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from annotator.core.agreement import compute
from annotator.core.project import Project

HERE = Path(__file__).resolve().parent
GEN = HERE.parents[1] / "shared" / "tools" / "gen_corpus.py"


def team_project(docs: int, path: Path | None) -> Path:
    data = HERE / "data"
    data.mkdir(exist_ok=True)
    project = path or data / f"team-{docs}.annotator"
    if not project.exists():
        corpus = data / f"team-{docs}.jsonl"
        if not corpus.exists():
            subprocess.run(
                [
                    sys.executable,
                    str(GEN),
                    str(corpus),
                    str(docs),
                    "4000",
                    "30",
                    "--annotators",
                    "3",
                    "--quotes",
                    "2",
                    "--stances",
                    "2",
                ],
                check=True,
            )
        subprocess.run(
            [sys.executable, "-m", "annotator", "import", str(project), str(corpus)],
            check=True,
            stderr=subprocess.DEVNULL,
        )
    return project


T = TypeVar("T")

# The command in a fresh process (`annotator ARGS...`), which then writes to PEAK_FILE the peak resident
# memory (KiB) of the largest of itself and its worker processes. Its own from /proc (Linux): Linux keeps
# across exec the high-water mark of the process that started it, so ru_maxrss gave this script's memory
# (572 MB once this script held three reports) as the command's.
PEAK_OF_COMMAND = """
import re, resource, sys
from annotator.cli import main


def own_peak():
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return int(re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1))
    except (OSError, AttributeError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


peak_file = sys.argv.pop(1)
try:
    code = main(sys.argv[1:])
finally:
    with open(peak_file, "w") as out:
        out.write(str(max(own_peak(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)))
sys.exit(code)
"""


def median_time(runs: int, action: Callable[[], T]) -> tuple[float, T]:
    times, results = [], []
    for _ in range(runs):
        start = time.perf_counter()
        results.append(action())
        times.append(time.perf_counter() - start)
    return statistics.median(times), results[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--project", type=Path, help="an existing project to measure instead")
    args = parser.parse_args()
    path = team_project(args.docs, args.project)
    with Project(path, create=False) as project:
        stats = project.stats()
        spans = stats["per_annotator"]
        print(
            f"{stats['documents']} documents, {stats['characters']} characters, spans per annotator: "
            + ", ".join(f"{a} {c.get('spans', 0)}" for a, c in spans.items())
        )
        print(f"load average before: {os.getloadavg()[0]:.1f}")
        read, _ = median_time(args.runs, lambda: sum(1 for _ in project.annotated_documents()))
        ids = [doc_id for doc_id, _ in project.documents.fingerprints().values()]
        annotators = project.annotators.human()
        rows, _ = median_time(args.runs, lambda: sum(1 for _ in project.layer_rows(ids, annotators)))
        took, report = median_time(args.runs, lambda: compute(project))

    def from_a_thread() -> object:
        out = []

        def work() -> None:
            with Project(path, create=False, read_only=True) as own:  # (a connection per thread)
                out.append(compute(own, fork_server=True))

        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
        return out[0]

    windowed, window_report = median_time(args.runs, from_a_thread)
    same = window_report.json_text() == report.json_text()  # type: ignore[attr-defined]
    cpu: list[float] = []

    peaks: list[int] = []

    def command() -> None:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        # As installed: pip compiles the modules, so a user's run does not (a sandbox may set
        # PYTHONDONTWRITEBYTECODE, which would make every run compile the whole package again).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        with tempfile.TemporaryDirectory() as tmp:
            peak_file = Path(tmp) / "peak"
            subprocess.run(
                [sys.executable, "-c", PEAK_OF_COMMAND, str(peak_file), "agreement", str(path), "--json"],
                check=True,
                stdout=subprocess.DEVNULL,
                env=env,
            )
            peaks.append(int(peak_file.read_text()))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)

    cli, _ = median_time(args.runs, command)
    print(f"read (annotated_documents, baseline): {read:.2f} s; layer_rows: {rows:.2f} s ({read / rows:.1f}x faster)")
    print(f"compute: {took:.2f} s ({took / read:.1f}x the baseline read; {len(report.disagreements)} disagreements)")
    print(f"from a thread, as the window (workers from a fork server): {windowed:.2f} s; the same report: {same}")
    print(
        f"annotator agreement --json (whole command): {cli:.2f} s, CPU {statistics.median(cpu):.2f} s "
        f"(target <= 10 s); peak resident memory of its largest process (the command or a worker) "
        f"{max(peaks) / 1024:.0f} MB (target <= 400 MB; each run: {', '.join(str(p // 1024) for p in peaks)})"
    )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
