"""Rate limits on the questionnaire and results, and admin login throttling."""

import pytest
from axes.models import AccessAttempt
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from backhealth.middleware import TrustedProxyMiddleware
from backhealth.throttle import client_ip

pytestmark = pytest.mark.django_db

UNKNOWN_RESULT = "/results/" + "A" * 43 + "/"


@pytest.fixture
def tight_limits(settings):
    settings.RATELIMIT_ENABLE = True
    settings.BACKHEALTH_RATE_QUESTIONNAIRE = "3/m"
    settings.BACKHEALTH_RATE_RESULTS = "3/m"


def test_questionnaire_submissions_are_limited_per_client(tight_limits):
    client = Client(REMOTE_ADDR="203.0.113.5")
    statuses = [client.post(reverse("assessment:begin")).status_code for _ in range(4)]
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3] == 429
    page = client.post(reverse("assessment:begin"))
    assert page["Retry-After"] == "60"
    assert b"Please wait a minute" in page.content


def test_reading_a_step_is_not_limited(tight_limits):
    client = Client(REMOTE_ADDR="203.0.113.6")
    statuses = {client.get(reverse("assessment:start")).status_code for _ in range(6)}
    assert statuses == {200}


def test_result_lookups_are_limited_per_client(tight_limits):
    client = Client(REMOTE_ADDR="203.0.113.7")
    statuses = [client.get(UNKNOWN_RESULT).status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_other_clients_have_their_own_allowance(tight_limits):
    for _ in range(3):
        Client(REMOTE_ADDR="203.0.113.8").get(UNKNOWN_RESULT)
    assert Client(REMOTE_ADDR="203.0.113.8").get(UNKNOWN_RESULT).status_code == 429
    assert Client(REMOTE_ADDR="198.51.100.9").get(UNKNOWN_RESULT).status_code == 404


def test_limits_can_be_switched_off(settings, tight_limits):
    settings.RATELIMIT_ENABLE = False
    client = Client(REMOTE_ADDR="203.0.113.10")
    assert {client.get(UNKNOWN_RESULT).status_code for _ in range(6)} == {404}


def test_client_ip_behind_our_proxy_is_the_last_forwarded_hop(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.20"
    )
    assert client_ip(request) == "10.0.0.1"
    settings.BACKHEALTH_BEHIND_PROXY = True
    settings.BACKHEALTH_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request) == "198.51.100.20"


def test_forwarded_for_from_anyone_but_the_proxy_is_ignored(settings):
    """Reaching gunicorn directly, a forged X-Forwarded-For changes nothing."""
    settings.BACKHEALTH_BEHIND_PROXY = True  # trusted proxies: loopback and the unix socket
    forged = RequestFactory().get("/", REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(forged) == "203.0.113.50"
    via_socket = RequestFactory().get("/", REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    assert client_ip(via_socket) == "5.6.7.8"


def test_forged_forwarded_headers_are_dropped_before_the_site_sees_them(settings):
    settings.BACKHEALTH_BEHIND_PROXY = True
    seen = {}

    def spy(request):
        seen.update(request.META)
        return HttpResponse()

    headers = {"HTTP_X_FORWARDED_FOR": "1.2.3.4", "HTTP_X_FORWARDED_PROTO": "https"}
    TrustedProxyMiddleware(spy)(RequestFactory().get("/", REMOTE_ADDR="203.0.113.51", **headers))
    assert "HTTP_X_FORWARDED_FOR" not in seen and "HTTP_X_FORWARDED_PROTO" not in seen
    TrustedProxyMiddleware(spy)(RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", **headers))
    assert seen["HTTP_X_FORWARDED_FOR"] == "1.2.3.4"
    assert seen["HTTP_X_FORWARDED_PROTO"] == "https"


def test_admin_login_is_throttled_after_five_failures(django_user_model):
    django_user_model.objects.create_user("editor", password="the-right-password-42", is_staff=True)
    client = Client(REMOTE_ADDR="203.0.113.11")
    login = reverse("admin:login")
    wrong = {"username": "editor", "password": "wrong"}
    statuses = [client.post(login, wrong).status_code for _ in range(5)]
    assert statuses[:4] == [200, 200, 200, 200]  # the form again, with an error
    assert statuses[4] == 429
    locked = client.post(login, {"username": "editor", "password": "the-right-password-42"})
    assert locked.status_code == 429
    assert b"Please wait a minute" in locked.content
    # Another address can still log in: the lock is per username and address.
    other = Client(REMOTE_ADDR="198.51.100.12")
    ok = other.post(login, {"username": "editor", "password": "the-right-password-42"})
    assert ok.status_code == 302
    # Counted in the cache, never written to the database.
    assert AccessAttempt.objects.count() == 0
