"""A saved questionnaire result: coded answers and what the engine made of them, nothing else.

No name, contact details, IP address, user agent, free text or user: the result is reached only
through its capability URL, whose token is never stored (only its SHA-256 hash).

A result is a snapshot: the tier, reasons, causes (with what fits and what does not) and advice
are stored as the engine returned them, with the rules version. Showing a result never runs the
engine again, so an old result keeps its meaning when the rules change.
"""

from dataclasses import asdict
from datetime import timedelta

from django.conf import settings
from django.db import connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessment.engine import RULES_VERSION
from clinical import vocabulary, wording

LIVE, EXPIRED = "live", "expired"
TIER_CHOICES = [(tier, wording.TIER_LABELS[tier]) for tier in vocabulary.TIERS]


def retention_period() -> timedelta:
    return timedelta(days=settings.BACKHEALTH_RESULT_RETENTION_DAYS)


class AssessmentResultQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())

    def live(self, now=None):
        return self.filter(expires_at__gt=now or timezone.now())

    def state(self, token_hash: str) -> str | None:
        """LIVE, EXPIRED, or None when there is no such result.

        Every visit of a result page asks (its page itself is usually kept rendered), so this
        is one plain indexed read rather than an ORM query, which costs more to build than
        to run.
        """
        connection = connections[self.db]
        quote = connection.ops.quote_name
        sql = (
            f"SELECT {quote('expires_at')} > %s FROM {quote(self.model._meta.db_table)} "
            f"WHERE {quote('token_hash')} = %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql, [connection.ops.adapt_datetimefield_value(timezone.now()), token_hash]
            )
            row = cursor.fetchone()
        if row is None:
            return None
        return LIVE if row[0] else EXPIRED

    def record(
        self, token_hash: str, answers: dict, evaluation, rules_version: int = RULES_VERSION
    ) -> "AssessmentResult":
        """Save an engine result once: a second call with the same token hash finds the first."""
        now = timezone.now()
        with transaction.atomic():
            result, _created = self.get_or_create(
                token_hash=token_hash,
                defaults={
                    "answers": answers,
                    "disposition": evaluation.disposition,
                    "reasons": list(evaluation.reasons),
                    "possible_causes": list(evaluation.possible_causes),
                    "cause_details": [asdict(detail) for detail in evaluation.cause_details],
                    "advice": list(evaluation.advice),
                    "rules_version": rules_version,
                    "created_at": now,
                    "expires_at": now + retention_period(),
                },
            )
        return result


class AssessmentResult(models.Model):
    token_hash = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("SHA-256 (hex) of the token in the result's address. The token is not stored."),
    )
    answers = models.JSONField(
        _("answers"), default=dict, help_text=_("The coded answers, keyed by field name.")
    )
    disposition = models.CharField(_("how urgently"), max_length=16, choices=TIER_CHOICES)
    reasons = models.JSONField(
        _("reasons"), default=list, help_text=_("Reason codes, most urgent first.")
    )
    possible_causes = models.JSONField(
        _("possible causes"), default=list, help_text=_("Cause ids, best fit first.")
    )
    cause_details = models.JSONField(
        _("cause details"),
        default=list,
        help_text=_("For each possible cause: its score and the features for and against it."),
    )
    advice = models.JSONField(_("extra advice"), default=list, help_text=_("Extra-advice codes."))
    rules_version = models.PositiveSmallIntegerField(
        _("rules version"), default=1, help_text=_("The version of the rules that made it.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    objects = AssessmentResultQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("symptom check result")
        verbose_name_plural = _("symptom check results")

    def __str__(self):
        return f"{self.get_disposition_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = self.created_at + retention_period()
        super().save(*args, **kwargs)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
