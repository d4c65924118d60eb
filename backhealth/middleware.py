"""Small site-wide middleware: resource isolation and graceful database outages."""

import logging
import re
import time

from django.http import HttpResponse

from backhealth.outage import is_database_outage, outage_page

logger = logging.getLogger(__name__)
request_logger = logging.getLogger("backhealth.requests")


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
    ``Retry-After`` header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception) -> HttpResponse | None:
        if is_database_outage(exception):
            logger.error("database unavailable: %s", type(exception).__name__)
            return outage_page()
        return None


class RequestLogMiddleware:
    """One log line per request: method, path, status, time. Never bodies or secrets.

    Capability-URL tokens in paths (a results page address) are replaced with ``…`` so that
    reading the log never opens someone's result. Query strings are left out (a search term
    is something a person typed).
    """

    SECRET_PATH = re.compile(r"(/results/)[^/]+")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        path = self.SECRET_PATH.sub(r"\1…", request.path)
        request_logger.info(
            "%s %s %s %.0fms",
            request.method,
            path,
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        return response
