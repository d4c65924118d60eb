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
    assert '<html lang="en">' in html
    assert 'href="#main-content"' in html
    assert '<main id="main-content"' in html
    assert reverse("assessment:start") in html
    for slug in ("causes", "treatments", "prevention", "when-to-get-help"):
        assert reverse("articles:category", args=[slug]) in html
    assert "information, not a diagnosis" in html
    assert re.search(r"weakness in both legs: call 911 now", html)


def test_emergency_number_comes_from_settings(client, db, settings):
    settings.BACKHEALTH_EMERGENCY_NUMBER = "112"
    html = client.get(reverse("articles:home")).content.decode()
    assert "call 112 now" in html
    assert "911" not in html


def test_no_third_party_resources_or_inline_scripts(client, db):
    html = client.get(reverse("articles:home")).content.decode()
    for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
        for url in re.findall(r'(?:src|href)="([^"]+)"', tag):
            assert url.startswith("/"), f"third-party or absolute resource: {url}"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert "style=" not in html
