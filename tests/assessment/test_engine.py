"""The assessment engine against spec/assessment.md: worked examples, every rule, causes."""

import copy
import dataclasses
import subprocess
import sys
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import engine
from assessment.engine import (
    DISPOSITIONS,
    EMERGENCY_ARTICLES,
    FIELDS,
    SERIOUS_CAUSES_ARTICLE,
    article_slugs,
    evaluate,
)

NONE = ["none"]
PROJECT = Path(__file__).resolve().parents[2]


def calm(**overrides):
    """A complete set of answers where no rule fires; overrides set (or, with None, drop) fields."""
    answers = {
        "age": 35,
        "warning_signs": NONE,
        "health_flags": NONE,
        "back_pain": "yes",
        "leg_side": "none",
        "pain_now": 3,
        "pain_worst": 4,
        "started": "under_2_weeks",
        "onset": "after_strain",
        "course": "better",
        "previous": "similar",
        "worse_with": ["activity"],
        "better_with": ["rest"],
        "risk_factors": NONE,
        "daily_impact": "some",
        "walking": "no_limit",
        "sleep": "fine",
        "tried": ["rest"],
    }
    answers.update(overrides)
    return {name: value for name, value in answers.items() if value is not None}


def leg(side="left", extent="above_knee", symptoms=("pain",), **overrides):
    return calm(leg_side=side, leg_extent=extent, leg_symptoms=list(symptoms), **overrides)


def test_calm_answers_are_self_care_with_no_reasons():
    result = evaluate(calm())
    assert result.disposition == "self_care"
    assert result.reasons == ()


# --- The spec's worked examples -----------------------------------------------------------------

NO_FLAGS = {"warning_signs": NONE, "health_flags": NONE}

WORKED_EXAMPLES = [
    pytest.param({"age": 45, "warning_signs": ["bladder"]}, "emergency", "bladder", (), id="1"),
    pytest.param(
        {
            "age": 38,
            **NO_FLAGS,
            "back_pain": "yes",
            "leg_side": "left",
            "leg_extent": "below_knee",
            "leg_symptoms": ["pain", "tingling"],
            "pain_now": 6,
            "started": "under_2_weeks",
            "onset": "after_strain",
            "course": "same",
            "worse_with": ["sitting", "cough_sneeze"],
        },
        "urgent",
        "cough_sneeze",
        ("sciatica", "herniated-disc"),
        id="2",
    ),
    pytest.param(
        {
            "age": 29,
            **NO_FLAGS,
            "back_pain": "yes",
            "leg_side": "none",
            "pain_now": 5,
            "started": "under_2_weeks",
            "onset": "after_strain",
            "course": "better",
            "worse_with": ["bending", "activity"],
        },
        "self_care",
        None,
        ("lumbar-strain",),
        id="3",
    ),
    pytest.param(
        {
            "age": 71,
            **NO_FLAGS,
            "back_pain": "yes",
            "leg_side": "both",
            "leg_extent": "below_knee",
            "leg_symptoms": ["numbness", "pain"],
            "started": "over_12_weeks",
            "onset": "gradual",
            "course": "same",
            "worse_with": ["walking", "standing"],
            "better_with": ["sitting_or_bending_forward"],
            "walking": "short_distances",
        },
        "soon",
        "persistent_over_60",
        ("spinal-stenosis",),
        id="4",
    ),
    pytest.param(
        {
            "age": 52,
            "warning_signs": NONE,
            "health_flags": ["fever"],
            "back_pain": "yes",
            "leg_side": "none",
        },
        "urgent",
        "fever",
        (),
        id="5",
    ),
    pytest.param(
        {
            "age": 34,
            "warning_signs": NONE,
            "health_flags": ["night_pain"],
            "back_pain": "yes",
            "leg_side": "none",
            "started": "over_12_weeks",
            "onset": "gradual",
            "course": "same",
            "worse_with": ["morning_stiffness"],
            "better_with": ["moving"],
        },
        "urgent",
        "night_pain",
        ("axial-spondyloarthritis",),
        id="6",
    ),
]


@pytest.mark.parametrize(("answers", "disposition", "first_reason", "top_causes"), WORKED_EXAMPLES)
def test_worked_examples(answers, disposition, first_reason, top_causes):
    result = evaluate(answers)
    assert result.disposition == disposition
    if first_reason is None:
        assert result.reasons == ()
    else:
        assert result.reasons[0] == first_reason
    assert set(top_causes) == set(result.possible_causes[: len(top_causes)])


def test_worked_example_2_also_lists_the_lower_tier_reasons():
    answers = WORKED_EXAMPLES[1].values[0]
    assert evaluate(answers).reasons == ("cough_sneeze", "leg_numbness", "below_knee")


def test_worked_example_1_shows_no_causes():
    result = evaluate(WORKED_EXAMPLES[0].values[0])
    assert result.possible_causes == ()
    assert result.cause_details == ()


# --- Every rule ----------------------------------------------------------------------------------

# The tier of every reason code, copied from the spec's rule tables.
SPEC_TIERS = {
    **dict.fromkeys(
        [
            "saddle_numbness",
            "bladder",
            "bowel",
            "sexual",
            "both_legs",
            "leg_weakness_severe",
            "arms_and_legs",
            "trauma",
            "chest_pain",
            "cancer_nerve_symptoms",
            "fever_nerve_symptoms",
        ],
        "emergency",
    ),
    **dict.fromkeys(
        [
            "fever",
            "cancer",
            "weight_loss",
            "immune",
            "night_pain",
            "back_lump",
            "urinary",
            "possible_fracture",
            "leg_weakness",
            "cough_sneeze",
            "severe_pain",
        ],
        "urgent",
    ),
    **dict.fromkeys(
        [
            "leg_numbness",
            "osteoporosis",
            "new_pain_over_50",
            "persistent_over_60",
            "under_20",
            "different_episode",
        ],
        "soon",
    ),
    **dict.fromkeys(
        [
            "below_knee",
            "not_improving",
            "long_lasting",
            "getting_worse",
            "stops_activities",
            "pattern_match",
        ],
        "routine",
    ),
}


def test_reason_codes_and_tiers_match_the_spec():
    assert dict(engine.REASON_TIERS) == SPEC_TIERS
    assert list(engine.REASON_CODES) == list(SPEC_TIERS)


STENOSIS = leg(
    side="both",
    extent="above_knee",
    age=70,
    started="2_to_6_weeks",
    course="better",
    onset="gradual",
    worse_with=["walking", "standing"],
    better_with=["sitting_or_bending_forward"],
)

# (reason, answers where it fires, answers where it does not)
RULE_CASES = [
    *[
        (sign, calm(warning_signs=[sign]), calm(warning_signs=NONE))
        for sign in engine.WARNING_SIGNS
    ],
    ("both_legs", leg("both", started="under_2_weeks", course="same"), leg("left")),
    (
        "both_legs",
        leg("both", started="over_12_weeks", course="worse"),
        leg("both", started="over_12_weeks", course="same"),
    ),
    (
        "both_legs",
        leg("both", started="2_to_6_weeks", course="worse"),
        leg("both", started="2_to_6_weeks", course="better"),
    ),
    (
        "cancer_nerve_symptoms",
        leg(extent="below_knee", health_flags=["cancer"]),
        leg(extent="below_knee", health_flags=["fever"]),
    ),
    (
        "cancer_nerve_symptoms",
        leg(symptoms=["numbness"], health_flags=["cancer"]),
        leg(symptoms=["pain", "tingling", "burning"], health_flags=["cancer"]),
    ),
    (
        "cancer_nerve_symptoms",
        leg(symptoms=["weakness"], health_flags=["cancer", "fever"]),
        calm(health_flags=["cancer"]),
    ),
    (
        "fever_nerve_symptoms",
        leg(symptoms=["numbness"], health_flags=["fever"]),
        leg(extent="below_knee", symptoms=["pain", "tingling"], health_flags=["fever"]),
    ),
    (
        "fever_nerve_symptoms",
        leg(symptoms=["weakness"], health_flags=["fever"]),
        leg(symptoms=["weakness"], health_flags=["urinary"]),
    ),
    *[
        (flag, calm(health_flags=[flag]), calm(health_flags=NONE))
        for flag in (
            "fever",
            "cancer",
            "weight_loss",
            "immune",
            "night_pain",
            "back_lump",
            "urinary",
        )
    ],
    (
        "possible_fracture",
        calm(health_flags=["osteoporosis"], onset="after_strain"),
        calm(health_flags=["osteoporosis"], onset="gradual"),
    ),
    (
        "possible_fracture",
        calm(health_flags=["osteoporosis"], onset="sudden"),
        calm(health_flags=NONE, onset="sudden"),
    ),
    ("leg_weakness", leg(symptoms=["weakness"]), leg(symptoms=["pain", "numbness"])),
    ("cough_sneeze", calm(worse_with=["cough_sneeze"]), calm(worse_with=["sitting", "bending"])),
    ("severe_pain", calm(pain_now=9, pain_worst=9), calm(pain_now=8, pain_worst=10)),
    ("severe_pain", calm(pain_now=10, pain_worst=10), calm(pain_now=0, pain_worst=10)),
    (
        "leg_numbness",
        leg(symptoms=["numbness"], started="under_2_weeks", course="better"),
        leg(symptoms=["numbness"], started="6_to_12_weeks", course="same"),
    ),
    (
        "leg_numbness",
        leg(symptoms=["tingling"], started="2_to_6_weeks", course="better"),
        leg(symptoms=["pain", "burning"], started="under_2_weeks", course="worse"),
    ),
    (
        "leg_numbness",
        leg(symptoms=["tingling"], started="over_12_weeks", course="worse"),
        leg(symptoms=["tingling"], started="over_12_weeks", course="better"),
    ),
    (
        "osteoporosis",
        calm(health_flags=["osteoporosis"], onset="gradual"),
        calm(health_flags=["osteoporosis"], onset="after_strain"),
    ),
    ("osteoporosis", calm(health_flags=["osteoporosis"], onset="gradual"), calm(onset="gradual")),
    (
        "new_pain_over_50",
        calm(age=50, previous="first"),
        calm(age=49, previous="first"),
    ),
    (
        "new_pain_over_50",
        calm(age=80, previous="first"),
        calm(age=80, previous="similar"),
    ),
    (
        "persistent_over_60",
        calm(age=60, started="6_to_12_weeks"),
        calm(age=59, started="over_12_weeks"),
    ),
    (
        "persistent_over_60",
        calm(age=60, started="over_12_weeks"),
        calm(age=60, started="2_to_6_weeks"),
    ),
    ("under_20", calm(age=19), calm(age=20)),
    ("under_20", calm(age=16), calm(age=110)),
    ("different_episode", calm(previous="different"), calm(previous="first")),
    ("different_episode", calm(previous="different"), calm(previous="similar")),
    ("below_knee", leg(extent="below_knee"), leg(extent="above_knee")),
    (
        "not_improving",
        calm(started="2_to_6_weeks", course="same"),
        calm(started="under_2_weeks", course="worse"),
    ),
    (
        "not_improving",
        calm(started="over_12_weeks", course="worse"),
        calm(started="2_to_6_weeks", course="better"),
    ),
    ("long_lasting", calm(started="6_to_12_weeks"), calm(started="2_to_6_weeks")),
    ("long_lasting", calm(started="over_12_weeks"), calm(started="under_2_weeks")),
    ("getting_worse", calm(course="worse"), calm(course="same")),
    ("stops_activities", calm(daily_impact="stops_activities"), calm(daily_impact="some")),
    ("pattern_match", STENOSIS, calm()),
]


@pytest.mark.parametrize(
    ("reason", "fires", "does_not_fire"),
    RULE_CASES,
    ids=[f"{case[0]}-{i}" for i, case in enumerate(RULE_CASES)],
)
def test_rule_fires_exactly_when_its_condition_holds(reason, fires, does_not_fire):
    result = evaluate(fires)
    assert reason in result.reasons
    tier = engine.REASON_TIERS[reason]
    assert DISPOSITIONS.index(result.disposition) <= DISPOSITIONS.index(tier)
    assert reason not in evaluate(does_not_fire).reasons


def test_every_reason_has_a_rule_case():
    assert {case[0] for case in RULE_CASES} == set(SPEC_TIERS)


@pytest.mark.parametrize("reason", list(SPEC_TIERS))
def test_each_reason_alone_sets_its_own_tier(reason):
    """The first "fires" case of each reason, where it is the most urgent rule, sets the tier."""
    fires = next(case[1] for case in RULE_CASES if case[0] == reason)
    result = evaluate(fires)
    if result.reasons[0] == reason:
        assert result.disposition == SPEC_TIERS[reason]
    else:
        # Another rule in the same answers is more urgent (e.g. cancer + below knee).
        assert DISPOSITIONS.index(result.disposition) < DISPOSITIONS.index(SPEC_TIERS[reason])


def test_absent_answers_fire_nothing():
    assert evaluate({}) == engine.Result("self_care")
    assert evaluate({"age": 40}).reasons == ()


def test_an_unknown_timeline_is_read_the_more_urgent_way():
    both = {"age": 40, "leg_side": "both", "leg_extent": "above_knee", "leg_symptoms": ["pain"]}
    assert evaluate(both).disposition == "emergency"
    assert evaluate({**both, "started": "over_12_weeks"}).reasons[0] == "both_legs"
    fragile = {"age": 70, "health_flags": ["osteoporosis"]}
    assert "possible_fracture" in evaluate(fragile).reasons
    assert "osteoporosis" not in evaluate(fragile).reasons
    numb = {"age": 40, "leg_side": "left", "leg_symptoms": ["tingling"]}
    assert "leg_numbness" in evaluate(numb).reasons


# --- Tier precedence ---------------------------------------------------------------------------


def test_highest_tier_wins_and_its_reasons_come_first():
    answers = calm(
        age=19, health_flags=["fever"], started="2_to_6_weeks", course="worse", onset="sudden"
    )
    result = evaluate(answers)
    assert result.disposition == "urgent"
    assert result.reasons == ("fever", "under_20", "not_improving", "getting_worse")


def test_emergency_beats_everything_and_lists_lower_reasons_after():
    answers = leg(
        extent="below_knee",
        symptoms=["numbness"],
        warning_signs=["trauma"],
        health_flags=["weight_loss"],
        age=19,
    )
    result = evaluate(answers)
    assert result.disposition == "emergency"
    assert result.reasons == ("trauma", "weight_loss", "leg_numbness", "under_20", "below_knee")


def test_reasons_follow_table_order_not_answer_order():
    answers = calm(warning_signs=["chest_pain", "bowel", "saddle_numbness"])
    assert evaluate(answers).reasons == ("saddle_numbness", "bowel", "chest_pain")


def test_a_reason_is_listed_once_even_when_two_rules_give_it():
    answers = leg("both", warning_signs=["both_legs"], started="under_2_weeks")
    assert evaluate(answers).reasons.count("both_legs") == 1


def test_emergency_result_has_no_causes():
    result = evaluate({**WORKED_EXAMPLES[1].values[0], "warning_signs": ["saddle_numbness"]})
    assert result.disposition == "emergency"
    assert result.possible_causes == ()
    assert result.cause_details == ()


def test_soon_beats_routine():
    result = evaluate(calm(age=65, previous="first", started="6_to_12_weeks", course="same"))
    assert result.disposition == "soon"
    assert result.reasons == (
        "new_pain_over_50",
        "persistent_over_60",
        "not_improving",
        "long_lasting",
    )


def test_routine_beats_self_care():
    assert evaluate(calm(course="worse")).disposition == "routine"


# --- Possible causes ---------------------------------------------------------------------------

CAUSE_PROFILES = {
    "sciatica": WORKED_EXAMPLES[1].values[0],
    "herniated-disc": leg(
        age=30,
        onset="sudden",
        worse_with=["sitting", "bending"],
        better_with=NONE,
    ),
    "spinal-stenosis": WORKED_EXAMPLES[3].values[0],
    "lumbar-strain": WORKED_EXAMPLES[2].values[0],
    "degenerative-disc-disease": calm(
        age=55,
        started="over_12_weeks",
        onset="gradual",
        course="same",
        previous="similar",
        worse_with=["sitting"],
        better_with=["rest"],
    ),
    "axial-spondyloarthritis": WORKED_EXAMPLES[5].values[0],
    "nonspecific-low-back-pain": calm(
        onset="sudden", previous="first", worse_with=NONE, better_with=["rest"]
    ),
    "peripheral-artery-disease": leg(
        age=66,
        back_pain="no",
        extent="below_knee",
        symptoms=["pain", "cramp"],
        risk_factors=["smoker"],
        started="over_12_weeks",
        onset="gradual",
        course="same",
        worse_with=["walking"],
        better_with=["standing_still"],
    ),
    "peripheral-neuropathy": leg(
        "both",
        age=60,
        back_pain="no",
        extent="below_knee",
        symptoms=["numbness", "burning", "tingling"],
        risk_factors=["diabetes"],
        started="over_12_weeks",
        onset="gradual",
        course="same",
        worse_with=NONE,
        better_with=NONE,
    ),
    "night-leg-cramps": leg(
        age=45,
        back_pain="no",
        extent="below_knee",
        symptoms=["cramp"],
        started="over_12_weeks",
        onset="sudden",
        course="same",
        worse_with=["lying_down"],
        better_with=["moving"],
        sleep="disturbed",
    ),
}


def test_every_cause_slug_has_a_profile():
    assert set(CAUSE_PROFILES) == set(engine.CAUSE_SLUGS)
    assert engine.CAUSE_SLUGS == (
        "sciatica",
        "herniated-disc",
        "spinal-stenosis",
        "lumbar-strain",
        "degenerative-disc-disease",
        "axial-spondyloarthritis",
        "nonspecific-low-back-pain",
        "peripheral-artery-disease",
        "peripheral-neuropathy",
        "night-leg-cramps",
    )


@pytest.mark.parametrize("slug", list(CAUSE_PROFILES))
def test_profile_puts_its_cause_on_top(slug):
    result = evaluate(CAUSE_PROFILES[slug])
    assert result.disposition != "emergency"
    assert result.possible_causes[0] == slug


@pytest.mark.parametrize("slug", sorted(engine.CLINICIAN_CAUSES))
def test_a_cause_that_needs_a_clinician_on_top_gives_pattern_match(slug):
    assert "pattern_match" in evaluate(CAUSE_PROFILES[slug]).reasons


@pytest.mark.parametrize("slug", sorted(set(engine.CAUSE_SLUGS) - engine.CLINICIAN_CAUSES))
def test_other_top_causes_give_no_pattern_match(slug):
    assert "pattern_match" not in evaluate(CAUSE_PROFILES[slug]).reasons


def test_cause_details_list_what_fits_and_what_does_not():
    sciatica = evaluate(WORKED_EXAMPLES[1].values[0]).cause_details[0]
    assert sciatica == engine.CauseDetail(
        slug="sciatica",
        score=9,
        fits=("below_knee", "one_leg", "leg_nerve_feelings", "worse_sitting_or_cough"),
        against=(),
    )
    details = {d.slug: d for d in evaluate(CAUSE_PROFILES["herniated-disc"]).cause_details}
    assert details["sciatica"].against == ("above_knee_only",)
    assert details["sciatica"].score == 2 + 2 - 2


def test_scores_are_weights_for_minus_weights_against():
    for answers in CAUSE_PROFILES.values():
        for detail in evaluate(answers).cause_details:
            cause = next(c for c in engine.CAUSES if c.slug == detail.slug)
            weights = dict(cause.fits)
            against = dict(cause.against)
            expected = sum(weights[c] for c in detail.fits) - sum(
                against[c] for c in detail.against
            )
            assert detail.score == expected > 0


def test_cause_with_a_negative_score_is_not_shown():
    # Lumbar strain: after a strain, but tingling below the knee counts against it.
    assert "lumbar-strain" not in evaluate(WORKED_EXAMPLES[1].values[0]).possible_causes


def test_age_alone_never_supports_a_cause():
    # 52 with back pain only: spinal stenosis would only have "age 50 or over".
    causes = evaluate(WORKED_EXAMPLES[4].values[0]).possible_causes
    assert "spinal-stenosis" not in causes
    assert "herniated-disc" not in causes
    assert evaluate({"age": 52}).possible_causes == ()


def test_back_conditions_need_back_pain():
    causes = set(evaluate(CAUSE_PROFILES["peripheral-artery-disease"]).possible_causes)
    assert not causes & {
        "lumbar-strain",
        "degenerative-disc-disease",
        "axial-spondyloarthritis",
        "nonspecific-low-back-pain",
    }


def test_leg_only_causes_need_leg_symptoms():
    causes = evaluate(calm(risk_factors=["diabetes", "smoker"], worse_with=NONE, better_with=NONE))
    assert not {"sciatica", "peripheral-neuropathy", "night-leg-cramps"} & set(
        causes.possible_causes
    )


def test_at_most_four_causes(monkeypatch):
    answers = CAUSE_PROFILES["herniated-disc"]
    assert len(evaluate(answers).possible_causes) == 4
    monkeypatch.setattr(engine, "MAX_CAUSES", 10)
    assert len(evaluate(answers).possible_causes) > 4


def test_ties_go_to_table_order(monkeypatch):
    monkeypatch.setattr(
        engine,
        "CAUSES",
        (
            engine.Cause("second-in-table", fits=(("below_knee", 2),), against=()),
            engine.Cause("first-in-table", fits=(("below_knee", 2),), against=()),
        ),
    )
    assert evaluate(leg(extent="below_knee")).possible_causes == (
        "second-in-table",
        "first-in-table",
    )


def test_every_feature_used_by_a_cause_exists():
    used = {code for cause in engine.CAUSES for code, _ in (*cause.fits, *cause.against)}
    assert used <= set(engine.FEATURES)
    assert used >= engine.CONTEXT_FEATURES


# --- Invalid answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answers",
    [
        {"colour": "red"},
        {"age": "40"},
        {"age": 40.0},
        {"age": True},
        {"age": None},
        {"age": 15},
        {"age": 0},
        {"age": 111},
        {"age": -1},
        {"pain_now": 11},
        {"pain_now": -1},
        {"pain_worst": 3.5},
        {"back_pain": "maybe"},
        {"back_pain": ["yes"]},
        {"leg_side": "NONE"},
        {"warning_signs": "none"},
        {"warning_signs": ["none", "bladder"]},
        {"tried": ["rest", "none"]},
        {"warning_signs": []},
        {"warning_signs": ["headache"]},
        {"warning_signs": [None]},
        {"leg_symptoms": ["none"]},
        {"pain_now": 7, "pain_worst": 6},
        {"leg_side": "none", "leg_extent": "below_knee"},
        {"leg_side": "none", "leg_symptoms": ["pain"]},
    ],
    ids=repr,
)
def test_values_outside_the_spec_raise_value_error(answers):
    with pytest.raises(ValueError):
        evaluate(answers)


def test_answers_must_be_a_mapping():
    with pytest.raises(ValueError):
        evaluate([("age", 40)])


@pytest.mark.parametrize(
    "answers",
    [
        {"age": 16},
        {"age": 110},
        {"pain_now": 7, "pain_worst": 7},
        {"pain_now": 0},
        {"warning_signs": ("none",)},
        {"worse_with": frozenset({"sitting", "walking"})},
        {"leg_side": "left", "leg_extent": "below_knee"},
        MappingProxyType({"age": 40}),
    ],
    ids=repr,
)
def test_edge_values_inside_the_spec_are_accepted(answers):
    assert evaluate(answers).disposition in DISPOSITIONS


def test_fields_constant_matches_the_spec():
    assert engine.STEPS == (
        "about",
        "warning_signs",
        "health",
        "symptoms",
        "timeline",
        "patterns",
        "impact",
    )
    assert [name for step in engine.STEPS for name in engine.STEP_FIELDS[step]] == list(FIELDS)
    assert FIELDS["age"] == ("int", range(16, 111))
    assert FIELDS["pain_now"].values == range(11)
    assert FIELDS["warning_signs"].kind == "multi"
    assert FIELDS["warning_signs"].values[-1] == "none"
    assert FIELDS["leg_side"] == ("choice", ("none", "left", "right", "both"))
    assert "none" not in FIELDS["leg_symptoms"].values
    assert DISPOSITIONS == ("emergency", "urgent", "soon", "routine", "self_care")


# --- Purity ------------------------------------------------------------------------------------


def test_evaluate_does_not_change_its_input_and_is_repeatable():
    answers = dict(CAUSE_PROFILES["peripheral-neuropathy"])
    before = copy.deepcopy(answers)
    first = evaluate(answers)
    assert answers == before
    assert evaluate(answers) == first
    assert evaluate(copy.deepcopy(answers)) == first


def test_result_is_frozen():
    result = evaluate(calm())
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.disposition = "emergency"
    assert isinstance(result.reasons, tuple)
    assert isinstance(result.possible_causes, tuple)


def test_engine_imports_no_django():
    code = "import sys, assessment.engine; sys.exit('django' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, check=False)
    assert done.returncode == 0


# --- Articles ----------------------------------------------------------------------------------


def test_emergency_links_the_emergency_articles():
    result = evaluate(WORKED_EXAMPLES[0].values[0])
    assert article_slugs(result) == EMERGENCY_ARTICLES
    assert EMERGENCY_ARTICLES == (
        "cauda-equina-syndrome",
        "spinal-cord-compression",
        "emergency-warning-signs",
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {"health_flags": ["fever"]},
        {"health_flags": ["cancer"]},
        {"health_flags": ["weight_loss"]},
        {"health_flags": ["immune"]},
        {"health_flags": ["back_lump"]},
        {"health_flags": ["osteoporosis"], "onset": "sudden"},
    ],
    ids=repr,
)
def test_urgent_serious_reasons_link_serious_causes(overrides):
    result = evaluate(calm(**overrides))
    assert result.disposition == "urgent"
    slugs = article_slugs(result)
    assert SERIOUS_CAUSES_ARTICLE in slugs
    assert set(result.possible_causes) <= set(slugs)


@pytest.mark.parametrize(
    "overrides",
    [
        {"health_flags": ["night_pain"]},
        {"health_flags": ["urinary"]},
        {"worse_with": ["cough_sneeze"]},
        {"health_flags": ["osteoporosis"], "onset": "gradual"},
        {},
    ],
    ids=repr,
)
def test_other_results_link_their_causes_only(overrides):
    result = evaluate(calm(**overrides))
    assert result.possible_causes
    assert article_slugs(result) == result.possible_causes


# --- Properties over any valid answers ---------------------------------------------------------


def _value(name):
    kind, allowed = FIELDS[name]
    if kind != "multi":
        return st.sampled_from(list(allowed))
    options = [v for v in allowed if v != "none"]
    alone = [["none"]] if "none" in allowed else []
    return st.one_of(
        st.sampled_from(alone or [options[:1]]),
        st.lists(st.sampled_from(options), min_size=1, unique=True),
    )


@st.composite
def valid_answers(draw):
    names = draw(st.lists(st.sampled_from(list(FIELDS)), unique=True))
    answers = {name: draw(_value(name)) for name in names}
    if answers.get("leg_side") == "none":
        for name in engine.LEG_DETAIL_FIELDS:
            answers.pop(name, None)
    if "pain_now" in answers and "pain_worst" in answers:
        low, high = sorted((answers["pain_now"], answers["pain_worst"]))
        answers["pain_now"], answers["pain_worst"] = low, high
    return answers


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(valid_answers())
def test_results_are_always_consistent(answers):
    result = evaluate(answers)
    tiers = [DISPOSITIONS.index(engine.REASON_TIERS[r]) for r in result.reasons]
    assert tiers == sorted(tiers)
    assert len(set(result.reasons)) == len(result.reasons)
    if result.reasons:
        assert result.disposition == engine.REASON_TIERS[result.reasons[0]]
    else:
        assert result.disposition == "self_care"
    assert len(result.possible_causes) <= 4
    assert result.possible_causes == tuple(d.slug for d in result.cause_details)
    scores = [d.score for d in result.cause_details]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)
    for detail in result.cause_details:
        assert set(detail.fits) - engine.CONTEXT_FEATURES
    if result.disposition == "emergency":
        assert result.possible_causes == ()
        assert article_slugs(result) == EMERGENCY_ARTICLES
    if set(answers.get("warning_signs", ["none"])) != {"none"}:
        assert result.disposition == "emergency"
