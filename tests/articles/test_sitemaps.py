"""The sitemap is an index of small section pages, whatever the size of the library."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import pagecache, sitemaps
from articles.models import Article, Category, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)


def article_locs(xml: str) -> list[str]:
    return re.findall(r"<loc>http://testserver(/articles/[^<]+)</loc>", xml)


def test_the_index_lists_each_page_of_each_section(client, make_article, two_per_page):
    made = [make_article() for _ in range(5)]
    index = client.get("/sitemap.xml")
    assert index["Content-Type"] == "application/xml"
    xml = index.content.decode()
    for section in ("pages", "topics", "articles", "editorial"):
        assert f"<loc>http://testserver/sitemap-{section}.xml</loc>" in xml
    assert "/sitemap-articles.xml?p=2</loc>" in xml and "/sitemap-articles.xml?p=3</loc>" in xml
    assert "?p=4" not in xml
    pages = [
        client.get("/sitemap-articles.xml"),
        client.get("/sitemap-articles.xml", {"p": 2}),
        client.get("/sitemap-articles.xml", {"p": 3}),
    ]
    found = [article_locs(page.content.decode()) for page in pages]
    assert [len(locs) for locs in found] == [2, 2, 1]
    assert sorted(sum(found, [])) == sorted(a.get_absolute_url() for a in made)


def test_the_index_gives_each_section_its_latest_change(client, make_article):
    make_article()
    newest = make_article()
    Article.objects.filter(pk=newest.pk).update(updated=timezone.now() + datetime.timedelta(days=2))
    xml = client.get("/sitemap.xml").content.decode()
    entry = re.search(r"sitemap-articles\.xml</loc><lastmod>([^<]+)</lastmod>", xml)
    newest.refresh_from_db()
    assert entry and entry.group(1) == newest.updated.isoformat()


@pytest.mark.parametrize("query", ["?p=4", "?p=0", "?p=x", "?p="])
def test_a_section_page_that_is_not_there_is_a_404(client, make_article, two_per_page, query):
    for _ in range(5):
        make_article()
    assert client.get("/sitemap-articles.xml" + query).status_code == 404


def test_an_unknown_section_is_a_404(client, db):
    assert client.get("/sitemap-secrets.xml").status_code == 404


def test_sitemap_queries_do_not_grow_with_the_library(client, make_article, two_per_page):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ["/sitemap.xml", "/sitemap-articles.xml", "/sitemap-articles.xml?p=2"]
    for _ in range(4):
        make_article()
    small = [queries(url) for url in urls]
    for _ in range(12):
        make_article()
    pagecache.invalidate()
    assert [queries(url) for url in urls] == small


def test_a_full_section_page_fits_the_page_cache(client, category):
    """SECTION_LIMIT addresses with the longest slugs stay under the cache's per-page bound."""
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"Article {n}",
            slug=f"{n:04d}-" + "x" * 95,  # the longest slug an editor can give
            category=category,
            summary="A summary.",
            body="Body.",
            last_reviewed=now.date(),
            next_review_due=now.date(),
            status=Status.PUBLISHED,
            publish_date=now,
        )
        for n in range(sitemaps.SECTION_LIMIT + 1)
    )
    full = client.get("/sitemap-articles.xml", {"p": 1})
    assert len(article_locs(full.content.decode())) == sitemaps.SECTION_LIMIT
    assert len(full.content) < 64 * 1024  # a full section stays small
    again = client.get("/sitemap-articles.xml", {"p": 1})
    assert again["X-Page-Cache"] == "hit" and again.content == full.content
    assert len(article_locs(client.get("/sitemap-articles.xml?p=2").content.decode())) == 1


def test_section_pages_are_cached_and_a_change_shows_at_once(client, make_article):
    make_article()
    for url in ("/sitemap.xml", "/sitemap-topics.xml"):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    Category.objects.create(slug="new-topic", name="New", description="New.")
    topics = client.get("/sitemap-topics.xml")
    assert topics["X-Page-Cache"] == "miss"
    assert "/topics/new-topic/</loc>" in topics.content.decode()
