"""Cache of the public library pages, dropped whenever staff change the library.

Rendered pages are kept in the per-process ``default`` cache under a key that includes a
*content version*. The version lives in the ``shared`` cache (Redis, or the database table
when there is no Redis), so a staff edit handled by one gunicorn worker shows at once on
every worker: they all see the new version and render afresh. Old entries simply age out.

Only anonymous GETs without a query string are cached; staff (who may see draft previews)
and anything else go straight to the view. Cached pages hold no CSRF token and no CSP nonce
(the library pages have no inline scripts and no POST forms).
"""

import hashlib
import math
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

VERSION_KEY = "articles:content-version"
PAGE_TIMEOUT = 5 * 60


def page_timeout() -> int:
    """PAGE_TIMEOUT, cut short so no page outlives the next scheduled publish time."""
    from articles.workflow import next_scheduled_publish  # late: it imports the models

    at = next_scheduled_publish()
    if at is None:
        return PAGE_TIMEOUT
    return max(1, min(PAGE_TIMEOUT, math.ceil((at - timezone.now()).total_seconds())))


def content_version() -> int:
    shared = caches["shared"]
    version = shared.get(VERSION_KEY)
    if version is None:
        shared.add(VERSION_KEY, 1, timeout=None)
        version = shared.get(VERSION_KEY, 1)
    return version


def invalidate() -> None:
    """The library changed: every cached page is out of date."""
    shared = caches["shared"]
    try:
        shared.incr(VERSION_KEY)
    except ValueError:  # no version yet (or it was evicted): start a new series
        shared.set(VERSION_KEY, content_version() + 1, timeout=None)


def _cacheable(request, params: tuple[str, ...]) -> bool:
    if request.method not in ("GET", "HEAD") or set(request.GET) - set(params):
        return False
    # Only look at the user (a session read) when there is a session at all.
    return not (request.COOKIES and getattr(request.user, "is_staff", False))


def cache_public_page(view=None, *, params: tuple[str, ...] = (), lists: bool = True):
    """Serve a stored copy of the page to anonymous visitors; render and store on a miss.

    ``params`` names the query parameters the page depends on (search's ``q``): they become
    part of the key, trimmed to a sane length; any other parameter skips the cache.
    ``lists``: the page lists articles, so a scheduled one must appear on time.
    """
    if view is None:
        return lambda view: cache_public_page(view, params=params, lists=lists)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request, params):
            return view(request, *args, **kwargs)
        # Settings shown on every page are part of the key: a changed number shows at once.
        # So is the language the page is rendered in.
        parts = (
            str(content_version()),
            settings.BACKHEALTH_EMERGENCY_NUMBER,
            settings.BACKHEALTH_HEALTH_LINE,
            settings.BACKHEALTH_SITE_NAME,
            get_language() or "",
            request.path,
            *(request.GET.get(p, "")[:200] for p in params),
        )
        key = "articles:page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
        stored = caches["default"].get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.has_header("Cache-Control"):
                caches["default"].set(
                    key,
                    (response.content, response["Content-Type"]),
                    page_timeout() if lists else PAGE_TIMEOUT,
                )
                response["X-Page-Cache"] = "miss"
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
