"""The site's design in a real browser: narrow and wide screens, the header, the home page's
first screens, screenshots to look at, CSP, axe, and article handouts on paper."""

import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Category
from tests.browser.helpers import assert_no_axe_violations, scrolls_sideways, watch_csp

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PAGES = {
    "home": "/",
    "topic": "/topics/causes/",
    "article": "/articles/sciatica/",
}
WIDTHS = [320, 375, 768, 1280]


@pytest.fixture
def content(transactional_db):
    call_command("load_content", verbosity=0)


def header_height(page) -> float:
    return page.evaluate(
        "() => document.querySelector('.site-header').getBoundingClientRect().height"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_no_sideways_scroll_and_a_compact_header(live_server, page, content, width):
    page.set_viewport_size({"width": width, "height": 800})
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        assert not scrolls_sideways(page), f"{name} scrolls sideways at {width}px"
        mark = page.locator(".site-header .logo__mark").bounding_box()
        assert mark["width"] >= 28, f"the logo is squeezed at {width}px"
        if width < 1024:
            assert header_height(page) <= 64, f"{name}: header {header_height(page)}px"
            assert page.locator(".menu > summary").is_visible()
            assert not page.locator(".site-nav--wide").is_visible()


@pytest.mark.parametrize("width", [1024, 1280])
def test_desktop_nav_is_one_line(live_server, page, content, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/")
    assert not page.locator(".menu").is_visible()
    tops = page.eval_on_selector_all(
        ".site-nav--wide li", "items => items.map(li => Math.round(li.getBoundingClientRect().top))"
    )
    assert len(tops) == 6  # four topics, search, check your symptoms
    assert len(set(tops)) == 1, tops
    assert header_height(page) <= 64


def test_phone_menu_opens_without_javascript(live_server, browser, content):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.goto(live_server.url + "/")
    menu_link = page.locator(".menu__nav a", has_text="Treatments")
    assert not menu_link.is_visible()
    page.locator(".menu > summary").click()
    assert menu_link.is_visible()
    assert header_height(page) <= 64  # the open menu lies over the page
    menu_link.click()
    assert page.url.endswith(reverse("articles:category", args=["treatments"]))
    context.close()


def test_home_jobs_and_topics_within_one_and_a_half_phone_screens(live_server, page, content):
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(live_server.url + "/")
    limit = 1.5 * 667
    check = page.locator("main a.button", has_text="Check your symptoms")
    assert check.bounding_box()["y"] + check.bounding_box()["height"] <= limit
    for slug in ("causes", "treatments", "prevention", "when-to-get-help"):
        link = page.locator(f'main a[href="/topics/{slug}/"]').first
        box = link.bounding_box()
        assert box["y"] + box["height"] <= limit, (slug, box)
    callout = page.locator(".callout")
    assert callout.bounding_box()["height"] < 667 / 2
    assert callout.locator('a[href="/articles/emergency-warning-signs/"]').count() == 1


def test_home_topics_on_the_first_desktop_screen(live_server, page, content):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/")
    first_card = page.locator(".topics .card").first.bounding_box()
    assert first_card["y"] < 800


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_axe_and_csp(live_server, page, content, width):
    ARTIFACTS.mkdir(exist_ok=True)
    violations = watch_csp(page)
    page.set_viewport_size({"width": width, "height": 667 if width < 1024 else 800})
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=ARTIFACTS / f"design-{name}-{width}.png", full_page=True)
        assert_no_axe_violations(page)
    assert violations == []


def test_article_has_a_sidebar_on_desktop_and_contents_inline_on_phones(live_server, page, content):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/articles/sciatica/")
    article = page.locator("article.article").bounding_box()
    aside = page.locator(".article-aside").bounding_box()
    assert aside["x"] >= article["x"] + article["width"]  # beside, not below
    assert page.locator(".toc--side").is_visible() and not page.locator(".toc--inline").is_visible()
    page.set_viewport_size({"width": 375, "height": 667})
    assert page.locator(".toc--inline").is_visible() and not page.locator(".toc--side").is_visible()


def test_article_handout_prints_on_three_a4_pages_with_address_date_and_qr(
    live_server, page, content
):
    ARTIFACTS.mkdir(exist_ok=True)
    # A typical article (the longest, such as sciatica with its figure, print on 4 pages).
    out = ARTIFACTS / "design-article-staying-active.pdf"
    page.goto(live_server.url + "/articles/staying-active/")
    page.emulate_media(media="print")
    assert page.locator(".handout-meta__qr svg").is_visible()
    shown = page.eval_on_selector_all(
        ".site-nav, .menu, .menu__nav, .breadcrumbs, .toc, .site-footer__cols",
        "els => els.filter(e => e.getClientRects().length > 0).length",
    )
    assert shown == 0  # no navigation on paper
    filter_ = page.evaluate(
        "() => { const img = document.createElement('img');"
        " document.querySelector('.article-body').appendChild(img);"
        " const f = getComputedStyle(img).filter; img.remove(); return f; }"
    )
    assert filter_ == "grayscale(1)"  # figures print in grayscale
    page.pdf(path=out, format="A4", print_background=True)
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) <= 3
    text = " ".join(p.extract_text() for p in reader.pages)
    flat = re.sub(r"\s+", " ", text)
    assert f"{live_server.url}/articles/staying-active/" in flat
    assert "Last reviewed" in flat and "Printed" in flat
    related = Article.objects.get(slug="staying-active").related.all()
    assert any(f"{live_server.url}{a.get_absolute_url()}" in flat for a in related)  # addresses
    assert "Skip to main content" not in flat and "Menu" not in flat
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            out,
            out.with_suffix(""),
        ],
        check=False,
    )


def test_a_new_topic_shows_in_the_menu_without_a_code_change(live_server, page, content):
    Category.objects.create(slug="living-with-pain", name="Living with pain", description="-")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/glossary/")
    assert page.locator('.site-nav--wide a[href="/topics/living-with-pain/"]').is_visible()
    assert page.locator('.site-footer a[href="/topics/living-with-pain/"]').count() == 1


# --- Without a browser: topic groups and calm error pages ----------------------------------------


def test_causes_page_is_grouped_with_a_summary_for_each(client, content):
    html = client.get(reverse("articles:category", args=["causes"])).content.decode()
    headings = re.findall(r'<h2 id="group-([a-z_]+)"', html)
    assert headings == ["common", "less_common", "rare_serious"]
    rare = html[html.index('id="group-rare_serious"') :]
    assert "/articles/cauda-equina-syndrome/" in rare
    assert "/articles/sciatica/" not in rare
    items = re.findall(r"<li>\s*<h3>.*?</h3>\s*<p>(.+?)</p>", html, re.S)
    causes = Article.objects.published().filter(category__slug="causes").count()
    assert len(items) == causes and all(summary.strip() for summary in items)


def test_a_topic_with_one_group_is_a_plain_list(client, content):
    html = client.get(reverse("articles:category", args=["treatments"])).content.decode()
    assert 'id="group-' not in html
    assert html.count('<ul class="article-list">') == 1


@pytest.mark.parametrize("path", ["/no-such-page/"])
def test_not_found_is_calm(client, content, path):
    html = client.get(path).content.decode()
    assert "emergency-box" not in html


def test_server_error_keeps_the_emergency_box():
    from backhealth.views import server_error

    html = server_error(None).content.decode()
    assert "emergency-box" in html
    assert "Emergency warning signs" in html


def test_the_focused_header_has_the_logo_and_an_exit_link_only(rf):
    from django.template import Context, Template

    request = rf.get("/check/about/")
    html = Template(
        '{% extends "base.html" %}'
        '{% block header %}{% include "includes/header_focused.html" %}{% endblock header %}'
    ).render(Context({"request": request, "site_name": "BackHealth", "nav_topics": []}))
    header = html[html.index("<header") : html.index("</header>")]
    assert 'class="logo"' in header and "BackHealth" in header
    assert header.count("<a ") == 1  # only the exit link: the logo is not a Tab stop here
    assert "Exit to home page" in header
    assert "<details" not in header and "site-nav" not in header


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_a_step_and_a_result(live_server, page, content, width):
    """The symptoms step (the body map) and an urgent result, saved for people to look at."""
    from tests.assessment.cases import URGENT, save_result
    from tests.browser.assessment_pages import fill, submit

    ARTIFACTS.mkdir(exist_ok=True)
    violations = watch_csp(page)
    page.set_viewport_size({"width": width, "height": 667 if width < 1024 else 800})
    page.goto(live_server.url + "/check/")
    submit(page, "Start now")
    for step in ("about", "warning_signs", "health"):
        fill(page, step, URGENT)
        submit(page)
    fill(page, "symptoms", URGENT)
    page.screenshot(path=ARTIFACTS / f"design-step-symptoms-{width}.png", full_page=True)
    assert not scrolls_sideways(page)
    assert_no_axe_violations(page)
    _, token = save_result(URGENT)
    page.goto(f"{live_server.url}/results/{token}/")
    page.screenshot(path=ARTIFACTS / f"design-result-urgent-{width}.png", full_page=True)
    assert not scrolls_sideways(page)
    assert violations == []
