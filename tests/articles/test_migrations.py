"""Migration 0004 turns each article's single care card into a card of the right level."""

import datetime
import hashlib
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("articles", "0003_images")]
AFTER = [("articles", "0005_remove_article_care_level_text")]


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes("articles")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def old_digest(article, Source):
    values = {
        "title": article.title,
        "category": "causes",
        "order": article.order,
        "summary": article.summary,
        "key_points": article.key_points.splitlines(),
        "body": article.body,
        "care_level": article.care_level,
        "care_text": article.care_text,
        "explains": [],
        "related": [],
        "reviewer_name": article.reviewer_name,
        "reviewer_role": article.reviewer_role,
        "last_reviewed": article.last_reviewed.isoformat(),
        "next_review_due": article.next_review_due.isoformat(),
        "sources": [],
    }
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.django_db(transaction=True)
def test_care_text_becomes_one_card_of_the_matching_level():
    old = migrate(BEFORE)
    Category = old.get_model("articles", "Category")
    Article = old.get_model("articles", "Article")
    Source = old.get_model("articles", "Source")
    causes = Category.objects.create(slug="causes", name="Causes", description="x", order=1)
    common = {
        "category": causes,
        "summary": "S.",
        "key_points": "K.",
        "body": "B.",
        "reviewer_name": "R",
        "reviewer_role": "Role",
        "last_reviewed": datetime.date(2026, 1, 1),
        "next_review_due": datetime.date(2027, 1, 1),
    }
    Article.objects.create(
        slug="a",
        title="A",
        care_level="immediate",
        care_text="Call EMERGENCY_NUMBER now if you have:\nnumbness between your legs;\n"
        "trouble peeing.\nDo not drive yourself.",
        **common,
    )
    Article.objects.create(
        slug="b",
        title="B",
        care_level="non_urgent",
        care_text="See a doctor if the pain is not better\nafter 3 weeks. Or if it is worse.\n\n"
        "Ask a pharmacist.",
        **common,
    )
    untouched = Article.objects.create(
        slug="c", title="C", care_level="urgent", care_text="Call today.", **common
    )
    untouched.content_hash = old_digest(untouched, Source)
    untouched.save()
    edited = Article.objects.create(
        slug="d", title="D", care_level="urgent", care_text="Call today.", **common
    )
    edited.content_hash = "0" * 64  # what was loaded differs from what is there: staff edited
    edited.save()
    try:
        new = migrate(AFTER)
        CareCard = new.get_model("articles", "CareCard")
        Article = new.get_model("articles", "Article")
        cards = {c.article.slug: c for c in CareCard.objects.select_related("article")}
        assert cards["a"].level == "emergency"
        assert cards["a"].triggers.splitlines() == [
            "Call EMERGENCY_NUMBER now if you have:",
            "numbness between your legs",
            "trouble peeing.",
            "Do not drive yourself.",
        ]
        assert cards["b"].level == "routine"
        assert cards["b"].triggers.splitlines() == [
            "See a doctor if the pain is not better after 3 weeks.",
            "Or if it is worse.",
            "Ask a pharmacist.",
        ]
        assert cards["c"].level == "urgent"
        # Untouched since the last load: it gets the fingerprint of its new values, so the
        # next load still refreshes it; an edited one keeps its (non-matching) fingerprint.
        assert Article.objects.get(slug="c").content_hash not in ("", untouched.content_hash)
        assert Article.objects.get(slug="d").content_hash == "0" * 64
        assert not hasattr(Article.objects.get(slug="a"), "care_text")
        # The migration's frozen fingerprint is the loader's own (after every later migration).
        from articles import loading
        from articles.models import Article as LiveArticle

        migrate(latest())
        live = LiveArticle.objects.get(slug="c")
        assert loading.digest(loading.article_values_from_row(live)) == live.content_hash
    finally:
        migrate(latest())
