"""The questionnaire, walked step by step with the test client (one POST dict per step)."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from assessment import engine, wording
from assessment.models import AssessmentResult
from tests.assessment.cases import CALM
from tests.assessment.conftest import (
    MANAGEMENT,
    STEPS,
    answers_for,
    begin,
    current_step,
    post,
    step_post,
    step_url,
    walk,
)

pytestmark = pytest.mark.django_db


def result_path(response):
    location = response["Location"]
    assert location.startswith("/results/"), location
    return location


def walk_to(client, step, answers=CALM):
    """Begin and post every step before `step` (each must move on to the next)."""
    begin(client)
    for earlier in STEPS[: STEPS.index(step)]:
        response = post(client, earlier, answers)
        assert response.status_code == 302, (earlier, response.content.decode()[:2000])
    assert current_step(client) == step
    return client


# --- Walk-throughs, one per disposition ---------------------------------------------------------

URGENT = answers_for(
    age=38,
    leg_side="left",
    leg_extent="below_knee",
    leg_symptoms=["pain", "tingling"],
    pain_now=6,
    pain_worst=7,
    course="same",
    worse_with=["sitting", "cough_sneeze"],
    better_with=["none"],
)
SOON = answers_for(
    age=71,
    leg_side="both",
    leg_extent="below_knee",
    leg_symptoms=["numbness", "pain"],
    started="over_12_weeks",
    onset="gradual",
    course="same",
    worse_with=["walking", "standing"],
    better_with=["sitting_or_bending_forward"],
    walking="short_distances",
)
ROUTINE = answers_for(age=35, started="6_to_12_weeks", previous="similar")
SELF_CARE = CALM

WALKS = [
    pytest.param(URGENT, "urgent", "cough_sneeze", {"sciatica", "herniated-disc"}, id="urgent"),
    pytest.param(SOON, "soon", "persistent_over_60", {"spinal-stenosis"}, id="soon"),
    pytest.param(ROUTINE, "routine", "long_lasting", set(), id="routine"),
    pytest.param(SELF_CARE, "self_care", None, {"lumbar-strain"}, id="self_care"),
]


@pytest.mark.parametrize(("answers", "disposition", "first_reason", "causes"), WALKS)
def test_full_walk_gives_the_right_result(client, answers, disposition, first_reason, causes):
    begin(client)
    assert current_step(client) is None or current_step(client) == "about"
    assert client.get(step_url("about")).status_code == 200
    for step, next_step in zip(STEPS, STEPS[1:], strict=False):
        assert current_step(client) == step
        response = post(client, step, answers)
        assert response.status_code == 302
        assert response["Location"] == step_url(next_step)
        assert current_step(client) == next_step
        assert client.get(response["Location"]).status_code == 200
        assert not AssessmentResult.objects.exists()
    response = post(client, "review", answers)
    location = result_path(response)
    result = AssessmentResult.objects.get()
    assert result.disposition == disposition
    if first_reason:
        assert result.reasons[0] == first_reason
    else:
        assert result.reasons == []
    assert causes <= set(result.possible_causes)
    engine.validate_answers(result.answers)  # raises on anything outside the spec
    expected = engine.evaluate(result.answers)
    assert result.reasons == list(expected.reasons)
    assert result.possible_causes == list(expected.possible_causes)
    assert result.answers["age"] == answers["age"]
    # The wizard's storage is emptied once the result is saved.
    assert current_step(client) is None
    assert client.get(location).status_code == 200


def test_stored_answers_are_the_coded_values_only(client):
    walk(client, URGENT)
    result = AssessmentResult.objects.get()
    assert result.answers == {
        "age": 38,
        "warning_signs": ["none"],
        "health_flags": ["none"],
        "back_pain": "yes",
        "leg_side": "left",
        "leg_extent": "below_knee",
        "leg_symptoms": ["pain", "tingling"],
        "pain_now": 6,
        "pain_worst": 7,
        "started": "under_2_weeks",
        "onset": "after_strain",
        "course": "same",
        "previous": "similar",
        "worse_with": ["sitting", "cough_sneeze"],
        "better_with": ["none"],
        "risk_factors": ["none"],
        "daily_impact": "some",
        "walking": "no_limit",
        "sleep": "fine",
        "tried": ["rest", "pain_relievers"],
    }


def test_leg_details_are_not_stored_when_no_leg_is_affected(client):
    answers = answers_for(leg_extent="below_knee", leg_symptoms=["pain"])  # leg_side none
    walk(client, answers)
    stored = AssessmentResult.objects.get().answers
    assert "leg_extent" not in stored
    assert "leg_symptoms" not in stored


# --- Emergency first ------------------------------------------------------------------------


def test_emergency_stops_right_after_warning_signs(client):
    answers = answers_for(age=45, warning_signs=["bladder"])
    walk_to(client, "warning_signs", answers)
    response = post(client, "warning_signs", answers)
    location = result_path(response)
    result = AssessmentResult.objects.get()
    assert result.disposition == "emergency"
    assert result.reasons == ["bladder"]
    assert result.possible_causes == []
    assert result.answers == {"age": 45, "warning_signs": ["bladder"]}
    assert current_step(client) is None
    # No later step is shown: the wizard starts again from the beginning.
    for later in STEPS[2:]:
        response = client.get(step_url(later))
        assert response.status_code == 302
        assert response["Location"] == step_url("about")
    page = client.get(location).content.decode()
    assert "Go to an emergency department now" in page
    assert "Possible causes" not in page


@pytest.mark.parametrize("sign", engine.WARNING_SIGNS)
def test_every_warning_sign_stops_at_once(client, sign):
    answers = answers_for(warning_signs=[sign])
    walk_to(client, "warning_signs", answers)
    result_path(post(client, "warning_signs", answers))
    result = AssessmentResult.objects.get()
    assert (result.disposition, result.reasons[0]) == ("emergency", sign)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (
            {"health_flags": ["cancer"], "leg_side": "left", "leg_extent": "below_knee"},
            "cancer_nerve_symptoms",
        ),
        (
            {
                "health_flags": ["cancer"],
                "leg_side": "right",
                "leg_extent": "above_knee",
                "leg_symptoms": ["numbness"],
            },
            "cancer_nerve_symptoms",
        ),
        (
            {
                "health_flags": ["fever"],
                "leg_side": "right",
                "leg_extent": "above_knee",
                "leg_symptoms": ["weakness"],
            },
            "fever_nerve_symptoms",
        ),
    ],
)
def test_cancer_or_fever_with_nerve_symptoms_stop_at_symptoms(client, changes, reason):
    answers = answers_for(**{"leg_symptoms": ["pain"], **changes})
    walk_to(client, "symptoms", answers)
    result_path(post(client, "symptoms", answers))
    result = AssessmentResult.objects.get()
    assert result.disposition == "emergency"
    assert result.reasons[0] == reason
    assert result.possible_causes == []
    assert "started" not in result.answers


@pytest.mark.parametrize(
    ("started", "course"), [("under_2_weeks", "same"), ("over_12_weeks", "worse")]
)
def test_both_legs_new_or_worse_stops_at_timeline(client, started, course):
    answers = answers_for(
        leg_side="both",
        leg_extent="above_knee",
        leg_symptoms=["pain"],
        started=started,
        course=course,
    )
    walk_to(client, "symptoms", answers)
    # Not known yet after the symptoms step: the timeline decides.
    response = post(client, "symptoms", answers)
    assert response["Location"] == step_url("timeline")
    result_path(post(client, "timeline", answers))
    result = AssessmentResult.objects.get()
    assert result.disposition == "emergency"
    assert "both_legs" in result.reasons
    assert "worse_with" not in result.answers


def test_both_legs_for_months_and_stable_is_not_an_emergency(client):
    walk(client, SOON)
    assert AssessmentResult.objects.get().disposition == "soon"


def test_changing_an_answer_to_an_emergency_from_review_stops_there(client):
    walk_to(client, "review")
    client.get(step_url("review"))
    assert client.get(step_url("warning_signs")).status_code == 200
    response = post(client, "warning_signs", answers_for(warning_signs=["trauma"]))
    result_path(response)
    result = AssessmentResult.objects.get()
    assert result.disposition == "emergency"
    assert result.reasons[0] == "trauma"


# --- Under 16 ----------------------------------------------------------------------------------


@pytest.mark.parametrize("age", [0, 10, 15])
def test_under_16_gets_its_own_page_and_nothing_is_stored(client, age):
    begin(client)
    response = post(client, "about", {"age": age})
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:under_16")
    assert not AssessmentResult.objects.exists()
    assert current_step(client) is None
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "your child’s doctor" in html
    assert "emergency department" in html


def test_16_goes_on_to_the_warning_signs(client):
    begin(client)
    assert post(client, "about", {"age": 16})["Location"] == step_url("warning_signs")


# --- Page furniture: titles, fieldsets, errors -----------------------------------------------


def title_of(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


@pytest.mark.parametrize("step", STEPS)
def test_each_step_has_its_own_title_with_step_n_of_m(client, step):
    walk_to(client, step)
    response = client.get(step_url(step))
    assert response.status_code == 200
    number = STEPS.index(step) + 1
    expected = f"Step {number} of {len(STEPS)}: {wording.STEP_TITLES[step]} – BackHealth"
    assert title_of(response) == expected
    html = response.content.decode()
    assert f"Step {number} of {len(STEPS)}" in html
    assert response["Cache-Control"].count("no-store") == 1


def test_the_warning_signs_title_reads_as_the_spec_example(client):
    walk_to(client, "warning_signs")
    title = title_of(client.get(step_url("warning_signs")))
    assert title == "Step 2 of 8: Emergency warning signs – BackHealth"


@pytest.mark.parametrize("step", engine.STEPS)
def test_an_empty_submit_shows_errors_with_summary_and_error_title(client, step):
    walk_to(client, step)
    response = client.post(step_url(step), {MANAGEMENT: step})
    assert response.status_code == 200
    assert title_of(response).startswith(f"Error: Step {STEPS.index(step) + 1} of 8: ")
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary"[^>]*>', html).group(0)
    assert 'tabindex="-1"' in summary
    assert "autofocus" in summary
    links = re.findall(r'<li><a href="#([^"]+)">', html)
    assert links
    for anchor in links:
        # Every summary link points at an input on the page.
        assert f'id="{anchor}"' in html
    assert 'class="error-message"' in html
    assert not AssessmentResult.objects.exists()
    assert current_step(client) == step


def test_every_radio_and_checkbox_group_is_a_fieldset_with_a_legend(client):
    for step in engine.STEPS:
        walk_to(client, step)
        html = client.get(step_url(step)).content.decode()
        for group in re.findall(r"<fieldset.*?</fieldset>", html, re.S):
            assert "<legend" in group
        inputs = re.findall(r'<input[^>]*type="(?:radio|checkbox)"[^>]*>', html)
        fieldsets = html.count("<fieldset")
        if inputs:
            assert fieldsets >= 1


def test_hints_and_errors_are_linked_by_aria_describedby(client):
    walk_to(client, "warning_signs")
    response = client.post(step_url("warning_signs"), {MANAGEMENT: "warning_signs"})
    html = response.content.decode()
    fieldset = re.search(r"<fieldset[^>]*>", html).group(0)
    described = re.search(r'aria-describedby="([^"]+)"', fieldset).group(1).split()
    assert described == [
        "id_warning_signs-warning_signs_helptext",
        "id_warning_signs-warning_signs_error",
    ]
    for target in described:
        assert f'id="{target}"' in html


def test_symptoms_groups_the_leg_questions_in_their_own_fieldset(client):
    walk_to(client, "symptoms")
    html = client.get(step_url("symptoms")).content.decode()
    start = html.index('<fieldset class="field-group leg-details" id="leg-details">')
    group = html[start : html.index('name="symptoms-pain_now"')]
    assert re.search(r"<legend[^>]*>If your leg is affected</legend>", group)
    assert 'name="symptoms-leg_extent"' in group
    assert 'name="symptoms-leg_symptoms"' in group
    assert 'name="symptoms-leg_side"' not in group
    # The group and the two questions in it close before the pain questions start.
    assert group.count("</fieldset>") == 3


def test_pain_scores_are_radio_buttons_not_a_slider(client):
    walk_to(client, "symptoms")
    html = client.get(step_url("symptoms")).content.decode()
    assert 'type="range"' not in html
    for name in ("pain_now", "pain_worst"):
        values = re.findall(rf'type="radio" name="symptoms-{name}" value="(\d+)"', html)
        assert values == [str(n) for n in range(11)]


def test_leg_details_are_required_only_when_a_leg_is_affected(client):
    walk_to(client, "symptoms")
    answers = answers_for(leg_side="left", leg_extent=None, leg_symptoms=None)
    response = post(client, "symptoms", answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert wording.REQUIRED_ERRORS["leg_extent"] in html
    assert wording.REQUIRED_ERRORS["leg_symptoms"] in html
    response = post(client, "symptoms", answers_for(leg_extent=None, leg_symptoms=None))
    assert response["Location"] == step_url("timeline")


def test_no_inline_script_or_style_attribute_on_any_step(client):
    walk_to(client, "review")
    for step in STEPS:
        html = client.get(step_url(step)).content.decode()
        assert "style=" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


# --- Back and change -----------------------------------------------------------------------------


def test_back_keeps_answers_and_does_not_validate_the_page_left(client):
    walk_to(client, "timeline", URGENT)
    # Back from an empty timeline page: no errors, straight to the previous step.
    response = client.post(
        step_url("timeline"), {MANAGEMENT: "timeline", "wizard_goto_step": "symptoms"}
    )
    assert response.status_code == 302
    assert response["Location"] == step_url("symptoms")
    html = client.get(step_url("symptoms")).content.decode()
    assert "There is a problem" not in html
    assert re.search(r'name="symptoms-leg_side" value="left"[^>]*checked', html)
    assert re.search(r'name="symptoms-leg_symptoms" value="tingling"[^>]*checked', html)
    assert re.search(r'name="symptoms-pain_now" value="6"[^>]*checked', html)
    # Forward again: the answers are still there.
    response = post(client, "symptoms", URGENT)
    assert response["Location"] == step_url("timeline")


def test_back_keeps_what_was_typed_on_the_page_left_when_it_is_valid(client):
    walk_to(client, "timeline", URGENT)
    data = {**step_post("timeline", URGENT), "wizard_goto_step": "symptoms"}
    assert client.post(step_url("timeline"), data)["Location"] == step_url("symptoms")
    html = client.get(step_url("timeline")).content.decode()
    assert re.search(r'name="timeline-started" value="under_2_weeks"[^>]*checked', html)
    assert re.search(r'name="timeline-previous" value="similar"[^>]*checked', html)


def test_back_with_half_answered_page_keeps_the_earlier_answers_of_that_page(client):
    walk_to(client, "timeline", URGENT)
    post(client, "timeline", URGENT)
    client.get(step_url("timeline"))
    # Come back to timeline, clear an answer, press Back: the saved answers stay.
    data = {**step_post("timeline", answers_for(course=None)), "wizard_goto_step": "symptoms"}
    data[MANAGEMENT] = "timeline"
    assert client.post(step_url("timeline"), data)["Location"] == step_url("symptoms")
    html = client.get(step_url("timeline")).content.decode()
    assert re.search(r'name="timeline-course" value="same"[^>]*checked', html)


def test_review_lists_every_answer_in_words_with_change_links(client):
    walk_to(client, "review", URGENT)
    response = client.get(step_url("review"))
    html = response.content.decode()
    assert title_of(response) == "Step 8 of 8: Check your answers – BackHealth"
    for step in engine.STEPS:
        assert f'href="{step_url(step)}"' in html
    for field in ("age", "leg_side", "started", "worse_with", "tried"):
        assert wording.question(field) in html
    assert wording.choice_label("leg_extent", "below_knee") in html
    assert wording.choice_label("worse_with", "cough_sneeze") in html
    assert "6 out of 10" in html
    assert "See my results" in html
    assert html.count(">Change<") == sum(
        1 for step in engine.STEPS for f in engine.STEP_FIELDS[step] if f in URGENT
    )


def test_change_link_returns_to_review_with_other_answers_kept(client):
    walk_to(client, "review", URGENT)
    client.get(step_url("review"))
    response = client.get(step_url("symptoms"))
    assert response.status_code == 200
    assert re.search(
        r'name="symptoms-leg_extent" value="below_knee"[^>]*checked', response.content.decode()
    )
    changed = {**URGENT, "pain_now": 9, "pain_worst": 10}
    response = post(client, "symptoms", changed)
    assert response["Location"] == step_url("review")
    html = client.get(step_url("review")).content.decode()
    assert "9 out of 10" in html
    result_path(post(client, "review", changed))
    result = AssessmentResult.objects.get()
    assert result.answers["pain_now"] == 9
    assert result.answers["worse_with"] == ["sitting", "cough_sneeze"]
    assert "severe_pain" in result.reasons


def test_back_from_review_goes_to_the_last_question(client):
    walk_to(client, "review")
    response = client.post(step_url("review"), {MANAGEMENT: "review", "wizard_goto_step": "impact"})
    assert response["Location"] == step_url("impact")
    assert not AssessmentResult.objects.exists()


# --- Robustness --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "management",
    [
        {},
        {MANAGEMENT: ""},
        {MANAGEMENT: "nonsense"},
        {MANAGEMENT: "done"},
        {"wrong-current_step": "about"},
    ],
)
def test_tampered_or_missing_management_data_is_a_400(client, management):
    walk_to(client, "health")
    data = {**step_post("health", CALM)}
    del data[MANAGEMENT]
    response = client.post(step_url("health"), {**data, **management})
    assert response.status_code == 400
    assert b"something went wrong with the form" in response.content
    assert not AssessmentResult.objects.exists()


def test_posting_a_later_step_first_goes_back_to_the_first_unanswered_step(client):
    begin(client)
    client.get(step_url("about"))
    for step in STEPS[1:]:
        response = post(client, step, CALM)
        assert response.status_code == 302
        assert response["Location"] == step_url("about")
    assert not AssessmentResult.objects.exists()


def test_jumping_forward_by_url_redirects_to_the_step_to_answer(client):
    walk_to(client, "health")
    for step in STEPS[3:]:
        response = client.get(step_url(step))
        assert response.status_code == 302
        assert response["Location"] == step_url("health")


def test_jumping_forward_with_wizard_goto_step_never_skips_a_step(client):
    walk_to(client, "health")
    for target in ("review", "impact", "symptoms"):
        response = client.post(
            step_url("health"), {MANAGEMENT: "health", "wizard_goto_step": target}
        )
        assert response.status_code == 302
        assert response["Location"] == step_url("health")
    assert not AssessmentResult.objects.exists()


def test_unknown_steps_and_done_redirect_and_never_finish(client):
    walk_to(client, "review")
    for path in ("/check/done/", "/check/nonsense/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == step_url("review")
    assert not AssessmentResult.objects.exists()


def test_an_unknown_goto_step_is_ignored(client):
    walk_to(client, "health")
    response = client.post(
        step_url("health"), {MANAGEMENT: "health", "wizard_goto_step": "nonsense"}
    )
    assert response.status_code == 302
    assert response["Location"] == step_url("health")


@pytest.mark.parametrize(
    ("step", "field", "value"),
    [
        ("about", "age", "9" * 400),
        ("about", "age", "-1"),
        ("about", "age", "forty"),
        ("about", "age", "111"),
        ("warning_signs", "warning_signs", ["none", "bladder"]),
        ("warning_signs", "warning_signs", ["x" * 100_000]),
        ("health", "health_flags", ["cancer", "gout"]),
        ("symptoms", "leg_side", "sideways"),
        ("symptoms", "pain_now", "11"),
        ("symptoms", "pain_worst", "2"),
        ("timeline", "started", ""),
        ("patterns", "worse_with", ["none", "sitting"]),
        ("impact", "tried", ["surgery", "magic"]),
    ],
)
def test_bad_values_give_errors_never_a_result(client, step, field, value):
    walk_to(client, step)
    data = step_post(step, CALM)
    data[f"{step}-{field}"] = value
    response = client.post(step_url(step), data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert current_step(client) == step
    assert not AssessmentResult.objects.exists()


def test_unknown_keys_are_ignored_and_not_stored(client):
    walk_to(client, "about")
    data = {**step_post("about", CALM), "about-nickname": "Sam", "email": "sam@example.com"}
    assert client.post(step_url("about"), data)["Location"] == step_url("warning_signs")
    session = client.session.load()
    assert "Sam" not in str(session)
    assert "sam@example.com" not in str(session)
    assert "csrfmiddlewaretoken" not in str(session)


def test_session_expired_mid_way_shows_start_again_and_stores_nothing(client):
    walk_to(client, "symptoms")
    Session.objects.all().delete()
    response = post(client, "symptoms", CALM)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your answers have expired" in html
    assert "Start again" in html
    assert not AssessmentResult.objects.exists()


def test_posting_a_step_with_no_session_at_all_is_the_expired_page(client, db):
    response = post(client, "review", CALM)
    assert response.status_code == 200
    assert b"Your answers have expired" in response.content
    assert not AssessmentResult.objects.exists()


def test_double_submit_of_the_last_step_makes_one_result(client):
    walk_to(client, "review")
    data = {**step_post("review", CALM), "submission": submission_on(client, "review")}
    first = client.post(step_url("review"), data)
    second = client.post(step_url("review"), data)
    assert result_path(first) == result_path(second)
    assert AssessmentResult.objects.count() == 1
    assert client.get(result_path(second)).status_code == 200


def test_double_submit_of_an_emergency_stop_makes_one_result(client):
    answers = answers_for(warning_signs=["bowel"])
    walk_to(client, "warning_signs", answers)
    data = {
        **step_post("warning_signs", answers),
        "submission": submission_on(client, "warning_signs"),
    }
    first = client.post(step_url("warning_signs"), data)
    second = client.post(step_url("warning_signs"), data)
    assert result_path(first) == result_path(second)
    assert AssessmentResult.objects.count() == 1


def test_a_resubmit_without_its_submission_id_stores_nothing_more(client):
    walk_to(client, "review")
    post(client, "review", CALM)
    response = post(client, "review", CALM)
    assert response.status_code == 200
    assert AssessmentResult.objects.count() == 1


def test_two_runs_make_two_results_with_different_addresses(client):
    first = walk(client, CALM)["review"]
    second = walk(client, CALM)["review"]
    assert result_path(first) != result_path(second)
    assert AssessmentResult.objects.count() == 2


def test_start_page_explains_and_starts_fresh(client):
    response = client.get(reverse("assessment:start"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "5 minutes" in html
    assert "not a diagnosis" in html
    assert "name, contact details" in html
    assert "emergency-box-heading" in html
    assert f'action="{reverse("assessment:begin")}"' in html
    # Starting again forgets a half-finished run.
    walk_to(client, "health")
    begin(client)
    client.get(step_url("about"))
    assert client.get(step_url("warning_signs"))["Location"] == step_url("about")


def test_begin_is_post_only(client):
    assert client.get(reverse("assessment:begin")).status_code == 405


def submission_on(client, step):
    html = client.get(step_url(step)).content.decode()
    return re.search(r'name="submission" value="([^"]+)"', html).group(1)


def test_back_from_an_emergency_answer_goes_back_and_continuing_finishes(client):
    answers = answers_for(warning_signs=["arms_and_legs"])
    walk_to(client, "warning_signs", answers)
    data = {**step_post("warning_signs", answers), "wizard_goto_step": "about"}
    assert client.post(step_url("warning_signs"), data)["Location"] == step_url("about")
    assert not AssessmentResult.objects.exists()
    assert post(client, "about", answers)["Location"] == step_url("warning_signs")
    html = client.get(step_url("warning_signs")).content.decode()
    assert re.search(r'value="arms_and_legs"[^>]*checked', html)
    result_path(post(client, "warning_signs", answers))
    assert AssessmentResult.objects.get().reasons == ["arms_and_legs"]
