"""Saved results for the site tests: the one place they know how a result is made.

AssessmentResult's fields are being reworked: if creating a result changes, adapt `make_result`
and nothing else.
"""

from datetime import timedelta

from django.utils import timezone

from assessment import engine, tokens
from assessment.models import AssessmentResult
from tests.assessment.cases import CALM


def make_result(expired: bool = False) -> str:
    """Save a result (through the model's own manager method) and return its live token."""
    token = tokens.token_for(tokens.new_submission_id())
    result = AssessmentResult.objects.record(tokens.hash_token(token), CALM, engine.evaluate(CALM))
    if expired:
        AssessmentResult.objects.filter(pk=result.pk).update(
            expires_at=timezone.now() - timedelta(days=1)
        )
    return token
