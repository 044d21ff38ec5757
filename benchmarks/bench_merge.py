"""Figure of the curation issue for merge, printed (not asserted).

    python benchmarks/bench_merge.py [--docs 10000] [--runs 1]

Two projects of DOCS generated articles with 3 annotators each (../shared/tools/gen_corpus.py
--annotators 3, ~30 spans per document and annotator, so ~300,000 spans per annotator), the second with
its annotators renamed: merging both into a new project, against importing the same two JSONL files into
a new project, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotator.core.formats import jsonl
from annotator.core.merging import merge
from annotator.core.project import Project

HERE = Path(__file__).resolve().parent
GEN = HERE.parents[0].parent / "shared" / "tools" / "gen_corpus.py"


def corpus(docs: int, seed: int) -> Path:
    path = HERE / "data" / f"gen-{docs}-3ann-{seed}.jsonl"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        subprocess.run(
            [sys.executable, str(GEN), str(path), str(docs), "4000", "30", "--annotators", "3", "--seed", str(seed)],
            check=True,
        )
    return path


def renamed(source: Path, out: Path, suffix: str) -> Path:
    with open(source, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for line in src:
            obj = json.loads(line)
            for layer in obj.get("annotations", []):
                layer["annotator"] += suffix
            dst.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return out


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    first = corpus(args.docs, 1)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        second = renamed(first, tmp / "second.jsonl", "-2")
        projects = []
        for i, source in enumerate((first, second)):
            path = tmp / f"p{i}.annotator"
            with Project(path) as project:
                project.import_documents(jsonl.read(source))
                spans = project.stats()["spans"]
            projects.append(path)
        merges, imports = [], []
        for run in range(args.runs):

            def do_merge(run=run):
                with Project(tmp / f"merged{run}.annotator") as project:
                    merge(project, projects)

            def do_import(run=run):
                with Project(tmp / f"imported{run}.annotator") as project:
                    project.import_documents(jsonl.read(first))
                    project.import_documents(jsonl.read(second))

            merges.append(timed(do_merge))
            imports.append(timed(do_import))
        m, i = statistics.median(merges), statistics.median(imports)
        print(f"{args.docs} documents, {spans} spans per project (3 annotators each)")
        print(f"merge of the two projects: {m:.1f} s; import of the same two files: {i:.1f} s; ratio {m / i:.2f}")
        print(
            json.dumps(
                {"merge_s": round(m, 2), "import_s": round(i, 2), "ratio": round(m / i, 2), "spans_per_project": spans}
            )
        )


if __name__ == "__main__":
    main()
