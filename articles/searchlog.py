"""What people search for and do not find: zero-result queries counted per day.

The GOV.UK habit for finding missing content. Only the normalised query (lower-case words)
and a daily count are kept: no IP address, no session, nothing that says who searched. The
table is bounded: at most MAX_QUERIES_PER_DAY different queries a day (later new ones are
not recorded, known ones still count), and rows older than RETENTION_DAYS are purged by
``manage.py purge_search_log``.
"""

from __future__ import annotations

import datetime
import logging

from django.db import DatabaseError, IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_QUERIES_PER_DAY = 500
RETENTION_DAYS = 90
QUERY_LENGTH = 100

logger = logging.getLogger(__name__)


class ZeroResultQuery(models.Model):
    """A search that found nothing, and how many times it was made that day."""

    day = models.DateField(_("day"), db_index=True)
    query = models.CharField(
        _("query"), max_length=QUERY_LENGTH, help_text=_("As searched, in lower case.")
    )
    count = models.PositiveIntegerField(_("searches"), default=1)

    class Meta:
        app_label = "articles"
        ordering = ["-count", "-day", "query"]
        constraints = [
            models.UniqueConstraint(fields=["day", "query"], name="zero_result_query_once_a_day")
        ]
        verbose_name = _("search with no results")
        verbose_name_plural = _("searches with no results")

    def __str__(self):
        return f"{self.day}: {self.query} ({self.count})"


def record(normalised_query: str) -> None:
    """Count one zero-result search. Never fails the search: a database error is logged."""
    query = normalised_query[:QUERY_LENGTH].strip()
    if not query:
        return
    today = timezone.localdate()
    rows = ZeroResultQuery.objects.filter(day=today, query=query)
    try:
        if rows.update(count=F("count") + 1):
            return
        if ZeroResultQuery.objects.filter(day=today).count() >= MAX_QUERIES_PER_DAY:
            return
        try:
            with transaction.atomic():
                ZeroResultQuery.objects.create(day=today, query=query)
        except IntegrityError:  # another request created it a moment ago
            rows.update(count=F("count") + 1)
    except DatabaseError:
        logger.warning("zero-result search not counted (database error)")


def purge(days: int = RETENTION_DAYS) -> int:
    """Delete counts older than ``days`` days; returns how many rows went."""
    cutoff = timezone.localdate() - datetime.timedelta(days=days)
    deleted, _by_model = ZeroResultQuery.objects.filter(day__lt=cutoff).delete()
    return deleted
