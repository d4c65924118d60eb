"""The per-process ``search`` cache: search outcomes, rendered search pages, the library's
fingerprint.

A found page is stored once per outcome (a hash of the normalised query, never what was
typed) with QUERY_SLOT where the query as typed goes, filled in per visit: "Sciatica" and
"sciatica!" share one entry.

Bounded in number by the cache's MAX_ENTRIES (backhealth/settings.py) and in size by
MAX_SEARCH_PAGE_BYTES per page: whatever people type, it cannot grow. A failing cache never
fails a search.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.utils.html import escape
from django.utils.translation import get_language

from articles import pagecache

MAX_SEARCH_PAGE_BYTES = 64 * 1024

# Where the query as typed goes in a stored results page (upper case: never in a normalised
# query, and unchanged by HTML escaping).
QUERY_SLOT = "QUERYSLOT7F3A9C"

logger = logging.getLogger(__name__)


def cache_get(key: str):
    """A stored search outcome or page, from the per-process search cache (bounded in number
    by its MAX_ENTRIES and in size below)."""
    try:
        return caches["search"].get(key)
    except Exception:  # a failing cache never fails a search
        logger.warning("search cache unavailable")
        return None


def cache_set(key: str, value, timeout: int = pagecache.PAGE_TIMEOUT) -> None:
    if isinstance(value, str) and len(value.encode()) > MAX_SEARCH_PAGE_BYTES:
        return  # a page this large is rendered each time rather than crowding the cache
    try:
        caches["search"].set(key, value, timeout=timeout)
    except Exception:
        logger.warning("search cache unavailable")


def page_key(outcome_key: str) -> str:
    """A found page's key: its outcome's, the language, and the number and name it shows."""
    parts = (
        outcome_key,
        get_language() or "",
        str(settings.BACKHEALTH_EMERGENCY_NUMBER),
        settings.BACKHEALTH_SITE_NAME,
    )
    return "articles:search-page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def stored_page(key: str, typed: str) -> str | None:
    """The stored page with the query as typed filled in, or None."""
    stored = cache_get(key)
    return None if stored is None else stored.replace(QUERY_SLOT, escape(typed))


def store_page(key: str, html: str, typed: str) -> str:
    """Keep a page rendered with QUERY_SLOT; return it with the query as typed filled in."""
    cache_set(key, html)
    return html.replace(QUERY_SLOT, escape(typed))
