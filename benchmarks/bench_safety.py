"""Figures of the data-safety issue, printed (not asserted).

    python benchmarks/bench_safety.py [--seconds 10] [--docs 10000] [--runs 3]

- two processes doing mixed edits (add, relabel, delete, undo, redo, stance, status) on one project for
  SECONDS: edits attempted, failed (must be 0), median and p99 duration of an edit, lock wait included;
- a backup (SQLite backup API) of a project of DOCS generated articles (~100 MB), median of RUNS.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotator.core import backups
from annotator.core.demo import demo_documents
from annotator.core.formats import jsonl
from annotator.core.project import Project

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_core import corpus  # noqa: E402  (the generated articles, cached under benchmarks/data)

EDITOR = HERE.parent / "tests" / "core" / "mixed_edits.py"


def mixed_edits(tmp: Path, seconds: float) -> dict:
    path = tmp / "edits.annotator"
    with Project(path) as project:
        project.import_documents(demo_documents())
    outs = [tmp / f"{name}.json" for name in "AB"]
    procs = [
        subprocess.Popen([sys.executable, str(EDITOR), str(path), name, str(seconds), str(seed), str(out)])
        for seed, (name, out) in enumerate(zip("AB", outs, strict=True))
    ]
    for proc in procs:
        proc.wait()
    results = [json.loads(out.read_text(encoding="utf-8")) for out in outs]
    waits = sorted(w for r in results for w in r["waits"])
    with Project(path) as project:
        lost = sum(
            r["spans"]
            != sorted(
                [s.id, d.id, s.start, s.end, s.label]
                for d in project.documents.list()
                for s in project.spans.for_document(d.id, name)
            )
            for name, r in zip("AB", results, strict=True)
        )
        problems = project.check()
    return {
        "attempted": sum(r["attempts"] for r in results),
        "failed": sum(len(r["failures"]) for r in results),
        "annotators_with_lost_edits": lost,
        "check_problems": len(problems),
        "median_ms": round(1000 * statistics.median(waits), 2),
        "p99_ms": round(1000 * waits[int(0.99 * (len(waits) - 1))], 2),
        "max_ms": round(1000 * waits[-1], 2),
    }


def backup_time(tmp: Path, docs: int, runs: int) -> dict:
    path = tmp / "big.annotator"
    with Project(path) as project:
        project.import_documents(jsonl.read(corpus(docs)))
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            made = backups.create(project)
            times.append(time.perf_counter() - started)
    return {
        "project_mb": round(path.stat().st_size / 1e6, 1),
        "backup_mb": round(made.stat().st_size / 1e6, 1),
        "median_s": round(statistics.median(times), 3),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        edits = mixed_edits(Path(tmp), args.seconds)
        print(f"mixed edits, 2 processes x {args.seconds:g} s: {edits}")
        backup = backup_time(Path(tmp), args.docs, args.runs)
        print(f"backup: {backup}")
        print(json.dumps({"mixed_edits": edits, "backup": backup}))


if __name__ == "__main__":
    main()
