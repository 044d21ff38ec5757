"""How soon another annotator's write reaches an open server project (issue 25: LISTEN/NOTIFY, no polling).

    ANNOTATOR_TEST_POSTGRES=$(python tests/postgres_server.py start /tmp/pg) python benchmarks/bench_live_updates.py

Two connections to one new database on the server ANNOTATOR_TEST_POSTGRES names (tests/postgres_server.py
starts a throwaway one): a writer adds `--edits` spans, one at a time, `--pause` seconds apart; the other
project's `watch` callback notes when each arrives. Printed: from the writer's call returning (the change
committed) to the callback, p50 / p99 / max in milliseconds, and how many arrived. The database is dropped
at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server_databases import drop_database, new_database  # noqa: E402 (benchmarks/, beside this script)

from annotator.core.model import AnnotatedDocument  # noqa: E402
from annotator.core.project import Project  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--pause", type=float, default=0.02)
    args = parser.parse_args()
    server = os.environ.get("ANNOTATOR_TEST_POSTGRES")
    if not server:
        print("set ANNOTATOR_TEST_POSTGRES (python tests/postgres_server.py start DIR)", file=sys.stderr)
        return 2
    url = new_database(server)
    try:
        with Project(url) as writer, Project(url) as reader:
            writer.import_documents([AnnotatedDocument("doc", "قال الرئيس إن الاتفاق صامد. " * 20)])
            doc = writer.documents.by_name("doc")
            assert doc is not None
            arrived: dict[int, float] = {}
            every = threading.Event()

            def hear(payload: dict) -> None:
                arrived[len(arrived)] = time.perf_counter()
                if len(arrived) >= args.edits:
                    every.set()

            reader.watch(hear)
            time.sleep(0.2)
            committed: list[float] = []
            for i in range(args.edits):
                writer.spans.add(doc.id, f"A{i}", 0, 3, "PER")  # one annotator each: one message each
                committed.append(time.perf_counter())
                time.sleep(args.pause)
            every.wait(10)
        waits = sorted((arrived[i] - committed[i]) * 1000 for i in range(min(len(arrived), len(committed))))
        if not waits:
            print("nothing arrived")
            return 1
        p99 = waits[min(len(waits) - 1, int(len(waits) * 0.99))]
        print(
            f"{len(waits)}/{args.edits} arrived; commit -> callback: p50 {statistics.median(waits):.2f} ms, "
            f"p99 {p99:.2f} ms, max {waits[-1]:.2f} ms"
        )
    finally:
        drop_database(server, url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
