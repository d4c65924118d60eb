"""The site's shell in a real browser: accessibility, CSP, narrow screens, keyboard."""

import pytest

from tests.browser.helpers import assert_no_axe_violations, scrolls_sideways, watch_csp

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/", "/no-such-page/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations(live_server, page, path):
    page.goto(live_server.url + path)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_csp_violations(live_server, page, path):
    violations = watch_csp(page)
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    assert violations == []


@pytest.mark.parametrize("path", PAGES)
def test_nothing_scrolls_sideways_at_320px(live_server, page, path):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url + path)
    assert not scrolls_sideways(page)


def test_skip_link_is_first_and_moves_focus_to_main(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main-content"


def test_csp_blocks_an_injected_inline_script(live_server, page):
    """The policy is really enforced: an inline script added to the page does not run."""
    violations = watch_csp(page)
    page.goto(live_server.url + "/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = true'; document.body.appendChild(s); }"
    )
    assert page.evaluate("() => window.__ran === true") is False
    assert violations
