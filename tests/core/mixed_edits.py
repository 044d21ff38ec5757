"""One annotator editing a project for a while, as fast as it can: add, relabel, delete, undo, redo,
stance and status; with --schema also adding labels and stance targets to the schema (and using them).
Run several of these on one project (tests/core/test_concurrency.py, benchmarks/bench_safety.py and
benchmarks/bench_concurrency.py for the figures).

    python mixed_edits.py PROJECT ANNOTATOR SECONDS SEED OUT.json [--edits N] [--schema] [--start FILE]

--edits N: stop after N edits (calls made) instead of after SECONDS; --start FILE: open the project, then
wait until FILE exists before the first edit (so several processes start together); --pace SECONDS: wait
that long after each edit (a person's pace; the wait is not part of an edit's time), flat out without it.

OUT.json: attempts, confirmed (the call returned), failures (with their messages), the duration of every
write (lock waits included), and the annotator's spans, stances, and the labels and targets it added, as
this process last knew them, to compare with the file afterwards.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.model import ENTITY, LabelDef
from annotator.core.project import Project

LABELS = ["PER", "ORG", "GPE", "LOC"]
STANCES = ["FAVOR", "AGAINST", "NEUTRAL", None]
TARGET = "إسرائيل"
ACTIONS = ["add", "add", "relabel", "delete", "undo", "redo", "stance", "status"]
SCHEMA_ACTIONS = ["add_label", "add_target"]  # with --schema: one edit in ten is one of these


def _rest(pace: float) -> None:
    """A person's pause between two edits (none flat out)."""
    if pace:
        time.sleep(pace)


def run(
    path: Path,
    annotator: str,
    seconds: float,
    seed: int,
    *,
    edits: int | None = None,
    schema_edits: bool = False,
    start_file: Path | None = None,
    pace: float = 0.0,
) -> dict:
    """`pace`: seconds to wait after each edit (not timed), as a person between two edits; 0: flat out."""
    rng = random.Random(seed)
    attempts, confirmed, failures, waits = 0, 0, [], []
    added_labels: list[str] = []
    added_targets: list[str] = []
    with Project(path) as project:
        docs = project.documents.list()
        known: dict[int, tuple[int, int, int, str]] = {}  # span id -> (doc, start, end, label)
        stances: dict[tuple[int, str], str] = {}  # (doc, target) -> value

        def reload() -> None:
            known.clear()
            stances.clear()
            for doc in docs:
                for s in project.spans.for_document(doc.id, annotator):
                    known[s.id] = (doc.id, s.start, s.end, s.label)
                for d in project.doc_labels.for_document(doc.id, annotator):
                    stances[(doc.id, d.target)] = d.value

        reload()
        while start_file is not None and not start_file.exists():
            time.sleep(0.001)
        deadline = time.monotonic() + seconds
        while len(waits) < edits if edits is not None else time.monotonic() < deadline:
            doc = rng.choice(docs)
            schema_turn = schema_edits and rng.random() < 0.1
            action = rng.choice(SCHEMA_ACTIONS if schema_turn else ACTIONS)
            attempts += 1
            started = time.perf_counter()
            try:
                if action == "add" or not known and action in ("relabel", "delete"):
                    start = rng.randrange(0, doc.length - 1)
                    end = min(doc.length, start + rng.randint(1, 8))
                    label = rng.choice(LABELS + added_labels[-4:])
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
                    target = rng.choice([TARGET, *added_targets[-3:]])
                    value = rng.choice(STANCES)
                    project.doc_labels.set(doc.id, annotator, "stance", target, value)
                    if value is None:
                        stances.pop((doc.id, target), None)
                    else:
                        stances[(doc.id, target)] = value
                elif action == "add_label":
                    name = f"{annotator}_L{len(added_labels):04d}"
                    project.schema.add_label(LabelDef(name, ENTITY, "#c0c0c0", ""))
                    added_labels.append(name)
                elif action == "add_target":
                    name = f"{annotator} هدف {len(added_targets):04d}"
                    project.schema.add_target(name)
                    added_targets.append(name)
                else:
                    project.status.set(doc.id, annotator, rng.choice(["in_progress", "done"]))
                confirmed += 1
            except AnnotatorError as exc:
                failures.append(f"{action}: {exc}")
                reload()
            waits.append(time.perf_counter() - started)
            _rest(pace)
    return {
        "attempts": attempts,
        "confirmed": confirmed,
        "failures": failures,
        "waits": waits,
        "spans": sorted([i, *v] for i, v in known.items()),
        "stances": sorted([d, t, v] for (d, t), v in stances.items()),
        "labels": added_labels,
        "targets": added_targets,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("annotator")
    parser.add_argument("seconds", type=float)
    parser.add_argument("seed", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--edits", type=int)
    parser.add_argument("--schema", action="store_true")
    parser.add_argument("--start", type=Path)
    parser.add_argument("--pace", type=float, default=0.0)
    args = parser.parse_args()
    result = run(
        args.project,
        args.annotator,
        args.seconds,
        args.seed,
        edits=args.edits,
        schema_edits=args.schema,
        start_file=args.start,
        pace=args.pace,
    )
    args.out.write_text(json.dumps(result), encoding="utf-8")
