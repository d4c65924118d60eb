"""Pages rendered once and filled in per visit (backhealth.renderonce), and a questionnaire
that does not rewrite the session when it only shows a page."""

import re
from io import StringIO

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from backhealth import renderonce
from tests.assessment import walk
from tests.assessment.cases import CALM, URGENT, save_result

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION_INPUT = re.compile(r'name="submission" value="([^"]+)"')
BLANK = re.compile("\ue000|\ue001")


def started(**kwargs):
    client = Client(**kwargs)
    walk.begin(client)
    return client


def session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]
    ]


def test_showing_a_step_does_not_rewrite_the_session_but_answering_it_does():
    client = started()
    with CaptureQueriesContext(connection) as shown:
        assert client.get(walk.step_url("about")).status_code == 200
    assert session_writes(shown) == []
    with CaptureQueriesContext(connection) as answered:
        response = walk.post(client, "about", CALM)
    assert response["Location"] == walk.step_url("warning_signs")
    assert session_writes(answered)
    assert walk.current_step(client) == "warning_signs"


def test_a_first_showing_is_rendered_once_and_each_visit_gets_its_own_token_and_run():
    first, second = started(), started()
    caches[renderonce.CACHE].clear()  # starting showed the first step already
    page_one = first.get(walk.step_url("about"))
    page_two = second.get(walk.step_url("about"))
    assert page_one.templates and not page_two.templates  # the second came from the cache
    one, two = page_one.content.decode(), page_two.content.decode()
    assert not BLANK.search(one) and not BLANK.search(two)
    assert SUBMISSION_INPUT.search(one)[1] != SUBMISSION_INPUT.search(two)[1]
    assert CSRF_INPUT.search(one)[1] != CSRF_INPUT.search(two)[1]
    # Everything else is the same page.
    strip = lambda html: SUBMISSION_INPUT.sub("", CSRF_INPUT.sub("", html))  # noqa: E731
    assert strip(one) == strip(two)


def test_the_filled_in_csrf_token_is_accepted():
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("assessment:start"))
    client.post(
        reverse("assessment:begin"), {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    )
    Client().get(walk.step_url("about"))  # someone else's visit fills the cache first
    html = client.get(walk.step_url("about")).content.decode()
    data = {**walk.step_post("about", CALM), "csrfmiddlewaretoken": CSRF_INPUT.search(html)[1]}
    response = client.post(walk.step_url("about"), data)
    assert response.status_code == 302
    assert response["Location"] == walk.step_url("warning_signs")


def test_a_page_with_answers_a_draft_or_errors_is_never_taken_from_the_cache():
    other = started()
    client = started()
    walk.post(client, "about", CALM)
    walk.back(client, "warning_signs", {"warning_signs": ["not-a-sign"]}, to="about")
    shown = client.get(walk.step_url("about"))  # answered: shows the saved age
    assert shown.templates and 'value="29"' in shown.content.decode()
    draft = client.get(walk.step_url("warning_signs"))
    assert draft.status_code == 200 and draft.templates
    errors = walk.post(other, "about", {"age": "abc"})
    assert errors.status_code == 200 and errors.templates
    assert "Error:" in errors.content.decode()


def test_a_result_page_is_rendered_once_per_library_version(client):
    call_command("load_content", verbosity=0, stdout=StringIO())
    _, token = save_result(URGENT)
    url = reverse("assessment:result", args=[token])
    first = client.get(url)
    again = Client().get(url)
    assert first.templates and not again.templates
    assert (
        CSRF_INPUT.search(first.content.decode())[1] != CSRF_INPUT.search(again.content.decode())[1]
    )
    explainer = Article.objects.published().explainers()["sciatica"]
    explainer.title = "Sciatica, retitled by an editor"
    explainer.save()  # a staff edit: a new library version
    edited = client.get(url)
    assert edited.templates and "Sciatica, retitled by an editor" in edited.content.decode()


def test_a_deleted_result_is_gone_even_when_its_page_was_kept(client):
    _, token = save_result(CALM)
    url = reverse("assessment:result", args=[token])
    html = client.get(url).content.decode()
    checked = Client(enforce_csrf_checks=True)
    page = checked.get(url).content.decode()  # from the cache, with this visitor's token
    assert page != html
    response = checked.post(
        reverse("assessment:delete", args=[token]),
        {"csrfmiddlewaretoken": CSRF_INPUT.search(page)[1]},
    )
    assert response.status_code == 302
    assert client.get(url).status_code == 404


def test_a_failing_render_cache_never_fails_the_page(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(caches[renderonce.CACHE], "get", broken)
    monkeypatch.setattr(caches[renderonce.CACHE], "set", broken)
    _, token = save_result(CALM)
    assert client.get(reverse("assessment:result", args=[token])).status_code == 200
    started_client = started()
    assert started_client.get(walk.step_url("about")).status_code == 200


def test_a_kept_step_shows_a_changed_emergency_number_and_no_library_topics():
    from articles.clinic import ClinicSettings
    from articles.models import Category

    Category.objects.create(slug="causes", name="Causes of back pain", description=".", order=1)
    client = started()
    before = client.get(walk.step_url("about")).content.decode()
    assert 'href="tel:911"' in before
    assert "Causes of back pain" not in before  # a focused page: no topic links to leave by
    ClinicSettings(emergency_number="112").save()
    after = client.get(walk.step_url("about"))
    assert 'href="tel:112"' in after.content.decode()
    assert 'href="tel:911"' not in after.content.decode()
