"""Figures of `annotator rescue` (issue 22, item 1), printed (not asserted).

    python benchmarks/bench_rescue.py [--docs 10000] [--pages 1 10 100] [--seed 1]

A project of DOCS generated articles (2 annotators, quotations with speakers and cues, stances) is damaged
by overwriting PAGES random pages (not the first: without it nothing but SQLite's own recovery reads the
file) with random bytes; then `annotator rescue` runs. Printed per table: rows in the sound project, rows on
intact pages (read one by one with all their columns from the damaged file, and whose document and spans
are readable too: the goal), rows rescued, and the time the rescue took. Rescued rows can exceed the goal:
spans on a damaged page of their table come back from an index.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GEN = HERE.parent.parent / "shared" / "tools" / "gen_corpus.py"
TABLES = ("documents", "spans", "relations", "doc_labels", "events")


def sound_project(docs: int) -> Path:
    data = HERE / "data"
    data.mkdir(exist_ok=True)
    corpus = data / f"gen-rescue-{docs}.jsonl"
    project = data / f"rescue-{docs}.annotator"
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
                "2",
                "--quotes",
                "2",
                "--stances",
                "2",
            ],
            check=True,
        )
    if not project.exists():
        subprocess.run(
            [sys.executable, "-m", "annotator.cli", "import", str(project), str(corpus)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return project


def one(path: Path, sql: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def count(path: Path, table: str) -> int:
    return one(path, f"SELECT count(*) FROM {table}")


def readable_rows(path: Path, table: str, upper: int) -> dict[int, tuple]:
    """Rows whose every page (the path to it, its leaf, its overflow pages) is intact, read one by one with all
    their columns: rowid -> (document_id, source, target) where the table has them."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    links = [columns.index(c) if c in columns else None for c in ("document_id", "source", "target")]
    found: dict[int, tuple] = {}
    try:
        for rowid in range(1, upper + 1):
            try:
                row = conn.execute(f"SELECT * FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
            except sqlite3.DatabaseError:
                continue
            if row is not None:
                found[rowid] = tuple(row[i] if i is not None else None for i in links)
    finally:
        conn.close()
    return found


def on_intact_pages(path: Path, uppers: dict[str, int]) -> dict[str, int]:
    """Per table, the rows on pages that were not hit and whose parents (document, spans) were not either:
    everything a rescue can bring across and trust."""
    rows = {table: readable_rows(path, table, uppers[table]) for table in TABLES}
    documents = set(rows["documents"])
    spans = {i for i, (doc, _, _) in rows["spans"].items() if doc in documents}
    out = {"documents": len(documents), "spans": len(spans), "events": len(rows["events"])}
    out["relations"] = sum(
        1 for doc, a, b in rows["relations"].values() if doc in documents and a in spans and b in spans
    )
    out["doc_labels"] = sum(1 for doc, _, _ in rows["doc_labels"].values() if doc in documents)
    return out


def max_id(path: Path, table: str) -> int:
    return one(path, f"SELECT coalesce(max(rowid), 0) FROM {table}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--pages", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sound = sound_project(args.docs)
    size = sound.stat().st_size
    pages = size // 4096
    totals = {t: count(sound, t) for t in TABLES}
    uppers = {t: max_id(sound, t) for t in TABLES}
    print(
        f"project: {args.docs} articles, {size / 1e6:.0f} MB, {pages} pages; "
        + ", ".join(f"{t} {n}" for t, n in totals.items())
    )
    rng = random.Random(args.seed)
    for hit in args.pages:
        with tempfile.TemporaryDirectory(prefix="bench-rescue-") as tmp:
            damaged, new = Path(tmp) / "damaged.annotator", Path(tmp) / "new.annotator"
            shutil.copy(sound, damaged)
            chosen = rng.sample(range(2, pages + 1), hit)
            with open(damaged, "r+b") as handle:
                for page in chosen:
                    handle.seek((page - 1) * 4096)
                    handle.write(rng.randbytes(4096))
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "annotator.cli", "rescue", str(damaged), "--out", str(new)],
                capture_output=True,
                text=True,
            )
            seconds = time.perf_counter() - started
            if done.returncode:
                print(f"{hit} pages: rescue failed: {done.stderr.strip()}")
                continue
            print(f"{hit} random page(s) overwritten; rescue took {seconds:.1f} s")
            intact = on_intact_pages(damaged, uppers)
            for table in TABLES:
                still = intact[table]
                got = count(new, table)
                print(
                    f"  {table:<11} sound {totals[table]:>8}  on intact pages {still:>8} "
                    f"({still / max(totals[table], 1):.2%})  rescued {got:>8} ({got / max(totals[table], 1):.2%}; "
                    f"{got / max(still, 1):.2%} of those on intact pages)"
                )
            check = subprocess.run(
                [sys.executable, "-m", "annotator.cli", "check", str(new)], capture_output=True, text=True
            )
            print(
                f"  check of the rescued project: exit {check.returncode}, "
                f"{(check.stdout.strip().splitlines() or [''])[-1][:100]}"
            )


if __name__ == "__main__":
    main()
