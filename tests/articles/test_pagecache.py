"""The public library pages are cached, and every staff change shows at once."""

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from articles import pagecache
from articles.models import Status

pytestmark = pytest.mark.django_db


def test_second_anonymous_view_of_an_article_is_served_from_the_cache(client, make_article):
    article = make_article()
    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


@pytest.mark.parametrize("name", ["home", "category", "glossary"])
def test_library_pages_are_cached(client, make_article, name):
    article = make_article()
    args = [article.category.slug] if name == "category" else []
    url = reverse(f"articles:{name}", args=args)
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_a_staff_edit_shows_at_once(client, make_article):
    article = make_article(title="Old title")
    url = article.get_absolute_url()
    assert b"Old title" in client.get(url).content
    article.title = "New title"
    article.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert b"New title" in response.content
    assert b"Old title" not in response.content


def test_unpublishing_removes_the_page_at_once(client, make_article):
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    article.status = Status.DRAFT
    article.save()
    assert client.get(url).status_code == 404


def test_category_page_shows_a_new_article_at_once(client, make_article):
    first = make_article(title="First one")
    url = first.category.get_absolute_url()
    client.get(url)
    make_article(title="Second one", category=first.category)
    assert b"Second one" in client.get(url).content


def test_related_article_changes_invalidate(client, make_article):
    article, other = make_article(), make_article(title="A related page")
    url = article.get_absolute_url()
    client.get(url)
    article.related.add(other)
    assert b"A related page" in client.get(url).content


def test_a_care_card_change_invalidates(client, make_article):
    article = make_article(care={"routine": ["Old trigger."]})
    url = article.get_absolute_url()
    client.get(url)
    card = article.care_cards.get()
    card.triggers = "New trigger."
    card.save()
    assert b"New trigger." in client.get(url).content
    card.delete()
    assert b"New trigger." not in client.get(url).content


def test_the_version_is_shared_so_every_worker_sees_an_edit(client, make_article):
    """A save in another process bumps the version in the shared cache; our copy is skipped."""
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    before = pagecache.content_version()
    caches["shared"].incr(pagecache.VERSION_KEY)  # what a save in another worker does
    assert pagecache.content_version() == before + 1
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_staff_and_query_strings_bypass_the_cache(make_article, staff_client):
    article = make_article()
    url = article.get_absolute_url()
    staff_client.get(url)
    assert "X-Page-Cache" not in staff_client.get(url)
    anonymous = Client()
    anonymous.get(url + "?utm=x")
    assert "X-Page-Cache" not in anonymous.get(url + "?utm=x")


def test_a_draft_preview_is_never_cached_for_the_public(make_article, staff_client):
    draft = make_article(status=Status.DRAFT)
    assert staff_client.get(draft.get_absolute_url()).status_code == 200
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_cached_pages_hold_no_csrf_token_or_nonce(client, make_article):
    article = make_article()
    client.get(article.get_absolute_url())
    hit = client.get(article.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit"
    assert b"csrfmiddlewaretoken" not in hit.content
    assert "nonce-" not in hit["Content-Security-Policy"]
    assert b'nonce="' not in hit.content


def test_cached_page_query_count_is_constant(client, make_article, django_assert_max_num_queries):
    article = make_article()
    client.get(article.get_absolute_url())
    with django_assert_max_num_queries(1):  # the shared content version, nothing else
        client.get(article.get_absolute_url())
