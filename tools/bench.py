"""Benchmark: the site under gunicorn (2 workers) on a fresh database, measured with wrk.

Usage: .venv/bin/python tools/bench.py [--duration 10] [--connections 32] [--scale 5000]
(or `make bench`). Loopback only, bounded in time; it stops what it starts.

For each page it prints requests/s, p50 and p99 latency, both as ratios to a static file
served by whitenoise from the same server in the same run, the database queries per page
(warm, as served, and cold, page cache emptied), the cold render time, and HTML+CSS+JS bytes
(raw and gzip); then the speed targets (a questionnaire step >= 30 % and a result page >= 25 %
of the static file's requests/s; every page's p99 <= 4x the static file's), flagged MISS when
missed. Results also go to bench-results/latest.json.

--scale N (make bench-scale: 5000) then adds N generated articles to the same database and
measures the article, topic, search and sitemap pages again, plus the admin's article list:
requests/s (as a share of the static file) and queries within 20 % of the shipped library's,
the admin list under 300 ms. Generated articles are never loaded otherwise.
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


def client_env(env):
    """For Django's test client in a child process, without the test environment (its template
    instrumentation would slow every render down)."""
    return {**env, "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost"}


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


def admin_list_time(env):
    """Median time of the admin's article list for a signed-in superuser (Django test client)."""
    code = (
        "import json, statistics, time, django; django.setup()\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "user, _ = get_user_model().objects.get_or_create(username='bench-admin', "
        "defaults={'is_staff': True, 'is_superuser': True})\n"
        "c = Client(); c.force_login(user); url = '/admin/articles/article/'\n"
        "c.get(url); times = []\n"
        "for _ in range(5):\n"
        "    t = time.perf_counter()\n"
        "    with CaptureQueriesContext(connection) as q:\n"
        "        r = c.get(url)\n"
        "    times.append((time.perf_counter() - t) * 1000)\n"
        "print(json.dumps({'status': r.status_code, 'ms': statistics.median(times), "
        "'queries': len(q)}))\n"
    )
    done = subprocess.run(
        [PY, "-c", code], cwd=ROOT, env=client_env(env), capture_output=True, text=True, check=True
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


def generate_articles(env, count):
    """Add `count` published articles (copies of the shipped ones, new titles and slugs)."""
    code = (
        "import sys, django; django.setup()\n"
        "from django.utils import timezone\n"
        "from articles import pagecache\n"
        "from articles.models import Article, Category, Status\n"
        "shipped = list(Article.objects.published())\n"
        "topics = list(Category.objects.all())\n"
        "words = ['back', 'leg', 'nerve', 'disc', 'posture', 'sleep', 'walking', 'stretch']\n"
        "now = timezone.now(); batch = []\n"
        "copied = ['summary', 'key_points', 'body', 'body_html', 'body_toc',\n"
        "          'reviewer_name', 'reviewer_role', 'last_reviewed',\n"
        "          'next_review_due', 'reading_grade']\n"
        "for i in range(int(sys.argv[1])):\n"
        "    a = shipped[i % len(shipped)]\n"
        "    batch.append(Article(\n"
        "        title=f'{a.title[:150]}: note {i} on {words[i % len(words)]}',\n"
        "        slug=f'generated-{i}', category=topics[i % len(topics)], order=100 + i,\n"
        "        status=Status.PUBLISHED, publish_date=now, explains=[],\n"
        "        **{f: getattr(a, f) for f in copied}))\n"
        "Article.objects.bulk_create(batch, batch_size=500)\n"
        "pagecache.invalidate()\n"
        "print(Article.objects.count())\n"
    )
    done = subprocess.run(
        [PY, "-c", code, str(count)], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip().splitlines()[-1])


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
# Growth (--scale): requests/s and queries per page within 20 % of the shipped library's.
GROWTH_PAGES = ("article", "category", "search", "sitemap")
GROWTH_TOLERANCE = 0.20
ADMIN_LIST_TARGET_MS = 300
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


def growth_report(base_rows, scaled_rows, admin_before, admin_after, count) -> list[str]:
    lines = [
        f"| page | requests/s shipped | requests/s {count} | change | queries warm/cold "
        f"shipped | queries warm/cold {count} | cold ms shipped | cold ms {count} |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    flags = []
    for name in GROWTH_PAGES:
        before, after = base_rows[name], scaled_rows[name]
        # Compare shares of the static file (same run), not raw numbers: the machine is shared.
        change = after["ratio"] / before["ratio"] - 1 if before["ratio"] else 0
        lines.append(
            f"| {name} | {before['rps']:.0f} | {after['rps']:.0f} | {change:+.0%} | "
            f"{before['queries']}/{before['queries_cold']} | "
            f"{after['queries']}/{after['queries_cold']} | {before['cold_ms']:.0f} | "
            f"{after['cold_ms']:.0f} |"
        )
        rps_ok = change >= -GROWTH_TOLERANCE
        q_ok = after["queries_cold"] <= before["queries_cold"] * (1 + GROWTH_TOLERANCE)
        flags.append(
            f"{'ok  ' if rps_ok else 'MISS'} {name}: requests/s (share of static) {change:+.0%} "
            f"(within -{GROWTH_TOLERANCE:.0%})"
        )
        flags.append(
            f"{'ok  ' if q_ok else 'MISS'} {name}: cold queries {before['queries_cold']} -> "
            f"{after['queries_cold']} (within +{GROWTH_TOLERANCE:.0%})"
        )
    flags.append(
        f"{'ok  ' if admin_after['ms'] < ADMIN_LIST_TARGET_MS else 'MISS'} admin article list: "
        f"{admin_before['ms']:.0f} ms ({admin_before['queries']} queries) -> "
        f"{admin_after['ms']:.0f} ms ({admin_after['queries']} queries) "
        f"(under {ADMIN_LIST_TARGET_MS} ms)"
    )
    return lines + [""] + flags


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
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_content")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(env, port)
    scaled = admin_before = admin_after = None
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
            admin_before = admin_list_time(env)
            total = generate_articles(env, args.scale)
            print(f"\n{args.scale} articles generated: {total} in the library")
            growth = {n: pages[n] for n in (CEILING, *GROWTH_PAGES)}
            # After a bulk import every worker rebuilds its search index once (about 6 s at
            # 5,000 articles, printed below as "index build"): warm long enough to cover it.
            scaled = measure(
                wrk, base, growth, argparse.Namespace(**{**vars(args), "warmup": 10}), env
            )
            admin_after = admin_list_time(env)
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
        for line in growth_report(rows, scaled, admin_before, admin_after, args.scale):
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
                "admin_list": [admin_before, admin_after],
            },
            indent=2,
        )
    )
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
