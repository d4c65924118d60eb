"""Run requests through the site in production mode, in a child process.

Settings are read once per process, so production mode is tested the honest way: a fresh
interpreter with the production environment, printing what it saw as JSON.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_PRODUCTION": "true",
    "DJANGO_ALLOWED_HOSTS": "backhealth.example",
    "DJANGO_SECRET_KEY": "p" * 20 + "roduction-test-key-with-enough-randomness-0123456789",
}

SCRIPT = r"""
import json, os, sys
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
from django.conf import settings
settings.STATIC_ROOT = os.environ["TEST_STATIC_ROOT"]  # collected fresh: the manifest is real
call_command("collectstatic", interactive=False, verbosity=0)
call_command("migrate", verbosity=0)
from django.contrib.auth.models import User
User.objects.create_superuser("staff", "staff@example.org", "a-long-test-password-42")
out = {}
client = Client(HTTP_HOST="backhealth.example")
for path in json.loads(sys.argv[1]):
    r = client.get(path, secure=True)
    out[path] = {"status": r.status_code, "headers": dict(r.headers)}
r = client.get("/nope/", secure=False)
out["insecure"] = {"status": r.status_code, "location": r.headers.get("Location")}
r = Client(HTTP_HOST="evil.example").get("/", secure=True)
out["wrong_host"] = {"status": r.status_code}
login = Client(HTTP_HOST="backhealth.example")
login.get("/admin/login/", secure=True)
r = login.post("/admin/login/", {"username": "staff", "password": "a-long-test-password-42"},
               secure=True)
out["cookies"] = {
    name: {k: str(v) for k, v in morsel.items()} | {"value_set": bool(morsel.value)}
    for name, morsel in login.cookies.items()
}
print(json.dumps(out))
"""


def production_env(**extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="backhealth.settings", **extra)
    return env


def fetch(paths: list[str]) -> dict:
    """GET each path over HTTPS in production mode; also report cookies and redirects."""
    with tempfile.TemporaryDirectory() as tmp:
        env = production_env(
            SQLITE_PATH=str(Path(tmp) / "prod.sqlite3"), TEST_STATIC_ROOT=str(Path(tmp) / "static")
        )
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, json.dumps(paths)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def manage(*args, **extra_env) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as tmp:
        env = production_env(SQLITE_PATH=str(Path(tmp) / "prod.sqlite3"), **extra_env)
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
