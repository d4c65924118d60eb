"""Local-mode settings: SQLite by default, DATABASE_URL honoured, safe defaults."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
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


def test_sessions_are_stored_in_the_database():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


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
