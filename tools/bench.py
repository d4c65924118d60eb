"""Benchmark: the site under gunicorn (2 workers) on a fresh database, measured with wrk.

Usage: .venv/bin/python tools/bench.py [--duration 10] [--connections 32] [--scale 5000]
(or `make bench`). Loopback only, bounded in time; it stops what it starts.

For each page it prints requests/s, p50 and p99 latency, both as ratios to a static file
served by whitenoise from the same server in the same run, the database queries per page
(warm, as served, and cold, page cache emptied), the cold render time, and HTML+CSS+JS bytes
(raw and gzip); then the speed targets (a questionnaire step >= 30 % and a result page >= 25 %
of the static file's requests/s; every page's p99 <= 4x the static file's), flagged MISS when
missed; and the uncached search latency (tools/benchsearch.py). Results also go to
bench-results/latest.json.

--scale N (make bench-scale: 5000) then adds N generated articles to the same database and
measures the article, topic, search and sitemap pages again, plus the admin's article list
(tools/benchscale.py); results in bench-results/scale-N.json. The server is started and
stopped by tools/server.py.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools import benchscale  # noqa: E402
from tools.benchsearch import print_search_latency, search_latencies  # noqa: E402
from tools.server import PY, client_env, free_port, manage, migrate, start_server, stop_server  # noqa: E402
from tools.sitewalk import Walker  # noqa: E402


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


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(wrk, url, duration, connections, headers=()):
    extra = [arg for header in headers for arg in ("-H", header)]
    out = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s"]
        + extra
        + [url],
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


def page_bytes(base, path, headers=()):
    """HTML plus the CSS and JS it loads (all media), raw and gzip-compressed."""
    request = urllib.request.Request(base + path, headers=dict(h.split(": ", 1) for h in headers))
    html = urllib.request.urlopen(request, timeout=120).read()
    assets = re.findall(rb'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    assets += re.findall(rb'<script[^>]+src="([^"]+)"', html)
    bodies = [html] + [urllib.request.urlopen(base + a.decode(), timeout=10).read() for a in assets]
    return sum(map(len, bodies)), sum(len(gzip.compress(b, 6)) for b in bodies)


def query_counts(env, paths, cookies=None):
    """Per page: status, queries warm (as served) and cold (page caches emptied), cold render
    ms. `cookies`: path -> Cookie header to send (the questionnaire step needs its session)."""
    code = (
        "import json, statistics, sys, time, django; django.setup()\n"
        "from django.core.cache import caches\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "from django.db import connection\n"
        "c = Client(); out = {}\n"
        "def cold():\n"
        "    for alias in ('default', 'search', 'rendered'): caches[alias].clear()\n"
        "cookies = json.loads(sys.argv[2])\n"
        "for p in json.loads(sys.argv[1]):\n"
        "    get = lambda: c.get(p, HTTP_COOKIE=cookies.get(p, ''))\n"
        "    cold()\n"
        "    with CaptureQueriesContext(connection) as q0:\n"
        "        get()\n"
        "    cold_queries = len(q0)\n"  # now: the next request clears the query log
        "    times = []\n"
        "    for _ in range(3):\n"
        "        cold(); t = time.perf_counter(); get()\n"
        "        times.append((time.perf_counter() - t) * 1000)\n"
        "    get()\n"  # warm the cache, as the server's would be
        "    with CaptureQueriesContext(connection) as q:\n"
        "        r = get()\n"
        "    out[p] = [r.status_code, len(q), cold_queries, statistics.median(times)]\n"
        "print(json.dumps(out))\n"
    )
    done = subprocess.run(
        [PY, "-c", code, json.dumps(paths), json.dumps(cookies or {})],
        cwd=ROOT,
        env=client_env(env),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def questionnaire_pages(walker: Walker, base: str) -> tuple[str, str]:
    """(a questionnaire step's path, a result page's path), made by filling in the questionnaire.

    The one place the benchmark knows the questionnaire: tools/sitewalk.py fills it in with its
    SELF_CARE answers (the spec's field names); update those, or this, when the steps change.
    """
    result_path = walker.complete_questionnaire()
    _, first_step, _ = walker.start_questionnaire(base + "/check/", walker.get("/check/")[2])
    return first_step.removeprefix(base), result_path


# Speed targets (spec/quality.md): share of the static file's requests/s, and p99 at most this
# many times the static file's p99, in the same run.
RATIO_TARGETS = {"questionnaire step": 0.30, "results page": 0.25}
P99_TARGET = 4.0
CEILING = "static file (ceiling)"


def measure(wrk, base, pages, args, env, headers=None):
    """`headers`: page name -> request headers (the questionnaire step needs its session)."""
    headers = headers or {}
    rows = {}
    for name, path in pages.items():
        sent = headers.get(name, ())
        # Fetched once first (its size), which also warms the page cache as a visit would.
        size = page_bytes(base, path, sent) if name != CEILING else None
        if args.warmup:  # every worker: a one-off build (the search index) is not steady state
            run_wrk(wrk, base + path, args.warmup, args.connections, sent)
        rows[name] = {
            "path": path,
            **run_wrk(wrk, base + path, args.duration, args.connections, sent),
        }
        if size:
            rows[name]["bytes_raw"], rows[name]["bytes_gzip"] = size
    ceiling = rows[CEILING]
    cookies = {
        pages[name]: value.removeprefix("Cookie: ")
        for name, sent in headers.items()
        for value in sent
        if value.startswith("Cookie: ")
    }
    counts = query_counts(env, [p for n, p in pages.items() if n != CEILING], cookies)
    for row in rows.values():
        row["ratio"] = row["rps"] / ceiling["rps"] if ceiling["rps"] else 0
        row["p99_ratio"] = row["p99_ms"] / ceiling["p99_ms"] if ceiling["p99_ms"] else 0
        if row["path"] in counts:
            row["status"], row["queries"], row["queries_cold"], row["cold_ms"] = counts[row["path"]]
    return rows


def print_table(rows):
    print(
        "| page | requests/s | vs static | p50 ms | p99 ms | p99 vs static | queries "
        "(warm/cold) | cold render ms | HTML+CSS+JS raw | gzip |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in rows.items():
        size = (
            f"{r['bytes_raw'] / 1024:.1f} KB | {r['bytes_gzip'] / 1024:.1f} KB"
            if "bytes_raw" in r
            else "– | –"
        )
        queries = f"{r['queries']}/{r['queries_cold']}" if "queries" in r else "–"
        cold = f"{r['cold_ms']:.0f}" if "cold_ms" in r else "–"
        print(
            f"| {name} | {r['rps']:.0f} | {r['ratio']:.0%} | {r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['p99_ratio']:.1f}x | {queries} | {cold} | {size} |"
        )


def check_targets(rows) -> list[str]:
    """One line per speed target, flagged MISS when the page falls short."""
    lines = []
    for name, target in RATIO_TARGETS.items():
        if name in rows:
            ratio = rows[name]["ratio"]
            flag = "ok  " if ratio >= target else "MISS"
            lines.append(
                f"{flag} {name}: {ratio:.0%} of the static file's requests/s ({target:.0%})"
            )
    for name, row in rows.items():
        if name != CEILING:
            flag = "ok  " if row["p99_ratio"] <= P99_TARGET else "MISS"
            lines.append(
                f"{flag} {name}: p99 {row['p99_ms']:.1f} ms = {row['p99_ratio']:.1f}x the "
                f"static file's (at most {P99_TARGET:.0f}x)"
            )
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=int, default=10, help="seconds per page (default 10)")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument(
        "--warmup", type=int, default=2, help="seconds of unmeasured load per page first"
    )
    ap.add_argument(
        "--scale",
        type=int,
        default=0,
        metavar="N",
        help="then add N generated articles and measure again (make bench-scale: 5000)",
    )
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
    migrate(env)
    manage(env, "load_content")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(env, port)
    scaled, admin_list = None, [None, None]
    try:
        walker = Walker(base)
        step_path, result_path = questionnaire_pages(walker, base)
        home_html = walker.get("/")[2]
        css = re.search(r'href="(/static/css/site[^"]*\.css)"', home_html).group(1)
        pages = {
            CEILING: css,
            "home": "/",
            "article": "/articles/sciatica/",
            "category": "/topics/causes/",
            "search": "/search/?q=slipped+disc",
            "sitemap": "/sitemap.xml",
            "questionnaire step": step_path,
            "results page": result_path,
        }
        # A step is shown only to someone who has started (a cookieless GET is sent to the
        # start page): the step is measured with the walker's session.
        session = "; ".join(f"{c.name}={c.value}" for c in walker.jar)
        rows = measure(wrk, base, pages, args, env, {"questionnaire step": [f"Cookie: {session}"]})
        if args.scale:

            def again(names, warmup):
                growth = {n: pages[n] for n in (CEILING, *names)}
                return measure(
                    wrk, base, growth, argparse.Namespace(**{**vars(args), "warmup": warmup}), env
                )

            scaled, admin_list = benchscale.grow(env, args.scale, again)
        searches = search_latencies(env)
    finally:
        stop_server(server)
        shutil.rmtree(tmp, ignore_errors=True)

    machine = f"{platform.node()} · {os.cpu_count()} cores · {platform.platform()} · " + (
        "PostgreSQL" if "DATABASE_URL" in env else "SQLite"
    )
    print(f"\nBackHealth benchmark · {time.strftime('%Y-%m-%d')} · {machine}")
    print(
        f"wrk -t2 -c{args.connections} -d{args.duration}s per page after {args.warmup}s "
        "unmeasured, gunicorn 2 workers\n"
    )
    print_table(rows)
    for label, latency in searches.items():
        print_search_latency(label, latency)
    print("\nTargets (same run as the static file):")
    for line in check_targets(rows):
        print("  " + line)
    if scaled:
        print(f"\nGrowth: the shipped library, then {args.scale} generated articles added:\n")
        print_table(scaled)
        print()
        for line in benchscale.growth_report(rows, scaled, *admin_list, args.scale):
            print(line)
    everything = {**rows, **{f"{n} ({args.scale})": r for n, r in (scaled or {}).items()}}
    bad = [n for n, r in everything.items() if r["non_2xx"] or r["socket_errors"]]
    for n in bad:
        print(
            f"WARNING {n}: non-2xx {everything[n]['non_2xx']}, "
            f"socket errors {everything[n]['socket_errors']}"
        )
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    name = f"scale-{args.scale}.json" if args.scale else "latest.json"
    (out / name).write_text(
        json.dumps(
            {
                "machine": machine,
                "rows": rows,
                "scaled": scaled,
                "admin_list": admin_list,
            },
            indent=2,
        )
    )
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
