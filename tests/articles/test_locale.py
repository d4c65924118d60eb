"""One locale: North-American English, and every phone number from settings as a tel: link."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from articles import contentfiles
from articles.models import Article
from tests.localewords import UK_SERVICES, UK_WORDS

ARTICLES = contentfiles.article_files()
IDS = [article.path.stem for article in ARTICLES]

# A phone number typed as digits (the articles write tokens instead).
TYPED_NUMBER = re.compile(r"(?<![\d.,/-])(?:911|811|988|\d{3}[ -]\d{3}[ -]\d{4})(?![\d,/-]|\.\d)")


def written_text(article, sources: bool = True) -> str:
    """What the reader sees, as written: body, summary, key points, care cards, sources.

    Sources keep their own names, titles and spelling ("Canadian Centre for ...",
    "Paracetamol for low back pain"), so the locale checks read the rest.
    """
    meta = article.meta
    return "\n".join(
        [
            article.body,
            str(meta.get("title", "")),
            str(meta.get("summary", "")),
            *[str(point) for point in meta.get("key_points") or []],
            *[item for _, items in contentfiles.care_cards(meta) for item in items],
            *[
                f"{s.get('publisher')} {s.get('title')}"
                for s in (meta.get("sources") or [] if sources else [])
            ],
        ]
    )


def glossary_text() -> str:
    return "\n".join(
        f"{t.get('term')}\n{t.get('definition')}\n{', '.join(t.get('synonyms') or [])}"
        for t in contentfiles.glossary_terms()
    )


OWN_WORDS = [pytest.param(written_text(a, sources=False), id=a.path.stem) for a in ARTICLES] + [
    pytest.param(glossary_text(), id="glossary")
]


@pytest.mark.parametrize("text", OWN_WORDS)
def test_no_uk_services_or_numbers(text):
    # Sources keep their own titles ("Paracetamol for low back pain" is a Cochrane review).
    found = [word for word in UK_SERVICES if word.casefold() in text.casefold()]
    assert found == []


@pytest.mark.parametrize("text", OWN_WORDS)
def test_north_american_spelling_and_words(text):
    assert sorted({m.group(0).lower() for m in UK_WORDS.finditer(text)}) == []


@pytest.mark.parametrize("text", OWN_WORDS)
def test_no_phone_number_is_typed_in(text):
    assert TYPED_NUMBER.findall(text) == []


def test_the_uk_word_lists_catch_what_they_should():
    text = "Take paracetamol, see your GP, or call 111 or go to A&E. The centre of the disc."
    assert [w for w in UK_SERVICES if w.casefold() in text.casefold()] == [
        "paracetamol", "A&E", " GP", "111"
    ]  # fmt: skip
    assert UK_WORDS.search(text).group(0) == "centre"
    uk = "We organise care; they recognised it; a labour ward; analyse the scan."
    assert [m.group(0) for m in UK_WORDS.finditer(uk)] == [
        "organise",
        "recognised",
        "labour",
        "analyse",
    ]
    us = "An organism; realistic goals; two analyses; recognizable; organized; the labor unit."
    assert UK_WORDS.findall(us) == []
    assert TYPED_NUMBER.findall("Call 911 or 1-800 or 613 555 0123.") == ["911", "613 555 0123"]


# --- every phone number on an article page is a tel: link ---------------------------------


class _Numbers(HTMLParser):
    """Collects phone numbers in the text of <main>, noting whether each is in a tel: link."""

    def __init__(self, pattern):
        super().__init__(convert_charrefs=True)
        self.pattern = pattern
        self.in_main = 0
        self.link_stack: list[str | None] = []
        self.found: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main += 1
        if tag == "a":
            self.link_stack.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1
        if tag == "a" and self.link_stack:
            self.link_stack.pop()

    def handle_data(self, data):
        if not self.in_main:
            return
        in_tel = bool(self.link_stack) and str(self.link_stack[-1]).startswith("tel:")
        self.found += [(m.group(0), in_tel) for m in self.pattern.finditer(data)]


@pytest.fixture
def numbers(settings):
    # Unusual numbers, so that nothing typed by hand can pass for a configured one.
    settings.BACKHEALTH_EMERGENCY_NUMBER = "9-1-1"
    settings.BACKHEALTH_HEALTH_LINE = "8-1-1"
    settings.BACKHEALTH_CRISIS_LINE = "9-8-8"
    return re.compile(r"9-1-1|8-1-1|9-8-8|\b(?:911|811|988|999|111)\b")


def test_every_phone_number_on_an_article_page_is_a_tel_link(client, loaded, numbers):
    problems = {}
    for article in Article.objects.all():
        html = client.get(article.get_absolute_url()).content.decode()
        tokens = [t for t in ("EMERGENCY_NUMBER", "HEALTH_LINE", "CRISIS_LINE") if t in html]
        # Source titles are citations ("988 Suicide and Crisis Lifeline"), not numbers to call.
        html = re.sub(r'<section class="sources".*?</section>', "", html, flags=re.S)
        parser = _Numbers(numbers)
        parser.feed(html)
        bare = [number for number, in_tel in parser.found if not in_tel]
        if tokens or bare or not parser.found:
            problems[article.slug] = {"tokens left": tokens, "not links": bare}
    assert problems == {}


def test_the_tel_link_check_finds_a_bare_number(client, make_article, numbers):
    article = make_article(body="## Help\n\nCall 9-1-1 now. Or call EMERGENCY_NUMBER.")
    html = client.get(reverse("articles:detail", args=[article.slug])).content.decode()
    parser = _Numbers(numbers)
    parser.feed(html)
    assert ("9-1-1", False) in parser.found and ("9-1-1", True) in parser.found


def test_a_blank_health_line_leaves_words_and_no_link(client, make_article, settings):
    settings.BACKHEALTH_HEALTH_LINE = ""
    article = make_article(body="## Help\n\nCall HEALTH_LINE for advice.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Call your local nurse advice line for advice." in html
    assert 'href="tel:"' not in html


def test_the_phone_lines_are_settings_with_north_american_defaults():
    from django.conf import settings as live

    assert live.BACKHEALTH_EMERGENCY_NUMBER == "911"
    assert live.BACKHEALTH_HEALTH_LINE == "811"
    assert live.BACKHEALTH_CRISIS_LINE == "988"
