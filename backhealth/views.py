"""Site-wide views: health checks and error pages (nothing here touches app data)."""

import sys

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from backhealth.outage import RETRY_AFTER_SECONDS, is_database_outage, outage_page


@never_cache
@require_GET
def alive(request):
    """The process is up and answering (no database)."""
    return JsonResponse({"status": "alive"})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure to reach the database means "down"
        return False
    return True


def _cache_ok(alias: str) -> bool:
    backend = caches[alias]
    try:
        if hasattr(backend, "ping"):  # fail-soft Redis: ask it directly
            backend.ping()
        else:
            backend.get("backhealth:health-probe")
    except Exception:  # unreachable, refused, timed out: "down"
        return False
    return True


@never_cache
@require_GET
def health(request):
    """Each dependency, and whether the site can serve (503 only when it cannot).

    The database is required. The caches are not: without the page cache pages render
    uncached, without the counters rate limits are open and the admin login answers 503.
    """
    checks = {
        "database": _database_ok(),
        "cache": _cache_ok("default"),
        "counters": _cache_ok("shared"),
    }
    body = {name: "ok" if ok else "down" for name, ok in checks.items()}
    if not checks["database"]:
        response = JsonResponse({"status": "unavailable", **body}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok" if all(checks.values()) else "degraded", **body})


def _error(request, template, status):
    return render(request, template, status=status)


def bad_request(request, exception=None):
    return _error(request, "400.html", 400)


def permission_denied(request, exception=None):
    return _error(request, "403.html", 403)


def page_not_found(request, exception=None):
    return _error(request, "404.html", 404)


def server_error(request):
    """Render 500.html with settings only: no request context, so no database and no session.

    A database outage that surfaced outside a view (say, saving the session) is still an
    outage: people get the static 503 page, not a 500.
    """
    if is_database_outage(sys.exc_info()[1]):
        return outage_page()
    context = {
        "site_name": settings.BACKHEALTH_SITE_NAME,
        "emergency_number": settings.BACKHEALTH_EMERGENCY_NUMBER,
    }
    try:
        html = loader.render_to_string("500.html", context)
    except Exception:  # even the error page failed (say, static files not collected)
        html = FALLBACK_500.format(**context)
    return HttpResponse(html, status=500)


FALLBACK_500 = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Sorry, something went wrong – {site_name}</title></head><body><main>"
    "<h1>Sorry, something went wrong</h1><p>Please try again in a few minutes.</p>"
    "<p><strong>Emergency:</strong> loss of bladder or bowel control, numbness between the legs, "
    "or new weakness in both legs: call {emergency_number} now.</p></main></body></html>"
)


def results_prefix() -> str:
    """Where the questionnaire's saved results live (kept out of search engines)."""
    try:
        return reverse("assessment:result", args=["TOKEN"]).split("TOKEN")[0]
    except NoReverseMatch:
        return "/results/"


@require_safe  # GET and HEAD
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {results_prefix()}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
