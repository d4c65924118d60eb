"""Small site-wide middleware: proxy trust, resource isolation, graceful outages, request log."""

import ipaddress
import logging
import time
from functools import cache

from django.conf import settings
from django.http import HttpResponse

from backhealth.logfilter import redact
from backhealth.outage import is_cache_outage, is_database_outage, outage_page

logger = logging.getLogger(__name__)
request_logger = logging.getLogger("backhealth.requests")


@cache
def _trusted_networks(entries: tuple[str, ...]):
    networks = []
    for entry in entries:
        if entry != "unix":
            networks.append(ipaddress.ip_network(entry, strict=False))
    return tuple(networks)


def from_trusted_proxy(request) -> bool:
    """Did this connection come from our own proxy (BACKHEALTH_TRUSTED_PROXIES)?

    ``unix`` stands for gunicorn's unix socket (no peer address): only the proxy can open it.
    """
    trusted = tuple(settings.BACKHEALTH_TRUSTED_PROXIES)
    peer = request.META.get("REMOTE_ADDR", "")
    if not peer:
        return "unix" in trusted
    try:
        address = ipaddress.ip_address(peer.split("%", 1)[0])
    except ValueError:
        return False
    return any(address in network for network in _trusted_networks(trusted))


class TrustedProxyMiddleware:
    """Drop X-Forwarded-For and X-Forwarded-Proto unless our own proxy sent them.

    Behind the proxy (``DJANGO_BEHIND_PROXY``) they say who the client is (rate limits, login
    lockouts) and whether it used HTTPS; from anyone else, or without a proxy, they are
    whatever the client made up, so nothing downstream gets to see them.
    """

    FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.BACKHEALTH_BEHIND_PROXY and from_trusted_proxy(request)):
            for header in self.FORWARDED:
                request.META.pop(header, None)
        return self.get_response(request)


class CrossOriginResourcePolicyMiddleware:
    """Send ``Cross-Origin-Resource-Policy: same-origin``: our files are for our pages only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class DatabaseUnavailableMiddleware:
    """Answer 503 from a static page when the database cannot be reached.

    A view or template that hits a dead connection raises ``OperationalError``; instead of a
    500 with a traceback, people get a short "try again in a minute" page and clients a
    ``Retry-After`` header. The same for the admin login when its lockout counters cannot be
    read (it fails closed: no guesses while nobody counts them).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception) -> HttpResponse | None:
        if is_database_outage(exception):
            logger.error("database unavailable: %s", type(exception).__name__)
            return outage_page()
        if is_cache_outage(exception):
            logger.error("lockout counters unavailable: %s", type(exception).__name__)
            return outage_page()
        return None


class RequestLogMiddleware:
    """One log line per request: method, path, status, time. Never bodies or secrets.

    Capability-URL tokens in paths (a results page address) are replaced with ``…`` so that
    reading the log never opens someone's result (the log filter does it again for every
    logger, and escapes control characters). Query strings are left out (a search term is
    something a person typed).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        request_logger.info(
            "%s %s %s %.0fms",
            request.method[:16],
            redact(request.path),
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        return response
