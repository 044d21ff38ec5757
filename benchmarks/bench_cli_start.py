"""How long the command takes to start and build its parser, which now asks the format registry (printed,
not asserted).

    python benchmarks/bench_cli_start.py [--runs 15] [--baseline TREE]

Runs `annotator --help` in a fresh interpreter `--runs` times and prints the median. With `--baseline` (a
folder holding another checkout's `annotator/` package, e.g. from `git archive`), runs that one in turn in
the same loop and prints the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def one_start(tree: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "annotator", "--help"], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline", type=Path, help="a folder with another version's annotator/ package")
    args = parser.parse_args()
    trees = {"this tree": HERE, **({"baseline": args.baseline} if args.baseline else {})}
    for tree in trees.values():
        one_start(tree)  # compile the bytecode once, outside the timing
    times: dict[str, list[float]] = {name: [] for name in trees}
    for _ in range(args.runs):
        for name, tree in trees.items():  # interleaved, so load on the machine falls on both alike
            times[name].append(one_start(tree))
    medians = {name: statistics.median(found) for name, found in times.items()}
    for name, median in medians.items():
        print(f"annotator --help, {name}: median {median * 1000:.0f} ms over {args.runs} runs")
    if "baseline" in medians:
        print(f"ratio this tree / baseline: {medians['this tree'] / medians['baseline']:.2f}")


if __name__ == "__main__":
    main()
