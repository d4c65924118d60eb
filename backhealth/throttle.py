"""Who a client is, for rate limits and login throttling, and the page they get at the limit.

The client is its IP address: the TCP peer, or, behind our own proxy
(``DJANGO_BEHIND_PROXY``) and only on a connection from that proxy
(``BACKHEALTH_TRUSTED_PROXIES``), the last address the proxy appended to ``X-Forwarded-For``
(earlier ones are whatever the client sent). Addresses are only used as cache keys (hashed
by django-ratelimit, and by django-axes' cache handler); they are never stored in the database.
"""

from django.conf import settings
from django.shortcuts import render

from backhealth.middleware import from_trusted_proxy

RETRY_AFTER_SECONDS = 60


def client_ip(request) -> str:
    if settings.BACKHEALTH_BEHIND_PROXY and from_trusted_proxy(request):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def ratelimit_key(group, request) -> str:
    return client_ip(request)


def rate_limited(request, exception=None):
    """django-ratelimit's view at the limit: a friendly 429, not a 403."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
