"""Benchmark, uncached search latency (issue 14): part of every tools/bench.py run.

Measured in a Django process of its own on the bench's database with the library loaded,
for a fixed list of queries (misspellings, symptoms in lay words, a stop word, nonsense):
the search alone and the whole search page, median and p95 over 20 rounds, the median of
each query's best run (on a busy machine the wall clock mostly measures waiting for a core),
and the one-off index build, shown apart. "Uncached" = no stored outcome for the query; the
per-process index is warm. Also on PostgreSQL when BENCH_POSTGRES_URL is set.
"""

from __future__ import annotations

import json
import os
import subprocess

from tools.server import PY, ROOT, manage, migrate

# Uncached search latency (issue 14): self-contained, measured in a Django process on the
# bench's database with the library loaded. "Uncached" = no stored outcome for the query;
# the per-process index is warm (its one-off build after a library change is shown apart).
SEARCH_QUERIES = [
    "sciatica", "sciattica", "numb saddle area", "lost bladder control", "cant pee",
    "prolapsed disc", "sore back after gardening", "calf pain when walking",
    "will i need an operation", "tablets for nerve pain", "osteoarthritus in back", "back",
    "when should i see a doctor about back pain", "qwertyuiop", "the",
]  # fmt: skip
_SEARCH_LATENCY_CODE = """
import json, os, statistics, sys, time, django
django.setup()
from django.core.cache import caches
from django.test import Client
from articles import search, searchindex
queries = json.loads(sys.argv[1])
searchindex.forget_indexes()
t = time.perf_counter(); searchindex.get_index(); build = (time.perf_counter() - t) * 1000
core, page = {q: [] for q in queries}, {q: [] for q in queries}
client = Client(HTTP_HOST="127.0.0.1")
for _ in range(20):
    for q in queries:
        t = time.perf_counter(); search.search(q, use_cache=False)
        core[q].append((time.perf_counter() - t) * 1000)
        caches["default"].clear(); caches["search"].clear()
        t = time.perf_counter(); r = client.get("/search/", {"q": q})
        page[q].append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, r.status_code
def pct(xs, p): return sorted(xs)[min(len(xs) - 1, int(len(xs) * p))]
def every(d): return [x for xs in d.values() for x in xs]
# On a busy machine the wall clock mostly measures waiting for a core: the median over the
# queries of each query's fastest run estimates the cost itself.
print(json.dumps({"build_ms": build, "n": len(every(core)),
    "search_p50_ms": statistics.median(every(core)), "search_p95_ms": pct(every(core), 0.95),
    "search_best_ms": statistics.median(min(xs) for xs in core.values()),
    "page_p50_ms": statistics.median(every(page)), "page_p95_ms": pct(every(page), 0.95),
    "page_best_ms": statistics.median(min(xs) for xs in page.values()),
    "load": os.getloadavg()[0]}))
"""


def search_latency(env) -> dict:
    """Median and p95 of uncached searches: the search alone and the whole page."""
    done = subprocess.run(
        [PY, "-c", _SEARCH_LATENCY_CODE, json.dumps(SEARCH_QUERIES)],
        cwd=ROOT,
        env={**env, "BACKHEALTH_RATE_LIMITS": "off"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def search_latencies(env) -> dict[str, dict]:
    """On the bench's database, and on BENCH_POSTGRES_URL too when it is set."""
    found = {"PostgreSQL" if "DATABASE_URL" in env else "SQLite": search_latency(env)}
    if os.environ.get("BENCH_POSTGRES_URL") and "DATABASE_URL" not in env:
        pg_env = {k: v for k, v in env.items() if k != "SQLITE_PATH"}
        pg_env["DATABASE_URL"] = os.environ["BENCH_POSTGRES_URL"]
        migrate(pg_env)
        manage(pg_env, "load_content")
        found["PostgreSQL"] = search_latency(pg_env)
    return found


def print_search_latency(label: str, r: dict) -> None:
    print(
        f"uncached search, {label} ({r['n']} searches, load {r['load']:.1f}): "
        f"search p50 {r['search_p50_ms']:.2f} ms, p95 {r['search_p95_ms']:.2f} ms, "
        f"best-of-20 median {r['search_best_ms']:.2f} ms; "
        f"whole page p50 {r['page_p50_ms']:.2f} ms, p95 {r['page_p95_ms']:.2f} ms, "
        f"best-of-20 median {r['page_best_ms']:.2f} ms; index build {r['build_ms']:.0f} ms"
    )
