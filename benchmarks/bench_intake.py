"""What the intake policy costs on the import's hot path (printed, not asserted).

    python benchmarks/bench_intake.py [--docs 10000] [--runs 3]

Reads generated articles (interchange JSONL, ../shared/tools/gen_corpus.py) with `jsonl.iter_documents` (bounded
line reads, strict JSON with the depth check, then the field checks) against what it did before the
policy: a plain file iteration and `json.loads` of every line, then the same field checks; measured in
the same run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from bench_core import corpus

from annotator.core.formats import jsonl


def median_seconds(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    path = corpus(args.docs)

    def bare() -> None:
        with open(path, encoding="utf-8") as handle:
            for no, line in enumerate(handle, 1):
                jsonl.json_to_document(json.loads(line), str(path), no)

    def policy() -> None:
        for _ in jsonl.iter_documents(path):
            pass

    base = median_seconds(bare, args.runs)
    ours = median_seconds(policy, args.runs)
    size = path.stat().st_size / 1024 / 1024
    print(
        f"{args.docs} articles, {size:.0f} MB: file iteration and json.loads {base:.2f} s; "
        "jsonl.iter_documents under the intake "
        f"policy {ours:.2f} s ({ours / base:.2f}x)"
    )


if __name__ == "__main__":
    main()
