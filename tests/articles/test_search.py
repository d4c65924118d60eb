"""Search: ranking, lay words, typos, red flags, noise, caching, limits, odd input."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import search as article_search
from articles.models import Article, Status
from articles.search import MAX_QUERY_LENGTH, MAX_RESULTS, clean_query, search
from articles.searchlog import MAX_QUERIES_PER_DAY, ZeroResultQuery
from articles.searchtext import vocabulary
from clinical.vocabulary import WARNING_SIGNS
from tests.articles.search_queries import CASES, ORDINARY_CASES, RED_FLAG_CASES

EMERGENCY_BOX = 'id="emergency-box-heading"'


def slugs(outcome):
    return [article.slug for article in outcome.articles]


def test_a_title_match_outranks_a_body_match(make_article):
    body_only = make_article(
        slug="body-only", title="Keeping well", body="## About\n\n" + "Zebrafish swim. " * 12
    )
    in_title = make_article(slug="in-title", title="Zebrafish and your back")
    make_article(slug="unrelated", title="Something else")
    assert slugs(search("zebrafish")) == [in_title.slug, body_only.slug]


def test_a_summary_match_outranks_a_body_match(make_article):
    make_article(slug="body", body="## About\n\nA walrus appears here. A walrus again.")
    make_article(slug="summary", summary="All about the walrus.")
    assert slugs(search("walrus")) == ["summary", "body"]


def test_a_synonym_outranks_a_body_match(make_article, term):
    make_article(slug="body", body="## About\n\nA gecko is mentioned here, and a gecko again.")
    target = make_article(slug="target", title="Small lizards")
    term("Lizard", "lizard", synonyms="gecko", article=target)
    assert slugs(search("gecko"))[0] == "target"


def test_only_published_articles_are_found(make_article):
    make_article(slug="live", title="Narwhal facts")
    make_article(slug="draft", title="Narwhal draft", status=Status.DRAFT)
    make_article(
        slug="later",
        title="Narwhal future",
        publish_date=timezone.now() + datetime.timedelta(days=1),
    )
    assert slugs(search("narwhal")) == ["live"]


def test_an_edit_shows_in_the_next_search(make_article):
    article = make_article(slug="guide", title="Okapi guide")
    assert slugs(search("okapi")) == ["guide"]
    article.title = "Giraffe guide"
    article.save()
    assert slugs(search("okapi")) == []
    assert slugs(search("giraffe")) == ["guide"]
    article.body += "\n\nA word about the pangolin.\n"
    article.save()
    assert slugs(search("pangolin")) == ["guide"]
    article.delete()
    assert slugs(search("giraffe")) == []


SYNONYM_QUERIES = [
    ("slipped disc", "herniated-disc"),
    ("pinched nerve", "sciatica"),
    ("Pinched Nerve!", "sciatica"),
    ("trapped nerve in my leg", "sciatica"),
    ("charley horse", "night-leg-cramps"),
    ("poor circulation", "peripheral-artery-disease"),
    ("sciatica", "sciatica"),
]


def test_glossary_synonyms_find_the_right_article(loaded):
    firsts = {query: slugs(search(query))[:1] for query, _ in SYNONYM_QUERIES}
    assert firsts == {query: [first] for query, first in SYNONYM_QUERIES}


# The query suite (tests/articles/search_queries.py) on the real library ----------------------


def test_the_query_suite_is_big_enough():
    assert len(CASES) >= 40
    assert len(RED_FLAG_CASES) >= 10
    assert {case.kind for case in CASES} >= {"spec", "lay", "red flag", "typo", "question"}


def test_the_needed_page_is_in_the_top_three_for_at_least_90_percent(loaded):
    expected = [case for case in CASES if case.expected]
    misses = []
    for case in expected:
        top3 = slugs(search(case.query))[:3]
        if not set(case.expected) & set(top3):
            misses.append((case.query, top3))
    hit_rate = 1 - len(misses) / len(expected)
    assert hit_rate >= 0.9, misses


def test_queries_of_common_words_find_nothing(loaded):
    for case in CASES:
        if not case.expected:
            outcome = search(case.query)
            assert outcome.articles == [], case.query
            assert outcome.status == article_search.Status.COMMON, case.query


def test_no_query_returns_more_than_ten_results_or_the_whole_library(loaded):
    library = Article.objects.published().count()
    for query in [case.query for case in CASES] + ["back", "pain", "back pain", "leg"]:
        found = len(search(query).articles)
        assert found <= MAX_RESULTS, query
        assert found < library, query


def test_every_red_flag_query_shows_the_emergency_notice_first(client, loaded):
    for case in RED_FLAG_CASES:
        response = client.get(reverse("articles:search"), {"q": case.query})
        html = response.content.decode()
        assert response.context["outcome"].signs, case.query
        assert EMERGENCY_BOX in html, case.query
        # Above the results, and the emergency articles are among the first three.
        assert html.index(EMERGENCY_BOX) < html.index('id="results-heading"'), case.query
        top3 = [article.slug for article in response.context["results"][:3]]
        assert set(case.expected) & set(top3), (case.query, top3)


def test_ordinary_queries_rarely_show_the_emergency_notice(client, loaded):
    shown = [
        case.query
        for case in ORDINARY_CASES
        if EMERGENCY_BOX
        in client.get(reverse("articles:search"), {"q": case.query}).content.decode()
    ]
    assert len(shown) <= len(ORDINARY_CASES) / 10, shown


@pytest.mark.parametrize(
    "query", ["numb leg", "leg weakness", "bladder", "back pain", "sex", "walking", "bowel"]
)
def test_near_misses_are_not_emergencies(loaded, query):
    assert search(query).signs == []


def test_the_spec_red_flags_name_their_signs(loaded):
    assert search("numb saddle area").signs == ["saddle_numbness"]
    assert search("lost bladder control").signs == ["bladder"]
    assert search("lost control of my bowels").signs == ["bowel"]
    assert search("both legs weak").signs == ["both_legs"]
    assert search("leg gave way").signs == ["leg_weakness_severe"]


# The maintained word list ------------------------------------------------------------------


def test_every_warning_sign_can_be_found_by_lay_words():
    described = {sign.id for sign in vocabulary("en").signs}
    assert described == set(WARNING_SIGNS)


def test_the_word_list_names_only_real_articles(loaded):
    vocab = vocabulary("en")
    named = {slug for sign in vocab.signs for slug in sign.slugs}
    named |= {slug for _, article_slugs in vocab.lay_terms for slug in article_slugs}
    assert named - set(Article.objects.values_list("slug", flat=True)) == set()


def test_an_unknown_language_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        vocabulary("xx")


# Typos and "Did you mean" ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("sciattica", "sciatica"),
        ("siatica", "sciatica"),
        ("stenoisis", "stenosis"),
        ("osteoarthritus in back", "osteoarthritis in back"),
        ("incontinance", "incontinence"),
    ],
)
def test_typos_are_corrected_with_a_suggestion(loaded, typed, meant):
    assert search(typed).suggestion == meant


@pytest.mark.parametrize("query", ["sciatica", "peel", "walking stick", "back pain"])
def test_known_and_short_words_are_not_corrected(loaded, query):
    assert search(query).suggestion == ""


def test_the_page_offers_did_you_mean(client, loaded):
    html = client.get(reverse("articles:search"), {"q": "osteoarthritus in back"}).content
    assert b'Did you mean <a href="/search/?q=osteoarthritis+in+back">' in html
    assert b"osteoarthritis in back</a>?" in html


# Noise ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["the", "a", "t", "of", "what is the", "how can i", "a b c"])
def test_a_query_of_only_common_words_says_so_kindly(client, loaded, query):
    response = client.get(reverse("articles:search"), {"q": query})
    html = response.content.decode()
    assert response.context["results"] == []
    assert "Please add a word that says what you are looking for" in html
    assert reverse("articles:category", args=["causes"]) in html  # the topics are offered
    assert EMERGENCY_BOX not in html


def test_a_full_page_says_how_to_narrow_it(client, loaded):
    response = client.get(reverse("articles:search"), {"q": "back"})
    assert len(response.context["results"]) == MAX_RESULTS
    assert b"To narrow them down" in response.content


def test_a_multi_word_query_matching_nothing_finds_nothing(loaded):
    # Regression (issue 14): on PostgreSQL every multi-word non-match returned the whole
    # library, because a non-match's full-text rank is a tiny positive number, not 0.
    for query in ("quantum zebrafish", "zebra unicorn", "xylophone quartet recital"):
        outcome = search(query)
        assert outcome.articles == [], query
        assert outcome.status == article_search.Status.NOTHING


# The page ----------------------------------------------------------------------------------


def test_a_bulging_disc_is_not_sent_to_the_slipped_disc_article(loaded):
    """A disc bulge is its own glossary term, not a synonym of a herniated (slipped) disc."""
    found = slugs(search("bulging disc"))
    assert found[:1] != ["herniated-disc"], found


def test_search_page_shows_ranked_results(client, loaded):
    response = client.get(reverse("articles:search"), {"q": "slipped disc"})
    assert response.status_code == 200
    assert response.context["results"][0].slug == "herniated-disc"
    html = response.content.decode()
    assert "for “slipped disc”" in html
    assert '<meta name="robots" content="noindex">' in html
    assert EMERGENCY_BOX not in html


def test_no_results_page_helps(client, db):
    response = client.get(reverse("articles:search"), {"q": "qwertyuiop"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "No articles found for “qwertyuiop”" in html
    assert reverse("assessment:start") in html
    assert reverse("articles:glossary") in html


def test_no_results_page_lists_the_topics(client, loaded):
    html = client.get(reverse("articles:search"), {"q": "qwertyuiop"}).content.decode()
    for slug in ("causes", "treatments", "prevention", "when-to-get-help"):
        assert reverse("articles:category", args=[slug]) in html


def test_the_query_is_shown_escaped(client, db):
    html = client.get(reverse("articles:search"), {"q": '<script>alert("x")</script>'}).content
    assert b'<script>alert("x")' not in html
    assert b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


ODD_QUERIES = [
    "",
    " ",
    "a" * 10_000,
    "back pain " * 500,
    "\x00",
    "sciatica\x00drop table",
    "' OR 1=1 --",
    '"unbalanced',
    "& | ! ( ) : * <->",
    "%_%",
    "\\",
    "🙂🙃 ∑ ß",
    "\u202e\u200b",
    "-",
    "!!!",
    "the and of",
    "x-ray",
    "ſciatica",
]


def test_odd_queries_never_fail(client, loaded):
    for query in ODD_QUERIES:
        response = client.get(reverse("articles:search"), {"q": query})
        assert response.status_code == 200, repr(query)
        shown = response.context["outcome"].query
        assert len(shown) <= MAX_QUERY_LENGTH
        assert "\x00" not in shown
        assert len(response.context["results"]) <= MAX_RESULTS


@pytest.mark.parametrize("raw", ["%ED%A0%80", "%FF%FE", "%00", "%E2%80", "q%3D"])
def test_broken_encodings_never_fail(client, db, raw):
    assert client.get(f"/search/?q={raw}").status_code == 200


def test_repeated_q_and_post_are_handled(client, db):
    assert client.get("/search/?q=a&q=b").status_code == 200
    assert client.post(reverse("articles:search"), {"q": "x"}).status_code == 405
    assert client.head(reverse("articles:search"), {"q": "x"}).status_code == 200


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  slipped   disc ", "slipped disc"),
        ("a\x00b", "a b"),
        ("x" * 500, "x" * MAX_QUERY_LENGTH),
        (None, ""),
        ("ﬁsh", "fish"),  # compatibility forms are folded
    ],
)
def test_clean_query(raw, clean):
    assert clean_query(raw) == clean


# Cheap and bounded -------------------------------------------------------------------------


def test_outcomes_are_cached_under_the_normalised_query_only(client, loaded, monkeypatch):
    answered = []
    real = article_search._answer
    monkeypatch.setattr(
        article_search, "_answer", lambda *args: answered.append(args[2]) or real(*args)
    )
    typed = ["Sciatica, Pinched NERVE!!", "sciatica pinched nerve", "  sciatica  pinched nerve"]
    pages = [client.get(reverse("articles:search"), {"q": q}) for q in typed]
    assert len(answered) == 1
    assert [page["X-Page-Cache"] for page in pages] == ["miss", "hit", "hit"]
    # Each page shows the query as it was typed, though they share one stored page.
    assert "for “Sciatica, Pinched NERVE!!”" in pages[0].content.decode()
    assert 'value="sciatica pinched nerve"' in pages[1].content.decode()
    stored = "".join(
        repr(dict(caches[name]._cache)) + repr(list(caches[name]._cache))
        for name in ("default", "search")
    )
    assert "sciatica" in stored  # the stored page itself is looked at
    assert "Pinched NERVE" not in stored and "sciatica pinched nerve" not in stored


def test_a_stored_page_shows_the_typed_query_escaped(client, loaded):
    client.get(reverse("articles:search"), {"q": "sciatica"})
    hit = client.get(reverse("articles:search"), {"q": '<"Sciatica"> &'})
    assert hit["X-Page-Cache"] == "hit"
    assert b'<"Sciatica">' not in hit.content
    assert b'value="&lt;&quot;Sciatica&quot;&gt; &amp;"' in hit.content
    assert "for “&lt;&quot;Sciatica&quot;&gt; &amp;”".encode() in hit.content


def test_a_search_costs_a_small_constant_number_of_queries(
    client, loaded, django_assert_max_num_queries
):
    client.get(reverse("articles:search"), {"q": "sciatica"})  # builds this process's index
    # Only the content version (the shared cache is a database table here); the library's
    # counts are kept for a few seconds per content version.
    with django_assert_max_num_queries(1):
        article_search.search("numb saddle area", use_cache=False)


@pytest.fixture
def search_limit(settings):
    settings.RATELIMIT_ENABLE = True
    settings.BACKHEALTH_RATE_SEARCH = "3/m"


def test_searches_are_limited_per_client(db, search_limit):
    client = Client(REMOTE_ADDR="203.0.113.21")
    statuses = [client.get(reverse("articles:search"), {"q": f"disc {n}"}) for n in range(4)]
    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    assert statuses[3]["Retry-After"] == "60"
    assert Client(REMOTE_ADDR="198.51.100.22").get(reverse("articles:search")).status_code == 200


def test_the_search_limit_is_a_setting():
    from django.conf import settings

    assert re.fullmatch(r"\d+/[smhd]", settings.BACKHEALTH_RATE_SEARCH)


# What people look for and do not find ------------------------------------------------------


def test_zero_result_searches_are_counted_per_day_normalised(client, loaded):
    for typed in ("Qwertyuiop!", "qwertyuiop", "QWERTYUIOP"):
        client.get(reverse("articles:search"), {"q": typed}, REMOTE_ADDR="203.0.113.9")
    client.get(reverse("articles:search"), {"q": "sciatica"})  # found: not counted
    client.get(reverse("articles:search"), {"q": "the"})  # only common words: not counted
    rows = list(ZeroResultQuery.objects.values("day", "query", "count"))
    assert rows == [{"day": timezone.localdate(), "query": "qwertyuiop", "count": 3}]
    fields = {f.name for f in ZeroResultQuery._meta.get_fields()}
    assert fields == {"id", "day", "query", "count"}  # nothing about who searched


def test_the_zero_result_table_is_capped_per_day(client, db, monkeypatch):
    monkeypatch.setattr("articles.searchlog.MAX_QUERIES_PER_DAY", 2)
    for word in ("qwerty", "asdfgh", "zxcvbn", "qwerty"):
        client.get(reverse("articles:search"), {"q": word})
    counts = dict(ZeroResultQuery.objects.values_list("query", "count"))
    assert counts == {"qwerty": 2, "asdfgh": 1}
    assert MAX_QUERIES_PER_DAY >= 100


def test_old_zero_result_counts_are_purged(db):
    today = timezone.localdate()
    ZeroResultQuery.objects.create(day=today - datetime.timedelta(days=91), query="old")
    ZeroResultQuery.objects.create(day=today - datetime.timedelta(days=90), query="kept")
    call_command("purge_search_log", verbosity=0)
    assert list(ZeroResultQuery.objects.values_list("query", flat=True)) == ["kept"]


def test_editors_see_zero_result_searches_by_count_read_only(staff_client):
    today = timezone.localdate()
    ZeroResultQuery.objects.create(day=today, query="rare miss", count=2)
    ZeroResultQuery.objects.create(day=today, query="common miss", count=40)
    url = reverse("admin:articles_zeroresultquery_changelist")
    html = staff_client.get(url).content.decode()
    assert html.index("common miss") < html.index("rare miss")
    assert staff_client.get(reverse("admin:articles_zeroresultquery_add")).status_code == 403
    row = ZeroResultQuery.objects.get(query="rare miss")
    change = staff_client.get(reverse("admin:articles_zeroresultquery_change", args=[row.pk]))
    assert b'name="query"' not in change.content  # shown, not editable
