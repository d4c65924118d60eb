"""A saved questionnaire result: coded answers and what the engine made of them, nothing else.

No name, contact details, IP address, user agent, free text or user: the result is reached only
through its capability URL, whose token is never stored (only its SHA-256 hash).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone


class Disposition(models.TextChoices):
    """How soon to get care, most urgent first (the ids in spec/assessment.md)."""

    EMERGENCY = "emergency", "Emergency: go now"
    URGENT = "urgent", "Urgent: same day"
    SOON = "soon", "Soon: within about a week"
    ROUTINE = "routine", "Routine: book an appointment"
    SELF_CARE = "self_care", "Self-care at home"


def retention_period() -> timedelta:
    return timedelta(days=settings.BACKHEALTH_RESULT_RETENTION_DAYS)


class AssessmentResultQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())

    def live(self, now=None):
        return self.filter(expires_at__gt=now or timezone.now())

    def record(self, token_hash: str, answers: dict, evaluation) -> "AssessmentResult":
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
        help_text="SHA-256 (hex) of the token in the result's address. The token is not stored.",
    )
    answers = models.JSONField(
        default=dict, help_text="The coded answers, keyed by field name (spec ids only)."
    )
    disposition = models.CharField(max_length=16, choices=Disposition.choices)
    reasons = models.JSONField(default=list, help_text="Reason codes, most urgent first.")
    possible_causes = models.JSONField(default=list, help_text="Cause slugs, most likely first.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(db_index=True)

    objects = AssessmentResultQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "assessment result"

    def __str__(self):
        return f"{self.get_disposition_display()} result of {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = self.created_at + retention_period()
        super().save(*args, **kwargs)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
