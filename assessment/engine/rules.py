"""The rule tables of spec/assessment.md (v2): which answers make which tier, and why."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from assessment.engine.answers import (
    _NEW_OR_WORSE,
    _OVER_6_WEEKS,
    _RECENT,
    Answers,
    Predicate,
    _leg_nerve_signs,
    _legs,
    _new_leg_nerve_signs,
)
from clinical.vocabulary import (
    AXIAL_SPONDYLOARTHRITIS,
    EMERGENCY,
    HEALTH_FLAGS,
    PERIPHERAL_ARTERY_DISEASE,
    PERIPHERAL_NEUROPATHY,
    ROUTINE,
    SOON,
    SPINAL_STENOSIS,
    URGENT,
    WARNING_SIGNS,
)

# --- Rules -------------------------------------------------------------------------------------


class Rule(NamedTuple):
    tier: str
    reason: str
    predicate: Predicate


def _ticked(name: str, value: str) -> Predicate:
    return lambda a: a.has(name, value)


def _flag_and(flag: str, condition: Predicate) -> Predicate:
    return lambda a: a.has("health_flags", flag) and condition(a)


def _cancer_nerve_symptoms(a: Answers) -> bool:
    return (
        a.has("health_flags", "cancer")
        and _legs(a)
        and (_leg_nerve_signs(a) or a.is_("leg_course", "new", "worse", "slowly_worse"))
    )


def _fever_nerve_symptoms(a: Answers) -> bool:
    return a.has("health_flags", "fever") and (
        a.has("leg_symptoms", "weakness", "numbness") or _new_leg_nerve_signs(a)
    )


def _sudden_severe_over_65(a: Answers) -> bool:
    return (
        a.age_at_least(65)
        and a.is_("onset", "sudden")
        and "pain_worst" in a.values
        and a.get("pain_worst") >= 7
        and a.has("pain_map", "lower_back", "upper_back")
    )


def _leg_numbness(a: Answers) -> bool:
    return a.has("leg_symptoms", "numbness", "tingling") and (
        a.is_("leg_course", "new", "worse", "slowly_worse") or a.is_("started", *_RECENT)
    )


def _pattern_match(a: Answers) -> bool:
    return a.top_cause in PATTERN_MATCH_CAUSES


# The health flags that are urgent alone, in the field's order (all but these two).
_URGENT_FLAGS = tuple(f for f in HEALTH_FLAGS if f not in ("osteoporosis", "pregnancy"))

# The spec's rule tables, in order. The disposition is the highest tier any rule reaches.
RULES: tuple[Rule, ...] = (
    # Emergency.
    *(Rule(EMERGENCY, sign, _ticked("warning_signs", sign)) for sign in WARNING_SIGNS),
    Rule(
        EMERGENCY,
        "saddle_area",
        lambda a: a.is_("saddle_check", "numbness_or_tingling", "not_sure"),
    ),
    Rule(
        EMERGENCY,
        "both_legs",
        lambda a: a.is_("leg_side", "both") and a.is_("leg_course", *_NEW_OR_WORSE),
    ),
    Rule(EMERGENCY, "cancer_nerve_symptoms", _cancer_nerve_symptoms),
    Rule(EMERGENCY, "fever_nerve_symptoms", _fever_nerve_symptoms),
    Rule(
        EMERGENCY,
        "infection_nerve_symptoms",
        _flag_and("recent_infection", _new_leg_nerve_signs),
    ),
    Rule(EMERGENCY, "immune_nerve_symptoms", _flag_and("immune", _new_leg_nerve_signs)),
    Rule(EMERGENCY, "weight_loss_nerve_symptoms", _flag_and("weight_loss", _new_leg_nerve_signs)),
    Rule(
        EMERGENCY,
        "procedure_fever",
        _flag_and("spinal_procedure", lambda a: a.has("health_flags", "fever", "recent_infection")),
    ),
    Rule(
        EMERGENCY, "procedure_nerve_symptoms", _flag_and("spinal_procedure", _new_leg_nerve_signs)
    ),
    # Urgent: same day.
    *(Rule(URGENT, flag, _ticked("health_flags", flag)) for flag in _URGENT_FLAGS),
    Rule(URGENT, "upper_back", _ticked("pain_map", "upper_back")),
    Rule(
        URGENT,
        "possible_fracture",
        _flag_and("osteoporosis", lambda a: a.is_("onset", "after_strain", "minor_fall", "sudden")),
    ),
    Rule(URGENT, "fall_over_65", lambda a: a.age_at_least(65) and a.is_("onset", "minor_fall")),
    Rule(URGENT, "sudden_severe_over_65", _sudden_severe_over_65),
    Rule(URGENT, "leg_weakness", _ticked("leg_symptoms", "weakness")),
    Rule(
        URGENT,
        "nerve_symptoms_worse",
        lambda a: a.has("leg_symptoms", "numbness", "weakness") and a.is_("leg_course", "worse"),
    ),
    Rule(
        URGENT,
        "both_legs_slowly_worse",
        lambda a: a.is_("leg_side", "both") and a.is_("leg_course", "slowly_worse"),
    ),
    Rule(URGENT, "cough_sneeze", _ticked("worse_with", "cough_sneeze")),
    Rule(URGENT, "severe_pain", lambda a: a.is_("pain_now", 9, 10)),
    # Soon: within a week.
    Rule(SOON, "leg_numbness", _leg_numbness),
    Rule(
        SOON,
        "both_legs_stable",
        lambda a: a.is_("leg_side", "both") and a.is_("leg_course", "same", "better"),
    ),
    Rule(SOON, "osteoporosis", _flag_and("osteoporosis", lambda a: a.is_("onset", "gradual"))),
    Rule(SOON, "new_pain_over_50", lambda a: a.age_at_least(50) and a.is_("previous", "first")),
    Rule(
        SOON,
        "persistent_over_60",
        lambda a: a.age_at_least(60) and a.is_("started", *_OVER_6_WEEKS),
    ),
    Rule(SOON, "new_episode_over_70", lambda a: a.age_at_least(70) and a.is_("started", *_RECENT)),
    Rule(SOON, "under_20", lambda a: a.age_under(20)),
    Rule(SOON, "different_episode", lambda a: a.is_("previous", "different")),
    # Routine: book an appointment.
    Rule(ROUTINE, "below_knee", lambda a: a.is_("leg_extent", "below_knee")),
    Rule(
        ROUTINE,
        "not_improving",
        lambda a: (
            a.is_("started", "2_to_6_weeks", *_OVER_6_WEEKS) and a.is_("course", "same", "worse")
        ),
    ),
    Rule(ROUTINE, "long_lasting", lambda a: a.is_("started", *_OVER_6_WEEKS)),
    Rule(ROUTINE, "getting_worse", lambda a: a.is_("course", "worse")),
    Rule(ROUTINE, "stops_activities", lambda a: a.is_("daily_impact", "stops_activities")),
    Rule(ROUTINE, "pattern_match", _pattern_match),
)

# Every reason code once, in table order (`both_legs` at the sign's place), and its tier.
REASON_TIERS: Mapping[str, str] = MappingProxyType({r.reason: r.tier for r in RULES})
REASON_CODES = tuple(REASON_TIERS)
_REASON_ORDER = {reason: i for i, reason in enumerate(REASON_CODES)}

# A first possible cause that needs a clinician to confirm it fires `pattern_match`.
PATTERN_MATCH_CAUSES = (
    SPINAL_STENOSIS,
    PERIPHERAL_ARTERY_DISEASE,
    PERIPHERAL_NEUROPATHY,
    AXIAL_SPONDYLOARTHRITIS,
)
