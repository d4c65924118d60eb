"""Clinical sign-off: editors' changes wait, reviewers approve, four eyes, no lost edits."""

import datetime
import json
import re
import time

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import pagecache
from articles.admin_workflow import edit_token
from articles.models import Approval, Article, StaffProfile, Status, WorkflowEvent
from articles.review import Action

PASSWORD = "a-long-test-password"


@pytest.fixture
def make_staff(django_user_model):
    def make(username, group, name="", credentials=""):
        user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        if name:
            StaffProfile.objects.create(user=user, display_name=name, credentials=credentials)
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make


@pytest.fixture
def editor(make_staff):
    return make_staff("edna", "Editors", "Edna Writer", "Health writer")


@pytest.fixture
def reviewer(make_staff):
    return make_staff("amina", "Clinical reviewers", "Dr Amina Patel", "Physiotherapist, PT, MSc")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def review_url(item):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_review", args=[item.pk])


def form_data(client, article, **changes):
    """What the browser sends back from the change form as it was opened, plus changes."""
    response = client.get(change_url(article))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "all"):
            value = list(value.all())
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        elif value is None:
            data[name] = ""
        else:
            data[name] = getattr(value, "pk", value)
    formset = response.context["inline_admin_formsets"][0].formset
    prefix = formset.prefix
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(len(formset.forms)),
            f"{prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    )
    for i, source_form in enumerate(formset.forms):
        for name in ("id", "article", "order", "publisher", "title", "year", "url"):
            value = source_form.initial.get(name, "")
            data[f"{prefix}-{i}-{name}"] = getattr(value, "pk", value)
        data[f"{prefix}-{i}-id"] = source_form.instance.pk or ""
        data[f"{prefix}-{i}-article"] = source_form.instance.article_id or ""
    data.update(changes)
    return data


def public_html(article) -> str:
    client = Client()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def step(client, article, action, **fields):
    """One button on the review page, pressed on the page as it was just shown."""
    token = client.get(review_url(article)).context["edit_token"]
    data = {"action": action, "edit_token": token, **fields}
    return client.post(review_url(article), data, follow=True)


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_the_two_roles_exist_with_the_right_permissions(db):
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    reviewers = set(
        Group.objects.get(name="Clinical reviewers").permissions.values_list("codename", flat=True)
    )
    assert {"add_article", "change_article", "change_page"} <= editors
    assert "approve_article" not in editors and "delete_article" not in editors
    assert editors < reviewers
    assert {"approve_article", "approve_page"} <= reviewers


def test_an_editors_change_waits_for_a_reviewer_then_goes_live(
    editor, reviewer, make_article, add_source, settings
):
    settings.BACKHEALTH_REQUIRE_CLINICAL_APPROVAL = True
    article = make_article(title="Sciatica", body="## What it is\n\nThe old text.")
    add_source(article)
    response = editor.post(
        change_url(article), form_data(editor, article, body="## What it is\n\nThe new text.")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert "The old text." in article.body
    assert "The new text." not in public_html(article)  # the public keeps the approved one
    change = article.pending_change
    assert "The new text." in change.body and change.status == Status.DRAFT
    assert change.sources.count() == 1 and article.sources.count() == 1

    # An editor may submit but not approve.
    step(editor, article, "submit", comment="Please check the new text.")
    html = step(editor, article, "approve").content.decode()
    assert "Only a clinical reviewer can approve" in html
    assert "The new text." not in public_html(article)

    html = step(reviewer, article, "approve", next_review_due="").content.decode()
    assert "Approved and published." in html
    article.refresh_from_db()
    assert "The new text." in article.body
    assert not Article.objects.filter(pending_for=article).exists()
    assert article.sources.count() == 1
    page = public_html(article)
    assert "The new text." in page and "The old text." not in page

    # The public "Reviewed by" line and the JSON-LD come from the approver's profile.
    assert "Dr Amina Patel, Physiotherapist, PT, MSc" in page
    today = timezone.localdate()
    assert article.last_reviewed == today
    assert article.next_review_due == today + datetime.timedelta(days=365)
    data = json_ld(page)
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Amina Patel",
        "jobTitle": "Physiotherapist, PT, MSc",
    }
    assert data["lastReviewed"] == today.isoformat()
    actions = list(WorkflowEvent.objects.for_object(article).values_list("action", flat=True))
    assert actions[:3] == [Action.APPROVED, Action.SUBMITTED, Action.EDITED]


def test_a_reviewer_cannot_approve_their_own_change(reviewer, make_staff, make_article, settings):
    article = make_article(body="## Part\n\nOld words.")
    reviewer.post(change_url(article), form_data(reviewer, article, body="## Part\n\nMine."))
    step(reviewer, article, "submit")
    html = step(reviewer, article, "approve").content.decode()
    assert "another reviewer must approve it" in html
    article.refresh_from_db()
    assert "Mine." not in article.body
    assert article.pending_change.status == Status.SUBMITTED

    second = make_staff("bo", "Clinical reviewers", "Dr Bo Chen", "Family doctor, MD")
    step(second, article, "approve")
    article.refresh_from_db()
    assert "Mine." in article.body and article.approved_by == second.user


def test_a_one_person_clinic_may_allow_self_approval(reviewer, make_article, settings):
    settings.BACKHEALTH_ALLOW_SELF_APPROVAL = True
    article = make_article(body="## Part\n\nOld words.")
    reviewer.post(change_url(article), form_data(reviewer, article, body="## Part\n\nMine."))
    step(reviewer, article, "submit")
    step(reviewer, article, "approve")
    article.refresh_from_db()
    assert "Mine." in article.body


def test_rejecting_sends_it_back_with_a_comment_shown_on_the_history(
    editor, reviewer, make_article
):
    article = make_article(status=Status.DRAFT, publish_date=None)
    step(editor, article, "submit")
    html = step(reviewer, article, "reject", comment="").content.decode()
    assert "the comment is required" in html
    step(reviewer, article, "reject", comment="Add the 2023 NICE source.")
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    history = reviewer.get(reverse("admin:articles_article_history", args=[article.pk]))
    text = history.content.decode()
    assert "Add the 2023 NICE source." in text and "Sent back with comments" in text


def test_an_editor_may_publish_only_without_mandatory_clinical_approval(
    editor, make_article, settings
):
    article = make_article(status=Status.DRAFT, publish_date=None)
    step(editor, article, "submit")
    settings.BACKHEALTH_REQUIRE_CLINICAL_APPROVAL = True
    step(editor, article, "approve")
    assert Article.objects.get(pk=article.pk).status == Status.SUBMITTED
    settings.BACKHEALTH_REQUIRE_CLINICAL_APPROVAL = False
    step(editor, article, "approve")
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.approval == Approval.EDITORIAL
    page = public_html(article)
    assert "Reviewed by" not in page and "pending" not in page.lower()
    assert "Edna Writer, Health writer (content editor)" in page
    assert "reviewedBy" not in json_ld(page)


def test_loaded_content_says_who_checked_it_without_pending(client, loaded):
    article = Article.objects.get(slug="sciatica")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Written and checked by" in html and "content editors" in html
    assert "pending" not in html.lower()
    assert "Reviewed by" not in html
    assert "reviewedBy" not in json_ld(html)


def test_scheduled_publishing_shows_the_article_at_its_time(editor, reviewer, make_article):
    make_article(title="Already live")
    article = make_article(title="Coming soon", status=Status.DRAFT, publish_date=None)
    step(editor, article, "submit")
    at = timezone.localtime() + datetime.timedelta(seconds=3)
    step(reviewer, article, "approve", publish_at=at.strftime("%Y-%m-%dT%H:%M:%S"))
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article not in Article.objects.published()
    public = Client()
    home = public.get(reverse("articles:home"))
    assert "Coming soon" not in home.content.decode()
    assert public.get(reverse("articles:home"))["X-Page-Cache"] == "hit"
    assert pagecache.page_timeout() <= 3  # the cached copy cannot outlive the schedule
    time.sleep(max(0, (article.publish_date - timezone.now()).total_seconds()) + 1.1)
    assert "Coming soon" in public.get(reverse("articles:home")).content.decode()
    assert public.get(article.get_absolute_url()).status_code == 200


def test_a_stale_form_is_refused_and_nothing_is_lost(editor, reviewer, make_article):
    article = make_article(body="## Part\n\nOriginal.")
    first = form_data(editor, article, body="## Part\n\nEditor's words.")
    second = form_data(reviewer, article, body="## Part\n\nReviewer's words.")
    assert reviewer.post(change_url(article), second).status_code == 302
    response = editor.post(change_url(article), first)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this page after you opened it" in html
    assert reverse("admin:articles_article_compare", args=[article.pk]) in html
    assert "Editor&#x27;s words." in html  # still in the form, to copy
    article.refresh_from_db()
    assert "Reviewer's words." in article.pending_change.body
    assert "Original." in article.body
    # Opened again, the form carries the new token and saves.
    again = form_data(editor, article, body="## Part\n\nEditor's words.")
    assert again["edit_token"] == edit_token(article)
    assert editor.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert "Editor's words." in article.pending_change.body


def test_preview_shows_the_pending_change_as_the_public_would_see_it(
    editor, make_article, add_source
):
    article = make_article(title="Back strain", body="## Part\n\nLive words.")
    add_source(article)
    editor.post(change_url(article), form_data(editor, article, body="## Part\n\nNew words."))
    response = editor.get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "New words." in html and "Live words." not in html
    assert "Draft preview." in html and "pending change" in html
    assert "Source 1" in html  # the sources, as on the public page
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "Live words." in public_html(article)


def test_compare_lists_only_the_fields_that_changed(editor, make_article):
    article = make_article(body="## Part\n\nThe pain goes down one leg.")
    editor.post(
        change_url(article),
        form_data(editor, article, body="## Part\n\nThe pain goes down both legs."),
    )
    url = reverse("admin:articles_article_compare", args=[article.pk])
    response = editor.get(url, {"a": "live", "b": "pending"})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["label"] for row in rows] == ["Body"]
    parts = rows[0]["parts"]
    assert ("removed", "one leg.") in parts and ("added", "both legs.") in parts
    html = response.content.decode()
    assert "<del>" in html and "<ins>" in html


def test_saving_an_unchanged_form_records_no_changed_fields(editor, make_article):
    article = make_article(status=Status.DRAFT, publish_date=None, body="## A\r\n\r\nText.")
    editor.post(change_url(article), form_data(editor, article))
    editor.post(change_url(article), form_data(editor, article, title="A new title"))
    from reversion.models import Version

    comments = [v.revision.comment for v in Version.objects.get_for_object(article)]
    assert comments == ["Changed Title.", "No fields changed."]
    history = editor.get(reverse("admin:articles_article_history", args=[article.pk]))
    rows = history.context["versions"]
    assert [row["changed"] for row in rows] == [["Title"], ["First version"]]
    # Any two saved versions can be compared, field by field.
    compare = reverse("admin:articles_article_compare", args=[article.pk])
    response = editor.get(compare, {"a": rows[1]["key"], "b": rows[0]["key"]})
    diff = response.context["rows"]
    assert [row["label"] for row in diff] == ["Title"]
    assert diff[0]["parts"] == [("removed", article.title), ("added", "A new title")]


def test_a_refused_first_edit_of_a_live_article_can_be_fixed_and_sent_again(
    editor, make_article, add_source
):
    article = make_article(body="## Part\n\nLive words.")
    add_source(article)
    bad = form_data(editor, article, body="## Part\n\nNew words. ![Spine](spine.png)")
    response = editor.post(change_url(article), bad)
    assert response.status_code == 200
    assert "would not be shown" in response.content.decode()
    article.refresh_from_db()
    assert "Live words." in article.body  # nothing reached the live article
    # The page shown with the error is sent again, corrected, exactly as the browser would.
    again = response.context["adminform"].form.data.copy()
    again["body"] = "## Part\n\nNew words."
    assert editor.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert "New words." in article.pending_change.body and "Live words." in article.body
    assert article.pending_change.sources.count() == 1 and article.sources.count() == 1


def test_a_reviewer_approves_only_the_version_they_looked_at(editor, reviewer, make_article):
    article = make_article(body="## Part\n\nLive words.")
    editor.post(change_url(article), form_data(editor, article, body="## Part\n\nFirst try."))
    step(editor, article, "submit")
    seen = reviewer.get(review_url(article)).context["edit_token"]
    editor.post(change_url(article), form_data(editor, article, body="## Part\n\nSecond try."))
    response = reviewer.post(
        review_url(article), {"action": "approve", "edit_token": seen}, follow=True
    )
    assert "It was changed after you opened this page" in response.content.decode()
    article.refresh_from_db()
    assert "Live words." in article.body
    step(reviewer, article, "approve")
    article.refresh_from_db()
    assert "Second try." in article.body
