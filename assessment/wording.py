"""The questionnaire's words, keyed by the ids in spec/assessment.md (v2).

Plain language, reading grade 8 or lower, every string marked for translation. The words for
the ids shared with the article library (warning signs, health flags, tiers, causes) live once
in `clinical.wording`; this module adds the questionnaire's own: step titles, questions, hints,
answer labels and errors. Results wording is in `assessment.explain`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from assessment import engine
from clinical import wording as clinical

STEP_TITLES = {
    "about": _("About you"),
    "warning_signs": _("Emergency warning signs"),
    "health": _("Other serious signs"),
    "symptoms": _("Where you feel it"),
    "timeline": _("When it started"),
    "patterns": _("What makes it better or worse"),
    "impact": _("How it affects your life"),
    "review": _("Check your answers"),
}

QUESTIONS = {
    "age": _("How old are you?"),
    "warning_signs": _(
        "Do you have any of these? Think of things that started or got worse in the last few "
        "days or weeks."
    ),
    "health_flags": _("Do any of these apply to you?"),
    "pain_map": _(
        "Where do you feel pain, numbness, tingling or other symptoms? Choose every area."
    ),
    "saddle_check": _("If you marked the area between your legs: what do you feel there?"),
    "leg_symptoms": _("If you marked a leg or foot: what do you feel in your leg?"),
    "leg_course": _("If you marked a leg or foot: how are your leg symptoms changing?"),
    "pain_now": _("How bad is your pain right now?"),
    "pain_worst": _("How bad was your pain at its worst in the past week?"),
    "started": _("When did this pain start?"),
    "onset": _("How did it start?"),
    "course": _("Since it started, how is your pain changing?"),
    "previous": _("Have you had back pain before?"),
    "worse_with": _("What makes your pain worse?"),
    "better_with": _("What makes your pain better?"),
    "risk_factors": _("Do any of these apply to you?"),
    "daily_impact": _("Does the pain stop you doing things?"),
    "walking": _("How far can you walk?"),
    "sleep": _("How are you sleeping?"),
    "tried": _("What have you tried for the pain?"),
}

_TICK_ALL = _("Choose all that apply.")
_PAIN_SCALE = _("0 means no pain. 10 means the worst pain you can imagine.")

HINTS = {
    "age": _("Enter your age in years, for example 42."),
    "warning_signs": _("Choose all that apply. If you have none of them, choose “None of these”."),
    "health_flags": _("Choose all that apply. If none of them apply, choose “None of these”."),
    "pain_map": _(
        "Your own left and right. If the pain goes into your thigh, mark the thigh as well."
    ),
    "saddle_check": _(
        "The area between your legs: genitals, anus and the top of the inner thighs."
    ),
    "leg_symptoms": _TICK_ALL,
    "leg_course": _("If more than one fits, choose the first that fits."),
    "pain_now": _PAIN_SCALE,
    "pain_worst": _PAIN_SCALE,
    "worse_with": _TICK_ALL,
    "better_with": _TICK_ALL,
    "risk_factors": _TICK_ALL,
    "tried": _TICK_ALL,
}

# Where each body-map region is, in words (the checkbox labels and the summaries).
REGION_LABELS = {
    "upper_back": _(
        "Upper or middle back, between the shoulder blades, or a band around your chest or belly"
    ),
    "lower_back": _("Lower back"),
    "buttock_left": _("Left buttock"),
    "buttock_right": _("Right buttock"),
    "groin_or_saddle": _(
        "Between your legs: groin, genitals, around the anus, or the top of the inner thighs"
    ),
    "thigh_front_left": _("Front or inner side of your left thigh"),
    "thigh_front_right": _("Front or inner side of your right thigh"),
    "thigh_back_left": _("Back or outer side of your left thigh"),
    "thigh_back_right": _("Back or outer side of your right thigh"),
    "lower_leg_left": _("Left lower leg: knee to ankle, calf and shin"),
    "lower_leg_right": _("Right lower leg: knee to ankle, calf and shin"),
    "foot_left": _("Left ankle, foot or toes"),
    "foot_right": _("Right ankle, foot or toes"),
}


def _pain_labels() -> dict[int, object]:
    labels: dict[int, object] = {score: str(score) for score in range(11)}
    labels[0] = _("0: no pain")
    labels[10] = _("10: worst pain")
    return labels


# Labels for the allowed values of every field but age, keyed by field then value.
CHOICE_LABELS: dict[str, dict] = {
    "warning_signs": {**clinical.SIGN_LABELS, engine.NONE: clinical.NONE_OF_THESE},
    "health_flags": {**clinical.FLAG_LABELS, engine.NONE: clinical.NONE_OF_THESE},
    "pain_map": REGION_LABELS,
    "saddle_check": {
        "numbness_or_tingling": _("Numbness or tingling, or it feels different when I wipe"),
        "pain_only": _("Pain only, and normal feeling"),
        "not_sure": _("I am not sure"),
    },
    "leg_symptoms": {
        "pain": _("Pain"),
        "numbness": _("Numbness (less feeling than usual)"),
        "tingling": _("Tingling or pins and needles"),
        "weakness": _("Weakness"),
        "burning": _("Burning"),
        "cramp": _("Cramp (the muscle suddenly gets tight and hurts)"),
    },
    "leg_course": {
        "worse": _("Spreading or getting worse over the last few days or weeks"),
        "new": _("Started in the last 2 weeks, and not getting worse"),
        "slowly_worse": _("Slowly getting worse over months"),
        "same": _("About the same, and started more than 2 weeks ago"),
        "better": _("Getting better, and started more than 2 weeks ago"),
    },
    "pain_now": _pain_labels(),
    "pain_worst": _pain_labels(),
    "started": {
        "under_2_weeks": _("Less than 2 weeks ago"),
        "2_to_6_weeks": _("2 to 6 weeks ago"),
        "6_to_12_weeks": _("6 to 12 weeks ago"),
        "over_12_weeks": _("More than 12 weeks ago"),
    },
    "onset": {
        "after_strain": _("After lifting, bending, twisting or sport"),
        "minor_fall": _("After a minor fall, slip or trip, from standing height or lower"),
        "sudden": _("Suddenly, with no clear cause"),
        "gradual": _("Slowly, over time"),
    },
    "course": {
        "better": _("Getting better"),
        "same": _("Staying about the same"),
        "worse": _("Getting worse"),
    },
    "previous": {
        "first": _("No, this is the first time"),
        "similar": _("Yes, and this feels the same as before"),
        "different": _("Yes, but this feels different or worse"),
    },
    "worse_with": {
        "sitting": _("Sitting"),
        "bending": _("Bending"),
        "cough_sneeze": _("Coughing, sneezing or straining"),
        "walking": _("Walking"),
        "standing": _("Standing"),
        "lying_down": _("Lying down"),
        "morning_stiffness": _("Mornings: I am stiff for more than 30 minutes after I wake up"),
        "activity": _("Being active, like exercise or housework"),
        engine.NONE: clinical.NONE_OF_THESE,
    },
    "better_with": {
        "sitting_or_bending_forward": _("Sitting down or bending forward"),
        "standing_still": _("Stopping and standing still"),
        "moving": _("Moving about or exercise"),
        "rest": _("Resting"),
        engine.NONE: clinical.NONE_OF_THESE,
    },
    "risk_factors": {
        "diabetes": _("Diabetes"),
        "smoker": _("You smoke"),
        "psoriasis_or_bowel_inflammation": _(
            "Psoriasis (a skin condition), or a swollen bowel such as Crohn's disease or colitis"
        ),
        "circulation_problems": _("Poor blood flow in your legs"),
        engine.NONE: clinical.NONE_OF_THESE,
    },
    "daily_impact": {
        "none": _("No"),
        "some": _("It makes some things harder"),
        "stops_activities": _("I cannot work or do my usual daily activities"),
    },
    "walking": {
        "no_limit": _("As far as I want to"),
        "short_distances": _("Only short distances, because of the pain"),
    },
    "sleep": {"fine": _("I sleep fine"), "disturbed": _("The pain disturbs my sleep")},
    "tried": {
        "rest": _("Rest"),
        "pain_relievers": _("Painkillers"),
        "heat_or_cold": _("Heat or cold packs"),
        "exercise": _("Exercise or stretches"),
        "physiotherapy": _("Physiotherapy"),
        "injections": _("Injections"),
        "surgery": _("Surgery"),
        engine.NONE: _("Nothing yet"),
    },
}

# Shown under one answer where its label alone may not be enough.
CHOICE_HINTS: dict[str, dict[str, object]] = {
    "onset": {"after_strain": _("For example lifting something heavy.")},
    "worse_with": {"morning_stiffness": _("Stiffness that lasts more than half an hour.")},
}

# Plain and specific errors, one per field that must be answered.
REQUIRED_ERRORS = {
    "age": _("Enter your age"),
    "warning_signs": _("Select any warning signs you have, or select “None of these”"),
    "health_flags": _("Select any that apply to you, or select “None of these”"),
    "pain_map": _("Select every area where you feel pain, numbness, tingling or other symptoms"),
    "saddle_check": _("Select what you feel in the area between your legs"),
    "leg_symptoms": _("Select what you feel in your leg"),
    "leg_course": _("Select how your leg symptoms are changing"),
    "pain_now": _("Select how bad your pain is right now"),
    "pain_worst": _("Select how bad your pain was at its worst in the past week"),
    "started": _("Select how long ago the pain started"),
    "onset": _("Select how the pain started"),
    "course": _("Select if the pain is getting better, staying the same or getting worse"),
    "previous": _("Select if you have had back pain before"),
    "worse_with": _("Select what makes your pain worse, or select “None of these”"),
    "better_with": _("Select what makes your pain better, or select “None of these”"),
    "risk_factors": _("Select any that apply to you, or select “None of these”"),
    "daily_impact": _("Select how much the pain stops you doing things"),
    "walking": _("Select how far you can walk"),
    "sleep": _("Select how you are sleeping"),
    "tried": _("Select what you have tried, or select “Nothing yet”"),
}
AGE_INVALID_ERROR = _("Enter your age as a whole number, like 42")
AGE_RANGE_ERROR = _("Enter an age from 16 to 110")
INVALID_CHOICE_ERROR = _("Select one of the answers shown")
NONE_COMBINED_ERROR = _("Select “%(none)s” on its own, or untick it")
PAIN_WORST_ERROR = _("Your worst pain in the past week cannot be lower than your pain right now")


def _check_complete() -> None:
    """Every answer of every field has its words: checked once, at start-up."""
    for name, field in engine.FIELDS.items():
        if name == "age":
            continue
        if set(CHOICE_LABELS[name]) != set(field.values):
            raise ImportError(f"assessment.wording: labels for {name} do not match its values")
        if name not in QUESTIONS:
            raise ImportError(f"assessment.wording: no question for {name}")


_check_complete()


def question(field: str):
    return QUESTIONS[field]


def hint(field: str):
    return HINTS.get(field, "")


def choice_label(field: str, value):
    return CHOICE_LABELS[field][value]


def choices(field: str) -> list[tuple[str, object]]:
    """(posted value, label) pairs for a field's allowed values, in the spec's order."""
    return [(str(value), choice_label(field, value)) for value in engine.FIELDS[field].values]


def in_spec_order(field: str, values: Iterable[str]) -> list[str]:
    chosen = set(values)
    return [value for value in engine.FIELDS[field].values if value in chosen]


def answer_text(field: str, value):
    """An answer in plain words: a label, a list of labels for a multi, or a number."""
    if field == "age":
        return str(value)
    kind = engine.FIELDS[field].kind
    if kind == "int":
        return ngettext("%(score)s out of 10", "%(score)s out of 10", value) % {"score": value}
    if kind == "multi":
        return [choice_label(field, item) for item in in_spec_order(field, value)]
    return choice_label(field, value)
