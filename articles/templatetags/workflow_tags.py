"""The admin index's "Needs attention" panel."""

import datetime

from django import template
from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, Page, Status

register = template.Library()

SOON_DAYS = 30
SOURCES_CHECK_DAYS = 365
LIMIT = 20


def _item(obj, view="change", note=""):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[quote(obj.pk)])
    return {"title": str(obj), "url": url, "note": note}


@register.simple_tag
def needs_attention(user) -> list[dict]:
    """Groups of items to act on, for staff who may see articles ([] for anyone else)."""
    if not user.has_perm("articles.view_article"):
        return []
    today = timezone.localdate()
    articles = Article.objects.live().only("title", "next_review_due", "sources_checked")
    waiting = [model.objects.filter(status=Status.SUBMITTED) for model in (Article, Page)]
    overdue = articles.filter(next_review_due__lt=today).order_by("next_review_due")
    soon = articles.filter(
        next_review_due__gte=today,
        next_review_due__lte=today + datetime.timedelta(days=SOON_DAYS),
    ).order_by("next_review_due")
    stale_after = today - datetime.timedelta(days=SOURCES_CHECK_DAYS)
    unchecked = (
        articles.filter(sources_checked__isnull=True)
        | articles.filter(sources_checked__lt=stale_after)
    ).order_by("title")

    def due(article):
        return _item(article, note=_("due %(date)s") % {"date": article.next_review_due})

    return [
        {
            "title": _("Submitted for review"),
            "count": sum(q.count() for q in waiting),
            "items": [
                _item(obj.live, "review")
                for q in waiting
                for obj in q.select_related("pending_for")[:LIMIT]
            ],
        },
        {
            "title": _("Overdue for review"),
            "count": overdue.count(),
            "items": [due(a) for a in overdue[:LIMIT]],
        },
        {
            "title": _("Review due in the next %(days)s days") % {"days": SOON_DAYS},
            "count": soon.count(),
            "items": [due(a) for a in soon[:LIMIT]],
        },
        {
            "title": _("Sources not checked in the last year"),
            "count": unchecked.count(),
            "items": [_item(a) for a in unchecked[:LIMIT]],
        },
    ]
