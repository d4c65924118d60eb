"""A cache that fails never takes the site down: pages render uncached, limits fail in a
documented direction (questionnaire and results open, admin login closed), and /-/health/
reports each dependency."""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from axes.handlers.proxy import AxesProxyHandler
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from backhealth.settings import cache_settings
from tests.site.results import make_result

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def free_port() -> int:
    """A loopback port nothing listens on (connections to it are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def library(db):
    call_command("load_content", verbosity=0)


@pytest.fixture
def use_redis(settings):
    """Switch every cache to Redis at `url` (page cache and counters), as the settings would."""

    def switch(url):
        settings.CACHES = cache_settings(url, url)
        AxesProxyHandler.get_implementation(force=True)  # it keeps its cache from the start

    yield switch
    settings.CACHES = cache_settings()
    AxesProxyHandler.get_implementation(force=True)


@pytest.fixture
def redis_refused(use_redis):
    """REDIS_URL and REDIS_COUNTERS_URL both point at a closed port."""
    closed = f"redis://127.0.0.1:{free_port()}/0"
    use_redis(closed)
    return closed


def public_pages(token):
    return [
        "/",
        "/topics/causes/",
        "/articles/sciatica/",
        "/glossary/",
        "/search/?q=sciatica",
        reverse("assessment:start"),
        f"/results/{token}/",
        "/robots.txt",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        reverse("admin:login"),
    ]


def test_redis_refused_every_public_page_still_answers_200(library, redis_refused):
    client = Client(raise_request_exception=False)
    token = make_result()
    for _ in range(2):  # the first request fails over, the second skips Redis at once
        statuses = {path: client.get(path).status_code for path in public_pages(token)}
        assert set(statuses.values()) == {200}, statuses


def test_redis_refused_health_reports_the_caches_down_but_the_site_up(db, redis_refused):
    response = Client().get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "down",
        "counters": "down",
    }


def test_redis_refused_questionnaire_and_results_stay_open(db, settings, redis_refused):
    """Rate limits fail open: nobody is kept from the questionnaire by a broken cache."""
    settings.RATELIMIT_ENABLE = True
    settings.BACKHEALTH_RATE_QUESTIONNAIRE = "1/m"
    settings.BACKHEALTH_RATE_RESULTS = "1/m"
    client = Client(REMOTE_ADDR="203.0.113.40")
    token = make_result()
    assert [client.post(reverse("assessment:begin")).status_code for _ in range(3)] == [302] * 3
    assert [client.get(f"/results/{token}/").status_code for _ in range(3)] == [200] * 3


def test_redis_refused_admin_login_fails_closed_with_the_503_page(db, redis_refused):
    """No lockout counter, no guesses: staff get "try again in a minute", not a traceback."""
    client = Client(raise_request_exception=False)
    response = client.post(reverse("admin:login"), {"username": "editor", "password": "guess"})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert b"busy right now" in response.content
    assert b"Traceback" not in response.content


def test_health_reports_ok_with_every_dependency_up(db):
    assert Client().get(reverse("health")).json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "counters": "ok",
    }


SCRIPT = r"""
import json, django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
from django.conf import settings
plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
settings.STORAGES = {**settings.STORAGES, "staticfiles": plain}  # no collectstatic needed
call_command("migrate", verbosity=0)
call_command("load_content", verbosity=0)
c = Client(raise_request_exception=False)
out = {p: c.get(p).status_code for p in ["/", "/articles/sciatica/", "/search/?q=disc"]}
out["health"] = c.get("/-/health/").json()
print(json.dumps(out))
"""


def test_redis_url_at_a_closed_port_from_the_environment():
    """The settings as an operator sets them: REDIS_URL pointing at nothing."""
    closed = f"redis://127.0.0.1:{free_port()}/0"
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(
            DJANGO_SETTINGS_MODULE="backhealth.settings",
            SQLITE_PATH=str(Path(tmp) / "db.sqlite3"),
            REDIS_URL=closed,
            REDIS_COUNTERS_URL=closed,
            DJANGO_LOG_LEVEL="ERROR",
        )
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out.pop("health") == {
        "status": "degraded",
        "database": "ok",
        "cache": "down",
        "counters": "down",
    }
    assert set(out.values()) == {200}, out


@pytest.fixture
def redis_server(use_redis):
    """A Redis of our own on a free loopback port, used for every cache; stopped afterwards."""
    binary = shutil.which("redis-server")
    if not binary:
        if IN_CI:
            pytest.fail("redis-server is required in CI (apt-get install redis-server)")
        pytest.skip("redis-server not installed")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        use_redis(f"redis://127.0.0.1:{port}/0")
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_redis_stopped_mid_load_pages_keep_answering(library, redis_server):
    client = Client(raise_request_exception=False)
    article = "/articles/sciatica/"
    client.get(article)
    assert client.get(article)["X-Page-Cache"] == "hit"  # Redis really holds the page
    redis_server.terminate()
    redis_server.wait(timeout=10)
    statuses = [client.get(path).status_code for path in [article, "/", "/search/?q=back"] * 5]
    assert set(statuses) == {200}
    assert "X-Page-Cache" not in client.get(article)  # rendered, not served from a cache
    assert Client().get(reverse("health")).json()["cache"] == "down"
    caches["default"].get("anything")  # still no exception
