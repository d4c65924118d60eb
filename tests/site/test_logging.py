"""Request logging: one line per request, no secrets from capability URLs, no query strings."""

import logging
import re
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.test import Client

from backhealth.logfilter import one_line, redact
from tests.site.logcapture import captured_log
from tests.site.results import make_result


def test_one_line_per_request_without_tokens_or_query(client, db, caplog):
    token = "A" * 43
    with caplog.at_level(logging.INFO, logger="backhealth.requests"):
        client.get(f"/results/{token}/")
        client.get("/no-such-page/?q=my+private+words")
    lines = [r.getMessage() for r in caplog.records if r.name == "backhealth.requests"]
    assert len(lines) == 2
    assert lines[0].startswith("GET /results/…/ 404 ")
    assert token not in "\n".join(lines)
    assert "private" not in "\n".join(lines)
    assert all("\n" not in line for line in lines)


# --- What really reaches the log (through the site's handler and its filter) ----------------

EVENT = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ [\w.]+ ")


def events(log: str) -> list[str]:
    """Lines that start an event (a timestamp first); others are indented traceback lines."""
    return [line for line in log.splitlines() if EVENT.match(line)]


@pytest.fixture
def quiet_client():
    """A client that lets the site's own error handling run, as in production."""
    return Client(raise_request_exception=False)


def test_a_live_token_never_reaches_the_log_whatever_the_status(db, settings, quiet_client):
    live, expired = make_result(), make_result(expired=True)
    page = f"/results/{live}/"
    statuses = {}
    with captured_log() as log:
        statuses[200] = quiet_client.get(page).status_code
        statuses[403] = Client(enforce_csrf_checks=True).post(f"{page}delete/").status_code
        statuses[404] = quiet_client.get(f"{page}no-such-page/").status_code
        statuses[405] = quiet_client.post(page).status_code
        statuses[410] = quiet_client.get(f"/results/{expired}/").status_code
        statuses[400] = quiet_client.get(page, HTTP_HOST="evil.example").status_code
        settings.RATELIMIT_ENABLE = True
        settings.BACKHEALTH_RATE_RESULTS = "1/m"
        limited = Client(REMOTE_ADDR="203.0.113.99")
        limited.get(page)
        statuses[429] = limited.get(page).status_code
        settings.RATELIMIT_ENABLE = False
        with mock.patch(
            "django.db.backends.utils.CursorWrapper.execute",
            side_effect=OperationalError(f"connection lost while reading {page}"),
        ):
            statuses[503] = quiet_client.get(page).status_code
        caches["rendered"].clear()  # the page is kept as rendered: make it render again
        with mock.patch(
            "django.template.loader.render_to_string",
            side_effect=RuntimeError(f"template failed for {page}"),
        ):
            statuses[500] = quiet_client.get(page).status_code
    assert statuses == {s: s for s in statuses}, statuses
    written = log.getvalue()
    assert live not in written and expired not in written
    assert live[:20] not in written  # not even part of it
    # Every request left its line, with the address redacted.
    lines = events(written)
    for status in (403, 404, 405, 410, 429, 503):
        assert any("/results/…/" in line and f" {status} " in line for line in lines), status
    # Client errors: one line, no traceback. The 500 keeps its (redacted, indented) traceback.
    assert "Traceback" in written
    before_500 = written[: written.index("GET /results/…/ 503")]
    assert "Traceback" not in before_500
    assert all(line.startswith("    ") for line in written.splitlines() if not EVENT.match(line))


def test_client_errors_log_one_line_each(db, quiet_client):
    with captured_log() as log:
        quiet_client.get("/no-such-page/")
        quiet_client.get("/", HTTP_HOST="evil.example")
    lines = log.getvalue().splitlines()
    assert "Traceback" not in log.getvalue()
    assert len([line for line in lines if "backhealth.requests" in line]) == 2
    # Django's own "Not Found: /no-such-page/" duplicate is dropped; the security event stays.
    assert not any("Not Found" in line for line in lines)
    assert len([line for line in lines if "django.security.DisallowedHost" in line]) == 1
    assert len(lines) == 3


def test_a_newline_in_the_path_cannot_forge_a_log_line(db, quiet_client):
    forged = "2026-01-01 00:00:00,000 INFO backhealth.requests GET /admin/ 200 1ms"
    with captured_log() as log:
        quiet_client.get("/no-such-page/%0A" + forged.replace(" ", "%20") + "/")
        quiet_client.get("/results/%0D%0A" + forged.replace(" ", "%20") + "/")
    lines = log.getvalue().splitlines()
    assert len(lines) == 2, lines
    assert not any(line.startswith("2026-01-01") for line in lines)
    assert "\\x0a2026-01-01" in lines[0]
    assert all(EVENT.match(line) for line in lines)


def test_gunicorn_log_lines_go_through_the_same_filter(db):
    token = make_result()
    with captured_log() as log:
        logging.getLogger("gunicorn.error").error("Error handling request /results/%s/", token)
        logging.getLogger("gunicorn.access").info(
            '%(h)s "%(r)s" %(s)s',
            {"h": "127.0.0.1", "r": f"GET /results/{token}/ HTTP/1.0", "s": 200},
        )
    written = log.getvalue()
    assert token not in written
    assert written.count("/results/…/") == 2


@pytest.mark.parametrize(
    "text, expected",
    [
        ("GET /results/" + "A" * 43 + "/ 200", "GET /results/…/ 200"),
        ("GET /results/" + "A" * 43 + "/delete/ 403", "GET /results/…/delete/ 403"),
        ("GET /results/deleted/ 200", "GET /results/deleted/ 200"),
        ("GET /%72esults/" + "B" * 43 + "/ 200", "GET /results/…/ 200"),
        ("token " + "C" * 43 + " alone", "token … alone"),
        ("GET /search/ 200", "GET /search/ 200"),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected


def test_one_line_escapes_control_characters_and_line_separators():
    assert one_line("a\nb\rc\x1b[31md\u2028e\tf") == "a\\x0ab\\x0dc\\x1b[31md\\u2028e\tf"
