"""Shared fixtures: plain static storage for tests, and a real Chromium for browser tests."""

import os
import shutil

import pytest

# Playwright's sync API runs an asyncio loop in the test thread; Django would then refuse
# database calls there (SynchronousOnlyOperation). Safe: the loop is only Playwright's.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
HAVE_CHROMIUM = bool(shutil.which(CHROMIUM) or os.path.exists(CHROMIUM))


def pytest_collection_modifyitems(config, items):
    """Browser tests run whenever Chromium is present; in CI a missing browser is a failure.

    Only browser tests may be parametrized by browser: pytest-playwright does that to any test
    with an argument named `page`, and pytest then moves the browser tests (which empty the
    database when they finish) in among the others, whose data (groups, pages) is then gone.
    """
    for item in items:
        in_browser = "tests/browser/" in str(item.path).replace(os.sep, "/")
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "browser_name" in params and not in_browser:
            raise pytest.UsageError(f"{item.nodeid}: rename its `page` argument (playwright's)")
        if in_browser:
            item.add_marker(pytest.mark.browser)
            if not HAVE_CHROMIUM and not IN_CI:
                item.add_marker(pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not HAVE_CHROMIUM:
        pytest.fail(f"Chromium is required for browser tests (looked for {CHROMIUM})")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """The manifest storage needs collectstatic; tests use plain storage instead.

    Rate limits are off too: the suite posts far faster than a person from one address.
    tests/site/test_throttle.py switches them on to test them. Passwords use a fast hasher.
    """
    settings.RATELIMIT_ENABLE = False
    # Test users need no slow password hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_process_cache():
    """Cached pages and counters must not leak from one test into the next."""
    from django.core.cache import caches

    for alias in ("default", "search", "rendered"):  # all per-process memory in tests
        caches[alias].clear()
    yield
    for alias in ("default", "search", "rendered"):
        caches[alias].clear()
