"""Proxy test: the shipped nginx rules in front of gunicorn, attacked by slow clients.

Usage: .venv/bin/python tools/proxytest.py [--duration 30] [--slow 20] [--direct]
(or `make proxy-test`). Loopback only, bounded in time; it stops what it starts.

Runs nginx (Debian's, installed with apt when missing and allowed) with
deploy/nginx/backhealth.conf's http part and deploy/nginx/backhealth-locations.conf as they
are (paths moved to a temporary folder, a plain-http loopback listener instead of TLS), and
gunicorn with deploy/gunicorn.conf.py on a unix socket. Then, for --duration seconds, --slow
clients hold connections open (headers sent a line at a time, bodies a few bytes at a time,
responses read a few bytes at a time) while normal clients read pages. It passes when:
- at least 99 % of normal requests answered 200 within 5 s;
- a forged X-Forwarded-For from the client does not change the rate-limit key;
- no result token reached any log (nginx's, gunicorn's, the site's);
- static files come from nginx with year-long cache headers; bodies are capped.
--direct runs the same slow clients straight at gunicorn on TCP instead (the baseline).
The full shipped site config is also checked with `nginx -t` (a throwaway certificate).
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEPLOY = ROOT / "deploy"
PY = sys.executable

from tools.server import free_port, manage, migrate  # noqa: E402

NORMAL_PAGES = ["/", "/articles/sciatica/", "/topics/causes/", "/glossary/"]
TOKEN = "Z" * 20 + "proxytestTokenNotReal12"  # 43 characters, the shape of a result token


def ensure_nginx() -> str:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if nginx:
        return nginx
    if os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-qq", "--no-upgrade", "nginx-light"]
        if subprocess.run(install, env=env, check=False).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
            subprocess.run(install, env=env, check=True)
        return shutil.which("nginx") or "/usr/sbin/nginx"
    sys.exit("nginx is required: sudo apt-get install nginx-light")


def localise(text: str, tmp: Path, sock: Path) -> str:
    return (
        text.replace("/run/backhealth/gunicorn.sock", str(sock))
        .replace("/srv/backhealth/", f"{ROOT}/")
        .replace("/var/log/nginx/", f"{tmp}/")
    )


def nginx_conf(tmp: Path, port: int, sock: Path, body: str) -> Path:
    temp_paths = "\n".join(
        f"    {name}_temp_path {tmp}/{name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
{temp_paths}
{body}
}}
"""
    )
    return conf


def check_full_site_config(nginx: str, tmp: Path, sock: Path) -> None:
    """`nginx -t` on the whole shipped site file, TLS included (a throwaway certificate)."""
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=backhealth.example", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    site = localise((DEPLOY / "nginx/backhealth.conf").read_text(), tmp, sock)
    site = site.replace(
        "/etc/letsencrypt/live/backhealth.example/fullchain.pem", str(cert)
    ).replace("/etc/letsencrypt/live/backhealth.example/privkey.pem", str(key))
    site = site.replace(f"{ROOT}/deploy/nginx/backhealth-locations.conf", str(tmp / "loc.conf"))
    full = tmp / "full"
    full.mkdir()
    conf = nginx_conf(full, 0, sock, site)
    done = subprocess.run([nginx, "-t", "-c", str(conf)], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("the shipped deploy/nginx/backhealth.conf does not load:\n" + done.stderr)


def start(cmd, env=None, log=None):
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=subprocess.STDOUT
    )


def stop(proc):
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def wait_for(port: int, path: str = "/-/alive/", seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"nothing answered on 127.0.0.1:{port}")


# --- clients ---------------------------------------------------------------------------------


def request(port, method, path, headers=None, body=None, timeout=5.0):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.ok = 0
        self.failed = 0
        self.failures: dict[str, int] = {}
        self.slow_connections = 0

    def add(self, ok: bool, why: str = ""):
        with self.lock:
            if ok:
                self.ok += 1
            else:
                self.failed += 1
                self.failures[why] = self.failures.get(why, 0) + 1


def normal_client(port, deadline, tally: Tally, pages):
    n = 0
    while time.monotonic() < deadline:
        path = pages[n % len(pages)]
        n += 1
        try:
            status, _, _ = request(port, "GET", path)
            tally.add(status == 200, f"status {status}")
        except Exception as error:  # a timeout or refused connection counts as unavailable
            tally.add(False, type(error).__name__)
        time.sleep(0.02)


def slow_client(port, deadline, tally: Tally, kind: str):
    """Hold a connection as long as the server allows, then open another, until the deadline."""
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=35) as s:
                with tally.lock:
                    tally.slow_connections += 1
                if kind == "headers":
                    s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    while time.monotonic() < deadline:
                        time.sleep(2)
                        s.sendall(b"X-Slow: 1\r\n")
                elif kind == "body":
                    s.sendall(
                        b"POST /search/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        b"Content-Type: application/x-www-form-urlencoded\r\n"
                        b"Content-Length: 100000\r\n\r\n"
                    )
                    while time.monotonic() < deadline:
                        time.sleep(2)
                        s.sendall(b"q=aaaaaaa&")
                else:  # a reader that takes the response a few bytes at a time
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
                    s.sendall(b"GET /glossary/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    while time.monotonic() < deadline:
                        if not s.recv(64):
                            break
                        time.sleep(1)
        except OSError:
            pass  # dropped by the server: open another
        time.sleep(0.1)


def run_load(port, duration, slow, pages, normal=4) -> Tally:
    tally = Tally()
    deadline = time.monotonic() + duration
    kinds = ["headers", "body", "reader"]
    threads = [
        threading.Thread(
            target=slow_client, args=(port, deadline, tally, kinds[i % 3]), daemon=True
        )
        for i in range(slow)
    ]
    for t in threads:
        t.start()
    time.sleep(1.5)  # let the slow clients take their connections first
    normal_threads = [
        threading.Thread(target=normal_client, args=(port, deadline, tally, pages), daemon=True)
        for _ in range(normal)
    ]
    for t in normal_threads:
        t.start()
    for t in normal_threads + threads:
        t.join(timeout=duration + 40)
    return tally


# --- checks ------------------------------------------------------------------------------------


def forged_forwarded_for_is_ignored(port) -> tuple[bool, list[int]]:
    """Rate limit 5/min on results: a new forged X-Forwarded-For each time must not reset it."""
    statuses = []
    for n in range(8):
        headers = {"X-Forwarded-For": f"198.51.100.{n + 1}", "X-Forwarded-Proto": "https"}
        statuses.append(request(port, "GET", f"/results/{TOKEN}/", headers)[0])
    return statuses[:5] == [404] * 5 and set(statuses[5:]) == {429}, statuses


def static_and_limits(port, css) -> list[str]:
    problems = []
    status, headers, _ = request(port, "GET", css)
    cache = headers.get("Cache-Control", "")
    if status != 200 or "immutable" not in cache or "max-age=31536000" not in cache:
        problems.append(f"static file: {status} Cache-Control {cache!r}")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("static file without nosniff")
    status, _, body = request(port, "POST", "/search/", body=b"q=" + b"x" * 300_000)
    if status != 413 or b"Too much was sent" not in body:
        problems.append(f"300 KB body: {status} (want the site's 413 page)")
    status, _, _ = request(port, "POST", "/search/", body=b"q=" + b"x" * 2_000_000)
    if status != 413:
        problems.append(f"2 MB body: {status} (want nginx's 413)")
    return problems


def tokens_in_logs(paths) -> list[str]:
    return [str(p) for p in paths if p.exists() and TOKEN in p.read_text(errors="replace")]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=int, default=30, help="seconds of slow clients (30)")
    ap.add_argument("--slow", type=int, default=20, help="slow clients (20)")
    ap.add_argument("--direct", action="store_true", help="baseline: no nginx, gunicorn on TCP")
    args = ap.parse_args()
    nginx = ensure_nginx()

    tmp = Path(tempfile.mkdtemp(prefix="backhealth-proxy-"))
    sock = tmp / "gunicorn.sock"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="backhealth.settings",
        SQLITE_PATH=str(tmp / "proxy.sqlite3"),
        DJANGO_BEHIND_PROXY="true",
        BACKHEALTH_RATE_RESULTS="5/m",
        BACKHEALTH_WORKERS="2",
        DJANGO_LOG_LEVEL="INFO",
    )
    migrate(env)
    manage(env, "load_content")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    css = "/static/" + next(
        p.relative_to(ROOT / "staticfiles").as_posix()
        for p in (ROOT / "staticfiles" / "css").glob("site.*.css")
    )

    port = free_port()
    gunicorn_log = (tmp / "gunicorn.log").open("w")
    gunicorn = proxy = None
    try:
        if args.direct:
            env["BACKHEALTH_BIND"] = f"127.0.0.1:{port}"
        else:
            env["BACKHEALTH_BIND"] = f"unix:{sock}"
        gunicorn = start(
            [str(Path(PY).with_name("gunicorn")), "backhealth.wsgi", "--config",
             str(DEPLOY / "gunicorn.conf.py")],
            env=env, log=gunicorn_log,
        )  # fmt: skip
        if not args.direct:
            for _ in range(100):
                if sock.exists():
                    break
                time.sleep(0.1)
            site = (DEPLOY / "nginx/backhealth.conf").read_text()
            http_part = localise(site.split("# --- servers ---")[0], tmp, sock)
            (tmp / "loc.conf").write_text(
                localise((DEPLOY / "nginx/backhealth-locations.conf").read_text(), tmp, sock)
            )
            check_full_site_config(nginx, tmp, sock)
            body = f"""{http_part}
    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;
        access_log {tmp}/backhealth.access.log backhealth;
        error_log {tmp}/backhealth.error.log warn;
        include {tmp}/loc.conf;
    }}"""
            conf = nginx_conf(tmp, port, sock, body)
            proxy = start([nginx, "-c", str(conf)], log=(tmp / "nginx.out").open("w"))
        wait_for(port)
        if gunicorn.poll() is not None or (proxy is not None and proxy.poll() is not None):
            sys.exit("gunicorn or nginx exited; see " + str(tmp))

        started = time.monotonic()
        tally = run_load(port, args.duration, args.slow, [*NORMAL_PAGES, css])
        elapsed = time.monotonic() - started
        forged_ok, forged_statuses = forged_forwarded_for_is_ignored(port)
        problems = [] if args.direct else static_and_limits(port, css)
    finally:
        stop(proxy)
        stop(gunicorn)
        gunicorn_log.close()

    logs = [tmp / "gunicorn.log", tmp / "backhealth.access.log", tmp / "backhealth.error.log"]
    leaked = tokens_in_logs([*logs, tmp / "error.log"])
    redacted = (tmp / "backhealth.access.log").exists() and "/results/…/" in (
        tmp / "backhealth.access.log"
    ).read_text()
    total = tally.ok + tally.failed
    availability = tally.ok / total if total else 0.0
    where = "gunicorn directly (no proxy)" if args.direct else "nginx in front of gunicorn"
    print(
        f"\n{where}: {args.slow} slow clients for {elapsed:.0f}s "
        f"({tally.slow_connections} slow connections opened)"
    )
    print(
        f"normal clients: {total} requests, {tally.ok} ok, {tally.failed} failed, "
        f"availability {availability:.2%}"
    )
    for why, count in sorted(tally.failures.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  failed: {why} x{count}")
    print(f"forged X-Forwarded-For, results limited at 5/min: {forged_statuses}")
    if not args.direct:
        print(f"result token in logs: {leaked or 'none'}; access log redacted: {redacted}")
        for problem in problems:
            print("  problem:", problem)
    ok = availability >= 0.99 and total >= 100 and forged_ok
    if not args.direct:
        ok = ok and not leaked and redacted and not problems
    if ok:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f"logs kept in {tmp}")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
