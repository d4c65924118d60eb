"""The results page (spec v2): order, words, links, the stored snapshot, privacy headers."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status
from assessment import engine, tokens
from assessment.models import AssessmentResult
from assessment.wording import answer_text
from clinical import vocabulary, wording
from tests.assessment.cases import CALM, EMERGENCY, LONGEST, URGENT, WORKED, complete, save_result

pytestmark = pytest.mark.django_db

V1_WORDS = ("Urgent advice", "Non-urgent advice", "Immediate action required")
ORDER_NON_EMERGENCY = [
    "result-heading",
    "now-heading",
    "why-heading",
    "causes-heading",
    "reading-heading",
    "answers-heading",
    "questions-heading",
    "diary-heading",
    "emergency-box-heading-result",
    "keep-heading",
]
ORDER_EMERGENCY = [
    "result-heading",
    "now-heading",
    "why-heading",
    "emergency-box-heading-result",
    "reading-heading",
    "keep-heading",
]


@pytest.fixture
def loaded(db):
    call_command("load_content", verbosity=0, stdout=StringIO())


def page(client, answers):
    result, token = save_result(answers)
    response = client.get(reverse("assessment:result", args=[token]))
    assert response.status_code == 200
    return response.content.decode(), result, token


def text(html):
    html = re.sub(r"<(svg|script|style|head)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def heading_ids(html):
    return re.findall(r'<h[12][^>]* id="([^"]+)"', html)


@pytest.mark.parametrize("tier", list(LONGEST))
def test_the_heading_and_card_say_the_tier_label_and_no_v1_wording(client, tier):
    html, result, _ = page(client, LONGEST[tier])
    assert result.disposition == tier
    label = str(wording.TIER_LABELS[tier])
    assert re.search(
        r'<h1 class="care-card__label" id="result-heading">(<span[^>]*>⚠ </span>)?'
        + re.escape(label)
        + "</h1>",
        html,
    )
    assert not any(old in html for old in V1_WORDS)
    other_labels = [str(wording.TIER_LABELS[t]) for t in vocabulary.TIERS if t != tier]
    card = html.split('class="care-card care-card--')[1].split("</section>")[0]
    assert not any(other in card for other in other_labels)


def test_a_non_emergency_result_follows_the_spec_order(client, loaded):
    html, _, _ = page(client, URGENT)
    ids = [i for i in heading_ids(html) if i in ORDER_NON_EMERGENCY]
    assert ids == ORDER_NON_EMERGENCY


def test_an_emergency_result_only_says_go_now(client, loaded):
    html, _, _ = page(client, EMERGENCY)
    ids = [i for i in heading_ids(html) if i in ORDER_NON_EMERGENCY + ORDER_EMERGENCY]
    assert ids == ORDER_EMERGENCY
    words = text(html)
    assert "Possible causes" not in words and "diary" not in words.lower()
    assert "Questions to ask" not in words
    assert "Do not drive yourself" in words
    assert 'href="tel:911"' in html
    assert "talk to a nurse" not in words
    for slug in engine.EMERGENCY_ARTICLES:
        assert f'href="/articles/{slug}/"' in html


def test_the_health_line_is_tap_to_call_on_other_results_and_can_be_hidden(client, settings):
    html, _, _ = page(client, CALM)
    assert '<a class="tel" href="tel:811">811</a>' in html
    settings.BACKHEALTH_HEALTH_LINE = ""
    html, _, _ = page(client, CALM)
    assert "talk to a nurse" not in html


def test_reasons_quote_only_what_was_answered(client):
    html, _, _ = page(
        client,
        complete(
            worse_with=["sitting"],
            pain_map=["lower_back", "foot_left"],
            leg_symptoms=["tingling"],
            leg_course="new",
            age=40,
        ),
    )
    words = text(html)
    assert (
        "You said you have tingling in your leg, and your leg symptoms started in the last 2 weeks."
        in words
    )
    assert "numbness" not in words.split("Why we suggest this")[1].split("Possible causes")[0]


def test_self_care_says_nothing_needs_a_doctor_soon(client):
    html, _, _ = page(client, CALM)
    assert "Nothing you told us needs a doctor soon." in text(html)


def test_causes_show_what_fits_and_what_does_not_never_empty(client, loaded):
    html, result, _ = page(client, URGENT)
    assert result.possible_causes == ["sciatica", "herniated-disc"]
    for block in html.split('<article class="cause"')[1:]:
        fits = block.split("What fits:")[1].split("What does not fit:")[0]
        against = block.split("What does not fit:")[1].split("</ul>")[0]
        assert "<li>" in fits and "<li>" in against


def test_causes_link_through_explains_and_follow_a_renamed_slug(client, loaded):
    explainer = Article.objects.published().explainers()["sciatica"]
    explainer.slug = "sciatica-renamed"
    explainer.save()
    html, _, _ = page(client, URGENT)
    assert 'href="/articles/sciatica-renamed/"' in html


def test_a_cause_without_a_published_explainer_shows_no_link(client, loaded):
    Article.objects.filter(slug="sciatica").update(status=Status.DRAFT)
    html, _, _ = page(client, URGENT)
    block = html.split('id="cause-sciatica"')[1].split("</article>")[0]
    assert "Read about" not in block
    assert "/articles/sciatica/" not in html


def test_a_stored_result_keeps_its_words_when_the_rules_change(client, monkeypatch):
    result, token = save_result(URGENT)
    url = reverse("assessment:result", args=[token])
    before = re.sub(r'csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).content.decode())

    def everything_is_fine(answers):
        return engine.Result("self_care")

    monkeypatch.setattr(engine, "evaluate", everything_is_fine)
    monkeypatch.setattr(engine, "RULES", ())
    after = re.sub(r'csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).content.decode())
    assert after == before
    assert "Urgent: get help today" in after


def test_a_v1_result_is_shown_as_saved(client):
    token = tokens.token_for(tokens.new_submission_id())
    AssessmentResult.objects.create(
        token_hash=tokens.hash_token(token),
        answers={"age": 50, "back_pain": "yes", "leg_side": "left", "leg_extent": "below_knee"},
        disposition="routine",
        reasons=["below_knee"],
        possible_causes=["sciatica"],
        rules_version=1,
        expires_at=timezone.now() + timedelta(days=3),
    )
    html = client.get(reverse("assessment:result", args=[token])).content.decode()
    assert 'id="result-heading">Book an appointment</h1>' in html
    assert "Sciatica" in html


def test_pregnancy_changes_where_to_go_and_the_painkiller_advice(client, loaded):
    html, result, _ = page(client, WORKED["W10"].answers)
    words = text(html)
    assert result.advice == ["pregnancy"]
    assert "midwife or obstetrician" in words
    assert "acetaminophen (Tylenol) is the usual choice" in words
    assert "An anti-inflammatory such as ibuprofen may help" not in words


def test_the_clinician_summary_does_not_call_pregnancy_a_warning_sign(client, loaded):
    # Pregnancy is a health flag that changes where to go, not a warning sign: the summary
    # lists the flags answered yes beside the compact "No to" line, without that label.
    html, _, _ = page(client, WORKED["W10"].answers)
    summary = text(html.split('class="clinician-summary only-print"')[1].split("</section>")[0])
    yes = summary.split("Yes to:")[1].split("No to:")[0]
    assert "pregnant" in yes
    assert "warning sign" not in summary.lower()


def test_several_answers_to_one_question_are_told_apart(client):
    answers = {**LONGEST["soon"], "worse_with": ["sitting", "cough_sneeze", "walking"]}
    html, _, _ = page(client, answers)
    sitting, cough, walking = (
        str(answer_text("worse_with", [v])[0]) for v in ("sitting", "cough_sneeze", "walking")
    )
    assert "," in cough
    assert f"{sitting}; {cough}; {walking}" in text(html)


def test_cancer_team_advice_on_an_emergency(client):
    html, _, _ = page(client, WORKED["W3"].answers)
    assert "cancer care team" in text(html)


def test_the_printout_has_the_clinician_summary_lines_and_a_7_day_diary(client):
    html, _, _ = page(client, LONGEST["soon"])
    summary = html.split('class="clinician-summary only-print"')[1].split("</section>")[0]
    assert 'data-chosen="' in summary and "No to:" in summary
    for line in ("Name:", "Date of birth:", "Medicines and doses:", "Allergies:", "My main worry:"):
        assert line in summary
    diary = html.split('class="diary-table"')[1].split("</table>")[0]
    assert diary.count("<tr>") == 1 + 7


def test_not_asked_questions_are_said_neutrally_on_an_emergency(client):
    html, _, _ = page(client, EMERGENCY)
    assert "Not asked:" in html and "Other serious signs" in html


def test_the_safety_net_lists_every_sign(client):
    html, _, _ = page(client, CALM)
    box = html.split('id="emergency-box-heading-result"')[1].split("</section>")[0]
    for sign in vocabulary.WARNING_SIGNS:
        assert str(wording.SIGN_LABELS[sign]).replace("'", "&#x27;") in box


def test_result_pages_are_private(client):
    _, _, token = page(client, CALM)
    response = client.get(reverse("assessment:result", args=[token]))
    assert response["Cache-Control"] == "no-store, max-age=0"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"


def test_an_expired_result_is_gone(client):
    result, token = save_result(CALM)
    AssessmentResult.objects.filter(pk=result.pk).update(expires_at=timezone.now())
    assert client.get(reverse("assessment:result", args=[token])).status_code == 410


def test_delete_removes_the_result(client):
    _, _, token = page(client, CALM)
    response = client.post(reverse("assessment:delete", args=[token]))
    assert response["Location"] == reverse("assessment:deleted")
    assert AssessmentResult.objects.count() == 0
    assert client.get(reverse("assessment:result", args=[token])).status_code == 404


def test_unknown_and_malformed_tokens_are_404(client):
    assert client.get(reverse("assessment:result", args=["x" * 43])).status_code == 404
    assert client.get("/results/short/").status_code == 404


def test_purge_deletes_expired_results(client):
    old, _ = save_result(CALM)
    AssessmentResult.objects.filter(pk=old.pk).update(expires_at=timezone.now())
    save_result(URGENT)
    call_command("purge_expired", stdout=StringIO())
    assert AssessmentResult.objects.count() == 1


def test_the_stored_fields_hold_no_personal_data():
    names = {field.name for field in AssessmentResult._meta.get_fields()}
    assert names == {
        "id",
        "token_hash",
        "answers",
        "disposition",
        "reasons",
        "possible_causes",
        "cause_details",
        "advice",
        "rules_version",
        "created_at",
        "expires_at",
    }


def test_the_clinic_settings_give_the_results_their_contacts_and_numbers(client):
    from articles.clinic import ClinicSettings

    ClinicSettings(
        name="Main Street Physio",
        phone="604 555-0100",
        booking_url="https://book.example/physio",
        health_line="8-1-1",
        emergency_number="112",
    ).save()
    html, _, _ = page(client, CALM)
    card = html.split('class="care-card care-card--self_care')[1].split("</section>")[0]
    assert "Main Street Physio" in card
    assert 'href="tel:6045550100"' in card
    assert 'href="https://book.example/physio"' in card
    assert 'href="tel:811">8-1-1</a>' in card
    assert 'href="tel:112"' in html and 'href="tel:911"' not in html
    emergency, _, _ = page(client, EMERGENCY)
    assert "Main Street Physio" not in emergency and 'href="tel:112"' in emergency
