"""Public pages: what the public and staff see, and how the pages are built."""

import datetime
import json
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.clinic import numbers
from articles.models import Category, Status

FUTURE = timezone.now() + datetime.timedelta(days=3)


def detail_url(article):
    return reverse("articles:detail", args=[article.slug])


# --- who sees what ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "public_status"),
    [
        ({}, 200),
        ({"status": Status.DRAFT}, 404),
        ({"publish_date": FUTURE}, 404),
        ({"status": Status.DRAFT, "publish_date": None}, 404),
    ],
)
def test_article_visibility_for_the_public(client, make_article, fields, public_status):
    article = make_article(**fields)
    response = client.get(detail_url(article))
    assert response.status_code == public_status
    if public_status == 200:
        assert "Draft preview" not in response.content.decode()


@pytest.mark.parametrize("fields", [{"status": Status.DRAFT}, {"publish_date": FUTURE}])
def test_staff_preview_a_hidden_article_with_a_banner(staff_client, make_article, fields):
    article = make_article(title="Hidden article", **fields)
    response = staff_client.get(detail_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft preview" in html
    assert "<title>Draft preview: Hidden article" in html
    assert '<meta name="robots" content="noindex">' in html
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert response["X-Robots-Tag"] == "noindex"


def test_staff_see_a_published_article_without_banner_or_no_store(staff_client, make_article):
    response = staff_client.get(detail_url(make_article()))
    assert response.status_code == 200
    assert "Draft preview" not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")


def test_non_staff_users_cannot_preview(client, django_user_model, make_article):
    user = django_user_model.objects.create_user("reader", password="a-long-test-password")
    client.force_login(user)
    assert client.get(detail_url(make_article(status=Status.DRAFT))).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/articles/no-such-article/",
        "/topics/no-such-topic/",
        "/articles/UPPER/",
    ],
)
def test_unknown_slugs_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_category_lists_only_its_published_articles_in_order(client, make_article, category):
    other = Category.objects.create(slug="treatments", name="Treatments", description="x")
    second = make_article(title="Second", order=2, category=category)
    first = make_article(title="First", order=1, category=category)
    make_article(title="Draft one", status=Status.DRAFT, category=category)
    make_article(title="Future one", publish_date=FUTURE, category=category)
    make_article(title="Elsewhere", category=other)
    response = client.get(reverse("articles:category", args=["causes"]))
    assert response.status_code == 200
    assert list(response.context["articles"]) == [first, second]
    html = response.content.decode()
    assert "Draft one" not in html and "Future one" not in html and "Elsewhere" not in html
    assert first.summary in html
    assert html.index("First") < html.index("Second")


def test_home_shows_a_few_published_articles_per_category(client, make_article, category):
    articles = [make_article(title=f"Causes article {n}", order=n) for n in range(6)]
    make_article(title="Hidden draft", status=Status.DRAFT)
    html = client.get(reverse("articles:home")).content.decode()
    for article in articles[:4]:
        assert detail_url(article) in html
    assert detail_url(articles[5]) not in html
    assert "Hidden draft" not in html
    assert "All 6 articles about causes" in html
    assert reverse("assessment:start") in html
    # A compact emergency callout that links to the full list of signs (not the whole box).
    assert "Emergency: get help now" in html
    assert reverse("articles:detail", args=["emergency-warning-signs"]) in html


# --- the article page ---------------------------------------------------------------------


def test_article_page_content(client, make_article, add_source, category):
    related = make_article(title="A related article")
    hidden = make_article(title="A hidden related article", status=Status.DRAFT)
    body = "\n\n".join(f"## Part {n}\n\nSome text." for n in range(1, 5))
    article = make_article(
        title="Back pain",
        summary="What back pain is in one line.",
        key_points="Point one.\nPoint two.",
        body=body,
        care={"urgent": ["Your leg feels weak."]},
        reviewer_name="Dr Ada Lovelace",
        reviewer_role="Physiotherapist",
        last_reviewed=datetime.date(2026, 10, 2),
        next_review_due=datetime.date(2027, 10, 2),
    )
    article.related.set([related, hidden])
    add_source(article, 1)
    response = client.get(detail_url(article))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "<title>Back pain – BackHealth</title>" in html
    assert '<meta name="description" content="What back pain is in one line.">' in html
    assert (
        'aria-label="Breadcrumb"' in html and reverse("articles:category", args=["causes"]) in html
    )
    assert "<li>Point one.</li>" in html
    assert 'href="#section-part-1"' in html  # 4 sections: a table of contents
    assert "care-card care-card--urgent" in html and "Urgent: get help today" in html
    assert "<li>Your leg feels weak.</li>" in html
    assert "A related article" in html and "A hidden related article" not in html
    assert '<a href="https://www.nhs.uk/source-1/" rel="noreferrer">Source 1</a> (2024)' in html
    assert "Last reviewed" in html and "2 October 2026" in html
    assert "Next review due" in html and "2 October 2027" in html
    # Free text on the article is never the public review line (issue 12): no clinician
    # approved this one, so the editors are named.
    assert "Dr Ada Lovelace" not in html and "Written and checked by" in html


def test_short_articles_have_no_table_of_contents(client, make_article):
    html = client.get(detail_url(make_article())).content.decode()  # 2 sections
    assert "On this page" not in html


@pytest.mark.parametrize(
    ("level", "label"),
    [
        ("emergency", "Emergency: go now"),
        ("urgent", "Urgent: get help today"),
        ("soon", "Soon: see a doctor within a week"),
        ("routine", "Book an appointment"),
    ],
)
def test_care_card_says_its_level_in_words(client, make_article, level, label):
    html = client.get(detail_url(make_article(care={level: ["A trigger."]}))).content.decode()
    article = html[html.index('<article class="article"') :]
    card = re.search(r'<section class="care-card care-card--(\w+)".*?</section>', article, re.S)
    assert card.group(1) == level
    assert label in card.group(0)
    assert "<li>A trigger.</li>" in card.group(0)


def structured_data(html):
    scripts = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_json_ld_describes_a_reviewed_medical_web_page(client, make_article, django_user_model):
    from articles.models import Approval, StaffProfile

    reviewer = django_user_model.objects.create_user("ada", password="a-long-test-password")
    StaffProfile.objects.create(
        user=reviewer, display_name="Dr Ada Lovelace", credentials="Physiotherapist"
    )
    article = make_article(
        title="Sciatica </script><script>alert(1)</script>",
        approved_by=reviewer,
        approval=Approval.CLINICAL,
        last_reviewed=datetime.date(2026, 10, 2),
    )
    html = client.get(detail_url(article)).content.decode()
    data = structured_data(html)
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == "2026-10-02"
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Ada Lovelace",
        "jobTitle": "Physiotherapist",
    }
    assert data["name"] == article.title
    assert data["url"].endswith(detail_url(article))
    # The title cannot break out of the data block.
    assert "<script>alert(1)" not in html


def test_emergency_number_comes_from_the_setting_everywhere(client, make_article, settings):
    settings.BACKHEALTH_EMERGENCY_NUMBER = "112"
    article = make_article(
        summary="Call EMERGENCY_NUMBER if it is bad.",
        key_points="Call EMERGENCY_NUMBER now.",
        body="## Help\n\nCall EMERGENCY_NUMBER straight away.",
        care={"emergency": ["Ring EMERGENCY_NUMBER."]},
    )
    html = client.get(detail_url(article)).content.decode()
    assert "EMERGENCY_NUMBER" not in html
    link = '<a class="tel" href="tel:112">112</a>'
    for text in (
        f"Call {link} if it is bad.",
        f"Call {link} now.",
        f"Call {link} straight away.",
        f"Ring {link}.",
    ):
        assert text in html
    assert structured_data(html)["description"] == "Call 112 if it is bad."
    settings.BACKHEALTH_EMERGENCY_NUMBER = "999"  # a later change needs no re-save
    html = client.get(detail_url(article)).content.decode()
    assert 'Ring <a class="tel" href="tel:999">999</a>.' in html


def test_emergency_number_setting_is_escaped(client, make_article, settings):
    settings.BACKHEALTH_EMERGENCY_NUMBER = "<b>112</b>"
    article = make_article(care={"emergency": ["Ring EMERGENCY_NUMBER."]})
    html = client.get(detail_url(article)).content
    assert b"&lt;b&gt;112&lt;/b&gt;</a>." in html
    assert b"<b>112</b>" not in html


def article_queries(client, article):
    caches["default"].clear()  # count the queries of a real render, not of a cached copy
    with CaptureQueriesContext(connection) as queries:
        assert client.get(detail_url(article)).status_code == 200
    return len(queries)


@pytest.mark.parametrize("client_name", ["client", "staff_client"])
def test_article_page_queries_do_not_grow_with_related_and_sources(
    request, client_name, make_article, add_source
):
    client = request.getfixturevalue(client_name)
    small, big = make_article(), make_article()
    small.related.set([make_article()])
    add_source(small, 1)
    big.related.set([make_article() for _ in range(10)])
    for n in range(10):
        add_source(big, n)
    article_queries(client, small)  # warm up (sessions, content types)
    assert article_queries(client, small) == article_queries(client, big)
    # Care cards (one prefetch), the menu's topics, the reviewer's profile.
    assert article_queries(client, big) <= 9


def test_category_and_home_queries_do_not_grow(client, make_article):
    make_article()
    numbers()  # the clinic's numbers are read once, then kept: not part of the count
    home_one = article_count_queries(client, reverse("articles:home"))
    category_one = article_count_queries(client, reverse("articles:category", args=["causes"]))
    for _ in range(8):
        make_article()
    assert article_count_queries(client, reverse("articles:home")) == home_one
    assert (
        article_count_queries(client, reverse("articles:category", args=["causes"])) == category_one
    )


def article_count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_body_html_is_sanitised_when_shown(client, make_article):
    article = make_article(body='## Hi\n\n<script>alert(1)</script><a href="javascript:x">y</a>')
    html = client.get(detail_url(article)).content.decode()
    assert "alert(1)" not in html and "javascript:" not in html


# --- glossary, sitemap, robots --------------------------------------------------------------


def test_glossary_lists_terms_a_to_z_with_anchors(client, make_article, term):
    article = make_article(title="Herniated disc")
    draft = make_article(title="Draft article", status=Status.DRAFT)
    term("Herniated disc", "herniated-disc", synonyms="slipped disc, bulging disc", article=article)
    term("Acute", "acute", definition="Short and recent.")
    term("Disc", "disc", article=draft)
    response = client.get(reverse("articles:glossary"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index('id="acute"') < html.index('id="disc"') < html.index('id="herniated-disc"')
    assert 'href="#letter-a"' in html and 'id="letter-h"' in html
    assert "Also called: slipped disc, bulging disc" in html
    assert f'href="{detail_url(article)}"' in html
    assert "Draft article" not in html  # only published articles are linked


def test_sitemap_lists_published_articles_only(sitemap_locs, make_article, category):
    public = make_article()
    draft = make_article(status=Status.DRAFT)
    future = make_article(publish_date=FUTURE)
    locs = sitemap_locs()  # through the index, every section
    assert detail_url(public) in locs
    assert detail_url(draft) not in locs and detail_url(future) not in locs
    for url in (
        reverse("articles:home"),
        reverse("articles:glossary"),
        reverse("articles:category", args=["causes"]),
    ):
        assert url in locs


def test_real_content_pages_all_render(client, loaded):
    from articles.models import Article

    for article in Article.objects.published():
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200, article.slug
        assert "EMERGENCY_NUMBER" not in response.content.decode()
    for category in Category.objects.all():
        assert client.get(category.get_absolute_url()).status_code == 200


def test_care_cards_come_in_tier_order_as_bullets_without_forced_line_breaks(client, make_article):
    article = make_article(
        care={
            "routine": ["Not better after 2 to 3 weeks."],
            "emergency": ["WARNING_SIGNS", "An extra sign."],
            "urgent": ["Your leg feels weak."],
        }
    )
    html = client.get(detail_url(article)).content.decode()
    page = html[html.index('<article class="article"') :]
    levels = re.findall(r'<section class="care-card care-card--(\w+)"', page)
    assert levels == ["emergency", "urgent", "routine"]
    emergency = re.search(r"care-card--emergency.*?</section>", page, re.S).group(0)
    # Every warning sign from the one list, then the extra one, each a bullet.
    from clinical.vocabulary import WARNING_SIGNS
    from clinical.wording import SIGN_LABELS

    items = re.findall(r"<li>(.*?)</li>", emergency, re.S)
    assert len(items) == len(WARNING_SIGNS) + 1
    assert items[-1] == "An extra sign."
    assert str(SIGN_LABELS["bladder"]) in items[1]
    assert '<span aria-hidden="true">⚠ </span>' in emergency
    assert 'href="tel:911"' in emergency and "Do not drive yourself." in emergency
    # A card never breaks a line mid-sentence: no <br>, each trigger one list item.
    assert "<br" not in page[page.index("care-card-heading") : page.index("</article>")]
