"""The content workflow in a real browser: edit, submit, preview, compare, approve.

Zero CSP violations and zero axe violations on every admin page used; the editorial pages
pass axe too.
"""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article, Category, StaffProfile, Status
from articles.pages import PageKey, url_name
from tests.browser.helpers import axe_violations, watch_csp

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
BODY = "## What it is\n\nBack strain is a stretched muscle. It often gets better in a few weeks.\n"


@pytest.fixture
def workflow_data(transactional_db):
    """Groups and editorial pages come from a migration; transactional tests flush them."""
    migration = importlib.import_module("articles.migrations.0007_workflow_roles_and_pages")
    if not Group.objects.filter(name="Editors").exists():
        migration.roles(apps, None)
        migration.pages(apps, None)


def make_user(django_user_model, username, group, name, credentials):
    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    StaffProfile.objects.create(user=user, display_name=name, credentials=credentials)
    return user


def log_in(page, live_server, username):
    page.goto(live_server.url + reverse("admin:logout").replace("logout/", "login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))


def check(page, failures, name, csp=None):
    """axe on the page as it is. CSP reports raised while axe probes the page are set aside:
    on the change form axe-core itself applies inline styles (checked: no report in the 3 s
    before the scan, two during it, with or without the page's scripts)."""
    page.wait_for_load_state("networkidle")
    before = len(csp) if csp is not None else 0
    count, report = axe_violations(page)
    if csp is not None:
        if len(csp) > before:
            print("during axe on", name, csp[before:])
        del csp[before:]
    if count:
        failures[name] = report


def test_edit_submit_preview_compare_approve(live_server, page, workflow_data, django_user_model):
    make_user(django_user_model, "edna", "Editors", "Edna Writer", "Health writer")
    make_user(
        django_user_model, "amina", "Clinical reviewers", "Dr Amina Patel", "Physiotherapist, PT"
    )
    category = Category.objects.create(slug="causes", name="Causes", description="Why.", order=1)
    article = Article.objects.create(
        title="Back strain",
        slug="back-strain",
        category=category,
        summary="What a back strain is.",
        key_points="It is common.\nIt gets better.",
        body=BODY,
        last_reviewed="2026-01-05",
        next_review_due="2027-01-05",
        status=Status.PUBLISHED,
    )
    violations = watch_csp(page)
    failures: dict[str, str] = {}

    # The editor edits the published article: it becomes a pending change.
    log_in(page, live_server, "edna")
    check(page, failures, csp=violations, name="admin index")
    assert page.locator("#needs-attention").is_visible()
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    page.wait_for_load_state("networkidle")
    page.fill("#id_body", BODY + "\nRest for a day or two, then keep moving gently.\n")
    page.wait_for_function(
        "document.getElementById('reading-grade-result').textContent.includes('Flesch-Kincaid')"
    )
    check(page, failures, csp=violations, name="change form")
    page.click("input[name=_continue]")
    page.wait_for_load_state("networkidle")
    assert "Saved as a pending change" in page.content()
    assert "keep moving gently" not in page_text(page, live_server, article)

    # Submit it, preview it, compare it.
    page.click("text=Review and publish")
    check(page, failures, csp=violations, name="review page (editor)")
    page.click("button:has-text('Submit for review')")
    page.wait_for_load_state("networkidle")
    assert "Submitted for review." in page.content()
    page.click("text=Preview it as the public would see it")
    page.wait_for_load_state("networkidle")
    assert "keep moving gently" in page.content() and "Draft preview." in page.content()
    check(page, failures, csp=violations, name="preview")
    page.go_back()
    page.click("a.button:has-text('Compare versions')")
    page.wait_for_load_state("networkidle")
    assert page.locator(".diff-text ins").first.is_visible()
    check(page, failures, csp=violations, name="compare")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "workflow-compare.png", full_page=True)
    page.goto(live_server.url + reverse("admin:articles_article_history", args=[article.pk]))
    check(page, failures, csp=violations, name="history")

    # The clinical reviewer approves: the public sees it, with their name.
    page.context.clear_cookies()
    log_in(page, live_server, "amina")
    page.goto(live_server.url + reverse("admin:articles_article_review", args=[article.pk]))
    check(page, failures, csp=violations, name="review page (reviewer)")
    page.screenshot(path=ARTIFACTS / "workflow-review.png", full_page=True)
    page.click("button:has-text('Approve and publish')")
    page.wait_for_load_state("networkidle")
    assert "Approved and published." in page.content()
    check(page, failures, csp=violations, name="review page after approval")
    public = page_text(page, live_server, article)
    assert "keep moving gently" in public
    assert "Dr Amina Patel, Physiotherapist, PT" in public

    assert failures == {}
    assert violations == []


def page_text(page, live_server, article) -> str:
    """The article as the public sees it (a fresh browser context: no staff session)."""
    anonymous = page.context.browser.new_context()
    public = anonymous.new_page()
    public.goto(live_server.url + article.get_absolute_url())
    text = public.content()
    anonymous.close()
    return text


def test_editorial_pages_have_no_axe_or_csp_violations(live_server, page, workflow_data):
    violations = watch_csp(page)
    failures = {}
    for key in PageKey.values:
        page.goto(live_server.url + reverse(f"articles:{url_name(key)}"))
        assert page.locator("footer nav a", has_text="Privacy").is_visible()
        check(page, failures, key, violations)
    assert failures == {}
    assert violations == []
