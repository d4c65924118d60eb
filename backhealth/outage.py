"""The static 503 page served while the database (or the login counters) cannot be reached."""

from functools import cache

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.html import escape
from redis.exceptions import RedisError

RETRY_AFTER_SECONDS = 60


def _emergency_box() -> str:
    """The one emergency box (every warning sign), rendered without a database or request."""
    try:
        return render_to_string(
            "includes/emergency_box.html",
            {"emergency_number": settings.BACKHEALTH_EMERGENCY_NUMBER},
        )
    except Exception:  # the page must be served even if templates are broken
        number = escape(settings.BACKHEALTH_EMERGENCY_NUMBER)
        return f'<p><strong>In an emergency, call <a href="tel:{number}">{number}</a>.</strong></p>'


@cache
def _html() -> str:
    page = settings.BASE_DIR / "templates" / "503.html"
    return (
        page.read_text(encoding="utf-8")
        .replace("EMERGENCY_BOX", _emergency_box())
        .replace("SITE_NAME", settings.BACKHEALTH_SITE_NAME)
        .replace("EMERGENCY_NUMBER", settings.BACKHEALTH_EMERGENCY_NUMBER)
    )


def outage_page() -> HttpResponse:
    response = HttpResponse(_html(), status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def is_database_outage(exception: BaseException | None) -> bool:
    """True for errors that mean "the database cannot be reached right now"."""
    return isinstance(exception, OperationalError | InterfaceError) or (
        isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
    )


def is_cache_outage(exception: BaseException | None) -> bool:
    """True when a cache that must answer (admin login lockouts in Redis) cannot be reached.

    The page cache and the rate-limit counters never raise (backhealth.caches); the lockout
    counters do on purpose, so the admin login fails closed.
    """
    return isinstance(exception, RedisError)
