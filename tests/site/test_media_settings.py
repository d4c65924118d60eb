"""Media storage: local files by default, an S3-compatible bucket when it is configured."""

import os
import subprocess
import sys

from tests.site.test_settings import ROOT, settings_in_child

BUCKET = {
    "BACKHEALTH_MEDIA_BUCKET": "backhealth-media",
    "BACKHEALTH_MEDIA_ACCESS_KEY_ID": "test-key-id",
    "BACKHEALTH_MEDIA_SECRET_ACCESS_KEY": "test-secret",
    "BACKHEALTH_MEDIA_DOMAIN": "media.backhealth.example",
}


def test_local_files_by_default_served_by_the_site():
    assert settings_in_child("settings.STORAGES['default']['BACKEND']") == (
        "django.core.files.storage.FileSystemStorage"
    )
    assert settings_in_child("settings.BACKHEALTH_SERVE_MEDIA") == "True"
    assert settings_in_child("settings.MEDIA_ROOT.name") == "media"
    route = "__import__('django.urls').urls.reverse('media', args=['images/a/1.jpg'])"
    assert settings_in_child(route) == "/media/images/a/1.jpg"


def test_a_bucket_with_credentials_uses_s3_storage_and_its_public_address():
    backend = settings_in_child("settings.STORAGES['default']['BACKEND']", **BUCKET)
    assert backend == "storages.backends.s3.S3Storage"
    assert settings_in_child("settings.BACKHEALTH_SERVE_MEDIA", **BUCKET) == "False"
    # No signed, expiring addresses (they are stored in the article HTML); no network needed.
    storage = "__import__('django.core.files.storage').core.files.storage.default_storage"
    url = f"{storage}.url('images/a/1.jpg')"
    assert (
        settings_in_child(url, **BUCKET) == "https://media.backhealth.example/media/images/a/1.jpg"
    )
    img_src = settings_in_child(
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']", **BUCKET
    )
    assert "https://media.backhealth.example" in img_src


def test_a_bucket_without_credentials_refuses_to_start():
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKHEALTH_MEDIA")}
    env.update(
        BACKHEALTH_MEDIA_BUCKET="backhealth-media", DJANGO_SETTINGS_MODULE="backhealth.settings"
    )
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "BACKHEALTH_MEDIA_ACCESS_KEY_ID" in done.stderr
