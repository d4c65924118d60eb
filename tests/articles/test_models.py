"""The models: the one definition of "public", derived fields, validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import contentfiles
from articles.models import Article, Status, Term

NOW = timezone.now()
PAST = NOW - datetime.timedelta(days=2)
FUTURE = NOW + datetime.timedelta(days=2)


@pytest.mark.parametrize(
    ("status", "publish_date", "public"),
    [
        (Status.PUBLISHED, PAST, True),
        (Status.PUBLISHED, FUTURE, False),
        (Status.PUBLISHED, None, True),  # save() fills in "now" for a published article
        (Status.DRAFT, PAST, False),
        (Status.DRAFT, FUTURE, False),
        (Status.DRAFT, None, False),
    ],
)
def test_published_queryset(make_article, status, publish_date, public):
    article = make_article(status=status, publish_date=publish_date)
    assert (article in Article.objects.published()) is public


def test_published_is_evaluated_at_query_time(make_article, monkeypatch):
    article = make_article(publish_date=FUTURE)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    monkeypatch.setattr(timezone, "now", lambda: FUTURE + datetime.timedelta(minutes=1))
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_derived_fields_are_made_on_save(make_article):
    article = make_article(body="## One\n\nShort text.\n\n## Two\n\nMore text here.")
    assert '<h2 id="section-one">One</h2>' in article.body_html
    assert article.body_toc == [
        {"id": "section-one", "text": "One"},
        {"id": "section-two", "text": "Two"},
    ]
    assert article.reading_grade == contentfiles.reading_grade(article.body)
    assert not article.above_max_grade
    article.body = "## Changed\n\nThe body changed."
    article.save()
    article.refresh_from_db()
    assert article.body_toc == [{"id": "section-changed", "text": "Changed"}]


def test_a_hard_body_is_flagged_above_grade_8(make_article):
    hard = (
        "## Pathophysiology\n\nRadiculopathy characteristically manifests as dermatomal "
        "paraesthesia accompanied by neurogenic claudication, predominantly exacerbated "
        "by prolonged lumbar flexion and intervertebral compression.\n"
    )
    article = make_article(body=hard)
    assert article.reading_grade > 8
    assert article.above_max_grade


def test_windows_line_endings_are_normalised(make_article):
    article = make_article(key_points="One.\r\nTwo.\r\n", body="## A\r\n\r\nText.\r\n")
    assert "\r" not in article.key_points + article.body
    assert article.key_point_list == ["One.", "Two."]


def test_strings_and_urls(make_article, term):
    article = make_article(title="Sciatica", slug="sciatica")
    assert str(article) == "Sciatica"
    assert article.get_absolute_url() == "/articles/sciatica/"
    assert article.category.get_absolute_url() == "/topics/causes/"
    glossary_term = term("Disc", "disc", synonyms="spinal disc, disk ,")
    assert str(glossary_term) == "Disc"
    assert glossary_term.get_absolute_url() == "/glossary/#disc"
    assert glossary_term.synonym_list == ["spinal disc", "disk"]


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ([], True),
        (["sciatica"], True),
        (["sciatica", "herniated-disc"], True),
        (["not-a-cause"], False),
        (["sciatica", "sciatica"], False),
        ("sciatica", False),
        ([1], False),
    ],
)
def test_explains_only_takes_cause_slugs(make_article, value, valid):
    article = make_article()
    article.explains = value
    if valid:
        article.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            article.full_clean()
        assert "explains" in error.value.message_dict


def test_explaining_finds_articles_by_cause_on_every_database(make_article):
    sciatica = make_article(explains=["sciatica"])
    make_article(explains=["herniated-disc", "spinal-stenosis"])
    make_article(explains=[])
    assert list(Article.objects.explaining("sciatica")) == [sciatica]
    assert Article.objects.explaining("spinal-stenosis").count() == 1
    # "sciatica" must not match inside a longer slug, nor a prefix match another cause.
    assert not Article.objects.explaining("stenosis").exists()


def test_a_glossary_change_renders_the_bodies_again(make_article, term):
    article = make_article(body="## About\n\nA herniated disc can hurt.")
    assert "glossary-link" not in article.body_html
    glossary_term = term("Herniated disc", "herniated-disc", synonyms="slipped disc")
    article.refresh_from_db()
    assert 'href="/glossary/#herniated-disc"' in article.body_html
    assert "A plain definition." in article.body_html  # explained where it stands
    glossary_term.definition = "A new definition."
    glossary_term.save()
    article.refresh_from_db()
    assert "A new definition." in article.body_html
    glossary_term.delete()
    article.refresh_from_db()
    assert "glossary-link" not in article.body_html


def test_an_article_does_not_link_the_terms_it_explains(make_article, term):
    article = make_article(body="## About\n\nA herniated disc can hurt.")
    other = make_article(body="## About\n\nA herniated disc can hurt.")
    term("Herniated disc", "herniated-disc", synonyms="slipped disc", article=article)
    article.refresh_from_db()
    other.refresh_from_db()
    assert "glossary-link" not in article.body_html
    assert "glossary-link" in other.body_html


def test_terms_are_ordered_alphabetically_whatever_the_case(term):
    term("x-ray", "x-ray")
    term("Acute", "acute")
    term("MRI scan", "mri-scan")
    assert [t.slug for t in Term.objects.all()] == ["acute", "mri-scan", "x-ray"]
