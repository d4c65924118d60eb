"""The assessment engine against spec/assessment.md v2: the contract, the body map, the
conditional fields, what evaluate refuses, the worked examples and the article links.

Rules: test_engine_rules.py; possible causes: test_engine_causes.py; invariants over random
answers: test_engine_properties.py.
"""

import ast
import dataclasses
import subprocess
import sys
from pathlib import Path
from types import MappingProxyType

import pytest

from assessment import engine
from assessment.engine import evaluate
from clinical import vocabulary
from tests.assessment.cases import (
    CALM,
    DISPOSITIONS,
    EMERGENCY,
    LONGEST,
    URGENT,
    WORKED,
    WORKED_EXAMPLES,
    by_step,
    complete,
    flat,
)

PROJECT = Path(__file__).resolve().parents[2]
ENGINE_SOURCES = sorted((PROJECT / "assessment" / "engine").glob("*.py"))


# --- The contract ------------------------------------------------------------------------------


def test_steps_and_their_fields():
    assert engine.STEPS == (
        "about",
        "warning_signs",
        "health",
        "symptoms",
        "timeline",
        "patterns",
        "impact",
    )
    assert engine.REVIEW_STEP == "review"
    assert engine.STEP_FIELDS["symptoms"] == (
        "pain_map",
        "saddle_check",
        "leg_symptoms",
        "leg_course",
        "pain_now",
        "pain_worst",
    )
    assert engine.STEP_FIELDS["timeline"] == ("started", "onset", "course", "previous")
    assert tuple(engine.STEP_FIELDS) == engine.STEPS
    every = [name for step in engine.STEPS for name in engine.STEP_FIELDS[step]]
    assert len(every) == len(set(every)) == len(engine.FIELDS)
    assert set(every) == set(engine.FIELDS)


def test_retired_and_derived_fields_are_not_inputs():
    for name in ("back_pain", "leg_side", "leg_extent"):
        assert name not in engine.FIELDS
        assert name in engine.RETIRED_FIELDS


def test_field_kinds_and_values():
    fields = engine.FIELDS
    assert fields["age"] == engine.Field("int", range(16, 111))
    assert (engine.MIN_AGE, engine.MAX_AGE) == (16, 110)
    assert fields["pain_now"].values == fields["pain_worst"].values == range(0, 11)
    assert fields["warning_signs"] == ("multi", (*vocabulary.WARNING_SIGNS, "none"))
    assert fields["health_flags"] == ("multi", (*vocabulary.HEALTH_FLAGS, "none"))
    assert fields["pain_map"] == ("multi", engine.PAIN_MAP_REGIONS)
    assert fields["saddle_check"] == ("choice", ("numbness_or_tingling", "pain_only", "not_sure"))
    assert fields["leg_course"] == ("choice", ("worse", "new", "slowly_worse", "same", "better"))
    assert fields["onset"].values == ("after_strain", "minor_fall", "sudden", "gradual")
    assert "none" not in fields["leg_symptoms"].values
    assert {f.kind for f in fields.values()} == {"int", "choice", "multi"}
    assert isinstance(fields, MappingProxyType)


def test_body_map_regions_in_table_order():
    assert engine.PAIN_MAP_REGIONS == (
        "upper_back",
        "lower_back",
        "buttock_left",
        "buttock_right",
        "groin_or_saddle",
        "thigh_front_left",
        "thigh_front_right",
        "thigh_back_left",
        "thigh_back_right",
        "lower_leg_left",
        "lower_leg_right",
        "foot_left",
        "foot_right",
    )
    assert engine.PAIN_MAP_REGIONS[5:] == engine.LEG_REGIONS
    assert engine.PAIN_MAP_REGIONS[9:] == engine.BELOW_KNEE_REGIONS


def test_shared_ids_come_from_the_vocabulary():
    assert engine.NONE is vocabulary.NONE
    assert engine.WARNING_SIGNS is vocabulary.WARNING_SIGNS
    assert engine.HEALTH_FLAGS is vocabulary.HEALTH_FLAGS
    assert engine.CAUSES is vocabulary.CAUSES
    assert tuple(row.slug for row in engine.CAUSE_TABLE) == vocabulary.CAUSES


def test_engine_never_writes_a_shared_id_list_again():
    """No tuple, list or set literal in the engine spells out a whole shared id list."""
    shared = [vocabulary.WARNING_SIGNS, vocabulary.HEALTH_FLAGS, vocabulary.CAUSES]
    nodes = [n for source in ENGINE_SOURCES for n in ast.walk(ast.parse(source.read_text()))]
    for node in nodes:
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            words = {e.value for e in node.elts if isinstance(e, ast.Constant)}
            for ids in shared:
                assert not set(ids) <= words, sorted(words)


def test_engine_imports_no_django():
    code = "import sys, assessment.engine; sys.exit('django' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, check=False)
    assert done.returncode == 0


def test_rules_version_and_result_shape():
    assert engine.RULES_VERSION == 2
    assert [f.name for f in dataclasses.fields(engine.Result)] == [
        "disposition",
        "reasons",
        "possible_causes",
        "cause_details",
        "advice",
    ]
    assert [f.name for f in dataclasses.fields(engine.CauseDetail)] == [
        "slug",
        "score",
        "fits",
        "against",
        "missing",
        "needs",
    ]
    result = evaluate(CALM)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.disposition = "emergency"


def test_advice_codes():
    assert engine.ADVICE_CODES == ("pregnancy", "cancer_team", "procedure_team")
    flags = ["pregnancy", "cancer", "spinal_procedure"]
    # Reversed input order: advice is always in table order.
    assert evaluate(complete(health_flags=flags[::-1])).advice == engine.ADVICE_CODES
    assert evaluate(complete(health_flags=["spinal_procedure"])).advice == ("procedure_team",)
    assert evaluate(CALM).advice == ()


def test_pregnancy_never_changes_the_tier():
    for answers in (CALM, URGENT, WORKED["W7"].answers, WORKED["W2"].answers):
        plain, pregnant = evaluate(answers), evaluate({**answers, "health_flags": ["pregnancy"]})
        assert pregnant.disposition == plain.disposition
        assert pregnant.reasons == plain.reasons
        assert pregnant.advice == ("pregnancy",)


# --- The body map ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pain_map", "derived"),
    [
        (None, {}),
        (["lower_back"], {"leg_side": "none"}),
        (["upper_back", "groin_or_saddle"], {"leg_side": "none"}),
        (["buttock_left", "buttock_right"], {"leg_side": "none"}),
        (["thigh_front_left"], {"leg_side": "left", "leg_extent": "above_knee"}),
        (["thigh_back_right"], {"leg_side": "right", "leg_extent": "above_knee"}),
        (["foot_left"], {"leg_side": "left", "leg_extent": "below_knee"}),
        (["lower_leg_right"], {"leg_side": "right", "leg_extent": "below_knee"}),
        (
            ["thigh_back_left", "thigh_front_right"],
            {"leg_side": "both", "leg_extent": "above_knee"},
        ),
        (["thigh_back_left", "foot_right"], {"leg_side": "both", "leg_extent": "below_knee"}),
        (["buttock_right", "thigh_back_left"], {"leg_side": "left", "leg_extent": "above_knee"}),
        (
            frozenset({"lower_leg_left", "lower_leg_right"}),
            {"leg_side": "both", "leg_extent": "below_knee"},
        ),
    ],
)
def test_derive_legs(pain_map, derived):
    assert engine.derive_legs(pain_map) == derived


def test_every_leg_region_counts_for_its_side_and_knee():
    for region in engine.LEG_REGIONS:
        side = "left" if region.endswith("_left") else "right"
        extent = "below_knee" if region in engine.BELOW_KNEE_REGIONS else "above_knee"
        assert engine.derive_legs([region]) == {"leg_side": side, "leg_extent": extent}


# --- Conditional fields ------------------------------------------------------------------------


def test_conditions():
    assert set(engine.CONDITIONS) == {"saddle_check", "leg_symptoms", "leg_course"}
    saddle, legs = engine.CONDITIONS["saddle_check"], engine.CONDITIONS["leg_symptoms"]
    assert saddle({"pain_map": ["groin_or_saddle"]})
    assert not saddle({"pain_map": ["lower_back", "thigh_front_left"]})
    assert not saddle({})
    assert legs({"pain_map": ["foot_right"]})
    assert not legs({"pain_map": ["lower_back", "buttock_left", "groin_or_saddle"]})
    assert not legs({"pain_map": "thigh_front_left"})  # not a list: never raises
    assert not legs({"pain_map": [["thigh_front_left"]]})
    assert engine.CONDITIONS["leg_course"] is not None


def test_drop_unasked_drops_only_conditional_fields_whose_condition_fails():
    answers = {
        **CALM,
        "pain_map": ["lower_back"],
        "saddle_check": "not_sure",
        "leg_symptoms": ["numbness"],
        "leg_course": "worse",
    }
    assert engine.drop_unasked(answers) == CALM
    kept = {**answers, "pain_map": ["groin_or_saddle", "thigh_back_left"]}
    assert engine.drop_unasked(kept) == kept
    assert engine.drop_unasked({"age": 40}) == {"age": 40}
    with pytest.raises(ValueError):
        engine.drop_unasked(["age", 40])


def test_is_emergency_drops_unasked_fields_first():
    stale = {**CALM, "saddle_check": "numbness_or_tingling"}  # map has no groin_or_saddle
    assert engine.is_emergency(stale) is False
    assert engine.is_emergency(EMERGENCY) is True
    assert engine.is_emergency(WORKED["W4"].answers) is True
    with pytest.raises(ValueError):
        engine.is_emergency({"age": 12})


# --- What evaluate refuses ---------------------------------------------------------------------


class BrokenMapping(dict):
    def items(self):
        raise RuntimeError("boom")


REFUSED = {
    "not a mapping": ["age", 40],
    "None": None,
    "a string": "age=40",
    "a broken mapping": BrokenMapping(age=40),
    "key not a string": {("age",): 40},
    "int key": {1: 40},
    "unknown field": {"colour": "red"},
    "retired back_pain": {"back_pain": "yes"},
    "derived leg_side": {"leg_side": "left"},
    "derived leg_extent": {"leg_extent": "below_knee"},
    "age a bool": {"age": True},
    "age a float": {"age": 40.0},
    "age a string": {"age": "40"},
    "age too low": {"age": 15},
    "age too high": {"age": 111},
    "pain above 10": {"pain_now": 11},
    "pain below 0": {"pain_worst": -1},
    "choice in other case": {"onset": "Gradual"},
    "choice with spaces": {"onset": " gradual"},
    "choice not a string": {"onset": ["gradual"]},
    "choice unhashable dict": {"started": {"a": 1}},
    "choice from another field": {"course": "new"},
    "multi a string": {"warning_signs": "none"},
    "multi a dict": {"warning_signs": {"none": True}},
    "multi empty": {"health_flags": []},
    "multi empty map": {"pain_map": []},
    "multi unknown item": {"worse_with": ["sitting", "jumping"]},
    "multi list item": {"worse_with": [["sitting"]]},
    "multi dict item": {"tried": [{"rest": 1}]},
    "multi int item": {"warning_signs": [1]},
    "multi None item": {"pain_map": [None]},
    "none with another value": {"warning_signs": ["none", "bladder"]},
    "none in leg_symptoms": {"pain_map": ["foot_left"], "leg_symptoms": ["none"]},
    "worst below now": {"pain_now": 6, "pain_worst": 5},
    "saddle_check without map": {"saddle_check": "pain_only"},
    "saddle_check without groin": {"pain_map": ["lower_back"], "saddle_check": "pain_only"},
    "leg_symptoms without map": {"leg_symptoms": ["pain"]},
    "leg_course without a leg": {"pain_map": ["buttock_left"], "leg_course": "same"},
    "leg_symptoms with back only": {"pain_map": ["lower_back"], "leg_symptoms": ["pain"]},
}


@pytest.mark.parametrize("answers", REFUSED.values(), ids=REFUSED.keys())
def test_evaluate_refuses_malformed_answers_with_value_error(answers):
    with pytest.raises(ValueError):
        evaluate(answers)


def test_evaluate_accepts_tuples_sets_and_repeats_in_multis():
    as_tuple = {**CALM, "worse_with": ("bending", "activity", "bending")}
    as_set = {**CALM, "worse_with": {"bending", "activity"}}
    assert evaluate(as_tuple) == evaluate(as_set) == evaluate(CALM)
    assert evaluate({**CALM, "worse_with": frozenset({"activity", "bending"})}) == evaluate(CALM)


def test_evaluate_accepts_the_edges_and_empty_answers():
    assert evaluate({}).disposition == "self_care"
    assert evaluate({}).reasons == ()
    assert evaluate(complete(age=16, pain_now=10, pain_worst=10)).disposition == "urgent"
    oldest = evaluate(complete(age=110, pain_now=0, pain_worst=0))
    assert oldest.reasons == ("new_episode_over_70",)
    assert evaluate(MappingProxyType(CALM)) == evaluate(CALM)


def test_evaluate_does_not_change_its_input():
    answers = {**URGENT, "worse_with": ["sitting", "cough_sneeze"]}
    before = {k: list(v) if isinstance(v, list) else v for k, v in answers.items()}
    evaluate(answers)
    assert answers == before


# --- The spec's worked examples ----------------------------------------------------------------


@pytest.mark.parametrize("example", WORKED_EXAMPLES, ids=[e.name for e in WORKED_EXAMPLES])
def test_worked_example(example):
    result = evaluate(example.answers)
    assert result.disposition == example.disposition
    assert result.reasons == example.reasons
    assert result.possible_causes == example.causes
    assert {d.slug: d.score for d in result.cause_details} == example.scores
    assert result.advice == example.advice


@pytest.mark.parametrize("example", WORKED_EXAMPLES, ids=[e.name for e in WORKED_EXAMPLES])
def test_worked_example_stops_after_its_step(example):
    """Step by step, the result turns to emergency exactly at the step the example names."""
    seen: dict = {}
    stopped = None
    for step, fields in example.steps.items():
        seen.update(fields)
        if engine.is_emergency(seen):
            stopped = step
            break
    assert stopped == example.stops_after
    assert list(example.steps)[-1] == (example.stops_after or "impact")


def test_worked_example_cause_details():
    w5 = evaluate(WORKED["W5"].answers).cause_details[0]
    assert w5.fits == ("below_knee", "one_leg", "nerve_feelings", "worse_sitting_or_cough")
    assert (w5.against, w5.missing, w5.needs) == (
        (),
        ("legs_not_back",),
        ("legs", "leg_pain_or_nerve"),
    )
    w9 = evaluate(WORKED["W9"].answers).cause_details[0]
    assert w9.fits == ("age_40_plus", "recurring", "local_back_pain")
    assert w9.missing == ("gradual", "over_6_weeks")
    w7 = engine.score_cause(engine.CAUSE_TABLE[4], engine.view(WORKED["W7"].answers))
    assert (w7.slug, w7.score, w7.against) == ("degenerative-disc-disease", 3, ("below_knee",))
    w10 = engine.view(WORKED["W10"].answers)
    for row in engine.CAUSE_TABLE[3:5] + engine.CAUSE_TABLE[6:7]:
        assert engine.score_cause(row, w10).score == 2


def test_the_shared_answer_sets():
    assert DISPOSITIONS == vocabulary.TIERS
    for disposition, answers in LONGEST.items():
        assert evaluate(answers).disposition == disposition
    assert evaluate(complete()).reasons == ()
    assert set(complete()) == set(engine.FIELDS) - set(engine.CONDITIONS)
    for example in WORKED_EXAMPLES:
        assert flat(by_step(example.answers)) == example.answers
        assert list(example.steps) == [s for s in engine.STEPS if s in example.steps]


# --- Articles ----------------------------------------------------------------------------------


def test_article_slugs():
    assert engine.EMERGENCY_ARTICLES == (
        "cauda-equina-syndrome",
        "spinal-cord-compression",
        "emergency-warning-signs",
    )
    assert engine.SERIOUS_CAUSES_ARTICLE == "serious-causes-of-back-pain"
    assert engine.PREGNANCY_ARTICLE == "back-pain-in-pregnancy"
    assert {
        "fever",
        "recent_infection",
        "cancer",
        "weight_loss",
        "immune",
        "spinal_procedure",
        "upper_back",
        "possible_fracture",
        "fall_over_65",
        "sudden_severe_over_65",
        "back_lump",
    } == engine.SERIOUS_CAUSE_REASONS
    assert set(engine.REASON_CODES) >= engine.SERIOUS_CAUSE_REASONS


def test_article_slugs_for_a_result():
    assert engine.article_slugs(evaluate(EMERGENCY)) == engine.EMERGENCY_ARTICLES
    assert engine.article_slugs(evaluate(WORKED["W8"].answers)) == (engine.SERIOUS_CAUSES_ARTICLE,)
    assert engine.article_slugs(evaluate(URGENT)) == ()  # urgent, but no serious-cause reason
    assert engine.article_slugs(evaluate(WORKED["W10"].answers)) == (engine.PREGNANCY_ARTICLE,)
    both = evaluate(complete(health_flags=["pregnancy", "fever"]))
    assert engine.article_slugs(both) == (engine.SERIOUS_CAUSES_ARTICLE, engine.PREGNANCY_ARTICLE)


def test_article_slugs_are_written_only_in_the_engine():
    slugs = (*engine.EMERGENCY_ARTICLES, engine.SERIOUS_CAUSES_ARTICLE, engine.PREGNANCY_ARTICLE)
    for package in ("assessment", "articles", "clinical", "backhealth"):
        for path in (PROJECT / package).rglob("*.py"):
            if path in ENGINE_SOURCES or "migrations" in path.parts:
                continue
            text = path.read_text()
            assert not [s for s in slugs if f'"{s}"' in text or f"'{s}'" in text], path
