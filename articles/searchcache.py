"""The per-process ``search`` cache: search outcomes, rendered search pages, the library's
fingerprint.

Bounded in number by the cache's MAX_ENTRIES (backhealth/settings.py) and in size by
MAX_SEARCH_PAGE_BYTES per page: whatever people type, it cannot grow. A failing cache never
fails a search.
"""

import logging

from django.core.cache import caches

from articles import pagecache

MAX_SEARCH_PAGE_BYTES = 64 * 1024

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
