"""What the site's one log handler really writes (after its filter), for tests to read.

pytest's caplog sees records before any handler filter, so it cannot show what reaches the
log; this swaps the stream of the configured handler instead.
"""

import io
import logging
from contextlib import contextmanager

from backhealth.logfilter import RedactFilter


def site_handler() -> logging.Handler:
    for handler in logging.getLogger().handlers:
        if any(isinstance(f, RedactFilter) for f in handler.filters):
            return handler
    raise AssertionError("no log handler with the RedactFilter: check LOGGING")


@contextmanager
def captured_log():
    handler = site_handler()
    buffer = io.StringIO()
    old = handler.setStream(buffer)
    try:
        yield buffer
    finally:
        handler.setStream(old)
