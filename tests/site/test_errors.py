"""Error pages, the database-outage page and the health endpoints."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from backhealth import views as site_views


@pytest.fixture
def raising_client(settings):
    """A client that lets the site's own 500 handling run (as in production)."""
    return Client(raise_request_exception=False)


def test_custom_404_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert "main-content" in body


def test_500_page_renders_with_no_database_and_no_context():
    def no_database(*args, **kwargs):
        raise AssertionError("500.html touched the database")

    with mock.patch("django.db.backends.utils.CursorWrapper.execute", no_database):
        response = site_views.server_error(request=None)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, something went wrong" in body
    assert 'href="tel:911"' in body


def test_unhandled_error_shows_the_500_page(raising_client, settings, db):
    with mock.patch("articles.views.render", side_effect=RuntimeError("boom")):
        response = raising_client.get(reverse("articles:home"))
    assert response.status_code == 500
    assert b"Sorry, something went wrong" in response.content
    assert b"Traceback" not in response.content


def test_database_outage_answers_503_from_a_static_page(raising_client, db):
    with mock.patch("articles.views.render", side_effect=OperationalError("connection refused")):
        response = raising_client.get(reverse("articles:home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "busy right now" in body
    assert 'href="tel:911"' in body
    assert "connection refused" not in body


def test_alive_is_always_200_even_without_a_database(client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")
    ):
        response = client.get(reverse("alive"))
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}


def test_health_is_200_when_the_database_answers(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_health_is_503_when_the_database_is_down(client, db):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")
    ):
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"
    assert response["Retry-After"] == "60"


def test_wrong_host_header_gets_400(client, db):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert b"could not understand" in response.content


def test_cross_origin_resource_policy_on_every_response(client, db):
    for url in (reverse("articles:home"), reverse("alive"), "/no-such-page/"):
        assert client.get(url)["Cross-Origin-Resource-Policy"] == "same-origin"


def test_500_page_falls_back_to_plain_html_when_templates_fail():
    with mock.patch("backhealth.views.loader.render_to_string", side_effect=ValueError("manifest")):
        response = site_views.server_error(request=None)
    assert response.status_code == 500
    assert b"Sorry, something went wrong" in response.content
    assert b"call 911 now" in response.content


def test_outage_outside_a_view_still_answers_503(raising_client, db):
    """Saving the session happens after the view: a dead database there is an outage too."""
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.save",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = raising_client.post(reverse("assessment:begin"))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert b"busy right now" in response.content
