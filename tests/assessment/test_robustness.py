"""Arbitrary input against every step (spec v2), and answers kept out of logs and error reports."""

import logging
from unittest import mock

import pytest
from django.core.signals import got_request_exception
from django.test import Client
from django.views.debug import SafeExceptionReporterFilter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import engine, wizard
from assessment.models import AssessmentResult
from tests.assessment.cases import CALM, complete
from tests.assessment.walk import MANAGEMENT, STEPS, begin, post, step_post, step_url, walk

pytestmark = pytest.mark.django_db

ALL_VALUES = sorted({str(v) for f in engine.FIELDS.values() for v in f.values} | {"", "none"})
FIELD_KEYS = [f"{step}-{name}" for step, names in engine.STEP_FIELDS.items() for name in names]
# Every question but the follow-ups the map may not ask: a non-emergency result has them all.
ALWAYS_ASKED = {n for n in engine.FIELDS if n not in engine.CONDITIONS}

text = st.one_of(
    st.sampled_from(ALL_VALUES),
    st.sampled_from(STEPS + ["done", "../", "review"]),
    st.text(max_size=20),
    st.integers(-(10**30), 10**30).map(str),
    st.builds(lambda n, c: c * n, st.integers(1000, 100_000), st.sampled_from("a9\x00é<")),
)
value = st.one_of(text, st.lists(text, max_size=5))
key = st.one_of(
    st.sampled_from(FIELD_KEYS),
    st.sampled_from(FIELD_KEYS),
    st.sampled_from([MANAGEMENT, "wizard_goto_step", wizard.SUBMISSION_FIELD]),
    st.sampled_from(["symptoms-leg_side", "symptoms-back_pain", "about-age"]),
    st.text(max_size=30),
)
post_data = st.dictionaries(key, value, max_size=12)
HYPOTHESIS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


def reach(client, step):
    """A fresh run with every step before `step` answered calmly."""
    begin(client)
    for earlier in STEPS[: STEPS.index(step)]:
        assert post(client, earlier, CALM).status_code == 302


def assert_every_result_was_earned():
    for result in AssessmentResult.objects.all():
        # A result only ever comes from valid answers, and only as the engine decides.
        evaluation = engine.evaluate(result.answers)
        assert result.disposition == evaluation.disposition
        assert tuple(result.reasons) == evaluation.reasons
        if result.disposition != "emergency":
            assert set(result.answers) >= ALWAYS_ASKED  # every question was answered
        assert result.answers["age"] >= engine.MIN_AGE


@pytest.mark.parametrize("step", STEPS)
@settings(max_examples=12, **HYPOTHESIS)
@given(data=post_data, keep_management=st.booleans())
def test_any_post_to_any_step_never_errors_nor_makes_an_unearned_result(
    db, step, data, keep_management
):
    AssessmentResult.objects.all().delete()
    client = Client()
    reach(client, step)
    if keep_management:
        data = {**data, MANAGEMENT: step}
    response = client.post(step_url(step), data)
    assert response.status_code in {200, 302, 400, 413}
    if response.status_code == 302:
        assert client.get(response["Location"]).status_code in {200, 302}
    assert_every_result_was_earned()


@settings(max_examples=25, **HYPOTHESIS)
@given(data=post_data, path_step=st.sampled_from([*STEPS, "done", "nonsense"]))
def test_any_post_without_a_run_never_errors_nor_stores(db, data, path_step):
    AssessmentResult.objects.all().delete()
    response = Client().post(f"/check/{path_step}/", data)
    assert response.status_code in {200, 302, 400, 404, 405, 413}  # 413: over the body cap
    assert not AssessmentResult.objects.exists()


@settings(max_examples=15, **HYPOTHESIS)
@given(
    posts=st.lists(
        st.tuples(st.sampled_from(STEPS), post_data, st.sampled_from([None, *STEPS])),
        min_size=2,
        max_size=6,
    )
)
def test_a_sequence_of_arbitrary_posts_and_jumps_never_errors(db, posts):
    AssessmentResult.objects.all().delete()
    client = Client()
    begin(client)
    for step, data, goto in posts:
        data = {**data, MANAGEMENT: step}
        if goto:
            data["wizard_goto_step"] = goto
        response = client.post(step_url(step), data)
        assert response.status_code in {200, 302, 400, 413}
    assert_every_result_was_earned()


PATHS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-0123456789%.~", min_size=1, max_size=60)


@settings(max_examples=25, **HYPOTHESIS)
@given(path=PATHS, started=st.booleans())
def test_any_get_under_check_and_results_never_errors(db, path, started):
    client = Client()
    if started:
        reach(client, "symptoms")
    for url in (f"/check/{path}/", f"/results/{path}/", f"/results/{path}/delete/"):
        assert client.get(url).status_code in {200, 302, 404, 405, 410}


@pytest.mark.parametrize("step", STEPS)
def test_every_step_get_mid_run_is_a_page_or_a_redirect(client, step):
    reach(client, "timeline")
    response = client.get(step_url(step))
    assert response.status_code in {200, 302}
    if response.status_code == 302:  # not reached yet: back to the first unanswered step
        assert response["Location"] == step_url("timeline")


# --- Privacy: logs and error reports ------------------------------------------------------------

# Answers whose coded values appear nowhere else on a page or in a log line.
DISTINCT = complete(
    age=87,
    pain_map=["lower_back", "groin_or_saddle", "thigh_front_right", "foot_right"],
    saddle_check="pain_only",
    leg_symptoms=["tingling", "burning"],
    leg_course="slowly_worse",
    started="6_to_12_weeks",
    onset="sudden",
    worse_with=["cough_sneeze", "lying_down"],
    better_with=["standing_still"],
    risk_factors=["psoriasis_or_bowel_inflammation"],
    tried=["heat_or_cold", "injections"],
)
SECRET_BITS = [
    "thigh_front_right",
    "foot_right",
    "groin_or_saddle",
    "pain_only",
    "slowly_worse",
    "tingling",
    "6_to_12_weeks",
    "cough_sneeze",
    "lying_down",
    "standing_still",
    "psoriasis_or_bowel_inflammation",
    "heat_or_cold",
    "injections",
    "symptoms-pain_map",
    "about-age",
]


def test_answers_never_reach_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    begin(client)
    # Errors first (empty submits, bad values, tampering, a bad request), then a full walk.
    for step in STEPS[:4]:
        client.post(step_url(step), {MANAGEMENT: step, f"{step}-x": "lying_down"})
    client.post(step_url("about"), {"about-age": "87", "symptoms-pain_map": "foot_right"})
    client.post(step_url("about"), {MANAGEMENT: "nope", "about-age": "87"})
    walk(client, DISTINCT)
    assert AssessmentResult.objects.get().answers == DISTINCT
    logged = caplog.text + " ".join(str(r.args) + str(r.__dict__) for r in caplog.records)
    leaked = [bit for bit in SECRET_BITS if bit in logged]
    assert leaked == []
    assert sum(r.name == "backhealth.requests" for r in caplog.records) > 10  # logging is on


def test_the_wizard_marks_every_post_parameter_sensitive(client):
    begin(client)
    seen = {}

    def capture(self, request, *args, **kwargs):
        seen["sensitive"] = getattr(request, "sensitive_post_parameters", None)
        return original(self, request, *args, **kwargs)

    original = wizard.AssessmentWizard.post
    with mock.patch.object(wizard.AssessmentWizard, "post", capture):
        post(client, "about", {"age": 40})
    assert seen["sensitive"] == "__ALL__"


@pytest.mark.parametrize("step", ["about", "symptoms"])
def test_error_reports_hide_every_posted_answer(db, step):
    captured = {}

    def capture(sender, request, **kwargs):
        captured["request"] = request

    client = Client(raise_request_exception=False)
    reach(client, step)
    got_request_exception.connect(capture)
    try:
        with mock.patch.object(wizard.AssessmentWizard, "render", side_effect=RuntimeError("x")):
            response = client.post(
                step_url(step), step_post(step, {**DISTINCT, "age": "abc", "pain_now": "99"})
            )
    finally:
        got_request_exception.disconnect(capture)
    assert response.status_code == 500
    cleaned = SafeExceptionReporterFilter().get_post_parameters(captured["request"])
    assert len(cleaned) >= 2
    assert set(cleaned.values()) == {SafeExceptionReporterFilter.cleansed_substitute}
