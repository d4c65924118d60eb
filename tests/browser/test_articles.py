"""The article library in a real browser: accessibility, CSP, narrow screens, printing."""

import subprocess
from pathlib import Path

import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from articles import contentfiles
from articles.models import Article, Category
from tests.browser.helpers import axe_violations, scrolls_sideways, watch_csp

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Text that only navigation carries: the skip link, the main menu (its labels in a row), the
# "Check your symptoms" buttons, the footer's links, the breadcrumb trail.
NAV_TEXT = [
    "Skip to main content",
    "Check your symptoms",
    "Causes Treatments Prevention",
    "When to get help Search",
    "search the articles",
    "Home Causes",
]


@pytest.fixture
def content(transactional_db):
    call_command("load_content", verbosity=0)


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def scan(page, url) -> str | None:
    page.goto(url)
    count, report = axe_violations(page)
    return report if count else None


def test_library_pages_have_no_axe_violations(live_server, page, content):
    paths = [
        reverse("articles:home"),
        *(category.get_absolute_url() for category in Category.objects.all()),
        reverse("articles:search") + "?q=slipped+disc",
        reverse("articles:search") + "?q=qwertyuiop",
        reverse("articles:search"),
        reverse("articles:glossary"),
    ]
    failures = {path: scan(page, live_server.url + path) for path in paths}
    assert {path: report for path, report in failures.items() if report} == {}
    assert len(paths) == 9


def test_every_article_has_no_axe_violations(live_server, page, content):
    articles = list(Article.objects.published())
    assert len(articles) == len(list(contentfiles.article_files()))  # every shipped article
    failures = {a.slug: scan(page, live_server.url + a.get_absolute_url()) for a in articles}
    assert {slug: report for slug, report in failures.items() if report} == {}


def test_no_csp_violations_on_an_article_and_in_the_admin(
    live_server, page, content, django_user_model
):
    django_user_model.objects.create_user(
        "editor", password="a-long-test-password", is_staff=True, is_superuser=True
    )
    violations = watch_csp(page)
    article = Article.objects.get(slug="sciatica")
    page.goto(live_server.url + article.get_absolute_url())
    page.wait_for_load_state("networkidle")

    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))

    changelist = reverse("admin:articles_article_changelist")
    page.goto(live_server.url + changelist)
    page.wait_for_load_state("networkidle")
    assert page.locator("#result_list").is_visible()
    assert "above grade 8" not in page.content()  # every shipped article is grade 8 or lower

    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    page.wait_for_load_state("networkidle")
    # Use the widgets that run JavaScript: the related-articles autocomplete.
    page.locator(".field-related .select2-selection").click()
    page.keyboard.type("stay")
    page.wait_for_selector(".select2-results__option:has-text('Staying active')")
    page.keyboard.press("Escape")
    assert page.locator("text=Reading grade").first.is_visible()

    page.goto(live_server.url + reverse("admin:articles_article_history", args=[article.pk]))
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_nothing_scrolls_sideways_at_320px(live_server, page, content, artifacts):
    page.set_viewport_size({"width": 320, "height": 800})
    for name, path in [
        ("article-320", reverse("articles:detail", args=["sciatica"])),
        ("glossary-320", reverse("articles:glossary")),
        ("search-320", reverse("articles:search") + "?q=pinched+nerve"),
    ]:
        page.goto(live_server.url + path)
        assert not scrolls_sideways(page), path
        page.screenshot(path=artifacts / f"{name}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("articles:detail", args=["sciatica"]))
    page.screenshot(path=artifacts / "article-desktop.png", full_page=True)
    page.goto(live_server.url + reverse("articles:home"))
    page.screenshot(path=artifacts / "home-desktop.png", full_page=True)


def test_an_article_prints_cleanly(live_server, page, content, artifacts):
    article = Article.objects.get(slug="herniated-disc")
    page.goto(live_server.url + article.get_absolute_url())
    page.emulate_media(media="print")
    pdf = artifacts / "article-print.pdf"
    page.pdf(path=pdf, format="A4", print_background=True)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    flat = " ".join(text.split())
    assert article.title in flat
    assert "When to get help" in flat and "Sources" in flat
    assert "https://www.nhs.uk/" in flat.replace(" ", "")  # link targets are shown
    for nav_text in NAV_TEXT:
        assert nav_text not in flat, nav_text
    assert "Home" not in {line.strip() for line in text.splitlines()}
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf,
         artifacts / "article-print-p1"],
        check=True,
    )  # fmt: skip
    assert (artifacts / "article-print-p1.png").stat().st_size > 1000


def test_each_new_article_prints_on_at_most_three_a4_pages(live_server, page, content, artifacts):
    """The ten articles added in content v2, figures included (they load eagerly to print)."""
    from tests.articles.test_new_articles import SLUGS

    page.emulate_media(media="print")
    counts = {}
    for slug in SLUGS:
        page.goto(f"{live_server.url}/articles/{slug}/")
        page.wait_for_load_state("networkidle")
        out = artifacts / f"print-{slug}-a4.pdf"
        page.pdf(path=out, format="A4")
        counts[slug] = len(pypdf.PdfReader(out).pages)
    assert {slug: n for slug, n in counts.items() if n > 3} == {}
