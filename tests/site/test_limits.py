"""Counters junk cannot evict, and request bodies capped for every endpoint."""

import datetime
import io

import pytest
from django.contrib.auth import authenticate
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles import pagecache, searchcache

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # 2,000 logins in seconds


def test_a_lockout_survives_2000_junk_login_attempts_on_the_default_cache(
    settings, django_user_model
):
    """Django's table cache evicts a third of its rows past 300; ours never evicts a live one."""
    settings.PASSWORD_HASHERS = FAST_HASHER
    assert settings.CACHES["lockouts"]["BACKEND"] == "backhealth.caches.CounterDatabaseCache"
    django_user_model.objects.create_user("editor", password="the-right-password-42", is_staff=True)
    version = pagecache.content_version()
    login = reverse("admin:login")
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    statuses = [
        attacker.post(login, {"username": "editor", "password": f"guess-{n}"}).status_code
        for n in range(5)
    ]
    assert statuses[-1] == 429
    # 2,000 failed logins for made-up names, each one a counter row (through django-axes'
    # own signal path, as the login view does, without rendering 2,000 pages).
    factory = RequestFactory()
    for n in range(2000):
        request = factory.post(login, REMOTE_ADDR="198.51.100.77")
        assert authenticate(request, username=f"junk-{n}", password="x") is None
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM backhealth_shared_cache")
        assert cursor.fetchone()[0] > 2000  # far past Django's 300-row trim
    locked = attacker.post(login, {"username": "editor", "password": "the-right-password-42"})
    assert locked.status_code == 429  # still locked out, even with the right password
    assert pagecache.content_version() == version  # and the library's version is still there


def test_the_counter_table_sweeps_expired_rows_only(settings):
    settings.CACHES = {
        **settings.CACHES,
        "shared": {**settings.CACHES["shared"], "OPTIONS": {"MAX_ENTRIES": 50}},
    }
    counters = caches["shared"]
    counters.clear()
    for n in range(40):
        counters.set(f"old-{n}", n, timeout=1)
    for n in range(100):  # past MAX_ENTRIES: a sweep on every write from here on
        counters.set(f"live-{n}", n, timeout=600)
    assert all(counters.get(f"live-{n}") == n for n in range(100))
    later = timezone.now() + datetime.timedelta(seconds=5)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("django.core.cache.backends.db.tz_now", lambda: later)
        counters.set("one-more", 1, timeout=600)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM backhealth_shared_cache")
        keys = {row[0] for row in cursor.fetchall()}
    assert not any("old-" in key for key in keys)  # expired rows swept
    assert sum("live-" in key for key in keys) == 100  # live ones all kept


# --- Request bodies ----------------------------------------------------------------------------


def test_an_oversize_multipart_part_gets_the_friendly_413_page(settings):
    settings.BACKHEALTH_MAX_BODY_BYTES = 64 * 1024
    big = SimpleUploadedFile("scan.png", b"\x89PNG" + b"0" * (100 * 1024), "image/png")
    response = Client(raise_request_exception=False).post(
        reverse("assessment:step", args=["about"]), {"about-age": "40", "picture": big}
    )
    assert response.status_code == 413
    assert b"Too much was sent" in response.content
    assert response["Cache-Control"] == "no-store"


def test_an_oversize_form_body_is_refused_on_every_endpoint(settings):
    settings.BACKHEALTH_MAX_BODY_BYTES = 16 * 1024
    client = Client(raise_request_exception=False)
    body = {"q": "x" * (20 * 1024)}
    for url in ("/search/", reverse("admin:login"), reverse("assessment:begin"), "/nowhere/"):
        assert client.post(url, body).status_code == 413, url


def test_a_small_body_is_not_refused(settings):
    response = Client().post(reverse("assessment:begin"), {"note": "x" * 1000})
    assert response.status_code == 302


def test_a_large_form_part_inside_an_allowed_upload_is_400(settings, admin_client):
    """Staff uploads may be large; the non-file part of the form still has the small cap."""
    settings.BACKHEALTH_MAX_BODY_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024
    response = admin_client.post(reverse("admin:articles_article_add"), {"body": "x" * (20 * 1024)})
    assert response.status_code == 400


def test_staff_may_upload_up_to_the_upload_cap_in_the_admin_only(settings, admin_client):
    settings.BACKHEALTH_MAX_BODY_BYTES = 16 * 1024
    settings.BACKHEALTH_MAX_UPLOAD_BYTES = 256 * 1024
    image = b"\x89PNG" + b"0" * (100 * 1024)
    add = reverse("admin:articles_article_add")

    def upload(client, url, size=None):
        payload = image if size is None else b"0" * size
        return client.post(url, {"image": SimpleUploadedFile("a.png", payload, "image/png")})

    assert upload(admin_client, add).status_code == 200  # the form again, not refused
    assert upload(admin_client, add, size=300 * 1024).status_code == 413  # over the upload cap
    assert upload(Client(), add).status_code == 413  # not signed in: the small cap
    assert upload(admin_client, "/search/").status_code == 413  # outside the admin


# --- Cached search pages: bounded in number and size -----------------------------------------


@pytest.fixture
def library(db):
    call_command("load_content", verbosity=0, stdout=io.StringIO())


def test_search_pages_are_kept_per_process_and_bounded(settings, client, library):
    assert settings.CACHES["search"]["BACKEND"].endswith("LocMemCache")
    assert settings.CACHES["search"]["OPTIONS"]["MAX_ENTRIES"] <= 200
    url = reverse("articles:search")
    client.get(url, {"q": "sciatica"})
    caches["default"].clear()  # held by the search cache, not the page cache
    assert client.get(url, {"q": "sciatica"})["X-Page-Cache"] == "hit"


def test_an_oversize_search_page_is_not_cached(client, monkeypatch, library):
    monkeypatch.setattr(searchcache, "MAX_SEARCH_PAGE_BYTES", 1000)
    url = reverse("articles:search")
    client.get(url, {"q": "sciatica"})
    assert client.get(url, {"q": "sciatica"})["X-Page-Cache"] == "miss"
