"""The admin as editors use it: lists, forms, actions and history."""

import datetime
import re

import pytest
import reversion
from django.contrib.admin.sites import site
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.admin import ArticleAdmin, grade_text
from articles.admin_workflow import edit_token
from articles.models import Article, Category, Source, Status, Term

HARD_BODY = (
    "## Pathophysiology\n\nRadiculopathy characteristically manifests as dermatomal "
    "paraesthesia accompanied by neurogenic claudication, predominantly exacerbated by "
    "prolonged lumbar flexion and intervertebral compression.\n"
)


def changelist(model="article"):
    return reverse(f"admin:articles_{model}_changelist")


def change(obj):
    return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("model", ["article", "category", "term"])
def test_changelists_and_add_forms_load(staff_client, make_article, model):
    make_article()
    assert staff_client.get(changelist(model)).status_code == 200
    assert staff_client.get(reverse(f"admin:articles_{model}_add")).status_code == 200


def test_article_changelist_flags_hard_articles(staff_client, make_article):
    easy = make_article(title="Easy article")
    hard = make_article(title="Hard article", body=HARD_BODY)
    html = staff_client.get(changelist()).content.decode()
    assert f"{hard.reading_grade:.1f} – above grade 8" in html
    assert f"{easy.reading_grade:.1f} – above" not in html


def test_grade_text():
    assert grade_text(Article(reading_grade=9.14)) == "9.1 – above grade 8"
    assert grade_text(Article(reading_grade=8.0)) == "8.0"


def test_change_form_shows_the_reading_grade_and_sources(staff_client, make_article, add_source):
    article = make_article(body=HARD_BODY)
    add_source(article)
    response = staff_client.get(change(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Reading grade" in html and "above grade 8" in html
    assert "Source 1" in html  # the sources inline
    assert 'name="explains"' in html and 'type="checkbox"' in html
    assert reverse("admin:autocomplete") in html  # related articles: autocomplete
    assert "View on site" in html
    view_on_site = staff_client.get(
        reverse("admin:view_on_site", args=[response.context["content_type_id"], article.pk])
    )
    assert view_on_site.url.endswith(article.get_absolute_url())


def test_article_search_and_filters(staff_client, make_article):
    today = timezone.localdate()
    overdue = make_article(title="Overdue", next_review_due=today - datetime.timedelta(days=1))
    soon = make_article(title="Soon", next_review_due=today + datetime.timedelta(days=10))
    later = make_article(title="Later", next_review_due=today + datetime.timedelta(days=90))
    draft = make_article(title="Drafty", status=Status.DRAFT)

    def listed(params):
        response = staff_client.get(changelist(), params)
        assert response.status_code == 200
        return set(response.context["cl"].queryset)

    assert listed({"review": "overdue"}) == {overdue}
    assert listed({"review": "soon"}) == {soon}
    assert later not in listed({"review": "soon"})
    assert listed({"status__exact": "draft"}) == {draft}
    assert listed({"q": "Overdue"}) == {overdue}


def form_data(article, **changes):
    data = {
        "title": article.title,
        "slug": article.slug,
        "category": article.category_id,
        "order": article.order,
        "group": article.group,
        "summary": article.summary,
        "key_points": article.key_points,
        "body": article.body,
        "explains": article.explains,
        "related": [a.pk for a in article.related.all()],
        "last_reviewed": article.last_reviewed.isoformat(),
        "next_review_due": article.next_review_due.isoformat(),
        "sources_checked": "",
        "edit_token": edit_token(Article.objects.get(pk=article.live.pk)),
        "sources-TOTAL_FORMS": "1",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
        "sources-0-order": "1",
        "sources-0-publisher": "NICE",
        "sources-0-title": "NG59",
        "sources-0-year": "2020",
        "sources-0-url": "https://www.nice.org.uk/guidance/ng59",
    }
    cards = list(article.care_cards.all())
    data.update(
        {
            "care_cards-TOTAL_FORMS": str(len(cards)),
            "care_cards-INITIAL_FORMS": str(len(cards)),
            "care_cards-MIN_NUM_FORMS": "0",
            "care_cards-MAX_NUM_FORMS": "4",
        }
    )
    for i, card in enumerate(cards):
        data.update(
            {
                f"care_cards-{i}-id": str(card.pk),
                f"care_cards-{i}-article": str(article.pk),
                f"care_cards-{i}-level": card.level,
                f"care_cards-{i}-triggers": card.triggers,
            }
        )
    data.update(changes)
    return data


def add_cards(data, *cards):
    """Add new care cards (level, triggers) to the inline's form data."""
    start = int(data["care_cards-TOTAL_FORMS"])
    for i, (level, triggers) in enumerate(cards, start=start):
        data[f"care_cards-{i}-level"] = level
        data[f"care_cards-{i}-triggers"] = triggers
    data["care_cards-TOTAL_FORMS"] = str(start + len(cards))
    return data


def test_care_cards_are_edited_as_an_inline_in_tier_order(staff_client, make_article):
    article = make_article(care={"routine": ["Not better after 3 weeks."]})
    data = add_cards(
        form_data(article), ("emergency", "WARNING_SIGNS"), ("soon", "New tingling in one leg.")
    )
    response = staff_client.post(change(article), data)
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    # A published article's edit waits as a pending change; the public keeps the old cards.
    assert [c.level for c in article.care_card_list] == ["routine"]
    pending = Article.objects.get(pending_for=article)
    assert [c.level for c in pending.care_card_list] == ["emergency", "soon", "routine"]
    # The article's form now shows the pending change, its cards in tier order.
    page = staff_client.get(change(article)).content.decode()
    levels = re.findall(r'name="care_cards-\d-level".*?<option value="(\w+)" selected', page, re.S)
    assert levels == ["emergency", "soon", "routine"]


def test_the_admin_refuses_two_cards_of_one_level(staff_client, make_article):
    article = make_article(care={"urgent": ["Weakness in one leg."]})
    data = add_cards(form_data(article), ("urgent", "A high temperature."))
    response = staff_client.post(change(article), data)
    assert response.status_code == 200
    assert article.care_cards.count() == 1
    assert "already exists" in response.content.decode() or "Please correct the duplicate" in (
        response.content.decode()
    )


def test_editing_an_article_saves_a_revision_and_renders(staff_client, make_article):
    article = make_article(status=Status.DRAFT)
    response = staff_client.post(
        change(article),
        form_data(article, body="## New part\r\n\r\nNew text.", explains=["sciatica"]),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.body == "## New part\n\nNew text."
    assert '<h2 id="section-new-part">' in article.body_html
    assert article.explains == ["sciatica"]
    assert list(article.sources.values_list("publisher", flat=True)) == ["NICE"]
    assert Version.objects.get_for_object(article).count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("explains", ["not-a-cause"]),
        ("sources-0-url", "http://insecure.example/"),
        ("sources-0-url", "javascript:alert(1)"),
    ],
)
def test_bad_values_are_refused(staff_client, make_article, field, value):
    article = make_article()
    response = staff_client.post(change(article), form_data(article, **{field: value}))
    assert response.status_code == 200  # the form again, with errors
    assert not Source.objects.filter(article=article).exists()


def test_publish_and_unpublish_actions(staff_client, make_article):
    submitted = make_article(status=Status.SUBMITTED, publish_date=None)
    draft = make_article(status=Status.DRAFT, publish_date=None)
    live = make_article()
    response = staff_client.post(
        changelist(),
        {"action": "publish", "_selected_action": [submitted.pk, draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED
    assert submitted.publish_date is not None and submitted.publish_date <= timezone.now()
    assert submitted in Article.objects.published()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT  # a draft must be submitted for review first
    assert "Submit it for review" in response.content.decode()

    staff_client.post(changelist(), {"action": "unpublish", "_selected_action": [live.pk]})
    live.refresh_from_db()
    assert live.status == Status.UNPUBLISHED
    assert live not in Article.objects.published()
    assert Version.objects.get_for_object(live).first().revision.comment == "Unpublished."


def test_publish_keeps_a_future_date(staff_client, make_article):
    future = timezone.now() + datetime.timedelta(days=5)
    article = make_article(status=Status.SUBMITTED, publish_date=future)
    staff_client.post(changelist(), {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.publish_date == future
    assert article not in Article.objects.published()


def test_revert_restores_a_previous_version(make_article, add_source, staff_user):
    article = make_article(title="First title", body="## One\n\nFirst body.")
    add_source(article, 1)
    with reversion.create_revision():
        reversion.set_user(staff_user)
        article.save()
    with reversion.create_revision():
        article.title = "Second title"
        article.body = "## Two\n\nSecond body."
        article.save()
        article.sources.all().delete()
        add_source(article, 2)
        reversion.add_to_revision(article)
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    versions.last().revision.revert(delete=True)  # the oldest version
    article.refresh_from_db()
    assert article.title == "First title"
    assert "First body." in article.body_html  # derived HTML follows the restored body
    assert list(article.sources.values_list("title", flat=True)) == ["Source 1"]


def test_history_pages_load(staff_client, make_article):
    article = make_article(status=Status.DRAFT)
    staff_client.post(change(article), form_data(article, title="Changed title"))
    version = Version.objects.get_for_object(article).first()
    history = reverse("admin:articles_article_history", args=[article.pk])
    assert staff_client.get(history).status_code == 200
    revision_url = reverse("admin:articles_article_revision", args=[article.pk, version.pk])
    assert staff_client.get(revision_url).status_code == 200


def test_term_admin_search_and_edit(staff_client, make_article):
    article = make_article(body="## About\n\nA herniated disc hurts.")
    term = Term.objects.create(term="Herniated disk", slug="herniated-disc", definition="x")
    response = staff_client.get(changelist("term"), {"q": "herniated"})
    assert list(response.context["cl"].queryset) == [term]
    response = staff_client.post(
        change(term),
        {
            "term": "Herniated disc",
            "slug": "herniated-disc",
            "definition": "A disc whose soft center has pushed out.",
            "synonyms": "slipped disc, prolapsed disc",
            "article": "",
        },
    )
    assert response.status_code == 302
    assert Version.objects.get_for_object(term).count() == 1
    article.refresh_from_db()
    # Bodies follow the glossary: the term is now explained where it stands.
    assert 'href="/glossary/#herniated-disc"' in article.body_html
    assert "A disc whose soft center has pushed out." in article.body_html


def test_article_admin_is_declared_for_editors():
    model_admin = site._registry[Article]
    assert isinstance(model_admin, ArticleAdmin)
    assert "related" in model_admin.autocomplete_fields
    assert model_admin.prepopulated_fields == {"slug": ("title",)}
    assert {Category, Term} <= set(site._registry)


def test_a_cause_can_be_explained_by_one_article_only(staff_client, make_article):
    make_article(title="The sciatica article", explains=["sciatica"])
    article = make_article()
    response = staff_client.post(change(article), form_data(article, explains=["sciatica"]))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["explains"]
    assert "already in “The sciatica article”" in errors[0]
    article.refresh_from_db()
    assert article.explains == []


def test_the_article_list_reads_the_same_number_of_queries_for_3_or_30_articles(
    staff_client, make_article
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    topics = [
        Category.objects.create(slug=f"topic-{i}", name=f"Topic {i}", description=".", order=i)
        for i in range(3)
    ]
    for i in range(3):
        make_article(category=topics[i])
    staff_client.get(changelist())
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(changelist()).status_code == 200
    for i in range(27):
        make_article(category=topics[i % 3])
    with CaptureQueriesContext(connection) as many:
        assert staff_client.get(changelist()).status_code == 200
    assert len(many) == len(few)
