"""Fixtures for the article library: a factory for articles, staff users, loaded content."""

import datetime
import itertools
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, CareCard, Category, Source, Status, Term

_numbers = itertools.count(1)

BODY = """## What it is

A short plain body for tests. It has a few short sentences. You can read it fast.

## What you can do

Keep moving. Walk a little each day.
"""


@pytest.fixture
def category(db):
    return Category.objects.create(slug="causes", name="Causes", description="Why.", order=1)


@pytest.fixture
def make_article(db):
    """Create an article; published and live unless told otherwise."""

    def make(**fields):
        n = next(_numbers)
        if "category" not in fields:
            fields["category"], _ = Category.objects.get_or_create(
                slug="causes", defaults={"name": "Causes", "description": "Why.", "order": 1}
            )
        defaults = {
            "title": f"Test article {n}",
            "slug": f"test-article-{n}",
            "summary": "A test article in one plain sentence.",
            "key_points": "First point.\nSecond point.",
            "body": BODY,
            "reviewer_name": "Dr Test Reviewer",
            "reviewer_role": "Physiotherapist",
            "last_reviewed": datetime.date(2026, 11, 1),
            "next_review_due": datetime.date(2027, 11, 1),
            "status": Status.PUBLISHED,
            "publish_date": timezone.now() - datetime.timedelta(days=1),
        }
        care = fields.pop("care", {"routine": ["Your pain is getting worse."]})
        defaults.update(fields)
        article = Article.objects.create(**defaults)
        for level, items in care.items():
            CareCard.objects.create(article=article, level=level, triggers="\n".join(items))
        return article

    return make


@pytest.fixture
def add_source():
    def add(article, n=1):
        return Source.objects.create(
            article=article,
            publisher="NHS",
            title=f"Source {n}",
            year=2024,
            url=f"https://www.nhs.uk/source-{n}/",
            order=n,
        )

    return add


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password="a-long-test-password", is_staff=True, is_superuser=True
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def loaded(db):
    """The real curated content, loaded as `make run` loads it."""
    call_command("load_content", verbosity=0)


@pytest.fixture
def term(db):
    def make(term, slug, synonyms="", article=None, definition="A plain definition."):
        return Term.objects.create(
            term=term, slug=slug, synonyms=synonyms, article=article, definition=definition
        )

    return make


@pytest.fixture
def sitemap_locs(client, db):
    """Every address the sitemap gives: /sitemap.xml (an index), then each section page it lists."""

    def read():
        index = client.get("/sitemap.xml")
        assert index.status_code == 200
        assert b"<sitemapindex" in index.content
        found = []
        for section in re.findall(r"<loc>http://testserver(/[^<]+)</loc>", index.content.decode()):
            page = client.get(section.replace("&amp;", "&"))
            assert page.status_code == 200, section
            found += re.findall(r"<loc>http://testserver(/[^<]*)</loc>", page.content.decode())
        return found

    return read
