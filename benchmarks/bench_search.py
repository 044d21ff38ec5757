"""Search speed: a project's search through its index against the scan it replaces, and `find` over one long
article (issue 27: <= 50 ms a query over 10,000 articles, <= 0.5 s over 100,000, hits identical).

    python benchmarks/bench_search.py --docs 10000 [--runs 5] [--scan-queries 8] [--fts5] [--baseline FILE]
    python benchmarks/bench_search.py --project PATH [--runs 5] ...       # an existing project, read-only
    python benchmarks/bench_search.py --chars 1000000 [--runs 7]          # one long article (the old figure)

--docs N: N generated articles (../shared/tools/gen_corpus.py, 4,000 characters each, filler words drawn from
the five news articles' vocabulary, 30 entities, 3 annotators, 2 quotations and 2 stances each: the issue's
corpus), imported once and kept under benchmarks/data (the import time is printed when it is built). Then:
- the index: its build time from every text (`rebuild_search_index`, in a transaction that is rolled back)
  and its size in the project file (SQLite's dbstat: the two tables and their index) against the file's;
- per query, the median of RUNS runs of `search_project(..., labelled=False)` (what `annotator search --json`
  and the find bar's "all documents" call; a new read-only connection, the index read from disk, warm
  cache): wall clock (best) and CPU time (the steadier figure on a shared machine), the hits; with
  --baseline FILE (an older core/search_lookup.py, `git show REV:annotator/core/search_lookup.py > FILE`)
  the same runs through that file's lookup, in turns with this one, hits checked equal; and the
  median of SCAN_RUNS runs of the baseline in the same run: the brute-force
  normalising scan (every text read and `arabic.find` on it, its normalisation not cached: what search did
  before the index, without reading the spans), with the ratio; the hits must be the same (checked);
- with --fts5: the measured alternative, SQLite FTS5 over the same normalised words (the built-in `ascii`
  tokenizer over `arabic.words`' forms, one token per word: Python's sqlite3 cannot register a tokenizer of
  our own), in a separate file: its build time, its size, and per one-word query the time to list the
  documents and word numbers of the word and its proclitic forms (`fts5vocab` instances). That is all FTS5
  gives: every hit's stored offsets and text then need the document's text read and normalised again (the
  scan's cost per document holding the word), where our rows hold them.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from annotator.core import search  # noqa: E402
from annotator.core.arabic import _normalize_cached, find, normalize, normalize_query, words  # noqa: E402
from annotator.core.demo import demo_documents  # noqa: E402
from annotator.core.formats import jsonl  # noqa: E402
from annotator.core.project import Project  # noqa: E402
from annotator.core.search import search_project  # noqa: E402
from annotator.core.search_lookup import Query  # noqa: E402

GEN = ROOT.parent / "shared" / "tools" / "gen_corpus.py"
NEWS = ROOT.parent / "shared" / "corpus" / "news"
QUERIES = ["واشنطن", "الأمم المتحدة", "نتنياهو", "قال", "رفح", "مجلس الأمن الدولي", "إسرائيل", "غير موجود"]
MORE = ["أمم", "البيت الأبيض", "لإسرائيل", "الأَمم"]  # a stem, a frequent pair, a proclitic form, tashkeel


def timed(call) -> float:
    return timed_cpu(call)[0]


def timed_cpu(call) -> tuple[float, float]:
    """(wall, CPU) seconds of a call; its result is dropped inside, as a caller that replaces it would."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def baseline_lookup(path: Path) -> ModuleType:
    """An older core/search_lookup.py, loaded beside this one (as part of the same package)."""
    spec = importlib.util.spec_from_file_location("annotator.core._baseline_lookup", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "annotator.core"
    sys.modules[spec.name] = module  # (its dataclasses look their module up there)
    spec.loader.exec_module(module)
    return module


@contextmanager
def lookup_of(module: ModuleType | None) -> Iterator[None]:
    """Search through `module`'s lookup (None: this tree's) meanwhile."""
    saved = search.lookup, search.documents_of, search.Query
    if module is not None:
        search.lookup, search.documents_of, search.Query = module.lookup, module.documents_of, module.Query
    try:
        yield
    finally:
        search.lookup, search.documents_of, search.Query = saved


def query_runs(project, query: str, runs: int, baseline: ModuleType | None) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) of RUNS searches through this lookup ("now") and the baseline's ("before"), in turns."""
    found: dict[str, list[tuple[float, float]]] = {"now": [], "before": []}
    turns = [("now", None), ("before", baseline)] if baseline is not None else [("now", None)]
    for _, module in turns:  # warm: the rows' pages in the cache
        with lookup_of(module):
            search_project(project, query, labelled=False)
    for number in range(runs):
        for name, module in turns if number % 2 == 0 else turns[::-1]:
            with lookup_of(module):
                gc.collect()
                found[name].append(timed_cpu(lambda: search_project(project, query, labelled=False)))
    return found


def _figure(runs: list[tuple[float, float]]) -> str:
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    wall, best, cpu = statistics.median(walls) * 1000, min(walls) * 1000, statistics.median(cpus) * 1000
    return f"{wall:7.1f}ms ({best:5.1f}) cpu {cpu:6.1f}ms"


# ---- a project of generated articles -----------------------------------------------------------------------
def project_of(docs: int) -> Path:
    path = HERE / "data" / f"search-{docs}.annotator"
    if path.exists():
        return path
    corpus = HERE / "data" / f"search-{docs}.jsonl"
    if not corpus.exists():
        corpus.parent.mkdir(exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                str(GEN),
                str(corpus),
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
                str(NEWS),
            ],
            check=True,
        )
    partial = path.with_name(path.name + ".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    with Project(partial) as project:
        project.import_documents(jsonl.read(corpus))
    partial.rename(path)
    print(
        f"(imported {docs:,} articles into {path.name} in {time.perf_counter() - started:.1f} s, the index "
        "written in the import's transaction)",
        flush=True,
    )
    return path


def index_figures(path: Path) -> None:
    with Project(path) as project:  # up to date (built on opening if it was not)
        conn = project.store.conn  # type: ignore[attr-defined]
        documents = project.documents.count()
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        try:
            project.store.rebuild_search_index()
            built = time.perf_counter() - started
        finally:
            conn.execute("ROLLBACK")
        pages = dict(conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())
    total = sum(pages.values())
    index = sum(size for name, size in pages.items() if "search_" in name)
    print(
        f"index: built from {documents:,} texts in {built:.1f} s ({built / documents * 1000:.2f} ms a document); "
        f"{index / 1e6:.1f} MB of the {total / 1e6:.1f} MB file (+{index / (total - index) * 100:.0f}% over the "
        "file without it)"
    )


def scan(texts: list[tuple[int, str]], query: str) -> list[tuple]:
    """The brute-force normalising scan: every text normalised (uncached) and searched."""
    _normalize_cached.cache_clear()  # (16 texts: over thousands, none is found there again)
    found = []
    for document_id, text in texts:
        found += [(document_id, h.start, h.end) for h in find(text, query)]
    return found


def project_figures(
    path: Path, runs: int, scan_runs: int, scan_queries: int, fts5: bool, baseline: ModuleType | None = None
) -> None:
    with Project(path, read_only=True) as project:
        ids = [s.id for s in project.documents.list()]
        texts = list(project.store.texts_of(ids)) if scan_queries or fts5 else []  # (100,000: 250 MB)
        print(
            f"{len(ids):,} articles, {sum(len(t) for _, t in texts):,} characters read for the scan; per query: "
            f"median of {runs} "
            f"runs through the index (wall, best, CPU), of {scan_runs} of the scan"
            + ("; before: the baseline's lookup, in turns" if baseline is not None else "")
        )
        print(
            f"{'query':<20} {'hits':>7} {'index (best) cpu':>31}"
            + (f" {'before (best) cpu':>31}" if baseline is not None else "")
            + f" {'scan':>9} {'ratio':>7}"
        )
        for number, query in enumerate(QUERIES + MORE):
            timings = query_runs(project, query, runs, baseline)
            runs_ = [wall for wall, _ in timings["now"]]
            hits = search_project(project, query, labelled=False)
            line = f"{query:<20} {len(hits):7,d} {_figure(timings['now'])}"
            if baseline is not None:
                with lookup_of(baseline):
                    assert [tuple(h) for h in search_project(project, query, labelled=False)] == [
                        tuple(h) for h in hits
                    ], f"{query}: not the baseline's hits"
                line += f" {_figure(timings['before'])}"
            if number < scan_queries:
                scanned = []
                for _ in range(scan_runs):
                    started = time.perf_counter()
                    found = scan(texts, query)
                    scanned.append(time.perf_counter() - started)
                assert found == [(h.document_id, h.start, h.end) for h in hits], f"{query}: not the scan's hits"
                ratio = statistics.median(scanned) / statistics.median(runs_)
                line += f" {statistics.median(scanned) * 1000:7.0f}ms {ratio:6.0f}x"
            print(line, flush=True)
    cli(path)
    if fts5:
        fts5_figures(texts)


def cli(path: Path) -> None:
    """The command, end to end (a new process: start-up, imports, the search, the JSON printed)."""
    for query in ("إسرائيل", "مجلس الأمن الدولي"):
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "annotator", "search", str(path), query, "--json"],
                check=True,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )
            runs.append(time.perf_counter() - started)
        print(
            f"`annotator search PROJECT {query} --json` (a new process, its output to /dev/null): "
            f"{statistics.median(runs):.2f} s"
        )


def fts5_figures(texts: list[tuple[int, str]]) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        conn = sqlite3.connect(folder / "fts5.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE VIRTUAL TABLE words USING fts5(w, tokenize = \"ascii tokenchars '_'\", content = '')")
        conn.execute("CREATE VIRTUAL TABLE instances USING fts5vocab(words, 'instance')")
        started = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO words (rowid, w) VALUES (?, ?)", ((i, " ".join(words(text).keys)) for i, text in texts)
        )
        conn.execute("COMMIT")
        built = time.perf_counter() - started
        size = (folder / "fts5.db").stat().st_size + (folder / "fts5.db-wal").stat().st_size
        print(
            f"FTS5 (the alternative): built in {built:.1f} s, {size / 1e6:.1f} MB; per one-word query, the "
            "documents and word numbers of its forms:"
        )
        for query in ["واشنطن", "نتنياهو", "قال", "إسرائيل", "أمم"]:
            keys = [v.key for v in Query.of(normalize_query(query)).variants()]
            sql = f"SELECT doc, offset FROM instances WHERE term IN ({', '.join('?' * len(keys))})"
            runs = []
            for _ in range(5):
                started = time.perf_counter()
                found = conn.execute(sql, keys).fetchall()
                runs.append(time.perf_counter() - started)
            print(
                f"  {query:<12} {len(found):7,d} occurrences in {len({d for d, _ in found}):,} documents: "
                f"{statistics.median(runs) * 1000:6.1f} ms (then each document's text to read and normalise)"
            )
        conn.close()
    finally:
        shutil.rmtree(folder)


# ---- one long article ----------------------------------------------------------------------------------------
def article(chars: int) -> str:
    base = "\n".join(doc.text for doc in demo_documents())
    return (base * (chars // len(base) + 1))[:chars]


def article_figures(chars: int, runs: int) -> None:
    text = article(chars)
    cold = []
    for _ in range(3):
        _normalize_cached.cache_clear()
        cold.append(timed(lambda: normalize(text)))
    print(
        f"article: {len(text):,} characters; normalisation + offset map once per text: "
        f"{statistics.median(cold) * 1000:.0f} ms (median of 3), then cached"
    )
    for query in QUERIES:
        found = [timed(lambda query=query: find(text, query)) for _ in range(runs)]
        plain = [timed(lambda query=query: _plain(text, query)) for _ in range(runs)]
        print(
            f"{query:<20} {len(find(text, query)):6d} hits  find {statistics.median(found) * 1000:6.1f} ms  "
            f"(plain str.find loop {statistics.median(plain) * 1000:5.1f} ms)"
        )


def _plain(text: str, query: str) -> int:
    count, at = 0, text.find(query)
    while at >= 0:
        count += 1
        at = text.find(query, at + 1)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, help="a project of this many generated articles")
    parser.add_argument("--project", type=Path, help="an existing project (only read; its index built if missing)")
    parser.add_argument("--chars", type=int, default=1_000_000, help="the one long article's length")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scan-runs", type=int, default=1)
    parser.add_argument(
        "--scan-queries",
        type=int,
        default=len(QUERIES + MORE),
        help="how many of the queries also get the scan (it takes seconds each)",
    )
    parser.add_argument("--fts5", action="store_true", help="also measure SQLite FTS5 over the same words")
    parser.add_argument(
        "--no-build", action="store_true", help="skip the index's build figure (minutes over 100,000 articles)"
    )
    parser.add_argument(
        "--baseline", type=Path, help="an older core/search_lookup.py, timed in turns with this one (same hits)"
    )
    args = parser.parse_args()
    if args.docs is None and args.project is None:
        article_figures(args.chars, args.runs)
        return
    path = args.project if args.project is not None else project_of(args.docs)
    if not args.no_build:
        index_figures(path)
    baseline = baseline_lookup(args.baseline) if args.baseline is not None else None
    project_figures(path, args.runs, args.scan_runs, args.scan_queries, args.fts5, baseline)


if __name__ == "__main__":
    main()
