"""Saved results: the model, the capability URL, the page, deletion, expiry and purging."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessment import engine, results, tokens, wording
from assessment.models import AssessmentResult, Disposition
from tests.assessment.cases import CALM, EMERGENCY, LONGEST, URGENT, save_result
from tests.assessment.conftest import walk

pytestmark = pytest.mark.django_db


def result_url(token):
    return reverse("assessment:result", args=[token])


# --- The model ---------------------------------------------------------------------------------


def test_the_stored_fields_are_pinned():
    names = [field.name for field in AssessmentResult._meta.get_fields()]
    assert names == [
        "id",
        "token_hash",
        "answers",
        "disposition",
        "reasons",
        "possible_causes",
        "created_at",
        "expires_at",
    ]
    assert AssessmentResult._meta.get_field("token_hash").unique
    assert AssessmentResult._meta.get_field("token_hash").max_length == 64


def test_disposition_choices_are_the_five_codes():
    assert Disposition.values == list(engine.DISPOSITIONS)


def test_retention_sets_the_expiry(settings):
    settings.BACKHEALTH_RESULT_RETENTION_DAYS = 7
    result, _ = save_result(CALM)
    assert result.expires_at - result.created_at == timedelta(days=7)
    assert str(result).startswith("Self-care")


def test_default_retention_is_30_days():
    result, _ = save_result(CALM)
    assert result.expires_at - result.created_at == timedelta(days=30)


def test_recording_the_same_token_twice_keeps_one_result():
    token = tokens.token_for(tokens.new_submission_id())
    first = AssessmentResult.objects.record(tokens.hash_token(token), CALM, engine.evaluate(CALM))
    second = AssessmentResult.objects.record(
        tokens.hash_token(token), URGENT, engine.evaluate(URGENT)
    )
    assert first.pk == second.pk
    assert AssessmentResult.objects.get().disposition == "self_care"


# --- Tokens ------------------------------------------------------------------------------------


def test_tokens_carry_at_least_128_random_bits_and_only_a_hash_is_stored(client):
    response = walk(client, URGENT)["review"]
    token = response["Location"].split("/")[-2]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)  # 256 bits, URL-safe
    result = AssessmentResult.objects.get()
    assert result.token_hash == tokens.hash_token(token)
    # No column of the result row, and nothing in the session table, holds the token.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AssessmentResult._meta.db_table}")  # noqa: S608
        row = cursor.fetchall()
        cursor.execute(f"SELECT * FROM {Session._meta.db_table}")  # noqa: S608
        sessions = cursor.fetchall()
    assert token not in repr(row)
    assert sessions
    for session in sessions:
        assert token not in repr(session)
    for session in Session.objects.all():
        assert token not in repr(session.get_decoded())


def test_submission_ids_and_tokens_are_random_and_distinct():
    submissions = {tokens.new_submission_id() for _ in range(50)}
    assert len(submissions) == 50
    assert len({tokens.token_for(s) for s in submissions}) == 50
    assert all(tokens.is_submission_id(s) for s in submissions)
    assert tokens.token_for("a" * 43) == tokens.token_for("a" * 43)
    assert not tokens.is_submission_id("short")
    assert not tokens.is_submission_id(None)


def test_the_token_depends_on_the_secret_key(settings):
    before = tokens.token_for("a" * 43)
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789abcdef"
    assert tokens.token_for("a" * 43) != before


# --- Result page -------------------------------------------------------------------------------


def test_result_page_headers_keep_it_private(client):
    _, token = save_result(URGENT)
    response = client.get(result_url(token))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert '<meta name="referrer" content="no-referrer">' in html


def test_unknown_or_malformed_tokens_are_404_with_private_headers(client):
    for token in (tokens.token_for(tokens.new_submission_id()), "nope", "x" * 500):
        response = client.get(result_url(token))
        assert response.status_code == 404
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"


def test_a_hash_in_the_address_does_not_open_the_result(client):
    result, _ = save_result(URGENT)
    assert client.get(f"/results/{result.token_hash}/").status_code == 404


def test_expired_result_is_410_with_a_friendly_page(client):
    result, token = save_result(URGENT)
    result.expires_at = timezone.now() - timedelta(seconds=1)
    result.save()
    response = client.get(result_url(token))
    assert response.status_code == 410
    html = response.content.decode()
    assert "This result has expired" in html
    assert "30 days" in html
    assert "no-store" in response["Cache-Control"]
    assert AssessmentResult.objects.filter(pk=result.pk).exists()  # GET changes nothing


def test_result_page_shows_the_disposition_first_then_date_and_not_a_diagnosis(client, settings):
    settings.BACKHEALTH_EMERGENCY_NUMBER = "112"
    _, token = save_result(EMERGENCY)
    html = client.get(result_url(token)).content.decode()
    main = html[html.index('<main id="main-content"') :]
    card = re.search(r'<section class="care-card ([^"]+)"', main)
    assert "care-card--immediate" in card.group(1)
    assert main.index("care-card") < main.index("<h2")
    assert "Immediate action required" in main  # words, not only colour
    assert "Go to an emergency department now, or call 112" in main
    assert "911" not in main
    assert wording.NOT_A_DIAGNOSIS in main
    assert timezone.now().strftime("%Y") in main


@pytest.mark.parametrize(
    ("disposition", "card_class", "label"),
    [
        ("emergency", "care-card--immediate", "Immediate action required"),
        ("urgent", "care-card--urgent", "Urgent advice"),
        ("soon", "care-card--urgent", "Urgent advice"),
        ("routine", "care-card--routine", "Non-urgent advice"),
        ("self_care", "care-card--self_care", "Non-urgent advice"),
    ],
)
def test_each_kind_of_result_has_its_card_words_and_safety_net(
    client, disposition, card_class, label
):
    result, token = save_result(LONGEST[disposition])
    assert result.disposition == disposition
    html = client.get(result_url(token)).content.decode()
    first_card = re.search(
        r'<section class="care-card ([^"]+)"[^>]*>\s*<p[^>]*>(.*?)</p>', html, re.S
    )
    assert card_class in first_card.group(1)
    assert label in first_card.group(2)
    assert wording.DISPOSITIONS[disposition]["heading"] in html
    # The safety net on every result.
    assert wording.SAFETY_NET_HEADING in html
    for sign in wording.safety_net_signs():
        assert sign in html
    # The page address, a QR code of it, and the expiry date.
    assert f"http://testserver{result_url(token)}" in html
    assert "<svg" in html
    assert result.expires_at.strftime("%Y") in html
    assert "Questions to ask your doctor" in html
    assert html.count("<td></td>") >= 3 * 3  # the blank symptom diary
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_reasons_causes_and_what_fits_are_in_plain_words(client):
    _, token = save_result(URGENT)
    html = client.get(result_url(token)).content.decode()
    result = engine.evaluate(URGENT)
    for code in result.reasons:
        assert wording.reason_text(code) in html
    for detail in result.cause_details:
        assert wording.cause_name(detail.slug) in html
        for code in detail.fits:
            assert wording.feature_text(code) in html
        for code in detail.against:
            assert wording.feature_text(code) in html
    assert wording.FITS_HEADING in html
    # Codes never show through: only words.
    text = re.sub(r"<[^>]+>", " ", html[html.index("<main") : html.index("</main>")])
    for code in ("cough_sneeze", "below_knee", "herniated-disc", "after_strain", "self_care"):
        assert code not in text


def test_what_does_not_fit_is_shown(client):
    answers = LONGEST["urgent"]
    against = [code for d in engine.evaluate(answers).cause_details for code in d.against]
    assert against
    _, token = save_result(answers)
    html = client.get(result_url(token)).content.decode()
    assert wording.AGAINST_HEADING in html
    for code in against:
        assert wording.feature_text(code) in html


def test_emergency_result_shows_no_possible_causes(client):
    _, token = save_result(LONGEST["emergency"])
    html = client.get(result_url(token)).content.decode()
    assert "Possible causes" not in html
    for slug in engine.CAUSE_SLUGS:
        assert wording.cause_name(slug) not in html


def test_the_answer_summary_says_no_to_each_red_flag_not_ticked(client):
    _, token = save_result(URGENT)
    html = client.get(result_url(token)).content.decode()
    summary = html[html.index('id="summary-heading"') : html.index('id="questions-heading"')]
    for sign in (*engine.WARNING_SIGNS, *engine.HEALTH_FLAGS):
        label = results.SIGN_LABELS[sign]
        assert re.search(rf"<th scope=\"row\">{re.escape(label)}</th><td>No</td>", summary), sign
    assert "Yes, in my left leg" in summary


def test_questions_not_asked_are_never_shown_as_no(client):
    _, token = save_result(EMERGENCY)
    html = client.get(result_url(token)).content.decode()
    summary = html[html.index('id="summary-heading"') : html.index('id="questions-heading"')]
    fever = results.SIGN_LABELS["fever"]
    assert fever not in summary
    assert "Not asked" in summary
    assert re.search(r"Numbness around the genitals[^<]*</th><td>No</td>", summary)
    assert re.search(r"New trouble peeing[^<]*</th><td class=\"answer-yes\">Yes</td>", summary)


def test_summary_groups_cover_every_field():
    groups = results.answer_summary(LONGEST["urgent"])
    labels = [row.label for group in groups for row in group.rows]
    for step in engine.STEPS:
        for name in engine.STEP_FIELDS[step]:
            if name in results.RED_FLAG_FIELDS:
                for sign in results.RED_FLAG_FIELDS[name]:
                    assert results.SIGN_LABELS[sign] in labels
            else:
                assert results.SUMMARY_LABELS[name] in labels


def test_the_qr_code_is_inline_svg_without_style_attributes():
    svg = results.qr_svg("http://testserver/results/" + "a" * 43 + "/")
    assert svg.startswith("<svg")
    assert "style" not in svg
    assert "<script" not in svg


def test_result_page_makes_a_small_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    _, token = save_result(LONGEST["urgent"])
    with django_assert_max_num_queries(4):
        assert client.get(result_url(token)).status_code == 200


# --- Articles ----------------------------------------------------------------------------------


@pytest.fixture
def articles(db):
    try:
        from articles.models import Article
    except ImportError:  # pragma: no cover - the articles app always has the model
        pytest.fail("articles.models.Article is missing")
    call_command("load_content", stdout=StringIO())
    assert Article.objects.published().filter(slug="sciatica").exists()
    return Article


def test_result_links_published_articles_and_skips_unpublished(client, articles):
    articles.objects.filter(slug="herniated-disc").update(status="draft")
    _, token = save_result(URGENT)
    html = client.get(result_url(token)).content.decode()
    sciatica = articles.objects.get(slug="sciatica")
    assert f'href="{sciatica.get_absolute_url()}"' in html
    assert 'rel="noreferrer"' in html
    assert "/articles/herniated-disc/" not in html
    # The cause itself is still shown, just without a link.
    assert "Herniated disc" in html
    for slug in ("when-to-see-a-doctor", "preparing-for-your-appointment"):
        assert f'href="{articles.objects.get(slug=slug).get_absolute_url()}"' in html


def test_emergency_result_links_the_emergency_articles(client, articles):
    _, token = save_result(EMERGENCY)
    html = client.get(result_url(token)).content.decode()
    for slug in engine.EMERGENCY_ARTICLES:
        assert f'href="{articles.objects.get(slug=slug).get_absolute_url()}"' in html


def test_self_care_result_suggests_self_care_reading(client, articles):
    _, token = save_result(CALM)
    html = client.get(result_url(token)).content.decode()
    for slug in ("staying-active", "pain-relief-at-home"):
        assert f'href="{articles.objects.get(slug=slug).get_absolute_url()}"' in html


def test_every_link_on_a_result_page_works(client, articles):
    for disposition, answers in LONGEST.items():
        _, token = save_result(answers)
        html = client.get(result_url(token)).content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        for href in set(re.findall(r'<a href="(/[^"#]*)"', main)):
            assert client.get(href).status_code == 200, (disposition, href)


def test_result_page_works_with_no_articles_at_all(client):
    _, token = save_result(URGENT)
    response = client.get(result_url(token))
    assert response.status_code == 200
    assert "/articles/" not in response.content.decode()


# --- Delete ------------------------------------------------------------------------------------


def test_delete_needs_post_and_get_changes_nothing(client):
    _, token = save_result(URGENT)
    delete_url = reverse("assessment:delete", args=[token])
    assert client.get(delete_url).status_code == 405
    assert client.get(result_url(token)).status_code == 200
    assert AssessmentResult.objects.count() == 1


def test_delete_removes_the_result_and_confirms(client):
    _, token = save_result(URGENT)
    html = client.get(result_url(token)).content.decode()
    assert f'action="{reverse("assessment:delete", args=[token])}"' in html
    response = client.post(reverse("assessment:delete", args=[token]))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:deleted")
    assert not AssessmentResult.objects.exists()
    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    assert b"have been deleted" in confirmation.content
    assert "no-store" in confirmation["Cache-Control"]
    assert client.get(result_url(token)).status_code == 404
    assert client.post(reverse("assessment:delete", args=[token])).status_code == 404


def test_delete_needs_the_csrf_token(db):
    _, token = save_result(URGENT)
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post(reverse("assessment:delete", args=[token])).status_code == 403
    assert AssessmentResult.objects.count() == 1


def csrf_token_from(client, token):
    html = client.get(result_url(token)).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("secure", [False, True])
def test_delete_works_as_a_browser_posts_it_under_no_referrer(db, settings, secure):
    """No Referer and "Origin: null": what a browser sends from a no-referrer page."""
    settings.ALLOWED_HOSTS = ["testserver"]
    _, token = save_result(URGENT)
    csrf_client = Client(enforce_csrf_checks=True)
    form_token = csrf_token_from(csrf_client, token)
    response = csrf_client.post(
        reverse("assessment:delete", args=[token]),
        {"csrfmiddlewaretoken": form_token},
        HTTP_ORIGIN="null",
        secure=secure,
    )
    assert response.status_code == 302
    assert not AssessmentResult.objects.exists()


def test_delete_from_a_foreign_origin_is_refused(db):
    _, token = save_result(URGENT)
    csrf_client = Client(enforce_csrf_checks=True)
    form_token = csrf_token_from(csrf_client, token)
    response = csrf_client.post(
        reverse("assessment:delete", args=[token]),
        {"csrfmiddlewaretoken": form_token},
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    assert AssessmentResult.objects.count() == 1


def test_delete_with_a_wrong_csrf_token_is_refused(db):
    _, token = save_result(URGENT)
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_token_from(csrf_client, token)
    response = csrf_client.post(
        reverse("assessment:delete", args=[token]),
        {"csrfmiddlewaretoken": "x" * 64},
        HTTP_ORIGIN="null",
    )
    assert response.status_code == 403
    assert AssessmentResult.objects.count() == 1


def test_delete_only_deletes_its_own_result(client):
    _, token = save_result(URGENT)
    save_result(CALM)
    client.post(reverse("assessment:delete", args=[token]))
    assert AssessmentResult.objects.get().disposition == "self_care"


# --- Purging -----------------------------------------------------------------------------------


def make_session(expired: bool) -> str:
    store = SessionStore()
    store["wizard_assessment_wizard"] = {"step": "about"}
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() + timedelta(hours=-1 if expired else 1)
    )
    return store.session_key


def test_purge_expired_deletes_expired_results_and_sessions_and_keeps_live_ones():
    old, _ = save_result(URGENT)
    old.expires_at = timezone.now() - timedelta(minutes=1)
    old.save()
    live, _ = save_result(CALM)
    old_session, live_session = make_session(expired=True), make_session(expired=False)
    out = StringIO()
    call_command("purge_expired", stdout=out)
    assert list(AssessmentResult.objects.all()) == [live]
    keys = set(Session.objects.values_list("session_key", flat=True))
    assert live_session in keys
    assert old_session not in keys
    assert "Deleted 1 expired result(s)." in out.getvalue()
    assert "Deleted 1 expired session(s)." in out.getvalue()


def test_purge_expired_with_nothing_to_do():
    save_result(CALM)
    out = StringIO()
    call_command("purge_expired", stdout=out)
    assert "Deleted 0 expired result(s)." in out.getvalue()
    assert AssessmentResult.objects.count() == 1


# --- Admin -------------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("staff", "staff@example.com", "pw-123456789")
    client.force_login(user)
    return client


def test_admin_lists_results_read_only_with_counts_and_no_token(staff_client):
    result, token = save_result(URGENT)
    save_result(CALM)
    save_result(EMERGENCY)
    changelist = reverse("admin:assessment_assessmentresult_changelist")
    response = staff_client.get(changelist)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Results by disposition" in html
    assert re.search(r"Urgent: same day</th><td>1</td>", html)
    assert re.search(r"Routine: book an appointment</th><td>0</td>", html)
    assert re.search(r"All</th><td>3</td>", html)
    assert result.token_hash not in html
    assert token not in html
    filtered = staff_client.get(changelist + "?disposition__exact=emergency").content.decode()
    assert re.search(r"All</th><td>1</td>", filtered)
    change = staff_client.get(reverse("admin:assessment_assessmentresult_change", args=[result.pk]))
    assert change.status_code == 200
    page = change.content.decode()
    assert result.token_hash not in page
    assert 'name="answers"' not in page  # read-only: no inputs
    assert "cough_sneeze" in page
    add = staff_client.get(reverse("admin:assessment_assessmentresult_add"))
    assert add.status_code == 403
    posted = staff_client.post(
        reverse("admin:assessment_assessmentresult_change", args=[result.pk]),
        {"disposition": "self_care"},
    )
    assert posted.status_code == 403
    result.refresh_from_db()
    assert result.disposition == "urgent"


def test_robots_txt_keeps_results_out_of_search_engines(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /results/" in response.content.decode()


# --- Plain language ----------------------------------------------------------------------------


def _syllables(word):
    groups = re.findall(r"[aeiouy]+", word.lower())
    return max(1, len(groups) - (word.lower().endswith("e") and len(groups) > 1))


def _grade(text):
    """Flesch-Kincaid grade of a page's text (each line break ends a sentence too)."""
    sentences = [s for s in re.split(r"[.?!:]\s|\n", text) if re.search(r"[A-Za-z]", s)]
    words = re.findall(r"[A-Za-z']+", text)
    syllables = sum(_syllables(w) for w in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * syllables / len(words) - 15.59


def _main_text(response):
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r"<svg.*?</svg>", " ", main, flags=re.S)
    text = re.sub(r"<(?:li|p|h\d|th|td|dt|dd|caption|button)[^>]*>", "\n", main)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"[ \t]+", " ", text)


def test_our_pages_read_at_grade_8_or_lower(client):
    _, token = save_result(URGENT)
    expired, expired_token = save_result(CALM)
    expired.expires_at = timezone.now() - timedelta(days=1)
    expired.save()
    pages = {
        "start": client.get(reverse("assessment:start")),
        "under 16": client.get(reverse("assessment:under_16")),
        "expired answers": client.post(
            reverse("assessment:step", args=["health"]), {"assessment_wizard-current_step": "x"}
        ),
        "result": client.get(result_url(token)),
        "expired result": client.get(result_url(expired_token)),
        "deleted": client.get(reverse("assessment:deleted")),
    }
    client.post(reverse("assessment:begin"))
    client.get(reverse("assessment:step", args=["about"]))
    pages["bad form"] = client.post(reverse("assessment:step", args=["about"]), {})
    for name, response in pages.items():
        assert response.status_code in {200, 400, 410}, name
        grade = _grade(_main_text(response))
        assert grade <= 8, f"{name}: grade {grade:.1f}"
