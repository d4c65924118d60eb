"""Every user-facing string is translatable: a pseudo-translation leaves no English showing.

`makemessages` builds a catalogue from the code and templates, every msgstr becomes its msgid
wrapped in ⟦…⟧ (GNU gettext's msgen, msgfilter and msgfmt), and the pages are rendered in that
"language" (Esperanto's code, unused by the site). Any word that the English page shows and the
pseudo-translated page shows outside the brackets was not translated. Words that come from the
database (article titles, topics, glossary) are content, not interface, and are left out.
"""

import ast
import os
import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Category, Term
from tests.assessment.cases import CALM, EMERGENCY, URGENT, save_result
from tests.assessment.walk import STEPS, begin, post, step_post, step_url
from tests.localewords import UK_WORDS

PSEUDO = "eo"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
TOOLS = ("xgettext", "msgen", "msgfilter", "msgfmt")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in TOOLS) and not IN_CI,
        reason="GNU gettext is not installed (apt-get install gettext)",
    ),
]


@pytest.fixture(scope="module")
def pseudo_locale(tmp_path_factory):
    missing = [tool for tool in TOOLS if not shutil.which(tool)]
    if missing:
        pytest.fail(f"GNU gettext tools missing: {missing} (apt-get install gettext)")
    root = tmp_path_factory.mktemp("locale")
    base = Path(django_settings.BASE_DIR)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(base)
        mp.setattr(django_settings, "LOCALE_PATHS", [root])
        call_command(
            "makemessages",
            locale=[PSEUDO],
            ignore_patterns=["tests/*", "tools/*", "staticfiles/*", "test-artifacts/*"],
            no_obsolete=True,
            stdout=StringIO(),
        )
    po = root / PSEUDO / "LC_MESSAGES" / "django.po"
    english = subprocess.run(["msgen", str(po)], capture_output=True, check=True).stdout
    wrapped = subprocess.run(
        ["msgfilter", "--keep-header", "sed", "-e", "1s/^/⟦/", "-e", "$s/$/⟧/"],
        input=english,
        capture_output=True,
        check=True,
    ).stdout
    po.write_bytes(wrapped)
    subprocess.run(["msgfmt", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    return root


@pytest.fixture
def pseudo(settings, pseudo_locale):
    settings.LOCALE_PATHS = [pseudo_locale]
    settings.LANGUAGES = [("en-ca", "English"), (PSEUDO, "Pseudo")]
    return PSEUDO


def visible_words(html: str) -> list[str]:
    html = re.sub(r"<(script|style|head)\b.*?</\1>", " ", html, flags=re.S)
    attributes = re.findall(r'(?:aria-label|alt|title|placeholder)="([^"]*)"', html)
    texts = re.sub(r"<[^>]+>", " ", html)
    words = re.findall(r"[A-Za-z0-9_-]+|[A-Za-z’']+", " ".join([texts, *attributes]))
    # Words only: not parts of addresses or tokens (letters mixed with digits or odd caps).
    return [w for w in words if re.fullmatch(r"[A-Z]?[a-z’']+", w) and len(w) > 1]


def untranslated(html_en: str, html_pseudo: str) -> set[str]:
    outside = re.sub(r"⟦.*?⟧", " ", html_pseudo, flags=re.S)
    content = " ".join(
        " ".join(map(str, row))
        for model, fields in (
            (Category, ("name", "description")),
            (Article, ("title", "summary", "key_points")),
            (Term, ("term", "synonyms", "definition")),
        )
        for row in model.objects.values_list(*fields)
    )
    allowed = {w.lower() for w in re.findall(r"[A-Za-z’']+", content)}
    allowed |= {django_settings.BACKHEALTH_SITE_NAME.lower(), "http", "https", "testserver"}
    english = {w.lower() for w in visible_words(html_en)}
    return {w for w in visible_words(outside) if w.lower() in english and w.lower() not in allowed}


def pages(client):
    """(name, url) of the pages to check, with a run and results to show."""
    begin(client)
    for step in STEPS[:-1]:
        post(client, step, CALM)
    yield "review", step_url("review")
    yield "step with errors", None
    for name, answers in (("self-care", CALM), ("urgent", URGENT), ("emergency", EMERGENCY)):
        _, token = save_result(answers)
        yield f"{name} result", reverse("assessment:result", args=[token])
    yield "home", reverse("articles:home")
    yield "glossary", reverse("articles:glossary")
    yield "start", reverse("assessment:start")
    yield "under 16", reverse("assessment:under_16")
    yield "not found", "/no-such-page/"


def test_no_english_shows_through_a_pseudo_translation(client, pseudo):
    call_command("load_content", verbosity=0, stdout=StringIO())
    leaks = {}
    for name, url in pages(client):
        if url is None:  # an empty submit of the symptoms step shows every error message
            data = step_post("symptoms", {})
            en = client.post(step_url("symptoms"), data).content.decode()
            eo = client.post(step_url("symptoms"), data, HTTP_ACCEPT_LANGUAGE=pseudo)
            eo = eo.content.decode()
        else:
            en = client.get(url, HTTP_ACCEPT_LANGUAGE="en-ca").content.decode()
            eo = client.get(url, HTTP_ACCEPT_LANGUAGE=pseudo).content.decode()
        assert "⟦" in eo, f"{name}: not rendered in the pseudo language"
        if found := untranslated(en, eo):
            leaks[name] = sorted(found)
    assert leaks == {}, "\n".join(f"{name}: {words}" for name, words in leaks.items())


def test_the_page_links_of_a_long_topic_are_translated(client, pseudo, monkeypatch):
    from articles import views

    call_command("load_content", verbosity=0, stdout=StringIO())
    monkeypatch.setattr(views, "TOPIC_PAGE_SIZE", 5)  # Causes: 17 articles, 4 pages
    url = reverse("articles:category", args=["causes"]) + "?page=2"
    en = client.get(url, HTTP_ACCEPT_LANGUAGE="en-ca").content.decode()
    eo = client.get(url, HTTP_ACCEPT_LANGUAGE=pseudo).content.decode()
    assert 'rel="next">Next' in en and 'rel="prev">Previous' in en
    assert untranslated(en, eo) == set()


def catalogue_messages(po: Path) -> list[str]:
    """Every msgid of a .po file (continuation lines joined); the header's empty id left out."""
    messages, current, reading = [], None, False
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgid ", "msgid_plural ")):
            if current:
                messages.append(current)
            current, reading = ast.literal_eval(line.split(" ", 1)[1]), True
        elif line.startswith('"') and reading:
            current += ast.literal_eval(line)
        else:
            reading = False
    if current:
        messages.append(current)
    return messages


def test_the_sites_own_words_use_north_american_spelling(pseudo_locale):
    # The articles are checked in tests/articles/test_locale.py; this reads every string of
    # the code and templates: questionnaire, results, advice, emergency box, admin help.
    messages = catalogue_messages(pseudo_locale / PSEUDO / "LC_MESSAGES" / "django.po")
    assert len(messages) > 500
    found = {m: hits for m in messages if (hits := sorted(set(UK_WORDS.findall(m))))}
    assert found == {}
