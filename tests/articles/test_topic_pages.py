"""Topic pages in pages: ?page=N, page 1 at the bare address, anything else a 404."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import views
from articles.clinic import numbers
from articles.models import Article, Category, Group

pytestmark = pytest.mark.django_db

URL = "/topics/causes/"


@pytest.fixture
def page_size(monkeypatch):
    """Pages of 3 articles, so a handful of articles makes several pages."""
    monkeypatch.setattr(views, "TOPIC_PAGE_SIZE", 3)
    return 3


def titles(response):
    return [article.title for article in response.context["articles"]]


def nav(html):
    found = re.search(r'<nav class="pagination[^"]*" aria-label="Pages">(.*?)</nav>', html, re.S)
    return found.group(1) if found else None


def test_every_shipped_topic_is_one_page_with_all_its_articles(client, loaded):
    for category in Category.objects.all():
        published = Article.objects.published().filter(category=category)
        assert published.count() <= views.TOPIC_PAGE_SIZE, category.slug
        response = client.get(category.get_absolute_url())
        html = response.content.decode()
        assert {a.pk for a in response.context["articles"]} == set(
            published.values_list("pk", flat=True)
        )
        assert nav(html) is None and "Page 1 of" not in html


def test_the_pages_split_a_long_topic_in_order(client, make_article, page_size):
    for n in range(7):
        make_article(title=f"Article {n}", order=n)
    pages = [client.get(URL), client.get(URL + "?page=2"), client.get(URL + "?page=3")]
    assert [titles(r) for r in pages] == [
        ["Article 0", "Article 1", "Article 2"],
        ["Article 3", "Article 4", "Article 5"],
        ["Article 6"],
    ]
    assert all(r.status_code == 200 for r in pages)


def test_the_page_links_say_where_they_go(client, make_article, page_size):
    for n in range(7):
        make_article(order=n)
    first = nav(client.get(URL).content.decode())
    assert "Previous" not in first
    assert f'<a href="{URL}" aria-current="page">' in first
    assert f'href="{URL}?page=2" rel="next">Next' in first
    middle = client.get(URL + "?page=2").content.decode()
    links = nav(middle)
    # Page 1 is the bare address: one address per page.
    assert f'href="{URL}" rel="prev">Previous' in links and "page=1" not in links
    assert f'<a href="{URL}?page=2" aria-current="page">' in links
    assert f'href="{URL}?page=3" rel="next">Next' in links
    assert links.count('aria-current="page"') == 1
    assert "Page 2 of 3" in middle
    assert "<title>Causes, page 2 of 3" in middle
    last = nav(client.get(URL + "?page=3").content.decode())
    assert "Next" not in last and "Previous" in last


def test_a_long_run_of_pages_is_shortened_with_a_gap(client, make_article, page_size):
    for n in range(30):  # 10 pages
        make_article(order=n)
    links = nav(client.get(URL + "?page=5").content.decode())
    numbers = re.findall(r'<span class="visually-hidden">Page </span>(\d+)</a>', links)
    assert numbers == ["1", "4", "5", "6", "10"]
    assert links.count('aria-hidden="true">…</li>') == 2


# Not named "page": pytest-playwright would take it for its browser page, parametrize these
# by browser and pull the browser tests (which empty the database) in among these.
@pytest.mark.parametrize(
    "number", ["0", "4", "-1", "abc", "", "1.5", "9" * 5000, "2 ", "02", "+2", "٢"]
)
def test_a_page_that_is_not_there_is_a_404(client, make_article, page_size, number):
    for n in range(7):
        make_article(order=n)
    assert client.get(URL, {"page": number}).status_code == 404


def test_an_empty_topic_is_one_page(client, category):
    response = client.get(URL)
    assert response.status_code == 200
    assert "There are no articles in this section yet" in response.content.decode()
    assert client.get(URL + "?page=2").status_code == 404


def test_each_page_is_cached_apart(client, make_article, page_size):
    for n in range(4):
        make_article(title=f"Article {n}", order=n)
    client.get(URL + "?page=2")
    second = client.get(URL + "?page=2")
    assert second["X-Page-Cache"] == "hit"
    assert b"Article 3" in second.content and b"Article 0" not in second.content
    first = client.get(URL)
    assert b"Article 0" in first.content and b"Article 3" not in first.content


def test_headings_stay_when_a_page_holds_one_group_of_a_grouped_topic(
    client, make_article, page_size
):
    for n in range(3):
        make_article(title=f"Common {n}", order=n)
    make_article(title="Rare one", order=1, group=Group.RARE_SERIOUS)
    make_article(title="Less common one", order=9, group=Group.LESS_COMMON)
    # Grouped order (common, less common, rare), whatever the editors' numbers say.
    assert titles(client.get(URL)) == ["Common 0", "Common 1", "Common 2"]
    first = client.get(URL).content.decode()
    assert '<h2 id="group-common">Common causes</h2>' in first
    second = client.get(URL + "?page=2")
    assert titles(second) == ["Less common one", "Rare one"]
    html = second.content.decode()
    assert "Rare but serious causes</h2>" in html
    assert "These are rare." in html


def test_a_one_group_topic_is_a_plain_list_on_every_page(client, make_article, page_size):
    for n in range(5):
        make_article(order=n)
    html = client.get(URL + "?page=2").content.decode()
    assert "Common causes" not in html
    assert html.count("<h2><a href=") == 2


def test_topic_page_queries_do_not_grow_with_the_topic(client, make_article, page_size):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for n in range(4):
        make_article(order=n, group=Group.RARE_SERIOUS if n == 3 else Group.COMMON)
    numbers()  # the clinic's numbers are read once, then kept: not part of the count
    small = queries(URL), queries(URL + "?page=2")
    for n in range(20):
        make_article(order=10 + n)
    assert (queries(URL), queries(URL + "?page=2")) == small


def test_category_url_still_reverses_to_the_bare_address(db):
    assert reverse("articles:category", args=["causes"]) == URL
