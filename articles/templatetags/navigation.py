"""The site's navigation, built from the topics (categories) in the database.

A new category shows in the header and the footer without a code change (and at once: the
page cache is dropped whenever a category changes). When the database cannot be read the
navigation is simply shorter: a page never fails because of its menu.
"""

from __future__ import annotations

import logging

from django import template

from articles.models import Category

register = template.Library()
logger = logging.getLogger(__name__)


def topics() -> list[dict]:
    """[{"name", "slug", "url"}] for every category, in their order; [] if it fails.

    One small query (three columns of a handful of rows). The library pages that carry it
    are served from the page cache, so most requests make none at all.
    """
    try:
        return [
            {"name": c.name, "slug": c.slug, "url": c.get_absolute_url()}
            for c in Category.objects.only("slug", "name", "order")
        ]
    except Exception:  # the menu must never break a page (database down, no access)
        logger.warning("navigation: categories could not be read; menu without topics")
        return []


@register.simple_tag(takes_context=True)
def nav_topics(context):
    """The topics for the menu. Pages rendered with no request (the 500 page) get none:
    they must not touch the database."""
    if context.get("request") is None:
        return []
    return topics()
