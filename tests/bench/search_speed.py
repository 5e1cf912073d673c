"""Search speed over the whole reference table (a benchmark, not a test).

Prints median and p95 query time for a set of realistic queries, for our index and, in the same
run, for a naive baseline (a linear substring scan over every entry's text). Each query is timed
cold (first time this process sees its words) and warm (repeated).

    python tests/bench/search_speed.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from inspector.core.reference_search import SearchIndex  # noqa: E402
from inspector.reference.tables import Entry, load_reference  # noqa: E402

QUERIES = [
    "550", "421", "5.7", "5.7.26", "X.7.26", "4.2.2", "5.1.1", "5.4.1", "5.7.620", "55", "TSS04",
    "mailbox full", "mailbox ful", "mailbxo full", "dmarc fail", "dmarc fial", "spf", "reverse dns",
    "user unknown", "unknwon user", "too big", "relay denied", "blocked ip", "rate limit",
    "gmail", "outlook", "hotmail", "yahoo", "icloud", "spamhaus", "barracuda", "comcast", "orange",
    "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking",
    "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints",
    "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service "
    "provider since part of their network is on our block list (S3150)",
    "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)",
    "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
    "452 4.2.2 The email account that you tried to reach is over quota",
]  # fmt: skip


def naive_search(entries: tuple[Entry, ...], query: str) -> list[Entry]:
    """Baseline: every query word as a substring of each entry's text, counted, sorted."""
    words = query.lower().split()
    scored = []
    for e in entries:
        blob = " ".join((e.code, e.title, e.meaning, e.advice, e.provider or "", *e.text_fragments)).lower()
        score = sum(blob.count(w) for w in words)
        if score:
            scored.append((score, e))
    scored.sort(key=lambda se: -se[0])
    return [e for _, e in scored[:50]]


def timed(fn: object, query: str) -> float:
    start = time.perf_counter()
    fn(query)  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000.0


def summary(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"{name:<28} median {statistics.median(ordered):7.3f} ms   p95 {p95:7.3f} ms   max {ordered[-1]:7.3f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    t0 = time.perf_counter()
    ref = load_reference()
    t1 = time.perf_counter()
    index = SearchIndex(ref)
    t2 = time.perf_counter()
    index.search("550 warm-up of the code finder import")
    print(
        f"entries: {len(ref.entries)}   load tables: {(t1 - t0) * 1000:.1f} ms   build index: {(t2 - t1) * 1000:.1f} ms"
    )

    cold = [timed(index.search, q) for q in QUERIES]
    warm = [timed(index.search, q) for _ in range(args.repeat) for q in QUERIES]
    naive = [timed(lambda q: naive_search(ref.entries, q), q) for _ in range(args.repeat) for q in QUERIES]
    print(f"queries: {len(QUERIES)} x {args.repeat}")
    print(summary("index (cold, first time)", cold))
    print(summary("index (warm)", warm))
    print(summary("naive substring scan", naive))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
