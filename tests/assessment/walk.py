"""Walking the questionnaire with the test client, formtools style.

One POST dict per step, keyed with the step prefix, plus the wizard's management field.
"""

from django.urls import reverse

from assessment import engine
from assessment.views import AssessmentWizard

MANAGEMENT = "assessment_wizard-current_step"
STEPS = [*engine.STEPS, engine.REVIEW_STEP]


def step_url(step):
    return reverse("assessment:step", args=[step])


def step_post(step, answers):
    """The POST dict for one step: the step's fields (prefixed) from `answers`."""
    data = {MANAGEMENT: step}
    for name in engine.STEP_FIELDS.get(step, ()):
        if name in answers:
            value = answers[name]
            data[f"{step}-{name}"] = (
                [str(v) for v in value] if isinstance(value, list) else str(value)
            )
    return data


def begin(client):
    response = client.post(reverse("assessment:begin"))
    assert response.status_code == 302
    assert response["Location"] == step_url("about")
    assert client.get(response["Location"]).status_code == 200  # as a browser follows it
    return response


def current_step(client):
    """The step the wizard has stored as current (None once a run has finished)."""
    data = client.session.get(AssessmentWizard.storage_key())
    return data and data["step"]


def post(client, step, answers, **extra):
    return client.post(step_url(step), {**step_post(step, answers), **extra})


def back(client, step, answers, to):
    """Press Back on `step` with `answers` typed: goes to `to`."""
    return post(client, step, answers, wizard_goto_step=to)


def walk(client, answers, steps=None):
    """Begin, then post each step in turn; return the responses, keyed by step."""
    begin(client)
    responses = {}
    for step in steps or STEPS:
        responses[step] = post(client, step, answers)
    return responses


def result_location(response):
    location = response["Location"]
    assert location.startswith("/results/"), location
    return location
