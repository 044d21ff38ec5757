"""Figures of the foundation issue, printed (not asserted): import, export, adding a span.

    python benchmarks/bench_core.py [--docs 10000] [--runs 3]

- import of DOCS generated articles (interchange JSONL, ../shared/tools/gen_corpus.py) into a new project,
  against a bare sqlite3.executemany of the same rows measured in the same run;
- export of the same to JSONL;
- adding one span to a document that already has 20,000 (median, each committed to disk).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotator.core.files import atomic_file
from annotator.core.formats import jsonl
from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
from annotator.core.project import Project

HERE = Path(__file__).resolve().parent
GEN = HERE.parents[0].parent / "shared" / "tools" / "gen_corpus.py"


def corpus(docs: int) -> Path:
    path = HERE / "data" / f"gen-{docs}.jsonl"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        subprocess.run([sys.executable, str(GEN), str(path), str(docs), "4000", "30"], check=True)
    return path


def rows_of(path: Path) -> tuple[list[tuple], list[tuple], float]:
    """The document and span rows of the file, and the seconds json.loads and building them took."""
    t_parse = time.perf_counter()
    doc_rows, span_rows = [], []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            rec = json.loads(line)
            doc_rows.append((i, rec["name"], rec["text"], "", "{}"))
            for ann in rec["annotations"]:
                for s in ann["spans"]:
                    span_rows.append(
                        (
                            i,
                            ann["annotator"],
                            s["start"],
                            s["end"],
                            s["label"],
                            rec["text"][s["start"] : s["end"]],
                            "{}",
                        )
                    )
    return doc_rows, span_rows, time.perf_counter() - t_parse


def insert_rows(conn: sqlite3.Connection, doc_rows: list[tuple], span_rows: list[tuple]) -> float:
    t = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO documents (id, name, text, sha256, meta) VALUES (?, ?, ?, ?, ?)", doc_rows)
    conn.executemany(
        'INSERT INTO spans (document_id, annotator, start, "end", label, text, attributes) '
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        span_rows,
    )
    conn.execute("COMMIT")
    return time.perf_counter() - t


def bare_executemany(path: Path, db_path: Path) -> tuple[float, float]:
    """The same rows inserted with plain executemany into plain tables: (insert alone, parse + insert)."""
    doc_rows, span_rows, parse = rows_of(path)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT, text TEXT, sha256 TEXT, meta TEXT)")
    conn.execute(
        "CREATE TABLE spans (id INTEGER PRIMARY KEY, document_id INTEGER, annotator TEXT, start INTEGER, "
        '"end" INTEGER, label TEXT, text TEXT, attributes TEXT)'
    )
    elapsed = insert_rows(conn, doc_rows, span_rows)
    conn.close()
    return elapsed, parse + elapsed


def schema_executemany(path: Path, db_path: Path) -> float:
    """The same rows inserted with plain executemany into an empty project's own tables (its indexes,
    foreign keys and durability settings): what SQLite alone costs for this import."""
    doc_rows, span_rows, _ = rows_of(path)
    Project(db_path).close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "foreign_keys = ON", "synchronous = FULL"):
        conn.execute(f"PRAGMA {pragma}")
    conn.executemany("INSERT INTO annotators (name) VALUES (?)", [(a,) for a in {r[1] for r in span_rows}])
    elapsed = insert_rows(conn, doc_rows, span_rows)
    conn.close()
    return elapsed


def our_import(path: Path, db_path: Path) -> tuple[float, int]:
    t = time.perf_counter()
    with Project(db_path) as project:
        report = project.import_documents(jsonl.read(path))
    return time.perf_counter() - t, report.spans_added


def our_export(db_path: Path, out: Path) -> float:
    t = time.perf_counter()
    with Project(db_path) as project, atomic_file(out) as handle:
        jsonl.write_lines(project.annotated_documents(), handle)
    return time.perf_counter() - t


def add_span_latency(tmp: Path, existing: int = 20_000, adds: int = 200) -> list[float]:
    words = ["قال", "وزير", "الخارجية", "إن", "المحادثات", "مع", "الجانب", "الإسرائيلي", "كانت", "صريحة"]
    text = " ".join(words[i % len(words)] for i in range(existing * 3)) + "\n"
    spans, pos = [], 0
    for i, w in enumerate(text.split(" ")[:existing]):
        spans.append(SpanRecord(f"T{i}", pos, pos + len(w), "PER"))
        pos += len(w) + 1
    with Project(tmp / "big.annotator") as project:
        project.import_documents([AnnotatedDocument("big", text, {}, [Layer("A", spans)])])
        doc_id = project.documents.list()[0].id
        assert len(project.spans.for_document(doc_id)) == existing
        times = []
        for i in range(adds):
            start = pos + (i % 1000) * 3
            t = time.perf_counter()
            project.spans.add(doc_id, "A", start, start + 2, "ORG" if i < 1000 else "GPE")
            times.append(time.perf_counter() - t)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    path = corpus(args.docs)
    print(f"corpus: {path.name}, {path.stat().st_size / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory(dir=HERE) as tmp_name:
        tmp = Path(tmp_name)
        imports, bares, parsed_bares, schema_bares, exports = [], [], [], [], []
        for run in range(args.runs):
            bare, parsed_bare = bare_executemany(path, tmp / f"bare{run}.db")
            bares.append(bare)
            parsed_bares.append(parsed_bare)
            schema_bares.append(schema_executemany(path, tmp / f"bare-schema{run}.db"))
            seconds, spans = our_import(path, tmp / f"p{run}.annotator")
            imports.append(seconds)
            exports.append(our_export(tmp / f"p{run}.annotator", tmp / f"out{run}.jsonl"))
            print(
                f"  run {run + 1}: import {seconds:.2f} s ({spans} spans), bare executemany {bares[-1]:.2f} s, "
                f"(json.loads + executemany {parsed_bare:.2f} s; executemany into the project's tables "
                f"{schema_bares[-1]:.2f} s), export {exports[-1]:.2f} s"
            )
            for name in os.listdir(tmp):
                if name.startswith(("bare", "p", "out")) and not name.startswith(f"p{run}."):
                    (tmp / name).unlink()
        imp, bare, exp = statistics.median(imports), statistics.median(bares), statistics.median(exports)
        parsed_bare, schema_bare = statistics.median(parsed_bares), statistics.median(schema_bares)
        print(
            f"import:  median {imp:.2f} s (target <= 20 s); ratios (target <= 3x): {imp / bare:.2f}x of bare "
            f"executemany into plain tables ({bare:.2f} s), {imp / schema_bare:.2f}x of executemany into the "
            f"project's tables ({schema_bare:.2f} s), {imp / parsed_bare:.2f}x of json.loads + executemany "
            f"into plain tables ({parsed_bare:.2f} s)"
        )
        print(f"export:  median {exp:.2f} s (target <= 10 s)")
        times = add_span_latency(tmp)
        print(
            f"add span to a document with 20,000: median {statistics.median(times) * 1000:.2f} ms, "
            f"p90 {sorted(times)[int(len(times) * 0.9)] * 1000:.2f} ms (target median <= 5 ms)"
        )


if __name__ == "__main__":
    main()
