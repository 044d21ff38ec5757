"""Figures of `annotator check` beside SQLite's own `PRAGMA integrity_check` (issue 22), printed (not asserted).

    python benchmarks/bench_check.py [--runs 3] [--docs 10000] [--long-chars 1000000] [--long-entities N]
                                     [--only projects|long]

Two projects, built once and cached under benchmarks/data (from ../shared/tools/gen_corpus.py, like
bench_core.py and bench_gui.py):
- `projects`: the 10,000 generated articles of bench_core.py (4,000 characters and ~30 entities each);
- `long`: one article of LONG_CHARS characters in one paragraph (no line break) with LONG_ENTITIES entities
  (default: one per 50 characters, 20,000 for the README's 1,000,000-character article), a quotation with
  its cue and relations per 500 characters, and two stances.
For each: the median of RUNS runs (interleaved) of `PRAGMA integrity_check` (a fresh read-only connection in
this process, the statement alone), of the whole `annotator check` command (a new process: interpreter
start, imports, every check, then the counts and warnings it prints, its output), and of `Project.check()`
alone in this process; the ratios to integrity_check; and the command's other parts (start-up and imports
in a new process; counts and warnings in this one). Goal (issue 22): within 2x integrity_check.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
from bench_core import GEN, corpus  # noqa: E402  (the generated articles, cached under benchmarks/data)

from annotator.core.formats import jsonl  # noqa: E402
from annotator.core.project import Project  # noqa: E402


def long_corpus(chars: int, entities: int) -> Path:
    path = HERE / "data" / f"gen-long-{chars}-{entities}.jsonl"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                str(GEN),
                str(path),
                "1",
                str(chars),
                str(entities),
                "--paragraph-chars",
                "0",
                "--quotes",
                str(max(1, chars // 500)),
                "--stances",
                "2",
            ],
            check=True,
        )
    return path


def built(source: Path, name: str) -> Path:
    """The project of `source`, imported once and kept under benchmarks/data."""
    path = HERE / "data" / f"check-{name}.annotator"
    if not path.exists():
        partial = path.with_name(path.name + ".partial")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        started = time.perf_counter()
        with Project(partial) as project:
            project.import_documents(documents(source))
        partial.rename(path)
        print(f"  (built {path.name} in {time.perf_counter() - started:.1f} s)", flush=True)
    return path


def documents(source: Path):
    """The documents of a generated file, read line by line with json.loads: a 25,000,000-character article is
    one line longer than the 64 MB the importer's reader takes (the Python API has no such limit)."""
    with open(source, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            yield jsonl.json_to_document(json.loads(line), str(source), number)


def integrity_check(path: Path) -> float:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        started = time.perf_counter()
        status = conn.execute("PRAGMA integrity_check").fetchall()
        elapsed = time.perf_counter() - started
    finally:
        conn.close()
    assert status == [("ok",)], status
    return elapsed


def check_command(path: Path) -> tuple[float, str]:
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "annotator", "check", str(path)], capture_output=True, text=True, cwd=ROOT
    )
    elapsed = time.perf_counter() - started
    last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr.strip()
    if run.returncode != 0:
        raise SystemExit(f"annotator check failed on {path}: {run.stderr.strip() or run.stdout.strip()}")
    return elapsed, last


def in_process(path: Path) -> tuple[float, float]:
    """(Project.check(), then the counts and warnings the command prints after it), in this process."""
    with Project.for_check(path) as project:
        started = time.perf_counter()
        assert project.check() == []
        checked = time.perf_counter()
        project.counts()
        project.warnings()
        return checked - started, time.perf_counter() - checked


def interpreter_start() -> float:
    """A new process importing what `annotator check` imports before it reads the project."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import annotator.cli, annotator.core.project"], check=True, cwd=ROOT)
    return time.perf_counter() - started


def measure(what: str, path: Path, runs: int) -> None:
    size = path.stat().st_size / 1e6
    with Project.for_check(path) as project:
        counts = project.stats()
    pragmas, commands, inside = [], [], []
    for _ in range(runs):  # interleaved: a machine that gets busier or quieter meanwhile shifts all three alike
        pragmas.append(integrity_check(path))
        commands.append(check_command(path))
        inside.append(in_process(path))
    pragma = statistics.median(pragmas)
    command = statistics.median(seconds for seconds, _ in commands)
    check = statistics.median(c for c, _ in inside)
    after = statistics.median(a for _, a in inside)
    start = statistics.median(interpreter_start() for _ in range(runs))
    print(
        f"{what}: {size:.1f} MB, {counts['documents']:,} documents, {counts['characters']:,} characters, "
        f"{counts['spans']:,} spans, {counts['relations']:,} relations"
    )
    print(f"  PRAGMA integrity_check             median {pragma:7.3f} s")
    print(
        f"  annotator check (the command)      median {command:7.3f} s   ratio {command / pragma:5.2f}x   "
        f"(runs: {', '.join(f'{s:.3f}' for s, _ in commands)} s; says: {commands[0][1][:60]})"
    )
    print(f"  Project.check() (in this process)  median {check:7.3f} s   ratio {check / pragma:5.2f}x")
    print(
        f"  the command's other parts: start-up and imports {start:.3f} s, counts and warnings after the "
        f"check {after:.3f} s",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--long-chars", type=int, default=1_000_000)
    parser.add_argument("--long-entities", type=int, help="entities of the long article (default: chars / 50)")
    parser.add_argument("--only", choices=("projects", "long"), help="measure one of the two projects")
    args = parser.parse_args()
    entities = args.long_entities or args.long_chars // 50
    if args.only != "long":
        measure(f"{args.docs:,} articles", built(corpus(args.docs), f"{args.docs}"), args.runs)
    if args.only != "projects":
        measure(
            f"one {args.long_chars:,}-character article, one paragraph",
            built(long_corpus(args.long_chars, entities), f"long-{args.long_chars}-{entities}"),
            args.runs,
        )


if __name__ == "__main__":
    main()
