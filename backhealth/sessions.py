"""The database session store, reading a session with one plain indexed query.

Every questionnaire page reads the session (the answers so far live there), and building the
ORM query for Django's own read costs more than running it. `load()` (the session store's
public API) reads the row directly; anything unusual (no such session, an expired one) is
left to Django's own `load()`, which also makes sure a new session key is issued.
Selected by SESSION_ENGINE; everything else is Django's `db` store.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self) -> dict:
        if self.session_key is None:
            return super().load()
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        sql = (
            f"SELECT {quote('session_data')} FROM {quote(model._meta.db_table)} "
            f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        with connection.cursor() as cursor:
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        return self.decode(row[0]) if row else super().load()
