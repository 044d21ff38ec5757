"""Import at corpus scale (issue 27 item 2), printed, not asserted: `annotator import` of generated
articles by 3 annotators at several sizes, each in a fresh process, beside two bare executemany baselines
in the same run, each into a fresh project's own tables (its indexes, foreign keys and durability settings):

- ALL the rows the import writes (`all_rows_executemany`): documents with their token counts, spans,
  relations, stances and statuses, annotators, the search index's rows, the history record, settings, read
  back from the project the import just made before the clock starts; timed: the file's JSON lines decoded
  and one executemany per table, in one transaction, then the connection closed (not timed: the process
  start, ~0.3 s of CPU);
- the document and span rows only (bench_core.schema_executemany, the comparison made before the search
  index and the token counts were written by the import): the whole process, JSON decoded into those rows.

    python benchmarks/bench_import_scale.py [--docs 1000 2500 10000] [--data DIR] [--baseline TREE]
                                            [--baselines-up-to 20000]

Per size: wall clock, CPU seconds (the process and its workers: the token counter and the search index),
CPU per 1,000 articles (flat when the import streams), peak resident memory (independent of the file's
size when it streams), and the import's wall clock and CPU over each baseline's. Articles:
`gen_corpus.py OUT N 4000 30 --annotators 3 --quotes 2 --stances 2 --vocabulary ../shared/corpus/news`,
made once under DIR (default benchmarks/data). `--baseline TREE`: also the import with the package of
another checkout (TREE holds its `annotator/`), in the same turn, for a before / after. The baselines hold
the file's rows in memory: above `--baselines-up-to` articles (100,000: gigabytes) only the imports run.
A file over 400 MB (100,000 articles: 1.5 GB; the import takes files of at most 512 MB) is imported as
consecutive parts of it, made once beside it, in one import (`parts`).

Figures: docs/benchmarks.md (corpus scale), with the commands.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GEN = HERE.parents[1] / "shared" / "tools" / "gen_corpus.py"
VOCABULARY = HERE.parents[1] / "shared" / "corpus" / "news"
MB = 1024 * 1024

# runs one import (or a baseline) in this child: prints wall seconds, CPU seconds (with the children it
# waited for), peak resident MB, CPU of this process alone
_CHILD = """
import resource, sys, time
from pathlib import Path
sys.path.insert(0, {here!r})
sources, target, what = [Path(p) for p in sys.argv[1].split("\\n")], Path(sys.argv[2]), sys.argv[3]
source = sources[0]
if what == "all":  # every row of the imported project sys.argv[4], read before the clock starts
    from bench_import_scale import all_rows_executemany
    wall, cpu = all_rows_executemany(source, Path(sys.argv[4]), target)
    print(wall, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, cpu)
    raise SystemExit
start = time.perf_counter()
if what == "import":
    from annotator.core.importing import import_files
    from annotator.core.project import Project
    import_files(sources, lambda: Project(target))
else:
    from bench_core import schema_executemany
    schema_executemany(source, target)
wall = time.perf_counter() - start
own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
print(wall, cpu, own.ru_maxrss / 1024, own.ru_utime + own.ru_stime)
"""

# the tables a fresh project fills itself (its migrations, the ids SQLite hands out)
_NOT_COPIED = ("_sqlite_migrations", "sqlite_sequence")


def all_rows_executemany(source: Path, imported: Path, target: Path) -> tuple[float, float]:
    """The all-rows baseline: every row the import wrote into `imported` (documents with their token
    counts, spans, relations, stances and other document labels, statuses, annotators, the search index's
    rows, the history record, settings) read back before the clock starts, then, timed: the file's JSON
    lines decoded (json.loads, as the document+span baseline does) and those rows inserted with one
    executemany per table into a fresh project's own tables (its indexes, foreign keys and durability
    settings), in one transaction, and the connection closed (SQLite's last connection checkpoints the
    WAL into the file, 0.3-0.4 s at 10,000 articles: the import's time always held its own close; this
    one's was left out until 2026-12-07). (wall, CPU) of the timed part."""
    import json
    import resource
    import sqlite3

    from annotator.core.project import Project

    read = sqlite3.connect(imported)
    tables = []
    for (table,) in read.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"):
        if table not in _NOT_COPIED:
            columns = [c[1] for c in read.execute(f'PRAGMA table_info("{table}")')]
            names = ", ".join(f'"{c}"' for c in columns)
            tables.append((table, columns, read.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid').fetchall()))
    read.close()
    Project(target).close()
    conn = sqlite3.connect(target, isolation_level=None)
    for pragma in ("journal_mode = WAL", "foreign_keys = ON", "synchronous = FULL"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("BEGIN")
    for table, _, _ in tables:  # what the fresh project holds of these (its settings) is replaced
        conn.execute(f'DELETE FROM "{table}"')
    conn.execute("COMMIT")

    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        return own.ru_utime + own.ru_stime

    start, start_cpu = time.perf_counter(), cpu()
    with open(source, encoding="utf-8") as f:
        for line in f:
            json.loads(line)
    conn.execute("BEGIN")
    for table, columns, rows in tables:
        names = ", ".join(f'"{c}"' for c in columns)
        conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})', rows)
    conn.execute("COMMIT")
    conn.close()  # (as the import closes its project: the last connection moves the WAL into the file)
    return time.perf_counter() - start, cpu() - start_cpu


def articles(data: Path, docs: int) -> Path:
    path = data / f"team-{docs}.jsonl"
    if not path.exists():
        data.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                str(GEN),
                str(path),
                str(docs),
                "4000",
                "30",
                "--annotators",
                "3",
                "--quotes",
                "2",
                "--stances",
                "2",
                "--vocabulary",
                str(VOCABULARY),
            ],
            check=True,
        )
    return path


PART = 400 * MB  # a file the import takes is at most 512 MB (core/intake_policy.py): a larger one goes in parts


def parts(source: Path) -> list[Path]:
    """The file as the import reads it: itself, or (100,000 articles: 1.5 GB) consecutive parts of at most
    PART bytes each, made once beside it, imported together in one import (one transaction)."""
    if source.stat().st_size <= PART:
        return [source]
    found = sorted(source.parent.glob(f"{source.stem}.part-*.jsonl"))
    if found:
        return found
    made: list[Path] = []
    out = None
    with open(source, "rb") as lines:
        for line in lines:
            if out is None or out.tell() + len(line) > PART:
                if out is not None:
                    out.close()
                made.append(source.parent / f"{source.stem}.part-{len(made) + 1:02d}.jsonl")
                out = open(made[-1], "wb")  # noqa: SIM115 (closed as the next part starts, and at the end)
            out.write(line)
    if out is not None:
        out.close()
    return made


def run(
    source: Path, target: Path, what: str, tree: Path = HERE.parent, *extra: str
) -> tuple[float, float, float, float]:
    """(wall, CPU with the workers, peak MB, CPU of the importing process alone) of one run in a child."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _CHILD.format(here=str(HERE)),
            "\n".join(map(str, parts(source))),
            str(target),
            what,
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=tree,
    )
    wall, cpu, peak, own = map(float, done.stdout.split())
    return wall, cpu, peak, own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, nargs="*", default=[1000, 2500, 10000])
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--baseline", type=Path, help="another checkout: its import too, in the same turn")
    parser.add_argument(
        "--baselines-up-to", type=int, default=20_000, help="the bare baselines (rows held in memory) up to this size"
    )
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(dir=args.data if args.data.exists() else None) as tmp_name:
        tmp = Path(tmp_name)
        for docs in args.docs:
            source = articles(args.data, docs)
            start = time.perf_counter()
            print(f"{docs:>7} articles ({source.stat().st_size / MB:.0f} MB):", flush=True)
            bare = run(source, tmp / f"bare-{docs}.annotator", "bare") if docs <= args.baselines_up_to else None
            imports = [("import", HERE.parent)] + ([("baseline", args.baseline.resolve())] if args.baseline else [])
            done = []
            for name, tree in imports:
                wall, cpu, peak, own = run(source, tmp / f"{name}-{docs}.annotator", "import", tree)
                done.append((name, wall, cpu))
                print(
                    f"  {name:<8} {wall:6.1f} s, CPU {cpu:6.1f} s ({cpu / docs * 1000:.2f} s per 1,000; importing "
                    f"process {own:.1f} s, workers {cpu - own:.1f} s), peak {peak:5.0f} MB",
                    flush=True,
                )
            baselines = []
            if bare is not None:
                every = run(
                    source, tmp / f"all-{docs}.annotator", "all", HERE.parent, str(tmp / f"import-{docs}.annotator")
                )
                baselines = [
                    ("bare executemany of ALL the rows the import writes", every),
                    ("bare executemany of the document and span rows only (the comparison before)", bare),
                ]
            for what, (b_wall, b_cpu, b_peak, _) in baselines:
                ratios = ", ".join(
                    f"{name} {wall / b_wall:.2f}x wall, {cpu / b_cpu:.2f}x CPU" for name, wall, cpu in done
                )
                print(
                    f"  {what}: {b_wall:.1f} s, CPU {b_cpu:.1f} s (peak {b_peak:.0f} MB): {ratios}",
                    flush=True,
                )
            print(f"  [{time.perf_counter() - start:.0f} s]", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
