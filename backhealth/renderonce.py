"""Render once, serve many: a page kept as rendered, with each visit's own values filled in.

A questionnaire step shown for the first time is the same page for everyone except its CSRF
token and the run's id; a saved result's page never changes while the library stays the same.
Rendering such a page is most of its cost, so it is rendered once with a *blank* (a marker
no text can contain) where each visit's value goes, kept in the per-process ``rendered``
cache (memory only: result pages hold answers, so they never go to a shared cache), and on
each request the blanks are filled in.

The key comes from `articles.pagecache.page_key`: a staff edit, a changed clinic setting or
number, another language or host all make a new key; entries age out after PAGE_TIMEOUT.
When the content version cannot be read the page is simply rendered each time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token

from articles.pagecache import PAGE_TIMEOUT, page_key

logger = logging.getLogger(__name__)

CACHE = "rendered"
CSRF = "csrf_token"


def blank(name: str) -> str:
    """The marker rendered in place of a per-visit value (Unicode private-use characters:
    never escaped, never typed)."""
    return f"\ue000{name}\ue001"


def serve(
    request,
    render: Callable[[dict[str, str]], HttpResponse],
    values: dict[str, str],
    *parts: str,
    library: bool = True,
) -> HttpResponse:
    """The page from the cache (or `render(blanks)` stored on a miss), blanks filled in.

    `render` gets {name: blank} for every per-visit value, plus the CSRF token's; `values`
    holds this visit's values; `parts` are whatever else the page depends on; `library`:
    whether the page shows anything from the article library (`pagecache.page_key`).
    """
    values = {**values, CSRF: get_token(request)}
    key = page_key(request, "render-once", *parts, library=library)
    stored = _get(key)
    if stored is None:
        response = render({name: blank(name) for name in values})
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code != 200:
            return response
        stored = (response.content, response["Content-Type"])
        _set(key, stored)
    content, content_type = stored
    for name, value in values.items():
        content = content.replace(blank(name).encode(), str(value).encode())
    return HttpResponse(content, content_type=content_type)


def _get(key):
    if key is None:
        return None
    try:
        return caches[CACHE].get(key)
    except Exception as error:  # a cache that fails never fails the page
        logger.warning("render cache unavailable: %s", type(error).__name__)
        return None


def _set(key, value) -> None:
    if key is None:
        return
    try:
        caches[CACHE].set(key, value, PAGE_TIMEOUT)
    except Exception as error:
        logger.warning("render cache unavailable: %s", type(error).__name__)
