"""A team on one PostgreSQL server project (issue 25), printed, not asserted: EDITORS annotator processes make
mixed edits for SECONDS while a curator process adjudicates gold and exports run one after another.

    python benchmarks/bench_server_team.py URL [--editors 8] [--seconds 300] [--pace 0.2] [--seed 0]

URL: a PostgreSQL server's URL of a role that may create databases (`python tests/postgres_server.py start
/tmp/pg` prints one); the project is a fresh database there holding the demo articles, dropped after the run.

- Each editor (E1, E2, ...) is tests/core/mixed_edits.py's loop in its own process, through the core API as the
  window calls it (`Project(URL)`, `project.spans.add` ...): add, relabel, delete, undo, redo, a stance, a
  status, on a random article.
- The curator, in its own process, adjudicates: on a random article, gold takes one annotator's version of a
  unit none has settled yet (`curation.accept`), as the curation panel does.
- --pace SECONDS: each editor, and the curator, waits that long after each edit (a person makes one every few
  seconds; 0.2 s is 5 edits/s per editor, 40/s for 8, ten times a fast human team): the latency at a stated
  offered load. Without it (0), every process edits flat out and the figure is mostly queueing for a core.
  The offered load (editors / pace) and the throughput achieved (edits/s) are printed.
- An export (`annotator export URL --format jsonl`) runs again and again, each in a fresh process.

Per process: attempted, confirmed (the call returned), refused (an AnnotatorError: a span another edit
deleted meanwhile, a busy server), lost (confirmed, but not in the database afterwards: the editor's spans and
stances as it last knew them, the gold layer as the curator last read it; must be 0), and the latency of an
edit (waits for the writers' lock included): p50 and p99 (goal on loopback: p99 at most 20 ms). First, in the
same run, one editor alone for a fifth of SECONDS (at most 30 s): the latency with no one else writing. The
machine's load average is printed: the processes share its cores with whatever else runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from server_databases import drop_database, new_database  # (benchmarks/, beside this script)

from annotator.core.demo import demo_documents
from annotator.core.project import Project

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

EDITOR = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from mixed_edits import run
    url, name, seconds, seed, out, start, pace = sys.argv[1:8]
    result = run(url, name, float(seconds), int(seed), start_file=Path(start), pace=float(pace))
    Path(out).write_text(json.dumps(result), encoding="utf-8")
    """
)

CURATOR = textwrap.dedent(
    """
    import json, random, sys, time
    from pathlib import Path
    from annotator.core import curation
    from annotator.core.errors import AnnotatorError
    from annotator.core.project import Project
    url, editors, seconds, seed, out, start, pace = sys.argv[1:8]
    annotators = [f"E{k + 1}" for k in range(int(editors))]
    rng = random.Random(int(seed))
    attempts, confirmed, failures, waits, gold = 0, 0, [], [], {}
    with Project(url) as project:
        docs = project.documents.list()
        while not Path(start).exists():
            time.sleep(0.001)
        deadline = time.monotonic() + float(seconds)
        while time.monotonic() < deadline:
            doc = rng.choice(docs)
            open_units = [
                u for u in curation.units(project, doc.id, annotators)
                if not u.settled and any(u.versions.get(a) or u.stances.get(a) for a in annotators)
            ]
            if not open_units:
                time.sleep(0.05)
                continue
            unit = rng.choice(open_units)
            who = rng.choice([a for a in annotators if unit.versions.get(a) or unit.stances.get(a)])
            attempts += 1
            started = time.perf_counter()
            try:
                curation.accept(project, doc.id, unit, who)
                confirmed += 1
            except AnnotatorError as exc:
                failures.append(str(exc))
            waits.append(time.perf_counter() - started)
            time.sleep(float(pace))
            gold[doc.id] = sorted((s.start, s.end, s.label) for s in project.spans.for_document(doc.id, "gold"))
            stances = project.doc_labels.for_document(doc.id, "gold")
            gold[doc.id] += sorted((-1, -1, f"{d.target}={d.value}") for d in stances)
    Path(out).write_text(
        json.dumps({"attempts": attempts, "confirmed": confirmed, "failures": failures, "waits": waits,
                    "gold": {str(k): v for k, v in gold.items()}}),
        encoding="utf-8",
    )
    """
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[round(q * (len(ordered) - 1))] if ordered else float("nan")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def editor_lost(project: Project, name: str, result: dict) -> tuple[int, int]:
    """(lost, extra): the editor's spans and stances as it last knew them, against the database."""
    docs = project.documents.list()
    stored = {(s.id, d.id, s.start, s.end, s.label) for d in docs for s in project.spans.for_document(d.id, name)}
    known = {tuple(s) for s in result["spans"]}
    stances = {(d.id, x.target, x.value) for d in docs for x in project.doc_labels.for_document(d.id, name)}
    known_stances = {tuple(s) for s in result["stances"]}
    return len(known - stored) + len(known_stances - stances), len(stored - known) + len(stances - known_stances)


def curator_lost(project: Project, result: dict) -> int:
    """Gold changes only by the curator's hand: each article's gold as the curator last read it must be there."""
    lost = 0
    for doc, last in result["gold"].items():
        now = sorted((s.start, s.end, s.label) for s in project.spans.for_document(int(doc), "gold"))
        now += sorted((-1, -1, f"{d.target}={d.value}") for d in project.doc_labels.for_document(int(doc), "gold"))
        lost += len({tuple(x) for x in last} - {tuple(x) for x in now})
    return lost


def run(server: str, editors: int, seconds: float, seed: int, tmp: Path, pace: float) -> None:
    url = new_database(server, "annotator_team")
    try:
        with Project(url) as project:
            project.import_documents(demo_documents())
        start = tmp / "start"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        alone(url, min(30.0, seconds / 5), seed, tmp, env)
        children: dict[str, subprocess.Popen] = {}
        for k in range(editors):
            name = f"E{k + 1}"
            args = [url, name, str(seconds), str(seed + k), str(tmp / f"{name}.json"), str(start), str(pace)]
            children[name] = subprocess.Popen(
                [sys.executable, "-c", EDITOR.format(tests=str(ROOT / "tests" / "core")), *args], env=env
            )
        curator_args = [url, str(editors), str(seconds), str(seed + 100), str(tmp / "curator.json"), str(start)]
        curator_args.append(str(pace))
        children["curator"] = subprocess.Popen([sys.executable, "-c", CURATOR, *curator_args], env=env)
        time.sleep(max(3.0, editors * 0.5))  # every process has opened the project
        offered = f"paced {pace:g} s: offered {editors / pace:.0f} edits/s" if pace else "flat out"
        print(f"{editors} editors + a curator + exports, {seconds:.0f} s, {offered}; load before: {load()}", flush=True)
        start.write_text("go", encoding="utf-8")
        exports, export_failures, export_seconds = 0, [], []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            started = time.perf_counter()
            out = tmp / f"export{exports % 2}.jsonl"
            done = subprocess.run(
                [sys.executable, "-m", "annotator", "export", url, "--format", "jsonl", "--out", str(out), "--force"],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            export_seconds.append(time.perf_counter() - started)
            exports += 1
            if done.returncode != 0:
                export_failures.append(done.stderr.strip()[-300:])
        load_during = load()
        codes = {name: child.wait() for name, child in children.items()}
        report(url, editors, tmp, codes, exports, export_failures, export_seconds, load_during, seconds)
    finally:
        drop_database(server, url)


def alone(url: str, seconds: float, seed: int, tmp: Path, env: dict[str, str]) -> None:
    """The baseline, in the same run: one editor (E0) alone on the project, no one else writing."""
    go = tmp / "go-alone"
    go.write_text("go", encoding="utf-8")
    args = [url, "E0", str(seconds), str(seed + 1000), str(tmp / "E0.json"), str(go), "0"]
    tests = str(ROOT / "tests" / "core")
    subprocess.run([sys.executable, "-c", EDITOR.format(tests=tests), *args], env=env, check=True)
    result = json.loads((tmp / "E0.json").read_text(encoding="utf-8"))
    with Project(url, read_only=True) as project:
        lost, _ = editor_lost(project, "E0", result)
    waits = result["waits"]
    print(
        f"baseline, one editor alone for {seconds:.0f} s: {len(waits)} edits, {result['confirmed']} confirmed, "
        f"{lost} lost; p50 {ms(percentile(waits, 0.5))} ms, p99 {ms(percentile(waits, 0.99))} ms (load {load()})",
        flush=True,
    )


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def report(
    url: str,
    editors: int,
    tmp: Path,
    codes: dict[str, int],
    exports: int,
    export_failures: list[str],
    export_seconds: list[float],
    load_during: str,
    seconds: float,
) -> None:
    print(f"{'process':<9} {'attempted':>9} {'confirmed':>9} {'refused':>7} {'lost':>4} {'p50 ms':>7} {'p99 ms':>7}")
    all_waits: list[float] = []
    totals = [0, 0, 0, 0]
    with Project(url, read_only=True) as project:
        for name in [f"E{k + 1}" for k in range(editors)] + ["curator"]:
            if codes[name] != 0:
                print(f"{name:<9} exited with {codes[name]}")
                continue
            result = json.loads((tmp / f"{name}.json").read_text(encoding="utf-8"))
            lost, extra = (
                editor_lost(project, name, result) if name != "curator" else (curator_lost(project, result), 0)
            )
            waits = result["waits"]
            all_waits += waits if name != "curator" else []
            row = [len(waits), result["confirmed"], len(result["failures"]), lost]
            if name != "curator":
                totals = [a + b for a, b in zip(totals, row, strict=True)]
            print(
                f"{name:<9} {row[0]:>9} {row[1]:>9} {row[2]:>7} {row[3]:>4} "
                f"{ms(percentile(waits, 0.5)):>7} {ms(percentile(waits, 0.99)):>7}"
                + (f"   ({extra} in the database it did not know of)" if extra else "")
            )
            for failure in sorted(set(result["failures"]))[:3]:
                print(f"          refused: {failure[:150]}")
    print(
        f"{'editors':<9} {totals[0]:>9} {totals[1]:>9} {totals[2]:>7} {totals[3]:>4} "
        f"{ms(percentile(all_waits, 0.5)):>7} {ms(percentile(all_waits, 0.99)):>7}   (edits of the {editors} editors)"
    )
    print(f"throughput: {totals[0] / seconds:.1f} edits/s attempted, {totals[1] / seconds:.1f} confirmed (editors)")
    print(
        f"exports: {exports} run, {len(export_failures)} failed, median {percentile(export_seconds, 0.5):.1f} s each"
        + (f" ({export_failures[0]})" if export_failures else "")
    )
    print(f"load average during the run: {load_during}; after: {load()} ({os.cpu_count()} cores)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("server", help="postgresql:// URL of a role that may create databases")
    parser.add_argument("--editors", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--pace", type=float, default=0.0, help="seconds each editor waits after an edit (0: flat out)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    random.seed(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        run(args.server, args.editors, args.seconds, args.seed, Path(tmp), args.pace)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
