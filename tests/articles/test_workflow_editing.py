"""Editing in the admin: honest form errors, the reading grade, the "Needs attention" panel."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from tests.articles.test_workflow import (  # noqa: F401 (fixtures)
    change_url,
    editor,
    form_data,
    make_staff,
    reviewer,
)


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("## Part\n\n![The spine](spine.png)", "A picture (&lt;img&gt;) would not be shown"),
        ("## Part\n\nShown.\n\n<!-- a note\n\nHidden text.", "never closed"),
        ("## Part\n\n<iframe src='https://x.example/'></iframe>", "&lt;iframe&gt; is not allowed"),
        ("## Part\n\n[Click](javascript:alert(1))", "would be removed: links must start"),
    ],
)
def test_markdown_the_sanitiser_would_change_is_a_form_error(editor, make_article, body, named):  # noqa: F811, E501
    article = make_article(status=Status.DRAFT, publish_date=None)
    response = editor.post(change_url(article), form_data(editor, article, body=body))
    assert response.status_code == 200
    assert named in response.content.decode()
    article.refresh_from_db()
    assert article.body != body


def test_the_reading_grade_button_checks_without_saving(editor, make_article):  # noqa: F811
    article = make_article(status=Status.DRAFT, publish_date=None)
    data = form_data(editor, article, body="## New\n\nShort words here.", _check_grade="1")
    response = editor.post(change_url(article), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not saved yet. Reading grade of the body: Flesch-Kincaid" in html and "SMOG" in html
    article.refresh_from_db()
    assert "Short words here." not in article.body
    grade = editor.post(reverse("admin:articles_article_grade"), {"body": "## A\n\n<b style=x>"})
    data = grade.json()
    assert {"fk", "smog", "message", "problems"} <= set(data)
    assert any("style" in p for p in data["problems"])


def test_needs_attention_panel(reviewer, make_article, editor):  # noqa: F811
    today = timezone.localdate()
    submitted = make_article(title="Waiting for you", status=Status.SUBMITTED)
    make_article(title="Long overdue", next_review_due=today - datetime.timedelta(days=3))
    make_article(title="Due soon", next_review_due=today + datetime.timedelta(days=5))
    make_article(title="Checked", sources_checked=today, next_review_due=today.replace(year=2099))
    html = reviewer.get(reverse("admin:index")).content.decode()
    panel = html.split('id="needs-attention"')[1].split("</div>")[0]
    assert "Needs attention" in html
    assert reverse("admin:articles_article_review", args=[submitted.pk]) in panel
    for title in ("Waiting for you", "Long overdue", "Due soon"):
        assert title in panel
    assert "Submitted for review (1)" in panel and "Overdue for review (1)" in panel
    unchecked = panel.split("Sources not checked")[1]
    assert "Long overdue" in unchecked and "Checked<" not in unchecked
