"""Answer sets for result pages: the longest of each kind (for print tests) and saving them."""

from assessment import engine, tokens
from assessment.models import AssessmentResult

CALM = {
    "age": 29,
    "warning_signs": ["none"],
    "health_flags": ["none"],
    "back_pain": "yes",
    "leg_side": "none",
    "pain_now": 5,
    "pain_worst": 6,
    "started": "under_2_weeks",
    "onset": "after_strain",
    "course": "better",
    "previous": "similar",
    "worse_with": ["bending", "activity"],
    "better_with": ["rest"],
    "risk_factors": ["none"],
    "daily_impact": "some",
    "walking": "no_limit",
    "sleep": "fine",
    "tried": ["rest", "pain_relievers"],
}
# The spec's worked examples for an urgent (sciatica-like) and an emergency result.
URGENT = {
    **CALM,
    "age": 38,
    "leg_side": "left",
    "leg_extent": "below_knee",
    "leg_symptoms": ["pain", "tingling"],
    "pain_now": 6,
    "pain_worst": 7,
    "course": "same",
    "worse_with": ["sitting", "cough_sneeze"],
}
EMERGENCY = {"age": 45, "warning_signs": ["bladder"]}
ALL_TRIED = ["rest", "pain_relievers", "heat_or_cold", "exercise", "physiotherapy", "injections"]

# The most to print for each kind of result: many reasons, four causes, long answers.
LONGEST = {
    "emergency": {
        "age": 58,
        "warning_signs": ["none"],
        "health_flags": list(engine.HEALTH_FLAGS),
        "back_pain": "yes",
        "leg_side": "both",
        "leg_extent": "below_knee",
        "leg_symptoms": ["pain", "numbness", "tingling", "weakness", "burning", "cramp"],
        "pain_now": 9,
        "pain_worst": 10,
    },
    "urgent": {
        **CALM,
        "age": 62,
        "health_flags": [
            "fever",
            "weight_loss",
            "immune",
            "osteoporosis",
            "night_pain",
            "back_lump",
            "urinary",
        ],
        "leg_side": "left",
        "leg_extent": "below_knee",
        "leg_symptoms": ["pain", "tingling", "burning", "cramp"],
        "pain_now": 9,
        "pain_worst": 10,
        "started": "2_to_6_weeks",
        "onset": "sudden",
        "course": "worse",
        "previous": "different",
        "worse_with": ["sitting", "bending", "cough_sneeze", "walking", "standing", "lying_down"],
        "better_with": ["standing_still", "moving"],
        "risk_factors": ["diabetes", "smoker", "circulation_problems"],
        "daily_impact": "stops_activities",
        "walking": "short_distances",
        "sleep": "disturbed",
        "tried": ALL_TRIED,
    },
    "soon": {
        **CALM,
        "age": 66,
        "health_flags": ["osteoporosis"],
        "leg_side": "both",
        "leg_extent": "below_knee",
        "leg_symptoms": ["pain", "numbness", "tingling", "burning"],
        "pain_now": 7,
        "pain_worst": 8,
        "started": "over_12_weeks",
        "onset": "gradual",
        "course": "same",
        "previous": "different",
        "worse_with": ["walking", "standing", "lying_down"],
        "better_with": ["sitting_or_bending_forward", "standing_still"],
        "risk_factors": ["diabetes", "smoker", "circulation_problems"],
        "daily_impact": "stops_activities",
        "walking": "short_distances",
        "sleep": "disturbed",
        "tried": ALL_TRIED,
    },
    "routine": {
        **CALM,
        "age": 35,
        "leg_side": "right",
        "leg_extent": "below_knee",
        "leg_symptoms": ["pain", "burning", "cramp"],
        "pain_now": 6,
        "pain_worst": 8,
        "started": "6_to_12_weeks",
        "onset": "sudden",
        "course": "worse",
        "previous": "similar",
        "worse_with": ["sitting", "bending", "lying_down", "morning_stiffness", "walking"],
        "better_with": ["moving", "standing_still"],
        "risk_factors": ["psoriasis_or_bowel_inflammation", "smoker"],
        "daily_impact": "stops_activities",
        "sleep": "disturbed",
        "tried": ALL_TRIED,
    },
    "self_care": {
        **CALM,
        "age": 44,
        "leg_side": "left",
        "leg_extent": "above_knee",
        "leg_symptoms": ["pain", "cramp"],
        "worse_with": ["sitting", "bending", "activity", "lying_down"],
        "better_with": ["rest", "sitting_or_bending_forward"],
        "sleep": "disturbed",
        "tried": ALL_TRIED,
    },
}
DISPOSITIONS = tuple(LONGEST)


def save_result(answers, submission=None):
    """Save a result as the wizard does; return (result, token)."""
    token = tokens.token_for(submission or tokens.new_submission_id())
    result = AssessmentResult.objects.record(
        tokens.hash_token(token), answers, engine.evaluate(answers)
    )
    return result, token
