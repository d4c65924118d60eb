"""The one home for the assessment answer sets (spec/assessment.md v2); other tests import them.

Names:
- `DEFAULTS`: the worked examples' default answers ("Unless a row says otherwise"), by field.
- `by_step(answers)`: a flat answer dict split into {step: {field: value}}, in step order.
- `flat(steps)`: the reverse: one flat answer dict from a dict keyed by step.
- `complete(**changes)`: the worked-example defaults with `age` 35 and `pain_map
  ["lower_back"]`, changed by keyword (a value of None removes the answer); a complete,
  self-care answer set with no reason (flat; lumbar strain is its one cause, score 3).
- `CALM`: a complete self-care answer set (flat), the worked example W6: lumbar strain.
- `URGENT`: W5 (urgent, sciatica and herniated disc), flat and complete.
- `EMERGENCY`: W1 (a warning sign; stops after `warning_signs`), flat.
- `WorkedExample`: (name, steps, stops_after, disposition, reasons, causes, scores, advice);
  `steps` is the answers keyed by step, only the steps up to the stop; `scores` maps each shown
  cause to its score.
- `WORKED_EXAMPLES`: W1 to W10 of the spec, in order; `WORKED` the same keyed by name.
- `LONGEST`: for each disposition, a complete answer set with the most to print (flat).
- `DISPOSITIONS`: the dispositions, in `LONGEST`'s order (most urgent first).
- `save_result(answers, submission=None)`: save a result as the wizard does; (result, token).
"""

from __future__ import annotations

from typing import NamedTuple

from assessment import engine

NONE = ["none"]

DEFAULTS = {
    "warning_signs": NONE,
    "health_flags": NONE,
    "pain_now": 3,
    "pain_worst": 5,
    "started": "under_2_weeks",
    "onset": "after_strain",
    "course": "better",
    "previous": "similar",
    "worse_with": NONE,
    "better_with": NONE,
    "risk_factors": NONE,
    "daily_impact": "some",
    "walking": "no_limit",
    "sleep": "fine",
    "tried": NONE,
}


def by_step(answers):
    """{step: {field: value}} for the steps that have answers, in step order."""
    steps = {}
    for step in engine.STEPS:
        fields = {n: answers[n] for n in engine.STEP_FIELDS[step] if n in answers}
        if fields:
            steps[step] = fields
    return steps


def flat(steps):
    """One answer dict from answers keyed by step."""
    return {name: value for fields in steps.values() for name, value in fields.items()}


def _up_to(answers, stop):
    """The answers of the steps up to and including `stop` (all steps when stop is None)."""
    steps = engine.STEPS if stop is None else engine.STEPS[: engine.STEPS.index(stop) + 1]
    names = {n for step in steps for n in engine.STEP_FIELDS[step]}
    return {n: v for n, v in answers.items() if n in names}


def complete(**changes):
    """A complete answer set (defaults, age 35, lower back only), changed; None removes."""
    answers = {"age": 35, **DEFAULTS, "pain_map": ["lower_back"], **changes}
    return {name: value for name, value in answers.items() if value is not None}


class WorkedExample(NamedTuple):
    name: str
    steps: dict
    stops_after: str | None
    disposition: str
    reasons: tuple
    causes: tuple
    scores: dict
    advice: tuple

    @property
    def answers(self):
        return flat(self.steps)


def _example(name, row, stop, disposition, reasons, causes=(), scores=None, advice=()):
    answers = _up_to({**DEFAULTS, **row}, stop)
    return WorkedExample(
        name, by_step(answers), stop, disposition, reasons, causes, scores or {}, advice
    )


WORKED_EXAMPLES = (
    _example(
        "W1", {"age": 45, "warning_signs": ["bladder"]}, "warning_signs", "emergency", ("bladder",)
    ),
    _example(
        "W2",
        {
            "age": 52,
            "pain_map": [
                "lower_back",
                "thigh_back_left",
                "thigh_back_right",
                "lower_leg_left",
                "lower_leg_right",
            ],
            "leg_symptoms": ["pain", "numbness"],
            "leg_course": "new",
            "pain_now": 5,
            "pain_worst": 7,
        },
        "symptoms",
        "emergency",
        ("both_legs", "leg_numbness", "below_knee"),
    ),
    _example(
        "W3",
        {
            "age": 66,
            "health_flags": ["cancer"],
            "pain_map": ["lower_back", "thigh_front_right"],
            "leg_symptoms": ["tingling"],
            "leg_course": "same",
        },
        "symptoms",
        "emergency",
        ("cancer_nerve_symptoms", "cancer"),
        advice=("cancer_team",),
    ),
    _example(
        "W4",
        {"age": 40, "pain_map": ["lower_back", "groin_or_saddle"], "saddle_check": "not_sure"},
        "symptoms",
        "emergency",
        ("saddle_area",),
    ),
    _example(
        "W5",
        {
            "age": 38,
            "pain_map": ["lower_back", "buttock_left", "thigh_back_left", "lower_leg_left"],
            "leg_symptoms": ["pain", "tingling"],
            "leg_course": "new",
            "pain_now": 6,
            "pain_worst": 7,
            "course": "same",
            "worse_with": ["sitting", "cough_sneeze"],
        },
        None,
        "urgent",
        ("cough_sneeze", "leg_numbness", "below_knee"),
        ("sciatica", "herniated-disc"),
        {"sciatica": 4, "herniated-disc": 4},
    ),
    _example(
        "W6",
        {
            "age": 29,
            "pain_map": ["lower_back"],
            "pain_now": 5,
            "pain_worst": 6,
            "worse_with": ["bending", "activity"],
        },
        None,
        "self_care",
        (),
        ("lumbar-strain",),
        {"lumbar-strain": 4},
    ),
    _example(
        "W7",
        {
            "age": 71,
            "pain_map": [
                "lower_back",
                "buttock_left",
                "buttock_right",
                "thigh_back_left",
                "thigh_back_right",
                "lower_leg_left",
                "lower_leg_right",
            ],
            "leg_symptoms": ["pain", "numbness"],
            "leg_course": "same",
            "started": "over_12_weeks",
            "onset": "gradual",
            "course": "same",
            "worse_with": ["walking", "standing"],
            "better_with": ["sitting_or_bending_forward"],
            "walking": "short_distances",
        },
        None,
        "soon",
        (
            "both_legs_stable",
            "persistent_over_60",
            "below_knee",
            "not_improving",
            "long_lasting",
            "pattern_match",
        ),
        ("spinal-stenosis",),
        {"spinal-stenosis": 5},
    ),
    _example("W8", {"age": 48, "pain_map": ["upper_back"]}, None, "urgent", ("upper_back",)),
    _example(
        "W9",
        {"age": 78, "pain_map": ["lower_back"], "onset": "minor_fall"},
        None,
        "urgent",
        ("fall_over_65", "new_episode_over_70"),
        ("degenerative-disc-disease",),
        {"degenerative-disc-disease": 3},
    ),
    _example(
        "W10",
        {
            "age": 31,
            "health_flags": ["pregnancy"],
            "pain_map": ["lower_back"],
            "onset": "gradual",
            "previous": "first",
            "worse_with": ["standing"],
        },
        None,
        "self_care",
        (),
        advice=("pregnancy",),
    ),
)
WORKED = {example.name: example for example in WORKED_EXAMPLES}

CALM = WORKED["W6"].answers
URGENT = WORKED["W5"].answers
EMERGENCY = WORKED["W1"].answers

ALL_TRIED = ["rest", "pain_relievers", "heat_or_cold", "exercise", "physiotherapy", "injections"]
BOTH_LEGS_BELOW_KNEE = [
    "lower_back",
    "buttock_left",
    "buttock_right",
    "thigh_back_left",
    "thigh_back_right",
    "lower_leg_left",
    "lower_leg_right",
    "foot_left",
    "foot_right",
]

# The most to print for each kind of result: many reasons, several causes, long answers.
LONGEST = {
    # Stops after `symptoms`: no later answers.
    "emergency": {
        "age": 58,
        "warning_signs": NONE,
        "health_flags": [f for f in engine.HEALTH_FLAGS if f != "pregnancy"],
        "pain_map": list(engine.PAIN_MAP_REGIONS),
        "saddle_check": "numbness_or_tingling",
        "leg_symptoms": ["pain", "numbness", "tingling", "weakness", "burning", "cramp"],
        "leg_course": "worse",
        "pain_now": 9,
        "pain_worst": 10,
    },
    "urgent": complete(
        age=67,
        health_flags=[
            "fever",
            "weight_loss",
            "osteoporosis",
            "night_pain",
            "back_lump",
            "urinary",
            "pregnancy",
        ],
        pain_map=["upper_back", "lower_back", "buttock_left", "thigh_back_left", "lower_leg_left"],
        leg_symptoms=["pain", "cramp"],
        leg_course="same",
        pain_now=9,
        pain_worst=10,
        started="2_to_6_weeks",
        onset="minor_fall",
        course="worse",
        previous="different",
        worse_with=["sitting", "bending", "cough_sneeze", "walking", "standing", "lying_down"],
        better_with=["standing_still", "moving"],
        risk_factors=["diabetes", "smoker", "circulation_problems"],
        daily_impact="stops_activities",
        walking="short_distances",
        sleep="disturbed",
        tried=ALL_TRIED,
    ),
    "soon": complete(
        age=72,
        health_flags=["osteoporosis"],
        pain_map=BOTH_LEGS_BELOW_KNEE,
        leg_symptoms=["pain", "numbness", "tingling", "burning"],
        leg_course="same",
        pain_now=7,
        pain_worst=8,
        started="over_12_weeks",
        onset="gradual",
        course="same",
        previous="different",
        worse_with=["walking", "standing", "lying_down"],
        better_with=["sitting_or_bending_forward", "standing_still"],
        risk_factors=["diabetes", "smoker", "circulation_problems"],
        daily_impact="stops_activities",
        walking="short_distances",
        sleep="disturbed",
        tried=ALL_TRIED,
    ),
    "routine": complete(
        age=35,
        pain_map=["lower_back", "buttock_right", "thigh_back_right", "lower_leg_right"],
        leg_symptoms=["pain", "cramp"],
        leg_course="same",
        pain_now=6,
        pain_worst=8,
        started="6_to_12_weeks",
        onset="sudden",
        course="worse",
        previous="similar",
        worse_with=["sitting", "bending", "lying_down", "morning_stiffness", "walking"],
        better_with=["moving", "standing_still"],
        risk_factors=["psoriasis_or_bowel_inflammation", "smoker"],
        daily_impact="stops_activities",
        sleep="disturbed",
        tried=ALL_TRIED,
    ),
    "self_care": complete(
        age=44,
        pain_map=["lower_back", "buttock_left", "thigh_front_left"],
        leg_symptoms=["pain", "cramp"],
        leg_course="better",
        pain_now=5,
        pain_worst=6,
        worse_with=["sitting", "bending", "activity", "lying_down"],
        better_with=["rest", "sitting_or_bending_forward"],
        sleep="disturbed",
        tried=ALL_TRIED,
    ),
}
DISPOSITIONS = tuple(LONGEST)


def save_result(answers, submission=None):
    """Save a result as the wizard does; return (result, token)."""
    from assessment import tokens
    from assessment.models import AssessmentResult

    token = tokens.token_for(submission or tokens.new_submission_id())
    result = AssessmentResult.objects.record(
        tokens.hash_token(token), answers, engine.evaluate(answers)
    )
    return result, token
