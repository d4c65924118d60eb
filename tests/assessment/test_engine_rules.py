"""Every rule row of spec/assessment.md v2 ("Rules"), with its boundaries, and how evaluate puts
the fired rules together (disposition, reason order, no causes on an emergency)."""

import pytest

from assessment import engine
from assessment.engine import evaluate
from clinical import vocabulary
from tests.assessment.cases import CALM, WORKED, complete

LEFT_THIGH = ["lower_back", "thigh_back_left"]
LEFT_CALF = ["lower_back", "thigh_back_left", "lower_leg_left"]
BOTH_THIGHS = ["lower_back", "thigh_back_left", "thigh_back_right"]


def legs(pain_map=LEFT_THIGH, symptoms=("pain",), leg_course="same", **changes):
    """A complete answer set with leg symptoms; with the defaults, no rule fires."""
    return complete(
        pain_map=list(pain_map), leg_symptoms=list(symptoms), leg_course=leg_course, **changes
    )


def flags(*names, **changes):
    return {"health_flags": list(names), **changes}


def up_to_symptoms(answers):
    """The same answers as a first pass that stops after `symptoms` would save them."""
    later = {n for s in engine.STEPS[4:] for n in engine.STEP_FIELDS[s]}
    return {n: v for n, v in answers.items() if n not in later}


def test_the_calm_answers_fire_nothing():
    assert evaluate(complete()).reasons == ()
    assert evaluate(legs()).reasons == ()
    assert evaluate(complete()).disposition == "self_care"


def test_rule_table_order_and_tiers():
    assert [r.reason for r in engine.RULES[:10]] == list(vocabulary.WARNING_SIGNS)
    assert tuple(dict.fromkeys(r.reason for r in engine.RULES)) == engine.REASON_CODES
    tiers = [engine.REASON_TIERS[code] for code in engine.REASON_CODES]
    assert tiers == sorted(tiers, key=vocabulary.tier_rank)  # the tables go by tier
    by_tier = {t: [c for c in engine.REASON_CODES if engine.REASON_TIERS[c] == t] for t in tiers}
    assert by_tier["emergency"][10:] == [
        "saddle_area",
        "cancer_nerve_symptoms",
        "fever_nerve_symptoms",
        "infection_nerve_symptoms",
        "immune_nerve_symptoms",
        "weight_loss_nerve_symptoms",
        "procedure_fever",
        "procedure_nerve_symptoms",
    ]
    assert by_tier["urgent"] == [
        "fever",
        "recent_infection",
        "cancer",
        "weight_loss",
        "immune",
        "night_pain",
        "back_lump",
        "urinary",
        "spinal_procedure",
        "upper_back",
        "possible_fracture",
        "fall_over_65",
        "sudden_severe_over_65",
        "leg_weakness",
        "nerve_symptoms_worse",
        "both_legs_slowly_worse",
        "cough_sneeze",
        "severe_pain",
    ]
    assert by_tier["soon"] == [
        "leg_numbness",
        "both_legs_stable",
        "osteoporosis",
        "new_pain_over_50",
        "persistent_over_60",
        "new_episode_over_70",
        "under_20",
        "different_episode",
    ]
    assert by_tier["routine"] == [
        "below_knee",
        "not_improving",
        "long_lasting",
        "getting_worse",
        "stops_activities",
        "pattern_match",
    ]
    # `both_legs` is a sign and a rule: two rows, one reason code, at the sign's place.
    assert [r.tier for r in engine.RULES if r.reason == "both_legs"] == ["emergency"] * 2


@pytest.mark.parametrize("sign", vocabulary.WARNING_SIGNS)
def test_each_warning_sign_is_an_emergency_on_its_own(sign):
    first_pass = evaluate({"age": 40, "warning_signs": [sign]})
    assert (first_pass.disposition, first_pass.reasons) == ("emergency", (sign,))
    full = evaluate({**CALM, "warning_signs": [sign]})
    assert (full.disposition, full.reasons, full.possible_causes) == ("emergency", (sign,), ())
    assert full.cause_details == ()


# (reason, answers, fires): each row fires or not; "fires" rows also reach the reason's tier.
CASES = [
    # --- emergency
    ("saddle_area", complete(pain_map=["groin_or_saddle"], saddle_check="not_sure"), True),
    (
        "saddle_area",
        complete(pain_map=["groin_or_saddle"], saddle_check="numbness_or_tingling"),
        True,
    ),
    ("saddle_area", complete(pain_map=["groin_or_saddle"], saddle_check="pain_only"), False),
    ("both_legs", legs(BOTH_THIGHS, leg_course="new"), True),
    ("both_legs", legs(BOTH_THIGHS, leg_course="worse"), True),
    ("both_legs", legs(BOTH_THIGHS, leg_course="slowly_worse"), False),
    ("both_legs", legs(BOTH_THIGHS, leg_course="same"), False),
    ("both_legs", legs(LEFT_CALF, leg_course="new"), False),
    ("both_legs", complete(pain_map=["lower_back", "buttock_left", "buttock_right"]), False),
    ("cancer_nerve_symptoms", legs(leg_course="new", **flags("cancer")), True),
    ("cancer_nerve_symptoms", legs(leg_course="worse", **flags("cancer")), True),
    ("cancer_nerve_symptoms", legs(leg_course="slowly_worse", **flags("cancer")), True),
    ("cancer_nerve_symptoms", legs(LEFT_CALF, leg_course="better", **flags("cancer")), True),
    ("cancer_nerve_symptoms", legs(symptoms=["burning"], **flags("cancer")), True),
    (
        "cancer_nerve_symptoms",
        legs(symptoms=["weakness"], leg_course="better", **flags("cancer")),
        True,
    ),
    ("cancer_nerve_symptoms", legs(symptoms=["pain", "cramp"], **flags("cancer")), False),
    ("cancer_nerve_symptoms", legs(leg_course="better", **flags("cancer")), False),
    ("cancer_nerve_symptoms", complete(**flags("cancer")), False),
    ("cancer_nerve_symptoms", legs(symptoms=["numbness"], leg_course="new"), False),
    (
        "fever_nerve_symptoms",
        legs(symptoms=["numbness"], leg_course="better", **flags("fever")),
        True,
    ),
    ("fever_nerve_symptoms", legs(symptoms=["weakness"], **flags("fever")), True),
    ("fever_nerve_symptoms", legs(symptoms=["tingling"], leg_course="new", **flags("fever")), True),
    ("fever_nerve_symptoms", legs(LEFT_CALF, leg_course="worse", **flags("fever")), True),
    ("fever_nerve_symptoms", legs(symptoms=["tingling"], **flags("fever")), False),
    ("fever_nerve_symptoms", legs(LEFT_CALF, leg_course="slowly_worse", **flags("fever")), False),
    ("fever_nerve_symptoms", legs(leg_course="new", **flags("fever")), False),
    (
        "infection_nerve_symptoms",
        legs(symptoms=["tingling"], leg_course="new", **flags("recent_infection")),
        True,
    ),
    (
        "infection_nerve_symptoms",
        legs(LEFT_CALF, leg_course="worse", **flags("recent_infection")),
        True,
    ),
    ("infection_nerve_symptoms", legs(symptoms=["numbness"], **flags("recent_infection")), False),
    ("infection_nerve_symptoms", legs(leg_course="worse", **flags("recent_infection")), False),
    (
        "immune_nerve_symptoms",
        legs(symptoms=["burning"], leg_course="new", **flags("immune")),
        True,
    ),
    (
        "immune_nerve_symptoms",
        legs(symptoms=["weakness"], leg_course="slowly_worse", **flags("immune")),
        False,
    ),
    ("weight_loss_nerve_symptoms", legs(LEFT_CALF, leg_course="new", **flags("weight_loss")), True),
    ("weight_loss_nerve_symptoms", legs(LEFT_CALF, **flags("weight_loss")), False),
    ("procedure_fever", complete(**flags("spinal_procedure", "fever")), True),
    ("procedure_fever", complete(**flags("spinal_procedure", "recent_infection")), True),
    ("procedure_fever", complete(**flags("spinal_procedure", "immune")), False),
    ("procedure_fever", complete(**flags("fever", "recent_infection")), False),
    (
        "procedure_nerve_symptoms",
        legs(symptoms=["numbness"], leg_course="new", **flags("spinal_procedure")),
        True,
    ),
    ("procedure_nerve_symptoms", legs(symptoms=["numbness"], **flags("spinal_procedure")), False),
    # --- urgent
    ("upper_back", complete(pain_map=["upper_back"]), True),
    ("upper_back", complete(pain_map=["lower_back", "buttock_left"]), False),
    ("possible_fracture", complete(**flags("osteoporosis")), True),
    ("possible_fracture", complete(onset="minor_fall", **flags("osteoporosis")), True),
    ("possible_fracture", complete(onset="sudden", **flags("osteoporosis")), True),
    ("possible_fracture", complete(onset="gradual", **flags("osteoporosis")), False),
    ("possible_fracture", complete(onset=None, **flags("osteoporosis")), False),
    ("fall_over_65", complete(age=65, onset="minor_fall"), True),
    ("fall_over_65", complete(age=64, onset="minor_fall"), False),
    ("fall_over_65", complete(age=80, onset="after_strain"), False),
    ("sudden_severe_over_65", complete(age=65, onset="sudden", pain_worst=7), True),
    (
        "sudden_severe_over_65",
        complete(age=65, onset="sudden", pain_worst=7, pain_map=["upper_back"]),
        True,
    ),
    ("sudden_severe_over_65", complete(age=64, onset="sudden", pain_worst=7), False),
    ("sudden_severe_over_65", complete(age=65, onset="sudden", pain_worst=6), False),
    ("sudden_severe_over_65", complete(age=65, onset="gradual", pain_worst=10), False),
    (
        "sudden_severe_over_65",
        legs(["thigh_back_left"], age=65, onset="sudden", pain_worst=9),
        False,
    ),
    ("leg_weakness", legs(symptoms=["weakness"], leg_course="better"), True),
    ("leg_weakness", legs(symptoms=["pain", "numbness"]), False),
    ("nerve_symptoms_worse", legs(symptoms=["numbness"], leg_course="worse"), True),
    ("nerve_symptoms_worse", legs(symptoms=["weakness"], leg_course="worse"), True),
    ("nerve_symptoms_worse", legs(symptoms=["tingling", "burning"], leg_course="worse"), False),
    ("nerve_symptoms_worse", legs(symptoms=["numbness"], leg_course="new"), False),
    ("both_legs_slowly_worse", legs(BOTH_THIGHS, leg_course="slowly_worse"), True),
    ("both_legs_slowly_worse", legs(LEFT_CALF, leg_course="slowly_worse"), False),
    ("cough_sneeze", complete(worse_with=["cough_sneeze"]), True),
    ("cough_sneeze", complete(worse_with=["sitting", "lying_down"]), False),
    ("severe_pain", complete(pain_now=9, pain_worst=9), True),
    ("severe_pain", complete(pain_now=10, pain_worst=10), True),
    ("severe_pain", complete(pain_now=8, pain_worst=10), False),
    # --- soon
    ("leg_numbness", legs(symptoms=["numbness"], started="under_2_weeks"), True),
    ("leg_numbness", legs(symptoms=["tingling"], started="2_to_6_weeks"), True),
    ("leg_numbness", legs(symptoms=["tingling"], started="6_to_12_weeks", leg_course="new"), True),
    (
        "leg_numbness",
        legs(symptoms=["numbness"], started="over_12_weeks", leg_course="slowly_worse"),
        True,
    ),
    (
        "leg_numbness",
        legs(symptoms=["tingling"], started="over_12_weeks", leg_course="worse"),
        True,
    ),
    ("leg_numbness", legs(symptoms=["numbness"], started="6_to_12_weeks"), False),
    ("leg_numbness", legs(symptoms=["tingling"], started=None, leg_course="better"), False),
    ("leg_numbness", legs(symptoms=["burning", "weakness"], leg_course="new"), False),
    ("both_legs_stable", legs(BOTH_THIGHS, leg_course="same"), True),
    ("both_legs_stable", legs(BOTH_THIGHS, leg_course="better"), True),
    ("both_legs_stable", legs(LEFT_THIGH, leg_course="same"), False),
    ("osteoporosis", complete(onset="gradual", **flags("osteoporosis")), True),
    ("osteoporosis", complete(onset="gradual"), False),
    ("new_pain_over_50", complete(age=50, previous="first"), True),
    ("new_pain_over_50", complete(age=49, previous="first"), False),
    ("new_pain_over_50", complete(age=50, previous="similar"), False),
    ("persistent_over_60", complete(age=60, started="6_to_12_weeks"), True),
    ("persistent_over_60", complete(age=60, started="over_12_weeks"), True),
    ("persistent_over_60", complete(age=59, started="over_12_weeks"), False),
    ("persistent_over_60", complete(age=60, started="2_to_6_weeks"), False),
    ("new_episode_over_70", complete(age=70, started="under_2_weeks"), True),
    ("new_episode_over_70", complete(age=70, started="2_to_6_weeks"), True),
    ("new_episode_over_70", complete(age=69, started="under_2_weeks"), False),
    ("new_episode_over_70", complete(age=70, started="6_to_12_weeks"), False),
    ("under_20", complete(age=16), True),
    ("under_20", complete(age=19), True),
    ("under_20", complete(age=20), False),
    ("different_episode", complete(previous="different"), True),
    ("different_episode", complete(previous="first"), False),
    # --- routine
    ("below_knee", legs(LEFT_CALF), True),
    ("below_knee", legs(["foot_right"]), True),
    ("below_knee", legs(["thigh_front_left", "thigh_front_right"], leg_course="better"), False),
    ("not_improving", complete(started="2_to_6_weeks", course="same"), True),
    ("not_improving", complete(started="over_12_weeks", course="worse"), True),
    ("not_improving", complete(started="under_2_weeks", course="same"), False),
    ("not_improving", complete(started="6_to_12_weeks", course="better"), False),
    ("long_lasting", complete(started="6_to_12_weeks"), True),
    ("long_lasting", complete(started="over_12_weeks"), True),
    ("long_lasting", complete(started="2_to_6_weeks"), False),
    ("getting_worse", complete(course="worse"), True),
    ("getting_worse", complete(course="same"), False),
    ("stops_activities", complete(daily_impact="stops_activities"), True),
    ("stops_activities", complete(daily_impact="some"), False),
    ("pattern_match", WORKED["W7"].answers, True),
    ("pattern_match", WORKED["W5"].answers, False),
]


@pytest.mark.parametrize(("reason", "answers", "fires"), CASES)
def test_rule(reason, answers, fires):
    result = evaluate(answers)
    assert (reason in result.reasons) is fires
    if fires:
        tier = engine.REASON_TIERS[reason]
        assert vocabulary.tier_rank(result.disposition) <= vocabulary.tier_rank(tier)


def test_every_reason_has_a_case_that_fires_and_one_that_does_not():
    fired = {reason for reason, _, fires in CASES if fires} | set(vocabulary.WARNING_SIGNS)
    quiet = {reason for reason, _, fires in CASES if not fires} | set(vocabulary.WARNING_SIGNS)
    assert fired == quiet == set(engine.REASON_CODES) - set(engine.HEALTH_FLAGS) | {"osteoporosis"}


@pytest.mark.parametrize(
    "flag", [f for f in vocabulary.HEALTH_FLAGS if f not in ("osteoporosis", "pregnancy")]
)
def test_each_urgent_health_flag_alone(flag):
    result = evaluate(complete(health_flags=[flag]))
    assert (result.disposition, result.reasons) == ("urgent", (flag,))


def test_osteoporosis_and_pregnancy_are_not_urgent_alone():
    assert evaluate(complete(health_flags=["osteoporosis"], onset="gradual")).disposition == "soon"
    assert evaluate(complete(health_flags=["pregnancy"])).reasons == ()


def test_cancer_with_stable_thigh_pain_is_urgent_not_emergency():
    result = evaluate(legs(symptoms=["pain", "cramp"], **flags("cancer")))
    assert (result.disposition, result.reasons) == ("urgent", ("cancer",))


def test_old_infection_with_unchanged_numbness_is_urgent_not_emergency():
    answers = legs(symptoms=["numbness"], started="over_12_weeks", **flags("recent_infection"))
    result = evaluate(answers)
    assert result.disposition == "urgent"
    assert result.reasons == ("recent_infection", "long_lasting")


@pytest.mark.parametrize(
    ("answers", "reasons"),
    [
        (legs(BOTH_THIGHS, leg_course="new"), ("both_legs",)),
        (
            legs(["thigh_back_left", "foot_right"], ["pain", "tingling"], "new"),
            ("both_legs", "leg_numbness", "below_knee"),
        ),
        (
            legs(LEFT_CALF, ["numbness"], "new", **flags("fever")),
            ("fever_nerve_symptoms", "fever", "leg_numbness", "below_knee"),
        ),
        (
            legs(symptoms=["weakness"], leg_course="worse", **flags("spinal_procedure", "immune")),
            (
                "immune_nerve_symptoms",
                "procedure_nerve_symptoms",
                "immune",
                "spinal_procedure",
                "leg_weakness",
                "nerve_symptoms_worse",
            ),
        ),
        (
            complete(**flags("spinal_procedure", "fever")),
            ("procedure_fever", "fever", "spinal_procedure"),
        ),
    ],
)
def test_derived_emergencies_are_known_after_symptoms(answers, reasons):
    """Every emergency rule fires on the answers saved up to `symptoms` (a first pass stops)."""
    for given in (answers, up_to_symptoms(answers)):
        result = evaluate(given)
        assert (result.disposition, result.reasons) == ("emergency", reasons)
        assert (result.possible_causes, result.cause_details) == ((), ())


def test_a_sign_and_the_derived_rule_list_both_legs_once_at_the_signs_place():
    answers = legs(BOTH_THIGHS, leg_course="worse", warning_signs=["bladder", "both_legs"])
    assert evaluate(answers).reasons == ("bladder", "both_legs")
    answers = legs(BOTH_THIGHS, leg_course="worse", warning_signs=["both_legs", "trauma"])
    assert evaluate(answers).reasons == ("both_legs", "trauma")


def test_the_derived_both_legs_is_listed_at_the_signs_place_too():
    answers = legs(
        ["groin_or_saddle", "thigh_front_left", "thigh_front_right"],
        leg_course="worse",
        saddle_check="numbness_or_tingling",
        warning_signs=["chest_pain"],
    )
    assert evaluate(answers).reasons == ("both_legs", "chest_pain", "saddle_area")


def test_reasons_go_by_tier_then_table_order():
    answers = complete(
        age=72,
        previous="different",
        started="6_to_12_weeks",
        course="worse",
        worse_with=["cough_sneeze"],
        daily_impact="stops_activities",
        **flags("urinary", "fever"),
    )
    result = evaluate(answers)
    assert result.disposition == "urgent"
    assert result.reasons == (
        "fever",
        "urinary",
        "cough_sneeze",
        "persistent_over_60",
        "different_episode",
        "not_improving",
        "long_lasting",
        "getting_worse",
        "stops_activities",
    )


@pytest.mark.parametrize(
    ("answers", "disposition"),
    [
        (complete(), "self_care"),
        (complete(course="worse"), "routine"),
        (complete(course="worse", age=19), "soon"),
        (complete(course="worse", age=19, pain_now=9, pain_worst=9), "urgent"),
        (complete(course="worse", age=19, warning_signs=["sexual"]), "emergency"),
    ],
)
def test_the_disposition_is_the_highest_tier_fired(answers, disposition):
    assert evaluate(answers).disposition == disposition


def test_an_emergency_never_has_causes_or_pattern_match():
    w7 = WORKED["W7"].answers
    assert "pattern_match" in evaluate(w7).reasons
    stopped = evaluate({**w7, "warning_signs": ["unsteady"]})
    assert stopped.reasons == (
        "unsteady",
        "both_legs_stable",
        "persistent_over_60",
        "below_knee",
        "not_improving",
        "long_lasting",
    )
    assert (stopped.possible_causes, stopped.cause_details) == ((), ())


def test_pattern_match_reads_only_the_first_cause():
    """A clinician cause shown second (after herniated disc) does not fire pattern_match."""
    answers = legs(
        ["lower_back", "thigh_back_left", "thigh_back_right", "lower_leg_left"],
        ["pain"],
        "slowly_worse",
        age=65,
        started="over_12_weeks",
        onset="after_strain",
        course="same",
        worse_with=["sitting", "standing"],
        better_with=["sitting_or_bending_forward"],
    )
    result = evaluate(answers)
    assert result.possible_causes[0] == "herniated-disc"
    assert "spinal-stenosis" in result.possible_causes
    assert "pattern_match" not in result.reasons


@pytest.mark.parametrize("top", engine.PATTERN_MATCH_CAUSES)
def test_pattern_match_fires_for_each_clinician_cause_first(top, monkeypatch):
    detail = engine.CauseDetail(top, 5, ("a", "b", "c", "d", "e"), ())
    monkeypatch.setattr(engine, "possible_causes", lambda answers: (detail,))
    result = evaluate(complete())
    assert result.reasons == ("pattern_match",)
    assert result.disposition == "routine"
    assert result.possible_causes == (top,)
