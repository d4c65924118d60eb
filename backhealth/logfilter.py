"""One filter on the one log handler: every logger's lines (Django's, gunicorn's, ours) pass it.

- Result tokens are redacted: ``/results/<token>/`` becomes ``/results/…/`` and any bare
  43-character token is replaced too, also when the path arrived percent-encoded.
- Control characters are escaped (``\\x0a``), so a ``%0A`` in a path cannot forge a log line.
- Client errors (4xx) log one line: Django's "Not Found: /path" duplicates of the request log
  line are dropped, and ``django.security`` events (a wrong Host, a body too large) keep
  their message but lose their traceback.
- Server errors keep their traceback, redacted, every line indented so that none of it can
  pass for a line of its own.
"""

from __future__ import annotations

import logging
import re
import traceback
import unicodedata
from urllib.parse import unquote

RESULTS_PATH = re.compile(r"(/results/)(?!deleted/)[^/\s?#\"']+")
# Result tokens: URL-safe base64 of 32 bytes (assessment.tokens), standing alone.
BARE_TOKEN = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")
REDACTED = "…"


def redact(text: str) -> str:
    """Text with every result token replaced by ``…`` (also in percent-encoded form)."""
    decoded = unquote(text) if "%" in text else text
    if decoded != text and (RESULTS_PATH.search(decoded) or BARE_TOKEN.search(decoded)):
        text = decoded
    return BARE_TOKEN.sub(REDACTED, RESULTS_PATH.sub(r"\1" + REDACTED, text))


def _escape_char(ch: str) -> str:
    if ch == "\t":
        return ch
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """Control characters and line separators escaped: the text stays on one line."""
    return "".join(
        _escape_char(ch) if unicodedata.category(ch) in {"Cc", "Zl", "Zp"} else ch for ch in text
    )


def is_client_error(record: logging.LogRecord) -> bool:
    status = getattr(record, "status_code", None)
    if isinstance(status, int):
        return 400 <= status < 500
    return record.name.startswith("django.security")


class RedactFilter(logging.Filter):
    """Redact, escape and shorten every record (it never raises; a bad record passes as is)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "backhealth_redacted", False):
            return True
        if record.name == "django.request" and is_client_error(record):
            return False  # the request log already has this request, on one line
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: let logging report it as usual
            return True
        record.msg, record.args = one_line(redact(message)), ()
        record.backhealth_redacted = True
        if record.exc_info or record.exc_text:
            if is_client_error(record):
                record.exc_info, record.exc_text = None, None
            else:
                text = record.exc_text or "".join(traceback.format_exception(*record.exc_info))
                record.exc_text = "\n".join(
                    "    " + one_line(redact(line)) for line in text.splitlines()
                )
        if record.stack_info:
            record.stack_info = None
        return True
