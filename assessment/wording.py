"""Every piece of assessment text people read, keyed by the ids in spec/assessment.md.

Plain language, reading grade 8 or lower. The engine and the forms hold no words of their own.
"""

from __future__ import annotations

from collections.abc import Iterable

from assessment import engine

STEP_TITLES = {
    "about": "About you",
    "warning_signs": "Emergency warning signs",
    "health": "Other serious signs",
    "symptoms": "Where you feel it",
    "timeline": "When it started",
    "patterns": "What makes it better or worse",
    "impact": "How it affects your life",
    "review": "Check your answers",
}

# --- Questions -------------------------------------------------------------------------------

QUESTIONS = {
    "age": "How old are you?",
    "warning_signs": "Do you have any of these? They may be new, or getting worse.",
    "health_flags": "Do any of these apply to you?",
    "back_pain": "Do you have pain in your back?",
    "leg_side": "Do you have pain, numbness or other symptoms in your legs?",
    "leg_extent": "How far down your leg do the symptoms go?",
    "leg_symptoms": "What do you feel in your leg?",
    "pain_now": "How bad is your pain right now?",
    "pain_worst": "How bad was your pain at its worst in the past week?",
    "started": "When did this pain start?",
    "onset": "How did it start?",
    "course": "Since it started, how is it changing?",
    "previous": "Have you had back pain before?",
    "worse_with": "What makes your pain worse?",
    "better_with": "What makes your pain better?",
    "risk_factors": "Do any of these apply to you?",
    "daily_impact": "Does the pain stop you doing things?",
    "walking": "How far can you walk?",
    "sleep": "How are you sleeping?",
    "tried": "What have you tried for the pain?",
}

_TICK_ALL = "Tick all that apply."
_PAIN_SCALE = "0 means no pain. 10 means the worst pain you can imagine."

HINTS = {
    "age": "Enter your age in years, for example 42.",
    "warning_signs": "Tick all that apply. If you have none of them, tick “None of these”.",
    "health_flags": "Tick all that apply. If none of them apply, tick “None of these”.",
    "back_pain": "",
    "leg_side": "This includes your buttocks, thighs, calves and feet.",
    "leg_extent": "If it is different in each leg, choose the one that goes further down.",
    "leg_symptoms": _TICK_ALL,
    "pain_now": _PAIN_SCALE,
    "pain_worst": _PAIN_SCALE,
    "started": "",
    "onset": "",
    "course": "",
    "previous": "",
    "worse_with": _TICK_ALL,
    "better_with": _TICK_ALL,
    "risk_factors": _TICK_ALL,
    "daily_impact": "",
    "walking": "",
    "sleep": "",
    "tried": _TICK_ALL,
}

_NONE_OF_THESE = "None of these"


def _pain_labels() -> dict[int, str]:
    labels = {score: str(score) for score in range(11)}
    labels[0] = "0: no pain"
    labels[10] = "10: the worst pain you can imagine"
    return labels


# Labels for every allowed value of every field but age, keyed by field then value.
CHOICE_LABELS: dict[str, dict] = {
    "warning_signs": {
        "saddle_numbness": (
            "Numbness or tingling around your genitals, anus, buttocks or inner thighs, "
            "or it feels different when you wipe after using the toilet"
        ),
        "bladder": (
            "New trouble starting to pee, not being able to pee, not being able to control "
            "when you pee, or less feeling when you pee"
        ),
        "bowel": "New loss of control of your bowels, or not noticing when you need to poo",
        "sexual": (
            "New problems getting an erection or ejaculating, or less feeling in your "
            "genitals during sex"
        ),
        "both_legs": "Pain, numbness or weakness in both legs that is new or getting worse",
        "leg_weakness_severe": (
            "Very weak leg, or a leg getting weaker fast, so it is hard to walk, stand or "
            "get up from a chair"
        ),
        "arms_and_legs": "Numbness or weakness in your arms as well as your legs",
        "trauma": "The pain started after a serious fall, accident or blow",
        "chest_pain": (
            "Chest pain, or sudden very bad pain in your belly or back with dizziness, "
            "clammy skin or fainting"
        ),
        "none": _NONE_OF_THESE,
    },
    "health_flags": {
        "fever": "A high temperature, chills, or feeling hot and shivery",
        "cancer": "You have cancer now, or had it in the past",
        "weight_loss": "Losing weight without trying",
        "immune": (
            "A weak immune system, taking steroid tablets for a long time, or injecting drugs"
        ),
        "osteoporosis": "Osteoporosis (thin, weak bones)",
        "night_pain": (
            "Pain that does not ease when you rest or change position, or is worse at night"
        ),
        "back_lump": "A lump, swelling or redness on your back, or your back has changed shape",
        "urinary": "Burning when you pee, or blood in your pee",
        "none": _NONE_OF_THESE,
    },
    "back_pain": {"yes": "Yes", "no": "No"},
    "leg_side": {
        "none": "No, not in my legs",
        "left": "Yes, in my left leg",
        "right": "Yes, in my right leg",
        "both": "Yes, in both legs",
    },
    "leg_extent": {
        "above_knee": "Buttock or thigh only (above the knee)",
        "below_knee": "Below the knee (calf, shin, foot or toes)",
    },
    "leg_symptoms": {
        "pain": "Pain",
        "numbness": "Numbness (less feeling than usual)",
        "tingling": "Tingling or pins and needles",
        "weakness": "Weakness",
        "burning": "Burning",
        "cramp": "Cramp (the muscle suddenly gets tight and hurts)",
    },
    "pain_now": _pain_labels(),
    "pain_worst": _pain_labels(),
    "started": {
        "under_2_weeks": "Less than 2 weeks ago",
        "2_to_6_weeks": "2 to 6 weeks ago",
        "6_to_12_weeks": "6 to 12 weeks ago",
        "over_12_weeks": "More than 12 weeks ago",
    },
    "onset": {
        "after_strain": "After lifting, bending, twisting, sport or a minor fall",
        "sudden": "Suddenly, with no clear cause",
        "gradual": "Slowly, over time",
    },
    "course": {
        "better": "Getting better",
        "same": "Staying about the same",
        "worse": "Getting worse",
    },
    "previous": {
        "first": "No, this is the first time",
        "similar": "Yes, and this feels the same as before",
        "different": "Yes, but this feels different or worse",
    },
    "worse_with": {
        "sitting": "Sitting",
        "bending": "Bending",
        "cough_sneeze": "Coughing, sneezing or straining",
        "walking": "Walking",
        "standing": "Standing",
        "lying_down": "Lying down",
        "morning_stiffness": "Mornings: I am stiff for more than 30 minutes after I wake up",
        "activity": "Being active, like exercise or housework",
        "none": _NONE_OF_THESE,
    },
    "better_with": {
        "sitting_or_bending_forward": "Sitting down or bending forward",
        "standing_still": "Stopping and standing still",
        "moving": "Moving about or exercise",
        "rest": "Resting",
        "none": _NONE_OF_THESE,
    },
    "risk_factors": {
        "diabetes": "Diabetes",
        "smoker": "You smoke",
        "psoriasis_or_bowel_inflammation": (
            "Psoriasis (a skin condition), or a swollen bowel such as Crohn's disease or colitis"
        ),
        "circulation_problems": "Poor blood flow in your legs",
        "none": _NONE_OF_THESE,
    },
    "daily_impact": {
        "none": "No",
        "some": "It makes some things harder",
        "stops_activities": "I cannot work or do my usual daily activities",
    },
    "walking": {
        "no_limit": "As far as I want to",
        "short_distances": "Only short distances, because of the pain",
    },
    "sleep": {"fine": "I sleep fine", "disturbed": "The pain disturbs my sleep"},
    "tried": {
        "rest": "Rest",
        "pain_relievers": "Painkillers",
        "heat_or_cold": "Heat or cold packs",
        "exercise": "Exercise or stretches",
        "physiotherapy": "Physiotherapy",
        "injections": "Injections",
        "surgery": "Surgery",
        "none": "Nothing yet",
    },
}

# Shown under a choice where the label alone may not be enough.
CHOICE_HINTS: dict[str, dict[str, str]] = {
    "health_flags": {
        "immune": "For example because of cancer treatment, HIV or an organ transplant.",
    },
    "onset": {"after_strain": "For example lifting something heavy, or a slip or trip."},
    "worse_with": {"morning_stiffness": "Stiffness that lasts more than half an hour."},
}

# Plain and specific errors, one per field that must be answered.
REQUIRED_ERRORS = {
    "age": "Enter your age",
    "warning_signs": "Select any warning signs you have, or select “None of these”",
    "health_flags": "Select any that apply to you, or select “None of these”",
    "back_pain": "Select yes if you have pain in your back",
    "leg_side": "Select if you have symptoms in your legs",
    "leg_extent": "Select how far down your leg the symptoms go",
    "leg_symptoms": "Select what you feel in your leg",
    "pain_now": "Select how bad your pain is right now",
    "pain_worst": "Select how bad your pain was at its worst in the past week",
    "started": "Select how long ago the pain started",
    "onset": "Select how the pain started",
    "course": "Select if the pain is getting better, staying the same or getting worse",
    "previous": "Select if you have had back pain before",
    "worse_with": "Select what makes your pain worse, or select “None of these”",
    "better_with": "Select what makes your pain better, or select “None of these”",
    "risk_factors": "Select any that apply to you, or select “None of these”",
    "daily_impact": "Select how much the pain stops you doing things",
    "walking": "Select how far you can walk",
    "sleep": "Select how you are sleeping",
    "tried": "Select what you have tried, or select “Nothing yet”",
}
AGE_INVALID_ERROR = "Enter your age as a whole number, like 42"
AGE_RANGE_ERROR = f"Enter an age from {engine.MIN_AGE} to {engine.MAX_AGE}"
INVALID_CHOICE_ERROR = "Select one of the answers shown"
NONE_COMBINED_ERROR = "Select “{none}” on its own, or untick it"
PAIN_WORST_ERROR = "Your worst pain in the past week cannot be lower than your pain right now"

# --- Results ---------------------------------------------------------------------------------

REASONS = {
    # emergency
    "saddle_numbness": (
        "You said you have numbness or tingling around your genitals, bottom or inner "
        "thighs, or it feels different when you wipe."
    ),
    "bladder": "You said you have new trouble peeing or controlling your bladder.",
    "bowel": (
        "You said you have new trouble controlling your bowels, or do not notice when you "
        "need to poo."
    ),
    "sexual": (
        "You said you have new problems with erections or ejaculation, or less feeling in "
        "your genitals during sex."
    ),
    "both_legs": (
        "You said you have pain, numbness or weakness in both legs that is new or getting worse."
    ),
    "leg_weakness_severe": (
        "You said a leg is very weak or getting weaker fast, so it is hard to walk, stand or "
        "get up from a chair."
    ),
    "arms_and_legs": "You said you have numbness or weakness in your arms as well as your legs.",
    "trauma": "You said the pain started after a serious fall, accident or blow.",
    "chest_pain": (
        "You said you have chest pain, or sudden very bad belly or back pain with dizziness, "
        "clammy skin or fainting."
    ),
    "cancer_nerve_symptoms": (
        "You said you have or have had cancer, and you have numbness, weakness or symptoms "
        "below the knee."
    ),
    "fever_nerve_symptoms": (
        "You said you have a high temperature, and numbness or weakness in your leg."
    ),
    # urgent
    "fever": "You said you have a high temperature, or feel hot and shivery.",
    "cancer": "You said you have or have had cancer.",
    "weight_loss": "You said you are losing weight without trying.",
    "immune": (
        "You said you have a weak immune system, take steroid tablets for a long time, or "
        "inject drugs."
    ),
    "night_pain": (
        "You said the pain does not ease when you rest or change position, or is worse at night."
    ),
    "back_lump": (
        "You said you have a lump, swelling or redness on your back, or your back has changed "
        "shape."
    ),
    "urinary": "You said it burns when you pee, or there is blood in your pee.",
    "possible_fracture": (
        "You said you have osteoporosis (thin, weak bones), and the pain may have started "
        "suddenly or after a strain. A bone may be broken."
    ),
    "leg_weakness": "You said your leg feels weak.",
    "cough_sneeze": "You said the pain gets worse when you cough, sneeze or strain.",
    "severe_pain": "You said your pain is very bad right now (9 or 10 out of 10).",
    # soon
    "leg_numbness": (
        "You said you have numbness or pins and needles in your leg that is new or getting worse."
    ),
    "osteoporosis": "You said you have osteoporosis (thin, weak bones).",
    "new_pain_over_50": (
        "You are 50 or older, and this is the first time you have had back pain like this."
    ),
    "persistent_over_60": "You are 60 or older, and the pain has lasted more than 6 weeks.",
    "under_20": "You are under 20. Back pain is less common at your age, so get it checked.",
    "different_episode": (
        "You said this pain feels different from, or worse than, back pain you had before."
    ),
    # routine
    "below_knee": "You said you have symptoms below the knee.",
    "not_improving": "You said the pain started more than 2 weeks ago and is not getting better.",
    "long_lasting": "You said the pain has lasted more than 6 weeks.",
    "getting_worse": "You said the pain is getting worse.",
    "stops_activities": "You said the pain stops you working or doing your usual daily activities.",
    "pattern_match": "Your answers fit a pattern that a doctor or physiotherapist should check.",
}

# Said as well as the disposition's advice when this reason is on the result.
REASON_ADVICE = {
    "cancer_nerve_symptoms": (
        "If you have a cancer care team with an emergency phone line, call them now as well."
    ),
}

DISPOSITIONS = {
    "emergency": {
        "heading": "Go to an emergency department now",
        "advice": (
            "Go to an emergency department now, or call {emergency_number}. "
            "Do not drive yourself. Take this page with you."
        ),
        "care_card": "Immediate action required",
        "care_card_style": "immediate",
    },
    "urgent": {
        "heading": "Contact a doctor today",
        "advice": (
            "Contact a doctor today (the same day), for example your family doctor or an urgent "
            "care clinic. If you cannot, go to an emergency department."
        ),
        "care_card": "Urgent advice",
        "care_card_style": "urgent",
    },
    "soon": {
        "heading": "See a doctor within about a week",
        "advice": "See a doctor within about a week.",
        "care_card": "Urgent advice",
        "care_card_style": "urgent",
    },
    "routine": {
        "heading": "Book an appointment",
        "advice": "Book an appointment with a doctor or physiotherapist.",
        "care_card": "Non-urgent advice",
        "care_card_style": "non-urgent",
    },
    "self_care": {
        "heading": "You can probably look after this at home",
        "advice": (
            "You can probably look after this at home. See a doctor or physiotherapist if it is "
            "not better in 2 to 3 weeks, or gets worse."
        ),
        "care_card": "Non-urgent advice",
        "care_card_style": "non-urgent",
    },
}

NOT_A_DIAGNOSIS = (
    "This is not a diagnosis. It suggests how soon to get care. Only a doctor or other health "
    "professional who examines you can tell you what is causing your symptoms."
)
SAFETY_NET_HEADING = "Go to an emergency department now if you get any of these"
SAFETY_NET_ACTION = (
    "If any of these appear, go to an emergency department now, or call {emergency_number}."
)
POSSIBLE_CAUSES_INTRO = (
    "These are things to talk about with a doctor or physiotherapist. They are not a diagnosis."
)
FITS_HEADING = "What fits"
AGAINST_HEADING = "What does not fit"

CAUSE_NAMES = {
    "sciatica": "Sciatica (an irritated nerve in the lower back)",
    "herniated-disc": "Herniated disc (a “slipped” disc pressing on a nerve)",
    "spinal-stenosis": "Spinal stenosis (less space for the nerves in the lower back)",
    "lumbar-strain": "Lumbar strain (a pulled muscle in the lower back)",
    "degenerative-disc-disease": "Wear and tear of the spine (degenerative disc disease)",
    "axial-spondyloarthritis": "Axial spondyloarthritis (a kind of arthritis of the spine)",
    "nonspecific-low-back-pain": "Common low back pain (no single clear cause)",
    "peripheral-artery-disease": "Peripheral artery disease (poor blood flow to the legs)",
    "peripheral-neuropathy": "Peripheral neuropathy (damaged nerves in the feet and legs)",
    "night-leg-cramps": "Night leg cramps (sudden, painful tight muscles in the leg)",
}

# Each feature is a plain statement about the answers, so it reads well under
# "What fits" and under "What does not fit".
FEATURES = {
    "below_knee": "Your symptoms go below the knee.",
    "above_knee_only": "Your leg symptoms stay above the knee.",
    "no_leg_symptoms": "You have no symptoms in your legs.",
    "one_leg": "Only one leg is affected.",
    "both_legs": "Both legs are affected.",
    "both_legs_below_knee": "Both legs are affected below the knee.",
    "leg_more_than_back": "You have leg symptoms but no back pain.",
    "no_back_pain": "You do not have back pain.",
    "back_pain_local": "The pain is in your back and does not go below the knee.",
    "leg_nerve_feelings": "You have numbness, tingling or burning in your leg.",
    "nerve_symptoms": "You have numbness, tingling, burning or weakness in your leg.",
    "cramp": "You get cramps in your leg.",
    "onset_after_strain": "It started after lifting, bending, twisting, sport or a minor fall.",
    "onset_strain_or_sudden": "It started suddenly, or after a strain.",
    "gradual_onset": "It came on slowly.",
    "recurring": "You have had pain like this before.",
    "under_6_weeks": "It started less than 6 weeks ago.",
    "over_6_weeks": "It has lasted more than 6 weeks.",
    "over_12_weeks": "It has lasted more than 12 weeks. Doctors call this long-term pain.",
    "gradual_over_12_weeks": "It came on slowly and has lasted more than 12 weeks.",
    "recent_strain": "It started after a strain less than 2 weeks ago.",
    "age_under_30": "You are under 30.",
    "age_under_40": "You are under 40.",
    "age_under_45": "You are under 45.",
    "age_20_to_55": "You are between 20 and 55.",
    "age_40_plus": "You are 40 or older.",
    "age_50_plus": "You are 50 or older.",
    "age_over_50": "You are over 50.",
    "age_over_65": "You are over 65.",
    "worse_sitting_or_cough": "It is worse when you sit, cough or sneeze.",
    "worse_sitting_bending_or_cough": "It is worse when you sit, bend, cough or sneeze.",
    "worse_activity_or_bending": "It is worse when you are active or bend.",
    "legs_worse_walking_or_standing": "Your legs get worse when you walk or stand.",
    "legs_worse_walking": "Your legs get worse when you walk.",
    "better_sitting_or_bending_forward": "It gets better when you sit or bend forward.",
    "better_sitting_bending_only": (
        "It gets better when you sit or bend forward, but not when you just stand still."
    ),
    "better_standing_still": "It gets better when you stop and stand still.",
    "better_with_moving": "It gets better when you move about.",
    "better_moving_not_rest": "It gets better when you move about, not when you rest.",
    "morning_stiffness": "You are stiff for more than 30 minutes after you wake up.",
    "not_posture_related": "Your leg symptoms do not change when you sit, stand or walk.",
    "back_pain_no_walking_link": "You have back pain that walking does not make worse.",
    "night_symptoms": "It disturbs your sleep, or is worse when you lie down.",
    "walking_short_distances": "You can only walk short distances because of the pain.",
    "night_pain": "The pain is worse at night, or does not ease when you rest.",
    "psoriasis_or_bowel_inflammation": "You have psoriasis, or a swollen bowel (like Crohn's).",
    "vascular_risk": "You smoke, have diabetes, or have poor blood flow in your legs.",
    "diabetes": "You have diabetes.",
}

# --- Helpers ---------------------------------------------------------------------------------


def question(field: str) -> str:
    return QUESTIONS[field]


def hint(field: str) -> str:
    return HINTS[field]


def choice_label(field: str, value) -> str:
    return CHOICE_LABELS[field][value]


def choices(field: str) -> list[tuple[str, str]]:
    """(posted value, label) pairs for a field's allowed values, in the spec's order."""
    return [(str(value), choice_label(field, value)) for value in engine.FIELDS[field].values]


def answer_text(field: str, value) -> str | list[str]:
    """An answer in plain words: a label, a list of labels for a multi, or the age itself."""
    kind = engine.FIELDS[field].kind
    if field == "age":
        return str(value)
    if kind == "int":
        return f"{value} out of 10"
    if kind == "multi":
        return [choice_label(field, item) for item in _in_spec_order(field, value)]
    return choice_label(field, value)


def _in_spec_order(field: str, values: Iterable[str]) -> list[str]:
    chosen = set(values)
    return [value for value in engine.FIELDS[field].values if value in chosen]


def reason_text(code: str) -> str:
    return REASONS[code]


def cause_name(slug: str) -> str:
    return CAUSE_NAMES[slug]


def feature_text(code: str) -> str:
    return FEATURES[code]


def disposition_text(disposition: str, emergency_number: str = "911") -> dict[str, str]:
    """Heading, advice (with the local emergency number) and care-card label and style."""
    text = dict(DISPOSITIONS[disposition])
    text["advice"] = text["advice"].format(emergency_number=emergency_number)
    return text


def safety_net_signs() -> list[str]:
    """The emergency warning signs, as listed in the safety-net box on every result."""
    return [choice_label("warning_signs", sign) for sign in engine.WARNING_SIGNS]
