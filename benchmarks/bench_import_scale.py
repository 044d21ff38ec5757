"""Import at corpus scale (issue 27 item 2), printed, not asserted: `annotator import` of generated
articles by 3 annotators at several sizes, each in a fresh process, beside a bare executemany of the same
document and span rows into an empty project's tables (bench_core.schema_executemany) in the same run.

    python benchmarks/bench_import_scale.py [--docs 1000 2500 10000] [--data DIR] [--baseline TREE]

Per size: wall clock, CPU seconds (the process and its workers: the token counter and the search index),
CPU per 1,000 articles (flat when the import streams), peak resident memory (independent of the file's
size when it streams), and the ratio of the import's wall clock to the baseline's. Articles:
`gen_corpus.py OUT N 4000 30 --annotators 3 --quotes 2 --stances 2 --vocabulary ../shared/corpus/news`,
made once under DIR (default benchmarks/data). `--baseline TREE`: also the import with the package of
another checkout (TREE holds its `annotator/`), in the same turn, for a before / after.

Figures on the 2-core development machine, shared with other work (load average 3-4 while measured:
wall clocks stretch, CPU seconds and peaks hold), before -> after the streamed import:

    1,000 articles:  CPU 6.2 s -> 5.5 s, peak 250 MB -> 153 MB      (this process alone)
    10,000 articles: CPU 61.7 s -> 66.0 s, peak 1,124 MB -> 176 MB  (project rows identical)

and this script after (CPU with the workers, per 1,000 articles; peak; wall ratio to the bare executemany):
1,000: 10.0 s, 94 MB, 4.4x; 2,500: 9.6 s, 104 MB, 3.8x; 10,000: 10.2 s, 112 MB, 7.9x (load average 6).

After one token-counting process for the whole import (the word list loaded once, not once a batch), bulk
label and status writes and document label names checked once: see docs/benchmarks.md (corpus scale).
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

# runs one import (or the baseline) in this child: prints wall seconds, CPU seconds (with the children it
# waited for), peak resident MB
_CHILD = """
import resource, sys, time
from pathlib import Path
sys.path.insert(0, {here!r})
source, target, what = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
start = time.perf_counter()
if what == "import":
    from annotator.core.importing import import_files
    from annotator.core.project import Project
    import_files([source], lambda: Project(target))
else:
    from bench_core import schema_executemany
    schema_executemany(source, target)
wall = time.perf_counter() - start
own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
print(wall, cpu, own.ru_maxrss / 1024, own.ru_utime + own.ru_stime)
"""


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


def run(source: Path, target: Path, what: str, tree: Path = HERE.parent) -> tuple[float, float, float, float]:
    """(wall, CPU with the workers, peak MB, CPU of the importing process alone) of one run in a child."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD.format(here=str(HERE)), str(source), str(target), what],
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
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(dir=args.data if args.data.exists() else None) as tmp_name:
        tmp = Path(tmp_name)
        for docs in args.docs:
            source = articles(args.data, docs)
            start = time.perf_counter()
            bare_wall, bare_cpu, bare_peak, _ = run(source, tmp / f"bare-{docs}.annotator", "bare")
            imports = [("import", HERE.parent)] + ([("baseline", args.baseline.resolve())] if args.baseline else [])
            for name, tree in imports:
                wall, cpu, peak, own = run(source, tmp / f"{name}-{docs}.annotator", "import", tree)
                print(
                    f"{docs:>7} articles ({source.stat().st_size / MB:.0f} MB): {name} {wall:6.1f} s, CPU {cpu:6.1f} s "
                    f"({cpu / docs * 1000:.2f} s per 1,000; importing process {own:.1f} s, workers {cpu - own:.1f} s), "
                    f"peak {peak:5.0f} MB; bare executemany {bare_wall:5.1f} s, CPU {bare_cpu:.1f} s "
                    f"(peak {bare_peak:.0f} MB): {wall / bare_wall:.2f}x wall, {cpu / bare_cpu:.2f}x CPU  "
                    f"[{time.perf_counter() - start:.0f} s]",
                    flush=True,
                )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
