"""One annotator editing a project for a while, as fast as it can: add, relabel, delete, undo, redo,
stance and status. Run two of these on one project (tests/core/test_concurrency.py, and
benchmarks/bench_concurrency.py for the figures).

    python mixed_edits.py PROJECT ANNOTATOR SECONDS SEED OUT.json

OUT.json: attempts, failures (with their messages), the duration of every write (lock waits included),
and the annotator's spans as this process last knew them, to compare with the file afterwards.
"""
from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.project import Project

LABELS = ["PER", "ORG", "GPE", "LOC"]
STANCES = ["FAVOR", "AGAINST", "NEUTRAL", None]


def run(path: Path, annotator: str, seconds: float, seed: int) -> dict:
    rng = random.Random(seed)
    attempts, failures, waits = 0, [], []
    with Project(path) as project:
        docs = project.documents.list()
        known: dict[int, tuple[int, int, int, str]] = {}  # span id -> (doc, start, end, label)

        def reload() -> None:
            known.clear()
            for doc in docs:
                for s in project.spans.for_document(doc.id, annotator):
                    known[s.id] = (doc.id, s.start, s.end, s.label)

        reload()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            doc = rng.choice(docs)
            action = rng.choice(["add", "add", "relabel", "delete", "undo", "redo", "stance", "status"])
            attempts += 1
            started = time.perf_counter()
            try:
                if action == "add" or not known and action in ("relabel", "delete"):
                    start = rng.randrange(0, doc.length - 1)
                    end = min(doc.length, start + rng.randint(1, 8))
                    label = rng.choice(LABELS)
                    if any(k == (doc.id, start, end, label) for k in known.values()):
                        continue
                    span = project.spans.add(doc.id, annotator, start, end, label)
                    known[span.id] = (doc.id, start, end, label)
                elif action == "relabel":
                    span_id = rng.choice(list(known))
                    d, start, end, label = known[span_id]
                    new = rng.choice([x for x in LABELS if x != label])
                    if any(k == (d, start, end, new) for k in known.values()):
                        continue
                    project.spans.update(span_id, label=new)
                    known[span_id] = (d, start, end, new)
                elif action == "delete":
                    span_id = rng.choice(list(known))
                    project.spans.delete(span_id)
                    del known[span_id]
                elif action in ("undo", "redo"):
                    getattr(project.history, action)(annotator)
                    reload()
                elif action == "stance":
                    project.doc_labels.set(doc.id, annotator, "stance", "إسرائيل", rng.choice(STANCES))
                else:
                    project.status.set(doc.id, annotator, rng.choice(["in_progress", "done"]))
            except AnnotatorError as exc:
                failures.append(f"{action}: {exc}")
                reload()
            waits.append(time.perf_counter() - started)
    return {"attempts": attempts, "failures": failures, "waits": waits,
            "spans": sorted([i, *v] for i, v in known.items())}


if __name__ == "__main__":
    project_path, name, secs, seed_text, out = sys.argv[1:6]
    result = run(Path(project_path), name, float(secs), int(seed_text))
    Path(out).write_text(json.dumps(result), encoding="utf-8")
