"""The base layout: landmarks, navigation, footer safety line, home page content."""

import re

from django.urls import reverse

from articles.models import Category


def test_home_page_layout(client, db):
    # The menu is built from the topics in the database.
    for order, slug in enumerate(("causes", "treatments", "prevention", "when-to-get-help")):
        Category.objects.create(slug=slug, name=slug.title(), description="-", order=order)
    response = client.get(reverse("articles:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en-ca">' in html
    assert 'href="#main-content"' in html
    assert '<main id="main-content"' in html
    assert reverse("assessment:start") in html
    for slug in ("causes", "treatments", "prevention", "when-to-get-help"):
        assert reverse("articles:category", args=[slug]) in html
    assert "information, not a diagnosis" in html
    assert '<a class="tel" href="tel:911">911</a>' in html  # the footer's emergency line


def test_emergency_number_comes_from_settings(client, db, settings):
    settings.BACKHEALTH_EMERGENCY_NUMBER = "112"
    html = client.get(reverse("articles:home")).content.decode()
    assert 'href="tel:112">112</a>' in html
    assert "911" not in html


def test_no_third_party_resources_or_inline_scripts(client, db):
    html = client.get(reverse("articles:home")).content.decode()
    for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
        for url in re.findall(r'(?:src|href)="([^"]+)"', tag):
            assert url.startswith("/"), f"third-party or absolute resource: {url}"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert "style=" not in html


def test_robots_txt_keeps_results_out_and_points_to_the_sitemap(client, db):
    from backhealth.views import results_prefix

    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    prefix = results_prefix()
    assert prefix.startswith("/") and prefix.endswith("/") and len(prefix) > 1
    assert f"Disallow: {prefix}" in lines
    assert [line for line in lines if line.startswith("Disallow:")] == [f"Disallow: {prefix}"]
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    # It is a sitemap index (robots.txt may name one): the sections are listed in it.
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and b"<sitemapindex" in index.content
    assert b"<loc>http://testserver/sitemap-articles.xml</loc>" in index.content


def test_results_prefix_falls_back_when_the_url_is_missing(monkeypatch):
    from django.urls import NoReverseMatch

    from backhealth import views

    def no_route(*args, **kwargs):
        raise NoReverseMatch("no results page yet")

    monkeypatch.setattr(views, "reverse", no_route)
    assert views.results_prefix() == "/results/"
