"""The search page in every state, in a real browser: axe, CSP, narrow screens.

Each state's HTML is also saved to test-artifacts/search-pages/ for the Nu Html Checker
(java -jar vnu.jar --errors-only test-artifacts/search-pages/*.html).
"""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.browser.helpers import axe_violations, scrolls_sideways, watch_csp

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "search-pages"
STATES = {
    "results": ("slipped disc", "Herniated (slipped) disc"),
    "emergency": ("cant pee", "go to the nearest emergency department now"),
    "did-you-mean": ("sciattica", "Did you mean"),
    "no-results": ("qwertyuiop", "No articles found"),
    "common-words": ("the", "Please add a word"),
    "empty": ("", "Type a word or a few words"),
}


@pytest.fixture
def content(transactional_db):
    call_command("load_content", verbosity=0)


@pytest.mark.parametrize("state", list(STATES))
def test_search_states_have_no_axe_or_csp_violations(live_server, page, content, state):
    query, expected_text = STATES[state]
    csp = watch_csp(page)
    url = live_server.url + reverse("articles:search") + (f"?q={query}" if query else "")
    response = page.goto(url)
    assert expected_text in page.content()
    count, report = axe_violations(page)
    assert count == 0, report
    assert csp == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{state}.html").write_text(response.text(), encoding="utf-8")  # as served


@pytest.mark.parametrize("state", ["emergency", "did-you-mean"])
def test_search_states_fit_a_narrow_screen(live_server, page, content, state):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + reverse("articles:search") + f"?q={STATES[state][0]}")
    assert not scrolls_sideways(page)


def test_the_emergency_notice_comes_before_the_results(live_server, page, content):
    page.goto(live_server.url + reverse("articles:search") + "?q=numb+between+my+legs")
    notice = page.locator("#emergency-box-heading").bounding_box()
    results = page.locator("#results-heading").bounding_box()
    assert notice["y"] < results["y"]
    first = page.locator(".search-results li h3 a").first.inner_text()
    assert first in {"Cauda equina syndrome", "Emergency warning signs"}
