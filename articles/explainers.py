"""Which article explains each possible cause, and the guards that keep every cause explained.

The symptom check links a possible cause to the published article whose "explains" list holds
it (`ArticleQuerySet.explainers`). An article's slug can change freely; taking away the only
published explainer of a cause (unpublishing it, deleting it, or unticking the cause) is
refused in the admin, and a system check warns when a cause has no published explainer.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core import checks
from django.db import DatabaseError
from django.utils.translation import gettext as _

from clinical import vocabulary, wording


def causes_left_unexplained(article, *, published: bool, explains: Iterable[str]) -> list[str]:
    """The causes that would have no published explainer if `article` became like this."""
    from articles.models import Article

    if article.pk is None:
        return []
    live = Article.objects.published().filter(pk=article.pk).exists()
    was = set(article.explains or ()) if live else set()
    keeps = set(explains) if published else set()
    lost = [cause for cause in vocabulary.CAUSES if cause in was - keeps]
    if not lost:
        return []
    others = Article.objects.published().exclude(pk=article.pk).explainers()
    return [cause for cause in lost if cause not in others]


def refusal_message(causes: Iterable[str]) -> str:
    names = ", ".join(str(wording.CAUSE_NAMES[cause]) for cause in causes)
    return _(
        "This is the only published article that explains: %(causes)s. The symptom check links "
        "to it for these causes. Tick them in another published article first."
    ) % {"causes": names}


def unexplained_causes() -> list[str]:
    """Causes that no published article explains (the result shows them without a link)."""
    from articles.models import Article

    explained = Article.objects.published().explainers()
    return [cause for cause in vocabulary.CAUSES if cause not in explained]


@checks.register(checks.Tags.database)
def check_every_cause_explained(app_configs=None, **kwargs):
    """Warn when a possible cause has no published article to link to."""
    try:
        missing = unexplained_causes()
    except DatabaseError:
        return []  # no database (yet): nothing to check
    return [
        checks.Warning(
            f"No published article explains the possible cause {cause!r}.",
            hint="Tick it under 'Explains these possible causes' on a published article.",
            id="articles.W001",
        )
        for cause in missing
    ]
