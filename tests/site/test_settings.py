"""Local-mode settings: SQLite by default, DATABASE_URL honoured, safe defaults."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def settings_in_child(expr: str, **env) -> str:
    """Evaluate a settings expression in a fresh interpreter with the given environment."""
    full_env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_DEBUG"}}
    full_env.update(env, DJANGO_SETTINGS_MODULE="backhealth.settings")
    code = f"import django; django.setup(); from django.conf import settings; print({expr})"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=full_env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_sqlite_is_the_default_and_tuned_for_several_workers():
    engine = settings_in_child("settings.DATABASES['default']['ENGINE']")
    assert engine == "django.db.backends.sqlite3"
    options = settings_in_child("settings.DATABASES['default']['OPTIONS']")
    assert "'transaction_mode': 'IMMEDIATE'" in options
    assert "journal_mode=WAL" in options
    assert "busy_timeout" in options


def test_database_url_selects_postgresql_with_health_checks():
    url = "postgres://someone@db.example:5432/backhealth"
    db = settings_in_child(
        "(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'],"
        " settings.DATABASES['default']['CONN_MAX_AGE'],"
        " settings.DATABASES['default']['CONN_HEALTH_CHECKS'])",
        DATABASE_URL=url,
    )
    assert db == "('django.db.backends.postgresql', 'backhealth', 600, True)"


def test_local_mode_has_debug_off_and_local_hosts():
    assert settings_in_child("settings.DEBUG") == "False"
    assert settings_in_child("settings.ALLOWED_HOSTS") == "['127.0.0.1', 'localhost']"
    assert settings_in_child("settings.SECURE_SSL_REDIRECT") == "False"


def test_emergency_number_and_site_name_are_settings():
    assert settings_in_child("settings.BACKHEALTH_EMERGENCY_NUMBER") == "911"
    assert (
        settings_in_child("settings.BACKHEALTH_EMERGENCY_NUMBER", BACKHEALTH_EMERGENCY_NUMBER="112")
        == "112"
    )
    assert settings_in_child("settings.BACKHEALTH_SITE_NAME") == "BackHealth"


def test_the_test_run_uses_the_configured_database(db):
    """The suite runs on whichever database DATABASE_URL names (PostgreSQL in CI's second run)."""
    expected = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    assert connection.vendor == expected


def test_trusted_proxies_default_to_loopback_and_the_unix_socket():
    assert settings_in_child("sorted(settings.BACKHEALTH_TRUSTED_PROXIES)") == str(
        sorted(["127.0.0.1", "::1", "unix"])
    )


def test_a_trusted_proxy_that_is_not_an_address_refuses_to_start():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="backhealth.settings", BACKHEALTH_TRUSTED_PROXIES="proxy")
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "BACKHEALTH_TRUSTED_PROXIES" in done.stderr


def test_counters_and_pages_use_the_redis_they_are_given():
    caches = settings_in_child(
        "{k: (v['BACKEND'].rsplit('.', 1)[1], v.get('LOCATION')) for k, v in "
        "settings.CACHES.items()}",
        REDIS_URL="redis://127.0.0.1:1/0",
        REDIS_COUNTERS_URL="redis://127.0.0.1:2/0",
    )
    assert "'default': ('FailSoftRedisCache', 'redis://127.0.0.1:1/0')" in caches
    assert "'shared': ('FailSoftRedisCache', 'redis://127.0.0.1:2/0')" in caches
    assert "'lockouts': ('RedisCache', 'redis://127.0.0.1:2/0')" in caches
    assert "'search': ('LocMemCache', 'search-pages')" in caches
