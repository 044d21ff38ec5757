"""A probe, not a benchmark of the product: how far array code could take agreement's comparison (issue 27
item 4, 3 s at 10,000 articles by three annotators, not met in Python: docs/benchmarks.md#agreement).

    python benchmarks/probe_agreement_numpy.py [--project benchmarks/data/team-10000.annotator] [--docs 5000]

Over one worker's half of the project (the first DOCS documents), median of three, printed:

- read: the span rows as agreement reads them (`DocumentRows.layer_rows_of_documents`'s query), Python tuples;
- to arrays: those rows into numpy columns (document, annotator, start, end, label code);
- identical spans and pair counts: every distinct span with the mask of the annotators who have it, then per
  pair of annotators the identical spans per label and per document (what most of the figures count);
- how many of each pair's distinct spans differ: those need the sequential pairing (label first, most
  overlap, earliest), the token table and u-alpha's sweep, in Python or compiled code.

numpy is not a dependency of the app (it comes with the test extras, for pandas and datasets). Build the
project first with `python benchmarks/bench_agreement.py` (it keeps it under benchmarks/data/).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from itertools import combinations
from operator import itemgetter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", default=str(HERE / "data" / "team-10000.annotator"))
    parser.add_argument("--docs", type=int, default=5000)
    args = parser.parse_args()
    connection = sqlite3.connect(f"file:{args.project}?mode=ro", uri=True)
    annotators = [r[0] for r in connection.execute("SELECT DISTINCT annotator FROM spans ORDER BY annotator")]
    marks = ", ".join("?" * len(annotators))
    sql = (
        "SELECT document_id, id, annotator, start, \"end\", label, NULLIF(attributes, '{}') FROM spans "
        f"WHERE document_id BETWEEN 1 AND ? AND annotator IN ({marks}) "
        'ORDER BY document_id, annotator, start, "end", id'
    )
    timings: dict[str, list[float]] = {"read": [], "to arrays": [], "identical spans and pair counts": []}
    differing: dict[tuple[str, str], float] = {}
    for _ in range(3):
        start_at = time.perf_counter()
        rows = connection.execute(sql, [args.docs, *annotators]).fetchall()
        timings["read"].append(time.perf_counter() - start_at)

        start_at = time.perf_counter()
        n = len(rows)
        code = {name: k for k, name in enumerate(annotators)}
        labels: dict[str, int] = {}
        doc = np.fromiter(map(itemgetter(0), rows), np.int64, n)
        who = np.fromiter(map(code.__getitem__, map(itemgetter(2), rows)), np.int64, n)
        begin = np.fromiter(map(itemgetter(3), rows), np.int64, n)
        end = np.fromiter(map(itemgetter(4), rows), np.int64, n)
        label = np.fromiter((labels.setdefault(x, len(labels)) for x in map(itemgetter(5), rows)), np.int64, n)
        timings["to arrays"].append(time.perf_counter() - start_at)

        start_at = time.perf_counter()
        order = np.lexsort((who, label, end, begin, doc))
        d, b, e, lab, w = doc[order], begin[order], end[order], label[order], who[order]
        first = np.ones(n, bool)
        first[1:] = (d[1:] != d[:-1]) | (b[1:] != b[:-1]) | (e[1:] != e[:-1]) | (lab[1:] != lab[:-1])
        group = np.cumsum(first) - 1
        mask = np.zeros(group[-1] + 1, np.int64)
        np.bitwise_or.at(mask, group, 1 << w)
        span_label, span_doc = lab[first], d[first]
        for x, y in combinations(range(len(annotators)), 2):
            has_x, has_y = (mask >> x) & 1 == 1, (mask >> y) & 1 == 1
            both = has_x & has_y
            np.bincount(span_label[both], minlength=len(labels))  # identical spans per label
            np.bincount(span_doc[both], minlength=args.docs + 1)  # ... per document
            either = has_x | has_y
            differing[(annotators[x], annotators[y])] = float((either & ~both).sum() / either.sum())
        timings["identical spans and pair counts"].append(time.perf_counter() - start_at)
    print(f"{args.docs} documents, {n:,} span rows by {', '.join(annotators)}; median of 3:")
    for what, times in timings.items():
        print(f"  {what}: {statistics.median(times):.3f} s")
    print(
        "  distinct spans of a pair that differ (sequential pairing, token table, u-alpha sweep): "
        + ", ".join(f"{a}/{b} {share:.0%}" for (a, b), share in differing.items())
    )


if __name__ == "__main__":
    main()
