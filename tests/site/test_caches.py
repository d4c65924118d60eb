"""The counters' table (no Redis): an increment is atomic and keeps the counter's expiry."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection, connections

COUNTER = "test:counter"


def stored_expiry(key: str):
    counters = caches["shared"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT expires FROM backhealth_shared_cache WHERE cache_key = %s",
            [counters.make_key(key)],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_incr_adds_and_keeps_the_counters_expiry():
    counters = caches["shared"]
    counters.set(COUNTER, 5, timeout=None)  # never expires, as the content version
    before = stored_expiry(COUNTER)
    assert counters.incr(COUNTER, 3) == 8
    assert counters.decr(COUNTER) == 7
    assert counters.get(COUNTER) == 7
    assert stored_expiry(COUNTER) == before


@pytest.mark.django_db
def test_incr_of_a_missing_or_expired_counter_is_a_value_error():
    counters = caches["shared"]
    with pytest.raises(ValueError, match="not found"):
        counters.incr("test:never-set")
    counters.set(COUNTER, 1, timeout=0)  # expires at once
    with pytest.raises(ValueError, match="not found"):
        counters.incr(COUNTER)
    assert counters.get(COUNTER) is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_increments_lose_no_count():
    """Threads, each with its own connection, as gunicorn workers would be.

    PostgreSQL: the row lock (SELECT ... FOR UPDATE) queues them. SQLite has no row locks:
    the site's file database opens every transaction with BEGIN IMMEDIATE (settings), its one
    write lock, and a writer waits for it (busy_timeout), so increments queue there too. The
    test database on SQLite is in memory with a shared cache, where a second writer is refused
    at once ("database table is locked") instead of waiting: nothing to learn there.
    """
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("SQLite's in-memory test database refuses concurrent writers outright")
    counters = caches["shared"]
    counters.set(COUNTER, 0, timeout=None)
    threads, each = 8, 25
    start = threading.Barrier(threads)
    errors = []

    def count():
        try:
            start.wait()
            for _ in range(each):
                counters.incr(COUNTER)
        except Exception as error:  # reported below: a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=count) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert counters.get(COUNTER) == threads * each


# The same on a SQLite file, as the site runs without DATABASE_URL (its own process: the
# test database cannot be a file for one test).
_ON_A_FILE = """
import json, threading, django
django.setup()
from django.core.cache import caches
from django.core.management import call_command
from django.db import connections
call_command("createcachetable", verbosity=0)
counters = caches["shared"]
counters.set("counter", 0, timeout=None)
start, errors = threading.Barrier(8), []
def count():
    try:
        start.wait()
        for _ in range(25):
            counters.incr("counter")
    except Exception as error:
        errors.append(repr(error))
    finally:
        connections.close_all()
workers = [threading.Thread(target=count) for _ in range(8)]
[w.start() for w in workers]
[w.join() for w in workers]
print(json.dumps([counters.get("counter"), errors]))
"""


def test_concurrent_increments_on_a_sqlite_file_lose_no_count(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_COUNTERS_URL")}
    env.update(SQLITE_PATH=str(tmp_path / "counters.sqlite3"), DJANGO_LOG_LEVEL="WARNING")
    done = subprocess.run(
        [sys.executable, "-c", _ON_A_FILE],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    count, errors = json.loads(done.stdout.strip().splitlines()[-1])
    assert errors == []
    assert count == 8 * 25
