"""Cache backends that keep the site up: Redis that fails soft, and a counter table never trimmed.

- ``FailSoftRedisCache``: while Redis cannot be reached, every read is a miss and every write
  is dropped (``incr`` raises ``ValueError``, Django's "no such key"), so a page renders
  uncached and a rate limit finds no counter (django-ratelimit then fails open with
  ``RATELIMIT_FAIL_OPEN``). After a failure the process leaves Redis alone for a few seconds
  (one log line, not one per request) and tries again. ``ping()`` still raises, for the
  health check.
- ``CounterDatabaseCache``: the database cache table for counters (login lockouts, rate
  limits, the library's content version). Django's table cache deletes a third of its rows,
  live or not, once it holds more than ``MAX_ENTRIES``, so junk traffic could evict a lockout.
  This one only ever deletes expired rows, and its ``incr`` is atomic (Django's reads, then
  writes: two workers counting at once could lose a count, and the counter its expiry).

Login lockouts (django-axes) deliberately use a plain, raising backend on the same store: if
the counters cannot be read, the admin login answers the "busy, try again" 503 page instead
of letting guesses through (``backhealth.outage.is_cache_outage``).
"""

from __future__ import annotations

import base64
import logging
import pickle
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router, transaction
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How long a process leaves Redis alone after a failure before trying again.
RETRY_AFTER_FAILURE_SECONDS = 5.0


class FailSoftRedisCache(RedisCache):
    """Redis as a cache, never as a dependency: unreachable means "nothing stored"."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def _call(self, method: str, failed, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return failed()
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except RedisError as error:
            if not self._down_until:
                logger.warning("cache unreachable (%s): serving without it", type(error).__name__)
            self._down_until = time.monotonic() + RETRY_AFTER_FAILURE_SECONDS
            return failed()
        if self._down_until:
            self._down_until = 0.0
            logger.warning("cache reachable again")
        return result

    def ping(self) -> None:
        """Raise unless Redis answers now (the health check; ignores the back-off)."""
        self._cache.get_client().ping()
        self._down_until = 0.0

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", lambda: False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", lambda: None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, keys, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (cache unreachable).")

        return self._call("incr", missing, key, delta, version)

    def clear(self):
        return self._call("clear", lambda: False)


class CounterDatabaseCache(DatabaseCache):
    """The database cache table, trimmed of expired rows only: live counters are never evicted.

    ``MAX_ENTRIES`` is only the point at which expired rows are swept out.
    """

    def _cull(self, db, cursor, now, num):
        ops = connections[db].ops
        cursor.execute(
            f"DELETE FROM {ops.quote_name(self._table)} WHERE {ops.quote_name('expires')} < %s",
            [ops.adapt_datetimefield_value(now)],
        )

    def incr(self, key, delta=1, version=None):
        """Add ``delta`` to a stored number in one transaction, its row locked; keep its expiry.

        PostgreSQL: ``SELECT ... FOR UPDATE`` makes a concurrent ``incr`` wait for this one, so
        no count is lost. SQLite has no row locks, but our settings open every transaction with
        ``BEGIN IMMEDIATE`` (the database's write lock), so increments run one after another.
        """
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, cache_key = quote(self._table), quote("cache_key")
        db_key = self.make_and_validate_key(key, version=version)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {table} WHERE {cache_key} = %s{lock}", [db_key])
            value = self.get(key, _MISSING, version=version)  # missing once expired too
            if value is _MISSING:
                raise ValueError(f"Key '{key}' not found")
            value += delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s WHERE {cache_key} = %s",
                [encoded, db_key],
            )
        return value


_MISSING = object()
