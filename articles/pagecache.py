"""Cache of the public library pages, dropped whenever staff change the library.

Rendered pages are kept in the per-process ``default`` cache under a key that includes a
*content version*. The version lives in the ``shared`` cache (Redis, or the database table
when there is no Redis), so a staff edit handled by one gunicorn worker shows at once on
every worker: they all see the new version and render afresh. Old entries simply age out.

Only anonymous GETs are cached, and only with the query parameters a page names (a page
number, which the page checks: an unknown number is a 404, never stored); staff (who may see
draft previews) and anything else go straight to the view. Cached pages hold no CSRF token
and no CSP nonce (the library pages have no inline scripts and no POST forms). Search keeps
its own outcomes in the bounded per-process ``search`` cache (`articles.searchcache`), at most
MAX_SEARCH_PAGE_BYTES per page: whatever people type, it cannot grow. A cache that fails
never fails the page: it renders uncached.
"""

import hashlib
import logging
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSION_KEY = "articles:content-version"
PAGE_TIMEOUT = 5 * 60


def page_timeout() -> int:
    """PAGE_TIMEOUT, cut short so no page outlives the next scheduled publish time."""
    from articles.workflow import next_scheduled_publish  # late: it imports the models

    at = next_scheduled_publish()
    if at is None:
        return PAGE_TIMEOUT
    return max(1, min(PAGE_TIMEOUT, math.ceil((at - timezone.now()).total_seconds())))


def _new_series() -> int:
    # A new version series starts at the clock (microseconds), never at 1: should the version
    # ever be lost (a Redis restart), pages cached under an old number cannot match again.
    return time.time_ns() // 1000


def content_version() -> int | None:
    """The library's content version; None when the counters cannot be read (cache nothing)."""
    shared = caches["shared"]
    try:
        version = shared.get(VERSION_KEY)
        if version is None:
            shared.add(VERSION_KEY, _new_series(), timeout=None)
            version = shared.get(VERSION_KEY)
    except Exception as error:  # any backend: the page is served uncached, never a 500
        logger.warning("content version unavailable: %s", type(error).__name__)
        return None
    return version


def invalidate() -> None:
    """The library changed: every cached page is out of date."""
    shared = caches["shared"]
    try:
        try:
            shared.incr(VERSION_KEY)
        except ValueError:  # no version yet, or the counters are unreachable
            shared.set(VERSION_KEY, _new_series(), timeout=None)
    except Exception as error:  # pages already cached age out within PAGE_TIMEOUT
        logger.error("content version not bumped: %s", type(error).__name__)


def _get(cache, key):
    try:
        return cache.get(key)
    except Exception as error:
        logger.warning("page cache unavailable: %s", type(error).__name__)
        return None


def _set(cache, key, value, timeout=PAGE_TIMEOUT):
    try:
        cache.set(key, value, timeout)
    except Exception as error:
        logger.warning("page cache unavailable: %s", type(error).__name__)


def _cacheable(request, params: tuple[str, ...]) -> bool:
    if request.method not in ("GET", "HEAD") or set(request.GET) - set(params):
        return False
    # Only look at the user (a session read) when there is a session at all.
    return not (request.COOKIES and getattr(request.user, "is_staff", False))


def page_key(request, *parts: str, library: bool = True) -> str | None:
    """The cache key of this page as the site shows it now; None when the content version
    cannot be read (then nothing is cached).

    Besides the address and `parts`, the key holds what every page shows or depends on: the
    content version (staff edits, clinic settings), the numbers and site name from settings,
    the language, and the scheme and host (pages hold absolute links). A page that shows
    nothing from the library (`library=False`: a questionnaire step) needs no content
    version, only the numbers it shows (the clinic's, kept for a few seconds per process).
    """
    if library:
        version = content_version()
        if version is None:
            return None
    else:
        from articles.clinic import numbers  # late: it imports the models

        version = " ".join(f"{name}={number}" for name, number in sorted(numbers().items()))
    key = (
        str(version),
        settings.BACKHEALTH_EMERGENCY_NUMBER,
        settings.BACKHEALTH_HEALTH_LINE,
        settings.BACKHEALTH_SITE_NAME,
        get_language() or "",
        request.scheme,
        request.get_host(),
        request.path,
        *parts,
    )
    return "articles:page:" + hashlib.sha256("\n".join(key).encode()).hexdigest()


def cache_public_page(view=None, *, params: tuple[str, ...] = (), lists: bool = True):
    """Serve a stored copy of the page to anonymous visitors; render and store on a miss.

    ``params`` names the query parameters the page depends on (a page number): they become
    part of the key, trimmed to a sane length; any other parameter skips the cache. Only 200
    pages are stored, so a parameter must be one the view checks (a number in range).
    ``lists``: the page lists articles, so a scheduled one must appear on time.
    """
    if view is None:
        return lambda view: cache_public_page(view, params=params, lists=lists)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request, params):
            return view(request, *args, **kwargs)
        key = page_key(request, *(request.GET.get(p, "")[:200] for p in params))
        if key is None:
            return view(request, *args, **kwargs)
        cache = caches["default"]
        stored = _get(cache, key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.has_header("Cache-Control"):
                _set(
                    cache,
                    key,
                    (response.content, response["Content-Type"]),
                    page_timeout() if lists else PAGE_TIMEOUT,
                )
                response["X-Page-Cache"] = "miss"
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
