"""Search: ranking on both engines, glossary synonyms, no results, odd input."""

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article, Status
from articles.search import MAX_QUERY_LENGTH, clean_query, search

ENGINES = [
    "fallback",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            connection.vendor != "postgresql", reason="PostgreSQL full-text search"
        ),
    ),
]


def slugs(results):
    return [article.slug for article in results]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_title_match_outranks_a_body_match(make_article, engine):
    body_only = make_article(
        slug="body-only",
        title="Keeping well",
        body="## About\n\n" + "Zebrafish swim. " * 12,
    )
    in_title = make_article(slug="in-title", title="Zebrafish and your back")
    make_article(slug="unrelated", title="Something else")
    assert slugs(search("zebrafish", engine=engine)) == [in_title.slug, body_only.slug]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_summary_match_outranks_a_body_match(make_article, engine):
    make_article(slug="body", body="## About\n\nA walrus appears here. A walrus again.")
    make_article(slug="summary", summary="All about the walrus.")
    assert slugs(search("walrus", engine=engine)) == ["summary", "body"]


@pytest.mark.parametrize("engine", ENGINES)
def test_only_published_articles_are_found(make_article, engine):
    make_article(slug="live", title="Narwhal facts")
    make_article(slug="draft", title="Narwhal draft", status=Status.DRAFT)
    assert slugs(search("narwhal", engine=engine)) == ["live"]


SYNONYM_QUERIES = [
    ("slipped disc", "herniated-disc"),
    ("pinched nerve", "sciatica"),
    ("Pinched Nerve!", "sciatica"),
    ("trapped nerve in my leg", "sciatica"),
    ("charley horse", "night-leg-cramps"),
    ("poor circulation", "peripheral-artery-disease"),
    ("sciatica", "sciatica"),
]


@pytest.mark.parametrize("engine", ENGINES)
def test_glossary_synonyms_find_the_right_article(loaded, engine):
    # One load of the real content for all queries (loading is the slow part).
    firsts = {query: slugs(search(query, engine=engine))[:1] for query, _ in SYNONYM_QUERIES}
    assert firsts == {query: [first] for query, first in SYNONYM_QUERIES}


def test_a_bulging_disc_is_not_sent_to_the_slipped_disc_article(loaded):
    """A disc bulge is its own glossary term, not a synonym of a herniated (slipped) disc."""
    from articles.search import expand

    expansion = expand("bulging disc")
    assert "Herniated disc" not in expansion.names
    assert "Bulging disc" in expansion.names
    herniated = Article.objects.get(slug="herniated-disc")
    assert herniated.pk not in expansion.article_ids


def test_search_page_shows_ranked_results(client, loaded):
    response = client.get(reverse("articles:search"), {"q": "slipped disc"})
    assert response.status_code == 200
    assert response.context["results"][0].slug == "herniated-disc"
    html = response.content.decode()
    assert "for “slipped disc”" in html
    assert '<meta name="robots" content="noindex">' in html


def test_no_results_page_helps(client, db):
    response = client.get(reverse("articles:search"), {"q": "qwertyuiop"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "No articles found for “qwertyuiop”" in html
    assert reverse("assessment:start") in html
    assert reverse("articles:glossary") in html


def test_no_results_page_lists_the_topics(client, loaded):
    html = client.get(reverse("articles:search"), {"q": "qwertyuiop"}).content.decode()
    for slug in ("causes", "treatments", "prevention", "when-to-get-help"):
        assert reverse("articles:category", args=[slug]) in html


def test_the_query_is_shown_escaped(client, db):
    html = client.get(reverse("articles:search"), {"q": '<script>alert("x")</script>'}).content
    assert b'<script>alert("x")' not in html
    assert b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


ODD_QUERIES = [
    "",
    " ",
    "a" * 10_000,
    "back pain " * 500,
    "\x00",
    "sciatica\x00drop table",
    "' OR 1=1 --",
    '"unbalanced',
    "& | ! ( ) : * <->",
    "%_%",
    "\\",
    "🙂🙃 ∑ ß",
    "\u202e\u200b",
    "-",
    "!!!",
    "the and of",
]


def test_odd_queries_never_fail(client, loaded):
    for query in ODD_QUERIES:
        response = client.get(reverse("articles:search"), {"q": query})
        assert response.status_code == 200, repr(query)
        shown = response.context["query"]
        assert len(shown) <= MAX_QUERY_LENGTH
        assert "\x00" not in shown


@pytest.mark.parametrize("raw", ["%ED%A0%80", "%FF%FE", "%00", "%E2%80", "q%3D"])
def test_broken_encodings_never_fail(client, db, raw):
    assert client.get(f"/search/?q={raw}").status_code == 200


def test_repeated_q_and_post_are_handled(client, db):
    assert client.get("/search/?q=a&q=b").status_code == 200
    assert client.post(reverse("articles:search"), {"q": "x"}).status_code == 405
    assert client.head(reverse("articles:search"), {"q": "x"}).status_code == 200


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  slipped   disc ", "slipped disc"),
        ("a\x00b", "a b"),
        ("x" * 500, "x" * MAX_QUERY_LENGTH),
        (None, ""),
        ("ﬁsh", "fish"),  # compatibility forms are folded
    ],
)
def test_clean_query(raw, clean):
    assert clean_query(raw) == clean
