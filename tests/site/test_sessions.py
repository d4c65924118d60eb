"""Sessions (backhealth.sessions): kept in the database, read with one plain query."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests.assessment import walk
from tests.assessment.cases import CALM

pytestmark = pytest.mark.django_db


def store(key=None):
    return import_module(settings.SESSION_ENGINE).SessionStore(key)


def test_answers_live_in_the_database_and_the_cookie_holds_only_the_key():
    client = Client()
    walk.begin(client)
    walk.post(client, "about", CALM)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert len(key) == 32 and str(CALM["age"]) not in key
    data = Session.objects.get(session_key=key).get_decoded()
    saved = next(v for k, v in data.items() if k.startswith("wizard_"))
    assert saved["step_data"]["about"]["about-age"] == [str(CALM["age"])]


def test_a_saved_session_reads_back():
    first = store()
    first["answers"] = {"age": 40}
    first.save()
    assert store(first.session_key).load() == {"answers": {"age": 40}}


@pytest.mark.parametrize("case", ["expired", "unknown"])
def test_an_expired_or_unknown_session_is_empty_and_saves_under_a_new_key(case):
    old = store()
    old["answers"] = {"age": 40}
    old.save()
    if case == "expired":
        Session.objects.filter(session_key=old.session_key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
    key = old.session_key if case == "expired" else "x" * 32
    again = store(key)
    assert again.load() == {}
    again["answers"] = {"age": 50}
    again.save()
    assert again.session_key not in (key, old.session_key)
