"""Every possible cause keeps a published article to link to (Article.explains)."""

from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse

from articles.explainers import check_every_cause_explained, unexplained_causes
from articles.models import Article, Status
from clinical import vocabulary

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    call_command("load_content", verbosity=0, stdout=StringIO())


def test_the_curated_library_explains_every_cause(library):
    assert unexplained_causes() == []
    assert check_every_cause_explained() == []
    explainers = Article.objects.published().explainers()
    assert set(explainers) == set(vocabulary.CAUSES)


def test_a_cause_without_a_published_explainer_is_a_system_check_warning(library):
    Article.objects.filter(slug="night-leg-cramps").update(status=Status.DRAFT)
    warnings = check_every_cause_explained()
    assert [w.id for w in warnings] == ["articles.W001"]
    assert "night-leg-cramps" in warnings[0].msg


def test_unpublishing_the_only_explainer_is_refused_by_the_action(admin_client, library):
    article = Article.objects.get(slug="sciatica")
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
        follow=True,
    )
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Sciatica" in m and "only published article" in m for m in messages)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_deleting_the_only_explainer_is_not_offered(admin_client, library):
    article = Article.objects.get(slug="sciatica")
    response = admin_client.get(reverse("admin:articles_article_delete", args=[article.pk]))
    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_renaming_the_slug_keeps_the_explainer(library):
    article = Article.objects.get(slug="sciatica")
    article.slug = "sciatica-and-the-nerve"
    article.save()
    assert Article.objects.published().explainers()["sciatica"].pk == article.pk
    assert unexplained_causes() == []
