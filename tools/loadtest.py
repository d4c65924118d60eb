"""Load and fault test: many clients reading articles and filling in the questionnaire.

Usage:
  .venv/bin/python tools/loadtest.py [--clients 32] [--duration 60] [--postgres]
  .venv/bin/python tools/loadtest.py --postgres --restart-postgres   # fault test
  .venv/bin/python tools/loadtest.py --stop-redis   # Redis for every cache, stopped mid-run

Starts gunicorn (2 workers) on a fresh database with the content loaded, runs N clients on
loopback for a bounded time mixing article reads, whole questionnaires (CSRF + session) and
result pages, then opens every result created. Passes (exit 0) when there were no errors,
or, with --restart-postgres, when errors happened only while PostgreSQL was down and the
site recovered by itself (gunicorn is never restarted). With --stop-redis, a Redis of its own
(free loopback port) holds the page cache and the counters and is stopped a third of the way
in: there must be no error at all (pages render uncached, rate limits fail open).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.server import free_port, manage, migrate, start_server, stop_server  # noqa: E402
from tools.sitewalk import EMERGENCY, SELF_CARE, URGENT, Walker  # noqa: E402

PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PROFILES = [SELF_CARE, EMERGENCY, URGENT]  # self-care, an early stop, urgent (spec v2)
READS = ["/", "/topics/causes/", "/search/?q=sciatica", "/glossary/"]
ARTICLES = [
    "sciatica",
    "herniated-disc",
    "staying-active",
    "emergency-warning-signs",
    "spinal-stenosis",
    "when-to-see-a-doctor",
    "lumbar-strain",
]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.questionnaires = 0
        self.errors: list[tuple[float, str]] = []
        self.results: list[str] = []

    def error(self, what):
        with self.lock:
            self.errors.append((time.monotonic(), what))


def client(base, deadline, stats: Stats, seed):
    rnd = random.Random(seed)
    while time.monotonic() < deadline:
        walker = Walker(base, timeout=30)
        roll = rnd.random()
        try:
            if roll < 0.3:
                path = walker.complete_questionnaire(rnd.choice(PROFILES))
                status, _, _ = walker.get(path)
                with stats.lock:
                    stats.questionnaires += 1
                    stats.requests += 10
                    stats.results.append(path)
                if status != 200:
                    stats.error(f"result {status}")
            else:
                path = f"/articles/{rnd.choice(ARTICLES)}/" if roll < 0.75 else rnd.choice(READS)
                status, _, _ = walker.get(path)
                with stats.lock:
                    stats.requests += 1
                if status != 200:
                    stats.error(f"{path} {status}")
        except Exception as exc:  # any failure counts as an error, with its message
            stats.error(f"{type(exc).__name__}: {exc}"[:200])


def start_redis(port):
    binary = shutil.which("redis-server")
    if not binary:
        sys.exit("redis-server is required for --stop-redis (apt-get install redis-server)")
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(50):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc
        time.sleep(0.1)
    proc.kill()
    sys.exit("redis-server did not start")


def pg_cluster():
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--duration", type=int, default=60)
    ap.add_argument("--postgres", action="store_true", help="run on the local PostgreSQL")
    ap.add_argument(
        "--stop-redis",
        action="store_true",
        help="every cache on a Redis of its own, stopped a third of the way in",
    )
    ap.add_argument(
        "--restart-postgres",
        action="store_true",
        help="stop PostgreSQL for a few seconds in the middle (implies --postgres)",
    )
    args = ap.parse_args()
    use_pg = args.postgres or args.restart_postgres

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="backhealth.settings",
        DJANGO_LOG_LEVEL="ERROR",
        BACKHEALTH_RATE_LIMITS="off",
    )
    tmpdb = Path(tempfile.mkdtemp(prefix="backhealth-load-")) / "load.sqlite3"
    if use_pg:
        name = "backhealth_load"
        for sql in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", PG_ADMIN, "-qc", sql], check=True)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:
        env["SQLITE_PATH"] = str(tmpdb)
    redis = None
    if args.stop_redis:
        redis_port = free_port()
        redis = start_redis(redis_port)
        url = f"redis://127.0.0.1:{redis_port}/0"
        # Limits on (their counters live in Redis) but high: the clients share one address.
        env.update(
            REDIS_URL=url,
            REDIS_COUNTERS_URL=url,
            BACKHEALTH_RATE_LIMITS="on",
            BACKHEALTH_RATE_QUESTIONNAIRE="100000/m",
            BACKHEALTH_RATE_RESULTS="100000/m",
            BACKHEALTH_RATE_SEARCH="100000/m",
        )
    migrate(env)
    manage(env, "load_content")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(env, port)
    stats = Stats()
    outage = None
    try:
        start = time.monotonic()
        deadline = start + args.duration
        threads = [
            threading.Thread(target=client, args=(base, deadline, stats, i), daemon=True)
            for i in range(args.clients)
        ]
        for t in threads:
            t.start()
        if redis is not None:
            time.sleep(args.duration / 3)
            redis.terminate()
            redis.wait(timeout=10)
            print(f"Redis stopped after {time.monotonic() - start:.0f}s")
        if args.restart_postgres:
            time.sleep(args.duration / 3)
            down = time.monotonic()
            subprocess.run([*pg_cluster(), "stop", "-m", "fast"], check=True)
            time.sleep(5)
            subprocess.run([*pg_cluster(), "start"], check=True)
            outage = (down, time.monotonic())
        for t in threads:
            t.join(timeout=args.duration + 120)
        # Every completed questionnaire's result opens afterwards.
        checker = Walker(base)
        unopened = [p for p in stats.results if checker.get(p)[0] != 200]
        alive = Walker(base).get("/-/health/")[0]
    finally:
        stop_server(server)
        if redis is not None and redis.poll() is None:
            redis.kill()
        shutil.rmtree(tmpdb.parent, ignore_errors=True)

    print(
        f"clients {args.clients}, {args.duration}s, {'PostgreSQL' if use_pg else 'SQLite'}: "
        f"{stats.requests} requests, {stats.questionnaires} questionnaires, "
        f"{len(stats.errors)} errors, {len(unopened)} results that did not open"
    )
    late = stats.errors
    if outage:
        grace = 10  # seconds after PostgreSQL is back for in-flight requests to finish
        late = [e for e in stats.errors if not (outage[0] - 1 <= e[0] <= outage[1] + grace)]
        print(
            f"PostgreSQL down for {outage[1] - outage[0]:.1f}s; errors outside the outage: "
            f"{len(late)}; health after: {alive}"
        )
    for _, what in late[:10]:
        print("  error:", what)
    ok = not late and not unopened and alive == 200 and stats.questionnaires > 0
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
