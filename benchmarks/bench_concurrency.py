"""Figures of many programs working on one project at once (issue 21 §3), printed (not asserted).

    python benchmarks/bench_concurrency.py [--editors 4] [--edits 2500] [--seed 0]

EDITORS processes (tests/core/mixed_edits.py --schema) each make EDITS mixed edits on one project holding the
demo articles: add, relabel, delete, undo, redo, stance, status, and one edit in ten adds a label or a stance
target to the schema (later spans and stances use them). Alongside, in other processes, the command line: an
`annotator import` of a few annotated documents (with a label and a target the schema lacks), an `annotator
merge` of another small project (the same), an `annotator check` and an `annotator export --format jsonl`.

Per process and in total: attempted, confirmed (the call returned), reported failed (an AnnotatorError, or a
command's exit status with its `annotator: error:` line; messages counted), lost (confirmed, but not in the
file at the end: spans, stances, schema labels and targets; must be 0), and the duration of an edit (lock
waits included), median and p99.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.demo import demo_documents
from annotator.core.model import AnnotatedDocument, DocLabelRecord, Layer, SpanRecord
from annotator.core.project import Project

HERE = Path(__file__).resolve().parent
EDITOR = HERE.parent / "tests" / "core" / "mixed_edits.py"

IMPORT_LABEL, IMPORT_TARGET = "IMPORTED", "هدف مستورد"
MERGE_LABEL, MERGE_TARGET = "MERGED", "هدف مدمج"
CLI_DELAYS = {"import": 1.0, "merge": 2.0, "check": 3.0, "export": 4.0}  # seconds after the start


@dataclass
class Row:
    name: str
    attempted: int = 0
    confirmed: int = 0
    failures: list[str] = field(default_factory=list)
    lost: Counter = field(default_factory=Counter)
    waits: list[float] = field(default_factory=list)
    note: str = ""


def annotated(name: str, text: str, annotator: str, label: str, target: str) -> AnnotatedDocument:
    """A document with one span (its first word) labelled `label` and a stance toward `target`."""
    word = re.search(r"\w+", text)
    assert word is not None
    return AnnotatedDocument(
        name,
        text,
        layers=[
            Layer(
                annotator,
                spans=[SpanRecord("T1", word.start(), word.end(), label)],
                doc_labels=[DocLabelRecord("stance", target, "AGAINST")],
            )
        ],
    )


def prepare(tmp: Path) -> tuple[Path, Path, Path]:
    """The shared project (the demo articles), a JSONL file to import, another project to merge."""
    demo = demo_documents()
    path = tmp / "shared.annotator"
    with Project(path) as project:
        project.import_documents(demo)
    incoming = tmp / "incoming.jsonl"
    with open(incoming, "w", encoding="utf-8") as out:
        from annotator.core.formats.jsonl import write_lines

        write_lines(
            [
                annotated(f"import-{i}", d.text + "\n\nنسخة للاستيراد.", "I", IMPORT_LABEL, IMPORT_TARGET)
                for i, d in enumerate(demo[:3])
            ],
            out,
        )
    other = tmp / "other.annotator"
    with Project(other) as project:
        project.import_documents(
            [
                annotated(f"merge-{i}", d.text + "\n\nنسخة للدمج.", "M", MERGE_LABEL, MERGE_TARGET)
                for i, d in enumerate(demo[:2])
            ]
        )
    return path, incoming, other


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))] if ordered else float("nan")


def editor_row(name: str, result: dict, project: Project) -> Row:
    row = Row(
        name,
        attempted=len(result["waits"]),
        confirmed=result["confirmed"],
        failures=result["failures"],
        waits=result["waits"],
    )
    docs = project.documents.list()
    in_file = {(s.id, d.id, s.start, s.end, s.label) for d in docs for s in project.spans.for_document(d.id, name)}
    known = {tuple(s) for s in result["spans"]}
    row.lost["spans"] = len(known - in_file)
    stances = {(d.id, x.target, x.value) for d in docs for x in project.doc_labels.for_document(d.id, name)}
    row.lost["stances"] = len({tuple(s) for s in result["stances"]} - stances)
    schema = project.schema.get()
    row.lost["labels"] = sum(schema.label(x) is None for x in result["labels"])
    row.lost["targets"] = sum(x not in schema.targets for x in result["targets"])
    extra = len(in_file - known) + len(stances - {tuple(s) for s in result["stances"]})
    row.note = (
        f"{len(result['labels'])} labels, {len(result['targets'])} targets added; "
        f"{extra} spans/stances in the file it did not know of"
    )
    return row


def command_row(name: str, code: int, stdout: str, stderr: str, seconds: float, project: Project, tmp: Path) -> Row:
    row = Row(name, attempted=1, confirmed=int(code == 0), waits=[seconds])
    if code != 0:
        row.failures = [line for line in stderr.splitlines() if line.startswith("annotator: error:")] or [
            f"exit {code} without a message: {stderr.strip()[-200:]!r}"
        ]
    schema = project.schema.get()
    if name in ("import", "merge") and code == 0:
        annotator, label, target, docs = (
            ("I", IMPORT_LABEL, IMPORT_TARGET, 3) if name == "import" else ("M", MERGE_LABEL, MERGE_TARGET, 2)
        )
        layers = [d for d in project.documents.list() if d.name.startswith(f"{name}-")]
        row.lost["documents"] = docs - len(layers)
        row.lost["spans"] = docs - sum(len(project.spans.for_document(d.id, annotator)) for d in layers)
        row.lost["stances"] = docs - sum(len(project.doc_labels.for_document(d.id, annotator)) for d in layers)
        row.lost["labels"] = int(schema.label(label) is None)
        row.lost["targets"] = int(target not in schema.targets)
    if name == "export" and code == 0:
        lines = (tmp / "export.jsonl").read_text(encoding="utf-8").splitlines()
        row.note = f"{len(lines)} documents exported, each line valid JSON: {all(json.loads(x) for x in lines)}"
    if name == "check":
        row.note = (stdout.strip().splitlines() or [""])[-1][:100]
    return row


def command_lines(tmp: Path, path: Path, incoming: Path, other: Path) -> dict[str, list[str]]:
    return {
        "import": ["import", str(path), str(incoming)],
        "merge": ["merge", str(path), str(other)],
        "check": ["check", str(path)],
        "export": ["export", str(path), "--format", "jsonl", "--out", str(tmp / "export.jsonl")],
    }


def editor(path: Path, name: str, seed: int, edits: int, out: Path, start: Path | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            str(EDITOR),
            str(path),
            name,
            "0",
            str(seed),
            str(out),
            "--edits",
            str(edits),
            "--schema",
            *(["--start", str(start)] if start else []),
        ]
    )


def alone(args: argparse.Namespace, tmp: Path) -> dict[str, float]:
    """The baseline, in the same run: one editor alone (the median and p99 of an edit), then each command
    alone (seconds), on a project of their own."""
    tmp.mkdir()
    path, incoming, other = prepare(tmp)
    edits = min(args.edits, 1000)
    assert editor(path, "E1", args.seed, edits, tmp / "E1.json").wait() == 0
    waits = json.loads((tmp / "E1.json").read_text(encoding="utf-8"))["waits"]
    out = {"median": statistics.median(waits), "p99": percentile(waits, 0.99)}
    for name, line in command_lines(tmp, path, incoming, other).items():
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "annotator", *line], capture_output=True, check=True)
        out[name] = time.perf_counter() - started
    print(
        f"baseline, alone: one editor x {edits} edits: median {ms(out['median'])} ms, p99 {ms(out['p99'])} ms; "
        + ", ".join(f"{name} {out[name]:.2f} s" for name in CLI_DELAYS)
    )
    return out


def run(args: argparse.Namespace, tmp: Path) -> list[Row]:
    tmp.mkdir()
    path, incoming, other = prepare(tmp)
    start = tmp / "start"
    names = [f"E{i + 1}" for i in range(args.editors)]
    editors = [
        editor(path, name, args.seed + i, args.edits, tmp / f"{name}.json", start) for i, name in enumerate(names)
    ]
    commands = command_lines(tmp, path, incoming, other)
    time.sleep(2.0)  # the editors open the project and wait for the start file
    start.touch()
    began = time.perf_counter()
    results: dict[str, tuple[int, str, str, float]] = {}  # name -> (exit status, stdout, stderr, seconds)

    def command(name: str) -> None:
        time.sleep(max(0.0, began + CLI_DELAYS[name] - time.perf_counter()))
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "annotator", *commands[name]], capture_output=True, text=True)
        results[name] = (done.returncode, done.stdout, done.stderr, time.perf_counter() - started)

    threads = [threading.Thread(target=command, args=(name,)) for name in CLI_DELAYS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = [p.wait() for p in editors]
    wall = time.perf_counter() - began
    assert codes == [0] * len(editors), codes
    with Project(path) as project:
        rows = [
            editor_row(name, json.loads((tmp / f"{name}.json").read_text(encoding="utf-8")), project) for name in names
        ]
        rows += [command_row(name, *results[name], project, tmp) for name in CLI_DELAYS]
        problems = project.check()
        schema = project.schema.get()
        unknown_labels = sum(n for label, n in project.store.label_totals().items() if schema.label(label) is None)
        unknown_targets = sum(
            x.target not in schema.targets
            for d in project.documents.list()
            for x in project.doc_labels.for_document(d.id)
        )
    print(
        f"wall time of the run: {wall:.1f} s; at the end: {len(problems)} problems found by check, "
        f"{unknown_labels} spans whose label and {unknown_targets} stances whose target the schema lacks"
    )
    return rows


def ms(seconds: float) -> str:
    return f"{1000 * seconds:.1f}"


def report(rows: list[Row], editors: int, base: dict[str, float]) -> None:
    header = (
        f"{'process':<8} {'attempted':>9} {'confirmed':>9} {'failed':>6} {'lost':>4}  {'median ms':>9} "
        f"{'p99 ms':>8} {'x alone':>7}  lost by kind / notes"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        lost = sum(row.lost.values())
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(row.lost.items()))
        ratio = statistics.median(row.waits) / base.get(row.name, base["median"])
        print(
            f"{row.name:<8} {row.attempted:>9} {row.confirmed:>9} {len(row.failures):>6} {lost:>4}  "
            f"{ms(statistics.median(row.waits)):>9} {ms(percentile(row.waits, 0.99)):>8} {ratio:>7.1f}  "
            f"[{kinds}] {row.note}"
        )
    edits = rows[:editors]
    waits = [w for r in edits for w in r.waits]
    total_lost: Counter = Counter()
    for row in rows:
        total_lost.update(row.lost)
    print("-" * len(header))
    print(
        f"{'total':<8} {sum(r.attempted for r in rows):>9} {sum(r.confirmed for r in rows):>9} "
        f"{sum(len(r.failures) for r in rows):>6} {sum(total_lost.values()):>4}  {ms(statistics.median(waits)):>9} "
        f"{ms(percentile(waits, 0.99)):>8} {statistics.median(waits) / base['median']:>7.1f}  "
        f"[{', '.join(f'{k} {v}' for k, v in sorted(total_lost.items()))}] "
        f"(durations: the {len(waits)} edits; a command's row: its run, start-up included; x alone: the median "
        "against the baseline's)"
    )
    messages = Counter(re.sub(r"\d+", "N", f) for r in rows for f in r.failures)
    print("failure messages:" + ("" if messages else " none"))
    for message, n in messages.most_common():
        print(f"  {n:>5} x {message[:160]}")
    print(
        json.dumps(
            {
                "rows": [
                    {
                        "process": r.name,
                        "attempted": r.attempted,
                        "confirmed": r.confirmed,
                        "failed": len(r.failures),
                        "lost": dict(r.lost),
                        "median_ms": round(1000 * statistics.median(r.waits), 2),
                        "p99_ms": round(1000 * percentile(r.waits, 0.99), 2),
                    }
                    for r in rows
                ],
                "lost_total": sum(total_lost.values()),
                "failure_messages": dict(messages),
            },
            ensure_ascii=False,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editors", type=int, default=4)
    parser.add_argument("--edits", type=int, default=2500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(
        f"{args.editors} editors x {args.edits} mixed edits (schema edits included), with import, merge, check "
        f"and export alongside; {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        base = alone(args, Path(tmp) / "alone")
        rows = run(args, Path(tmp) / "together")
    report(rows, args.editors, base)


if __name__ == "__main__":
    main()
