"""Search speed over one 1,000,000-character article (target: <= 50 ms per query, median).

    python benchmarks/bench_search.py [--chars 1000000] [--runs 7]

The article is the five demo articles repeated (real Arabic news text: tashkeel, tatweel, clitics, quotation
marks). Prints: the one-off normalisation of the document (cached afterwards, per text), then the median
time of `find` per query with the cache warm, and for comparison a plain `str.find` loop in the same run.
"""
from __future__ import annotations

import argparse
import statistics
import time

from annotator.core.arabic import _normalize_cached, find, normalize
from annotator.core.demo import demo_documents

QUERIES = ["واشنطن", "الأمم المتحدة", "نتنياهو", "قال", "رفح", "مجلس الأمن الدولي", "إسرائيل", "غير موجود"]


def article(chars: int) -> str:
    base = "\n".join(doc.text for doc in demo_documents())
    return (base * (chars // len(base) + 1))[:chars]


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    text = article(args.chars)
    cold = []
    for _ in range(3):
        _normalize_cached.cache_clear()
        cold.append(timed(lambda: normalize(text)))
    print(f"article: {len(text):,} characters; normalisation + offset map once per text: "
          f"{statistics.median(cold) * 1000:.0f} ms (median of 3), then cached")
    for query in QUERIES:
        runs = [timed(lambda query=query: find(text, query)) for _ in range(args.runs)]
        plain = [timed(lambda query=query: _plain(text, query)) for _ in range(args.runs)]
        print(f"{query:<20} {len(find(text, query)):6d} hits  find {statistics.median(runs) * 1000:6.1f} ms  "
              f"(plain str.find loop {statistics.median(plain) * 1000:5.1f} ms)")


def _plain(text: str, query: str) -> int:
    count, at = 0, text.find(query)
    while at >= 0:
        count += 1
        at = text.find(query, at + 1)
    return count


if __name__ == "__main__":
    main()
