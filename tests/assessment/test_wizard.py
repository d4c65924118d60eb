"""The questionnaire, walked with the test client: flow, stops, Back, Change, drafts."""

import pytest
from django.contrib.sessions.models import Session

from assessment import engine
from assessment.models import AssessmentResult
from clinical import vocabulary
from tests.assessment.cases import CALM, WORKED_EXAMPLES, complete, flat
from tests.assessment.walk import (
    STEPS,
    back,
    begin,
    current_step,
    post,
    result_location,
    step_url,
    walk,
)

pytestmark = pytest.mark.django_db

NUMB_LEG = {
    "pain_map": ["lower_back", "thigh_back_left"],
    "leg_symptoms": ["numbness"],
    "leg_course": "same",
}


def _answer_up_to(client, answers, last):
    begin(client)
    for step in engine.STEPS[: engine.STEPS.index(last) + 1]:
        response = post(client, step, answers)
        assert response.status_code == 302, (step, response.status_code)
    return response


@pytest.mark.parametrize("example", WORKED_EXAMPLES, ids=lambda e: e.name)
def test_worked_examples_walked_end_to_end(client, example):
    answers = example.answers
    steps = STEPS if example.stops_after is None else engine.STEPS
    responses = walk(
        client,
        {**flat(example.steps)},
        steps=[s for s in steps if s in example.steps or s == "review"],
    )
    last = responses[example.stops_after or "review"]
    assert result_location(last)
    result = AssessmentResult.objects.get()
    assert result.disposition == example.disposition
    assert tuple(result.reasons) == example.reasons
    assert tuple(result.possible_causes) == example.causes
    assert tuple(result.advice) == example.advice
    assert result.rules_version == engine.RULES_VERSION
    assert result.answers == answers


def test_a_result_stores_the_engines_cause_details(client):
    walk(client, WORKED_EXAMPLES[4].answers)  # W5: sciatica and herniated disc
    result = AssessmentResult.objects.get()
    details = {d["slug"]: d for d in result.cause_details}
    assert details["sciatica"]["score"] == 4
    assert details["sciatica"]["fits"] == [
        "below_knee",
        "one_leg",
        "nerve_feelings",
        "worse_sitting_or_cough",
    ]


@pytest.mark.parametrize("sign", vocabulary.WARNING_SIGNS)
def test_every_warning_sign_stops_at_once(client, sign):
    begin(client)
    post(client, "about", {"age": 40})
    response = post(client, "warning_signs", {"warning_signs": [sign]})
    assert result_location(response)
    assert AssessmentResult.objects.get().reasons[0] == sign


@pytest.mark.parametrize(
    ("health_flags", "symptoms", "reason"),
    [
        (["cancer"], NUMB_LEG, "cancer_nerve_symptoms"),
        (["fever"], NUMB_LEG, "fever_nerve_symptoms"),
        (
            ["none"],
            {
                "pain_map": ["foot_left", "foot_right"],
                "leg_symptoms": ["pain"],
                "leg_course": "new",
            },
            "both_legs",
        ),
        (
            ["none"],
            {"pain_map": ["groin_or_saddle"], "saddle_check": "numbness_or_tingling"},
            "saddle_area",
        ),
    ],
    ids=["cancer", "fever", "both-legs", "saddle"],
)
def test_derived_emergencies_stop_at_the_symptoms_step(client, health_flags, symptoms, reason):
    answers = complete(health_flags=health_flags, **symptoms)
    response = _answer_up_to(client, answers, "symptoms")
    assert result_location(response)
    result = AssessmentResult.objects.get()
    assert result.disposition == "emergency" and reason in result.reasons
    assert "started" not in result.answers  # nothing after the stop is asked or stored


def test_spinal_procedure_with_fever_stops_at_the_health_step(client):
    response = _answer_up_to(client, complete(health_flags=["fever", "spinal_procedure"]), "health")
    assert result_location(response)
    assert "procedure_fever" in AssessmentResult.objects.get().reasons


CHANGES = [
    # (earlier answers already saved, the step changed, the new answer, the reason)
    (NUMB_LEG, "health", {"health_flags": ["cancer"]}, "cancer_nerve_symptoms"),
    (NUMB_LEG, "health", {"health_flags": ["fever"]}, "fever_nerve_symptoms"),
    (
        {"pain_map": ["lower_back", "foot_left"], "leg_symptoms": ["pain"], "leg_course": "new"},
        "symptoms",
        {
            "pain_map": ["lower_back", "foot_left", "foot_right"],
            "leg_symptoms": ["pain"],
            "leg_course": "new",
            "pain_now": 3,
            "pain_worst": 5,
        },
        "both_legs",
    ),
]
CHANGE_IDS = ["cancer-with-numbness", "fever-with-numbness", "second-leg-while-new"]


@pytest.mark.parametrize(("saved", "step", "change", "reason"), CHANGES, ids=CHANGE_IDS)
def test_a_change_from_check_your_answers_stops_at_once(client, saved, step, change, reason):
    walk(client, complete(**saved))
    assert current_step(client) is None or AssessmentResult.objects.count() == 1
    AssessmentResult.objects.all().delete()
    # Walk again to "Check your answers", then change one answer through its change link.
    walk(client, complete(**saved), steps=STEPS[:-1])
    assert client.get(step_url("review")).status_code == 200
    assert client.get(step_url(step)).status_code == 200
    response = post(client, step, complete(**{**saved, **change}))
    assert result_location(response)
    assert reason in AssessmentResult.objects.get().reasons


@pytest.mark.parametrize(("saved", "step", "change", "reason"), CHANGES, ids=CHANGE_IDS)
def test_back_from_a_changed_page_stops_at_once(client, saved, step, change, reason):
    walk(client, complete(**saved), steps=STEPS[:-1])
    previous = engine.STEPS[engine.STEPS.index(step) - 1]
    response = back(client, step, complete(**{**saved, **change}), to=previous)
    assert result_location(response)
    assert reason in AssessmentResult.objects.get().reasons


def test_back_keeps_a_valid_page_and_goes_back(client):
    begin(client)
    post(client, "about", {"age": 40})
    response = back(client, "warning_signs", {"warning_signs": ["none"]}, to="about")
    assert response["Location"] == step_url("about")
    # The page left was saved: Continue from about goes on past it.
    assert post(client, "about", {"age": 40})["Location"] == step_url("warning_signs")
    page = client.get(step_url("warning_signs")).content.decode()
    assert 'value="none" id="id_warning_signs-warning_signs_10" checked' in page


def test_back_keeps_what_was_typed_as_a_draft_without_errors(client):
    _answer_up_to(client, CALM, "health")
    typed = {"pain_map": ["lower_back"], "pain_now": 6}  # pain_worst missing: not valid yet
    response = back(client, "symptoms", typed, to="health")
    assert response["Location"] == step_url("health")
    page = client.get(step_url("symptoms")).content.decode()
    assert 'value="lower_back" id="id_symptoms-pain_map_1" checked' in page
    assert 'name="symptoms-pain_now" value="6" id="id_symptoms-pain_now_6" checked' in page
    assert "There is a problem" not in page
    # A draft is never an answer: the next step is still out of reach.
    assert client.get(step_url("timeline"))["Location"] == step_url("symptoms")


def test_saddle_follow_up_is_required_only_when_the_area_is_marked(client):
    _answer_up_to(client, CALM, "health")
    base = {"pain_now": 3, "pain_worst": 5}
    response = post(client, "symptoms", {**base, "pain_map": ["groin_or_saddle"]})
    assert response.status_code == 200
    assert "Select what you feel in the area between your legs" in response.content.decode()
    response = post(
        client, "symptoms", {**base, "pain_map": ["groin_or_saddle"], "saddle_check": "pain_only"}
    )
    assert response["Location"] == step_url("timeline")


def test_follow_ups_left_on_the_page_are_dropped_when_they_do_not_apply(client):
    answers = complete(
        pain_map=["lower_back"],
        saddle_check="not_sure",
        leg_symptoms=["numbness"],
        leg_course="new",
    )
    walk(client, answers)
    stored = AssessmentResult.objects.get().answers
    assert {"saddle_check", "leg_symptoms", "leg_course"}.isdisjoint(stored)
    assert AssessmentResult.objects.get().disposition == "self_care"


def test_leg_questions_are_required_when_a_leg_is_marked(client):
    _answer_up_to(client, CALM, "health")
    response = post(
        client, "symptoms", {"pain_map": ["thigh_front_left"], "pain_now": 3, "pain_worst": 5}
    )
    page = response.content.decode()
    assert "Select what you feel in your leg" in page
    assert "Select how your leg symptoms are changing" in page


def test_under_16_gets_its_own_page_and_nothing_is_stored(client):
    begin(client)
    response = post(client, "about", {"age": 15})
    assert response["Location"].endswith("/check/under-16/")
    assert AssessmentResult.objects.count() == 0


def test_cookieless_gets_of_every_step_make_no_session(client):
    for step in [*STEPS, "done"]:
        for _ in range(1000):
            response = client.get(step_url(step))
            assert response.status_code == 302
    assert Session.objects.count() == 0
    assert not client.cookies.get("sessionid")


def test_a_later_step_cannot_be_shown_before_the_earlier_ones(client):
    begin(client)
    post(client, "about", {"age": 40})
    assert client.get(step_url("impact"))["Location"] == step_url("warning_signs")
    response = post(client, "timeline", CALM)
    assert response["Location"] == step_url("warning_signs")


def test_continue_after_a_change_returns_to_check_your_answers(client):
    walk(client, CALM, steps=STEPS[:-1])
    client.get(step_url("review"))
    client.get(step_url("timeline"))
    response = post(client, "timeline", {**CALM, "course": "same"})
    assert response["Location"] == step_url("review")


@pytest.mark.parametrize("management", [None, "nonsense"])
def test_tampered_management_data_is_a_400(client, management):
    begin(client)
    data = {} if management is None else {"assessment_wizard-current_step": management}
    assert client.post(step_url("about"), data).status_code == 400


def test_double_submit_makes_one_result(client):
    walk(client, CALM)
    page = client.get(step_url("about"))  # a new run may start; the old one is over
    assert page.status_code == 200
    response = post(client, "review", {}, submission="x")
    assert response.status_code in (200, 302)
    assert AssessmentResult.objects.count() == 1


def test_a_second_submit_of_the_last_step_leads_to_the_same_result(client):
    walk(client, CALM, steps=STEPS[:-1])
    page = client.get(step_url("review")).content.decode()
    submission = page.split('name="submission" value="')[1].split('"')[0]
    first = post(client, "review", {}, submission=submission)
    again = post(client, "review", {}, submission=submission)
    assert first["Location"] == again["Location"]
    assert AssessmentResult.objects.count() == 1


def test_posting_with_no_session_is_the_expired_page(client):
    response = post(client, "about", {"age": 40})
    assert response.status_code == 200
    assert "Your answers have expired" in response.content.decode()
