"""One emergency box: every page that lists the warning signs lists all of them, in the words
and order of the one source (`clinical.wording.SIGN_LABELS`)."""

import html as html_lib
import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from clinical import vocabulary, wording
from tests.assessment.cases import CALM, EMERGENCY, save_result
from tests.assessment.walk import begin

pytestmark = pytest.mark.django_db

SIGNS = [str(wording.SIGN_LABELS[sign]) for sign in vocabulary.WARNING_SIGNS]


def listed_signs(page: str) -> list[list[str]]:
    """Each warning list on the page, as its items' text."""
    lists = re.findall(r'<ul class="warning-list">(.*?)</ul>', page, flags=re.S)
    return [
        [html_lib.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]
        for items in (re.findall(r"<li>(.*?)</li>", block, flags=re.S) for block in lists)
    ]


def assert_full_box(page: str, number="911"):
    found = listed_signs(page)
    assert found, "no emergency box on the page"
    assert all(signs == SIGNS for signs in found)
    assert f'href="tel:{number}"' in page


def test_the_one_source_has_every_sign_of_the_questionnaire():
    assert len(SIGNS) == len(vocabulary.WARNING_SIGNS) == 10


@pytest.mark.parametrize(
    "url_name", ["assessment:start", "assessment:under_16"], ids=["start", "under-16"]
)
def test_questionnaire_pages_list_every_sign(client, url_name):
    assert_full_box(client.get(reverse(url_name)).content.decode())


def test_expired_and_bad_request_pages_list_every_sign(client):
    expired = client.post(reverse("assessment:step", args=["health"]), {})
    assert_full_box(expired.content.decode())
    begin(client)
    bad = client.post(reverse("assessment:step", args=["about"]), {})
    assert bad.status_code == 400
    assert_full_box(bad.content.decode())


@pytest.mark.parametrize("answers", [CALM, EMERGENCY], ids=["self-care", "emergency"])
def test_every_result_has_the_full_safety_net(client, answers):
    _, token = save_result(answers)
    assert_full_box(client.get(reverse("assessment:result", args=[token])).content.decode())


@pytest.mark.parametrize("template", ["429.html", "500.html"])
def test_error_pages_list_every_sign(template):
    request = RequestFactory().get("/")
    assert_full_box(render_to_string(template, {"emergency_number": "911"}, request=request))


def test_the_emergency_number_setting_is_used(client, settings):
    settings.BACKHEALTH_EMERGENCY_NUMBER = "112"
    assert_full_box(client.get(reverse("assessment:start")).content.decode(), number="112")


def test_the_static_outage_page_lists_every_sign():
    from backhealth.outage import _html, outage_page

    _html.cache_clear()
    response = outage_page()
    assert response.status_code == 503
    assert_full_box(response.content.decode())
