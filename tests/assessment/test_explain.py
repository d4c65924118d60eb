"""Words for results (spec v2 "Say only what was said"): every reason and cause feature worded
from the answers that made it fire, and every text people read at reading grade 8 or lower.

Answer sets are found with the engine's own tables: random complete answer sets (as the wizard
makes them) are evaluated, and the first one that fires each reason or holds each feature is
kept.
"""

import random
import re

import pytest
import textstat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import advice, engine, explain, fits, wording
from clinical import vocabulary
from clinical import wording as clinical
from tests.assessment.cases import complete

LEG_WORDS = ("numbness", "tingling", "weakness", "burning", "cramp")
# Reasons that word something other than the legs ("numbness or tingling" between the legs).
NOT_ABOUT_LEGS = {"saddle_area"}


def _multi(rng, name, allow_none=True):
    values = [v for v in engine.FIELDS[name].values if v != "none"]
    if allow_none and "none" in engine.FIELDS[name].values and rng.random() < 0.4:
        return ["none"]
    return rng.sample(values, rng.randint(1, min(4, len(values))))


def random_answers(rng):
    """A complete answer set as the wizard saves it: follow-ups exactly when the map asks."""
    answers = {"age": rng.choice([16, 19, 25, 35, 45, 52, 61, 66, 71, 90])}
    for name, (kind, values) in engine.FIELDS.items():
        if name in ("age", "pain_now", "pain_worst") or name in engine.CONDITIONS:
            continue
        if name == "warning_signs":
            answers[name] = _multi(rng, name) if rng.random() < 0.3 else ["none"]
        elif kind == "multi":
            answers[name] = _multi(rng, name)
        else:
            answers[name] = rng.choice(values)
    answers["pain_now"] = rng.randint(0, 10)
    answers["pain_worst"] = rng.randint(answers["pain_now"], 10)
    regions = engine.PAIN_MAP_REGIONS
    answers["pain_map"] = rng.sample(regions, rng.choice([1, 1, 2, 3, 5]))
    for name, condition in engine.CONDITIONS.items():
        if condition(answers):
            kind, values = engine.FIELDS[name]
            answers[name] = _multi(rng, name) if kind == "multi" else rng.choice(values)
    return answers


def _search(count=4000):
    """The first answer set (of a fixed pseudo-random sequence) per reason and per feature."""
    rng = random.Random(20261130)
    by_reason, by_feature = {}, {}
    for _ in range(count):
        answers = random_answers(rng)
        for code in engine.evaluate(answers).reasons:
            by_reason.setdefault(code, answers)
        facts = engine.view(answers)
        for feature, holds in engine.FEATURES.items():
            if holds(facts):
                by_feature.setdefault(feature, answers)
    return by_reason, by_feature


BY_REASON, BY_FEATURE = _search()


def test_the_search_finds_answers_for_every_reason_and_feature():
    assert set(engine.REASON_CODES) - set(BY_REASON) == set()
    assert set(engine.FEATURES) - set(BY_FEATURE) == set()


def untold_leg_words(text, answers):
    """Leg feelings named in `text` that the person did not tick (quoted answers left out)."""
    own = re.sub(r"“[^”]*”", " ", text)  # a ticked label, quoted, is the person's own words
    ticked = set(answers.get("leg_symptoms") or ())
    return [w for w in LEG_WORDS if w not in ticked and re.search(rf"\b{w}\b", own)]


@pytest.mark.parametrize("code", engine.REASON_CODES)
def test_every_reason_is_worded_from_the_answers_that_fired_it(code):
    answers = BY_REASON[code]
    text = explain.reason_text(code, answers)
    assert text.strip() and text != str(explain.GENERAL_REASON), (code, answers)
    assert "%(" not in text and "{" not in text
    if code not in NOT_ABOUT_LEGS:
        assert untold_leg_words(text, answers) == [], (code, text)


@pytest.mark.parametrize("feature", list(engine.FEATURES))
def test_every_feature_that_holds_has_words_and_every_one_has_a_missing_form(feature):
    answers = BY_FEATURE[feature]
    text = fits.feature_fits(feature, answers)
    assert text.strip() and "%(" not in text, (feature, answers)
    assert untold_leg_words(text, answers) == [], (feature, text)
    assert fits.feature_missing(feature).strip()


def as_saved(answers):
    """The answers the wizard stores: only the steps up to the one that shows an emergency."""
    saved = {}
    for step in engine.STEPS:
        saved |= {n: answers[n] for n in engine.STEP_FIELDS[step] if n in answers}
        if engine.is_emergency(saved):
            break
    return saved


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32 - 1), stop_early=st.booleans())
def test_fired_reasons_never_fall_back_nor_name_an_untold_leg_symptom(seed, stop_early):
    answers = random_answers(random.Random(seed))
    if stop_early:
        answers = as_saved(answers)
    result = engine.evaluate(answers)
    for code in result.reasons:
        text = explain.reason_text(code, answers)
        assert text != str(explain.GENERAL_REASON), (code, answers)
        if code not in NOT_ABOUT_LEGS:
            assert untold_leg_words(text, answers) == [], (code, text, answers)
    for detail in result.cause_details:
        for feature in (*detail.needs, *detail.fits, *detail.against):
            text = fits.feature_fits(feature, answers)
            assert text and untold_leg_words(text, answers) == [], (feature, text)


def test_worse_with_quotes_only_what_was_ticked():
    # "someone who ticked only sitting reads 'worse when you sit'" (spec, What fits).
    answers = complete(worse_with=["sitting"])
    assert fits.feature_fits("worse_sitting_or_cough", answers) == (
        "Your pain is worse when you sit."
    )


@pytest.mark.parametrize(
    ("changes", "code", "says", "never"),
    [
        ({"course": "same", "started": "2_to_6_weeks"}, "not_improving", "about the same", "worse"),
        ({"course": "worse", "started": "over_12_weeks"}, "not_improving", "getting worse", "same"),
        (
            {
                "pain_map": ["lower_back", "thigh_back_left"],
                "leg_symptoms": ["tingling"],
                "leg_course": "same",
                "started": "2_to_6_weeks",
            },
            "leg_numbness",
            "2 to 6 weeks",
            "getting worse",
        ),
        (
            {"health_flags": ["fever"], "pain_map": ["foot_left"], "leg_symptoms": ["pain"]}
            | {"leg_course": "new"},
            "fever_nerve_symptoms",
            "below the knee",
            "numbness",
        ),
    ],
    ids=["same", "worse", "numbness-by-time", "fever-below-knee"],
)
def test_a_rule_with_or_branches_is_worded_by_the_branch_that_fired(changes, code, says, never):
    answers = complete(**changes)
    assert code in engine.evaluate(answers).reasons
    text = explain.reason_text(code, answers)
    assert says in text and never not in text, text


def test_the_both_legs_sign_is_not_worded_as_a_map_with_both_legs():
    answers = complete(
        warning_signs=["both_legs"],
        pain_map=["lower_back", "thigh_back_left"],
        leg_symptoms=["pain"],
        leg_course="same",
    )
    assert engine.evaluate(answers).reasons == ("both_legs",)
    text = explain.reason_text("both_legs", answers)
    assert "marked both legs" not in text and "about the same" not in text, text


# --- Reading grade -------------------------------------------------------------------------------


def grade(texts):
    """Flesch-Kincaid grade of texts read one after another (each at least a sentence)."""
    sentences = [str(t).strip() for t in texts if str(t).strip()]
    joined = " ".join(t if t.endswith((".", "?", "!")) else f"{t}." for t in sentences)
    return textstat.flesch_kincaid_grade(joined)


def step_page(step):
    """What a person reads on a step: each question, its hint and its answers."""
    texts = []
    for name in engine.STEP_FIELDS[step]:
        texts += [wording.question(name), wording.hint(name)]
        if name != "age":
            texts += [label for _, label in wording.choices(name)]
    return texts


READING = {
    "questions": list(wording.QUESTIONS.values()),
    "hints": list(wording.HINTS.values()),
    "labels": [label for labels in wording.CHOICE_LABELS.values() for label in labels.values()],
    "errors": list(wording.REQUIRED_ERRORS.values()),
    **{f"step-{step}": step_page(step) for step in engine.STEPS},
    "where-to-go": list(clinical.TIER_WHERE.values()),
    "advice": [
        advice.NOT_A_DIAGNOSIS,
        *advice.WHERE_ADVICE.values(),
        *advice.EMERGENCY_ADVICE.values(),
        *advice.QUESTIONS_FOR_DOCTOR,
        *(line for tier in vocabulary.TIERS for line in advice.do_now(tier, engine.ADVICE_CODES)),
        *(line for tier in vocabulary.TIERS for line in advice.do_now(tier, ())),
    ],
    "reasons": [explain.reason_text(code, BY_REASON[code]) for code in engine.REASON_CODES],
    "what-fits": [fits.feature_fits(f, BY_FEATURE[f]) for f in engine.FEATURES],
    "what-does-not-fit": [fits.feature_missing(f) for f in engine.FEATURES],
    "causes": [*clinical.CAUSE_NAMES.values(), *clinical.CAUSE_SUMMARIES.values()],
}


@pytest.mark.parametrize("name", list(READING))
def test_reading_grade_is_8_or_lower(name):
    assert grade(READING[name]) <= 8


def test_the_grade_check_can_fail():
    hard = "Intervertebral radiculopathy necessitates comprehensive neurological evaluation."
    assert grade([hard]) > 8
