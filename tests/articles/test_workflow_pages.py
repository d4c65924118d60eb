"""Editorial pages (About us, Privacy, ...), their footer links, and the clinic settings."""

import subprocess
import sys

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from articles import contentfiles
from articles.clinic import ClinicSettings, get_clinic, tel_href
from articles.models import Page, Status
from articles.pages import PageKey, url_name
from tests.articles.test_workflow import editor, make_staff, reviewer, step  # noqa: F401
from tests.site.production import ROOT, production_env

PAGE_URLS = [reverse(f"articles:{url_name(key)}") for key in PageKey.values]


@pytest.mark.parametrize("url", PAGE_URLS)
def test_each_editorial_page_answers_200(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "Draft preview" not in response.content.decode()


def test_the_editorial_pages_are_plain_language(db):
    for page in Page.objects.all():
        assert contentfiles.reading_grade(page.body) <= contentfiles.MAX_GRADE, page.key


def test_every_page_links_to_the_editorial_pages_in_its_footer(client, make_article):
    article = make_article()
    pages = [
        reverse("articles:home"),
        article.get_absolute_url(),
        reverse("articles:glossary"),
        reverse("articles:search"),
        reverse("assessment:start"),
        "/no-such-page/",
        *PAGE_URLS,
    ]
    for path in pages:
        html = client.get(path, follow=True).content.decode()
        footer = html.split('<footer class="site-footer"')[1]
        for url in PAGE_URLS:
            assert f'href="{url}"' in footer, (path, url)


def test_the_sitemap_lists_the_editorial_pages(sitemap_locs):
    locs = sitemap_locs()
    for url in PAGE_URLS:
        assert url in locs


def test_privacy_page_tells_the_retention_period_from_settings(client, db, settings):
    settings.BACKHEALTH_RESULT_RETENTION_DAYS = 14
    html = client.get(reverse("articles:page-privacy")).content.decode()
    assert "We keep a result for 14 days" in html
    assert "RESULT_RETENTION_DAYS" not in html
    assert "IP" in html and "cookie" in html


def test_editing_a_page_goes_through_review(editor, reviewer, settings):  # noqa: F811
    settings.BACKHEALTH_REQUIRE_CLINICAL_APPROVAL = True
    page = Page.objects.get(key=PageKey.ABOUT)
    url = reverse("admin:articles_page_change", args=[page.pk])
    form = editor.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data["body"] = "## Who we are\n\nA new plain sentence about us."
    assert editor.post(url, data).status_code == 302
    public = Client().get(reverse("articles:page-about")).content.decode()
    assert "A new plain sentence about us." not in public
    page.refresh_from_db()
    assert page.pending_change.status == Status.DRAFT
    preview = editor.get(reverse("admin:articles_page_preview", args=[page.pk]))
    assert "A new plain sentence about us." in preview.content.decode()
    assert preview["X-Robots-Tag"] == "noindex"
    review = reverse("admin:articles_page_review", args=[page.pk])
    editor.post(review, {"action": "submit"})
    step(editor, page, "approve")
    about = reverse("articles:page-about")
    assert "A new plain sentence" not in Client().get(about).content.decode()
    step(reviewer, page, "approve")
    html = Client().get(reverse("articles:page-about")).content.decode()
    assert "A new plain sentence about us." in html


def test_contact_page_shows_the_clinic_settings_with_phone_links(client, db, settings):
    settings.BACKHEALTH_EMERGENCY_NUMBER = "911"
    html = client.get(reverse("articles:page-contact")).content.decode()
    assert 'href="tel:811"' in html and 'href="tel:911"' in html  # the defaults
    ClinicSettings.objects.create(
        name="Riverside Physio",
        phone="604 555-0100",
        booking_url="https://book.example.org/riverside",
        opening_hours="Monday to Friday: 8 am to 6 pm\nSaturday: 9 am to noon",
        health_line="",
    )
    html = client.get(reverse("articles:page-contact")).content.decode()
    assert "Riverside Physio" in html
    assert '<a href="tel:6045550100">604 555-0100</a>' in html
    assert 'href="https://book.example.org/riverside"' in html
    assert "Saturday: 9 am to noon" in html
    assert "tel:811" not in html and "health line" not in html.lower()  # blank hides it


def test_clinic_defaults_come_from_settings(db, settings):
    settings.BACKHEALTH_HEALTH_LINE = "8-1-1"
    settings.BACKHEALTH_EMERGENCY_NUMBER = "112"
    clinic = get_clinic()
    assert clinic.pk is None
    assert (clinic.health_line, clinic.emergency_number) == ("8-1-1", "112")
    assert tel_href(clinic.health_line) == "tel:811"
    assert tel_href("") == ""


def test_get_clinic_never_fails_without_a_database(db, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr(ClinicSettings.objects, "filter", broken)
    assert get_clinic().emergency_number == "911"


def test_clinic_settings_are_one_row_edited_in_the_admin(reviewer):  # noqa: F811
    response = reviewer.get(reverse("admin:articles_clinicsettings_changelist"))
    assert response.url == reverse("admin:articles_clinicsettings_change", args=[1])
    form = reviewer.get(response.url).context["adminform"].form
    assert form.initial["health_line"] == "811"
    data = {
        "name": "Riverside Physio",
        "phone": "604 555-0100",
        "booking_url": "",
        "opening_hours": "",
        "health_line": "811",
        "emergency_number": "911",
    }
    assert reviewer.post(response.url, data).status_code == 302
    assert reviewer.post(response.url, {**data, "name": "Renamed"}).status_code == 302
    assert ClinicSettings.objects.count() == 1
    assert get_clinic().name == "Renamed"
    html = Client().get(reverse("articles:page-contact")).content.decode()
    assert "Renamed" in html  # the cached contact page follows the change


def test_clinical_approval_is_mandatory_by_default_only_in_production():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.BACKHEALTH_REQUIRE_CLINICAL_APPROVAL, "
        "settings.BACKHEALTH_ALLOW_SELF_APPROVAL)"
    )

    def read(env):
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().splitlines()[-1]

    assert read(production_env()) == "True False"
    assert read(production_env(BACKHEALTH_REQUIRE_CLINICAL_APPROVAL="off")) == "False False"
    local = production_env(DJANGO_PRODUCTION="false")
    assert read(local) == "False False"
