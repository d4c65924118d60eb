"""Start and stop the site under gunicorn on loopback for the tools.

Shared by tools/bench.py, tools/loadtest.py, tools/proxytest.py, tools/lighthouse.py and
tools/checkpages.py: a free loopback port, `manage.py` commands run in a given environment,
gunicorn started on 127.0.0.1 (waited for until /-/alive/ answers) and stopped with its
process group, and the environment for Django's test client in a child process.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def migrate(env):
    """An empty database's tables. The system checks run in `make check`; here, before the
    content is loaded, they would only warn that no article explains each possible cause."""
    manage(env, "migrate", "--noinput", "--verbosity", "0", "--skip-checks")


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


def client_env(env):
    """For Django's test client in a child process, without the test environment (its template
    instrumentation would slow every render down)."""
    return {**env, "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost"}
