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
    submitted = [
        _item(obj.live, "review")
        for model in (Article, Page)
        for obj in model.objects.filter(status=Status.SUBMITTED).select_related("pending_for")[
            :LIMIT
        ]
    ]
    overdue = [
        _item(a, note=_("due %(date)s") % {"date": a.next_review_due.isoformat()})
        for a in articles.filter(next_review_due__lt=today).order_by("next_review_due")[:LIMIT]
    ]
    soon = [
        _item(a, note=_("due %(date)s") % {"date": a.next_review_due.isoformat()})
        for a in articles.filter(
            next_review_due__gte=today,
            next_review_due__lte=today + datetime.timedelta(days=SOON_DAYS),
        ).order_by("next_review_due")[:LIMIT]
    ]
    stale_after = today - datetime.timedelta(days=SOURCES_CHECK_DAYS)
    unchecked = [
        _item(a)
        for a in (
            articles.filter(sources_checked__isnull=True)
            | articles.filter(sources_checked__lt=stale_after)
        ).order_by("title")[:LIMIT]
    ]
    return [
        {"title": _("Submitted for review"), "items": submitted},
        {"title": _("Overdue for review"), "items": overdue},
        {"title": _("Review due in the next %(days)s days") % {"days": SOON_DAYS}, "items": soon},
        {"title": _("Sources not checked in the last year"), "items": unchecked},
    ]
