"""Arbitrary input against every step, and answers kept out of logs and error reports."""

import logging
from unittest import mock

import pytest
from django.core.signals import got_request_exception
from django.test import Client
from django.views.debug import SafeExceptionReporterFilter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.assessment.conftest import (
    MANAGEMENT,
    STEPS,
    answers_for,
    begin,
    post,
    step_post,
    step_url,
    walk,
)

from assessment import engine
from assessment.models import AssessmentResult
from assessment.views import AssessmentWizard
from tests.assessment.cases import CALM

pytestmark = pytest.mark.django_db

ALL_VALUES = sorted(
    {str(v) for field in engine.FIELDS.values() for v in field.values} | {"", "none"}
)
FIELD_KEYS = [f"{step}-{name}" for step, names in engine.STEP_FIELDS.items() for name in names]

text = st.one_of(
    st.sampled_from(ALL_VALUES),
    st.text(max_size=20),
    st.integers(-(10**30), 10**30).map(str),
    st.builds(lambda n, c: c * n, st.integers(1000, 200_000), st.sampled_from("a9\x00é<")),
)
value = st.one_of(text, st.lists(text, max_size=5))
key = st.one_of(
    st.sampled_from(FIELD_KEYS),
    st.sampled_from([MANAGEMENT, "wizard_goto_step", "submission"]),
    st.text(max_size=30),
)
post_data = st.dictionaries(key, value, max_size=12)


def reach(client, step):
    begin(client)
    for earlier in STEPS[: STEPS.index(step)]:
        assert post(client, earlier, CALM).status_code == 302


@pytest.mark.parametrize("step", STEPS)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=post_data, keep_management=st.booleans())
def test_any_post_to_any_step_never_errors_and_never_makes_an_unearned_result(
    db, step, data, keep_management
):
    AssessmentResult.objects.all().delete()
    client = Client()
    reach(client, step)
    if keep_management:
        data = {**data, MANAGEMENT: step}
    response = client.post(step_url(step), data)
    assert response.status_code < 500
    assert response.status_code in {200, 302, 400}
    for result in AssessmentResult.objects.all():
        # A result only ever comes from a complete, valid set of answers.
        engine.validate_answers(result.answers)
        evaluation = engine.evaluate(result.answers)
        assert result.disposition == evaluation.disposition
        assert result.disposition == "emergency" or set(result.answers) >= {
            name
            for s in engine.STEPS
            for name in engine.STEP_FIELDS[s]
            if name not in engine.LEG_DETAIL_FIELDS
        }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=post_data, path_step=st.sampled_from([*STEPS, "done", "nonsense"]))
def test_any_post_to_a_fresh_session_never_errors_or_stores(db, data, path_step):
    AssessmentResult.objects.all().delete()
    client = Client()
    response = client.post(f"/check/{path_step}/", data)
    assert response.status_code < 500
    assert not AssessmentResult.objects.exists()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-0123456789", min_size=1, max_size=60))
def test_any_get_under_check_and_results_never_errors(db, path):
    client = Client()
    for url in (f"/check/{path}/", f"/results/{path}/"):
        assert client.get(url).status_code in {200, 302, 404, 410}


# --- Privacy: logs and error reports ------------------------------------------------------------

DISTINCT = answers_for(
    age=87,
    leg_side="right",
    leg_extent="below_knee",
    leg_symptoms=["tingling", "burning"],
    started="6_to_12_weeks",
    onset="sudden",
    worse_with=["cough_sneeze", "lying_down"],
    risk_factors=["psoriasis_or_bowel_inflammation"],
    tried=["heat_or_cold", "injections"],
)
SECRET_BITS = [
    "below_knee",
    "tingling",
    "6_to_12_weeks",
    "cough_sneeze",
    "lying_down",
    "psoriasis_or_bowel_inflammation",
    "heat_or_cold",
    "injections",
    "symptoms-leg_side",
    "about-age",
]


def test_answers_never_reach_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    begin(client)
    # Errors first (empty submits, bad values, tampering), then a full walk.
    for step in STEPS[:4]:
        client.post(step_url(step), {MANAGEMENT: step, f"{step}-x": "below_knee"})
    client.post(step_url("about"), {"about-age": "87", "symptoms-leg_side": "right"})
    client.post(step_url("about"), {MANAGEMENT: "nope", "about-age": "87"})
    walk(client, DISTINCT)
    assert AssessmentResult.objects.count() == 1
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    for bit in SECRET_BITS:
        assert bit not in logged


def test_error_reports_hide_every_posted_answer(db):
    captured = {}

    def capture(sender, request, **kwargs):
        captured["request"] = request

    client = Client(raise_request_exception=False)
    begin(client)
    got_request_exception.connect(capture)
    try:
        with mock.patch.object(AssessmentWizard, "render", side_effect=RuntimeError("boom")):
            response = client.post(step_url("about"), step_post("about", {"age": "abc"}))
    finally:
        got_request_exception.disconnect(capture)
    assert response.status_code == 500
    request = captured["request"]
    cleaned = SafeExceptionReporterFilter().get_post_parameters(request)
    assert cleaned
    assert set(cleaned.values()) == {SafeExceptionReporterFilter.cleansed_substitute}
