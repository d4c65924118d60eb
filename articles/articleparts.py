"""An article's child rows, edited inline with it and versioned with it: its "When to get
help" care cards and its sources.

Each row points at its article by the string ``"articles.Article"``, so this module does not
import :mod:`articles.models`; that module imports this one, so Django registers the models
and ``from articles.models import CareCard, Source`` keeps working.
"""

from __future__ import annotations

import reversion
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles import contentfiles
from clinical.vocabulary import CARE_LEVELS, WARNING_SIGNS
from clinical.wording import SIGN_LABELS, TIER_LABELS, care_level_choices


@reversion.register()
class CareCard(models.Model):
    """One "When to get help" card of an article: one level, a short list of triggers."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="care_cards"
    )
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=care_level_choices(),
        help_text=_("How soon to get help. The card shows this label in words."),
    )
    triggers = models.TextField(
        _("when to get help at this level"),
        help_text=_(
            "One trigger per line, each a plain sentence (shown as a bulleted list). On the "
            "emergency card, a line that says only WARNING_SIGNS lists every emergency "
            "warning sign. Write EMERGENCY_NUMBER, HEALTH_LINE or CRISIS_LINE for a phone "
            "number. Never put advice of another level on this card."
        ),
    )

    class Meta:
        verbose_name = _("care card")
        verbose_name_plural = _("care cards")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "level"], name="articles_carecard_one_per_level"
            )
        ]

    def __str__(self):
        return str(TIER_LABELS.get(self.level, self.level))

    def save(self, *args, **kwargs):
        self.triggers = "\n".join(self.trigger_lines)
        super().save(*args, **kwargs)

    @property
    def rank(self) -> int:
        return CARE_LEVELS.index(self.level) if self.level in CARE_LEVELS else len(CARE_LEVELS)

    @property
    def trigger_lines(self) -> list[str]:
        """The lines as stored (blank lines and stray spaces dropped)."""
        return [" ".join(line.split()) for line in self.triggers.splitlines() if line.strip()]

    @property
    def items(self) -> list:
        """The bullets to show: the WARNING_SIGNS line becomes every warning sign's words."""
        items = []
        for line in self.trigger_lines:
            if line == contentfiles.WARNING_SIGNS_TOKEN:
                items += [SIGN_LABELS[sign] for sign in WARNING_SIGNS]
            else:
                items.append(line)
        return items


https_only = URLValidator(schemes=["https"], message=_("Enter a web address that starts https://"))


@reversion.register()
class Source(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="sources"
    )
    publisher = models.CharField(max_length=200, help_text=_("For example NHS or NICE."))
    title = models.CharField(max_length=300, help_text=_("The title of the page or guideline."))
    year = models.PositiveSmallIntegerField(help_text=_("The year it was published or updated."))
    url = models.URLField(
        _("web address"),
        max_length=500,
        validators=[https_only],
        help_text=_("Must start with https://"),
    )
    order = models.PositiveSmallIntegerField(default=0, help_text=_("Position in the list."))

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.publisher}: {self.title} ({self.year})"
