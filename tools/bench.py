"""Benchmark: the site under gunicorn (2 workers) on a fresh database, measured with wrk.

Usage: .venv/bin/python tools/bench.py [--duration 10] [--connections 32]
(or `make bench`). Loopback only, bounded in time; it stops what it starts.

For each page it prints requests/s, p50 and p99 latency, the ratio to a static file served
by whitenoise from the same server in the same run, the database queries per page, and
HTML+CSS+JS bytes (raw and gzip). Results also go to bench-results/latest.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PY = sys.executable

from tools.sitewalk import Walker  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
        if not shutil.which("wrk"):
            subprocess.run(["apt-get", "update", "-qq"], check=False)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("wrk is required: sudo apt-get install wrk")
    return wrk


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def start_server(env, port, workers=2):
    cmd = [
        str(Path(PY).with_name("gunicorn")),
        "backhealth.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--no-control-socket",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/alive/", timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        stop_server(proc)
        sys.exit("gunicorn did not start")
    if proc.poll() is not None:  # a stale server on the port would answer for us
        sys.exit("gunicorn exited; is the port in use?")
    return proc


def stop_server(proc):
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(wrk, url, duration, connections):
    out = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s", url],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {
        p: float(v) * UNITS[u]
        for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    }
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps,
        "p50_ms": lat.get("50"),
        "p99_ms": lat.get("99"),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
    }


def page_bytes(base, path):
    """HTML plus the CSS and JS it loads (all media), raw and gzip-compressed."""
    html = urllib.request.urlopen(base + path, timeout=10).read()
    assets = re.findall(rb'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    assets += re.findall(rb'<script[^>]+src="([^"]+)"', html)
    bodies = [html] + [urllib.request.urlopen(base + a.decode(), timeout=10).read() for a in assets]
    return sum(map(len, bodies)), sum(len(gzip.compress(b, 6)) for b in bodies)


def query_counts(env, paths):
    code = (
        "import json, sys, django; django.setup()\n"
        "from django.test import Client\n"
        "from django.test.utils import setup_test_environment, CaptureQueriesContext\n"
        "from django.db import connection\n"
        "setup_test_environment()\n"
        "c = Client(); out = {}\n"
        "for p in json.loads(sys.argv[1]):\n"
        "    c.get(p)\n"  # warm any cache, as the server's would be
        "    with CaptureQueriesContext(connection) as q:\n"
        "        r = c.get(p)\n"
        "    out[p] = [r.status_code, len(q)]\n"
        "print(json.dumps(out))\n"
    )
    done = subprocess.run(
        [PY, "-c", code, json.dumps(paths)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


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
from articles import search
queries = json.loads(sys.argv[1])
search.forget_indexes()
t = time.perf_counter(); search.get_index(); build = (time.perf_counter() - t) * 1000
core, page = {q: [] for q in queries}, {q: [] for q in queries}
client = Client(HTTP_HOST="127.0.0.1")
for _ in range(20):
    for q in queries:
        t = time.perf_counter(); search.search(q, use_cache=False)
        core[q].append((time.perf_counter() - t) * 1000)
        caches["default"].clear()
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
        manage(pg_env, "migrate", "--noinput", "--verbosity", "0")
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=int, default=10, help="seconds per page (default 10)")
    ap.add_argument("--connections", type=int, default=32)
    args = ap.parse_args()
    wrk = ensure_wrk()

    tmp = Path(tempfile.mkdtemp(prefix="backhealth-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.update(
        DJANGO_SETTINGS_MODULE="backhealth.settings",
        DJANGO_LOG_LEVEL="WARNING",
        BACKHEALTH_RATE_LIMITS="off",
    )
    if "DATABASE_URL" not in env:
        env["SQLITE_PATH"] = str(tmp / "bench.sqlite3")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_content")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(env, port)
    try:
        walker = Walker(base)
        result_path = walker.complete_questionnaire()
        _, first_step, step_html = walker.start_questionnaire(
            base + "/check/", walker.get("/check/")[2]
        )
        first_step = first_step.removeprefix(base)
        css = re.search(r'href="(/static/css/site[^"]*\.css)"', step_html).group(1)
        pages = {
            "static file (ceiling)": css,
            "home": "/",
            "article": "/articles/sciatica/",
            "category": "/topics/causes/",
            "search": "/search/?q=slipped+disc",
            "questionnaire step": first_step,
            "results page": result_path,
        }
        rows = {}
        for name, path in pages.items():
            rows[name] = {
                "path": path,
                **run_wrk(wrk, base + path, args.duration, args.connections),
            }
            if name != "static file (ceiling)":
                rows[name]["bytes_raw"], rows[name]["bytes_gzip"] = page_bytes(base, path)
        ceiling = rows["static file (ceiling)"]["rps"]
        counts = query_counts(env, [p for n, p in pages.items() if n != "static file (ceiling)"])
        for row in rows.values():
            row["ratio"] = row["rps"] / ceiling if ceiling else 0
            if row["path"] in counts:
                row["status"], row["queries"] = counts[row["path"]]
        searches = search_latencies(env)
    finally:
        stop_server(server)
        shutil.rmtree(tmp, ignore_errors=True)

    machine = f"{platform.node()} · {os.cpu_count()} cores · {platform.platform()} · " + (
        "PostgreSQL" if "DATABASE_URL" in env else "SQLite"
    )
    print(f"\nBackHealth benchmark · {time.strftime('%Y-%m-%d')} · {machine}")
    print(f"wrk -t2 -c{args.connections} -d{args.duration}s per page, gunicorn 2 workers\n")
    print("| page | requests/s | vs static | p50 ms | p99 ms | queries | HTML+CSS+JS raw | gzip |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in rows.items():
        size = (
            f"{r['bytes_raw'] / 1024:.1f} KB | {r['bytes_gzip'] / 1024:.1f} KB"
            if "bytes_raw" in r
            else "– | –"
        )
        print(
            f"| {name} | {r['rps']:.0f} | {r['ratio']:.0%} | {r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r.get('queries', '–')} | {size} |"
        )
    for label, latency in searches.items():
        print_search_latency(label, latency)
    bad = [n for n, r in rows.items() if r["non_2xx"] or r["socket_errors"]]
    for n in bad:
        print(
            f"WARNING {n}: non-2xx {rows[n]['non_2xx']}, socket errors {rows[n]['socket_errors']}"
        )
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps({"machine": machine, "rows": rows}, indent=2))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
