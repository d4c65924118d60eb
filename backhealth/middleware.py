"""Small site-wide middleware: resource isolation and graceful database outages."""

import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse

from backhealth.outage import outage_page

logger = logging.getLogger(__name__)


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
        if isinstance(exception, OperationalError | InterfaceError) or (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            logger.error("database unavailable: %s", type(exception).__name__)
            return outage_page()
        return None
