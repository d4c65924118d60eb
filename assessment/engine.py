"""The symptom assessment rules (spec/assessment.md v2): a pure function from coded answers.

No Django, no database, no I/O, no words for people. The shared clinical ids (warning signs,
health flags, tiers, causes) come from `clinical.vocabulary`; the ids used only by the
questionnaire (steps, fields, body-map regions, reason, feature and advice codes) are here.
The words people read live in the wording modules.

Absent answers. A field of a step that was not reached, or a conditional field whose condition
does not hold, is simply absent, and a rule or feature that reads it does not hold (principle
6: say only what was said). Only emergency results stop early, so an absent answer can never
lower a result: an emergency is shown exactly when the saved answers show it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import NamedTuple

from clinical.vocabulary import (
    CAUSES,
    EMERGENCY,
    HEALTH_FLAGS,
    NONE,
    ROUTINE,
    SELF_CARE,
    SOON,
    URGENT,
    WARNING_SIGNS,
    tier_rank,
)

__all__ = [
    "ADVICE",
    "ADVICE_CODES",
    "BELOW_KNEE_REGIONS",
    "CAUSE_TABLE",
    "CONDITIONS",
    "EMERGENCY_ARTICLES",
    "FEATURES",
    "FIELDS",
    "LEG_REGIONS",
    "MAX_AGE",
    "MAX_CAUSES",
    "MIN_AGE",
    "MIN_SCORE",
    "NONE",
    "PAIN_MAP_REGIONS",
    "PATTERN_MATCH_CAUSES",
    "PREGNANCY_ARTICLE",
    "REASON_CODES",
    "REASON_TIERS",
    "RETIRED_FIELDS",
    "REVIEW_STEP",
    "RULES",
    "RULES_VERSION",
    "SERIOUS_CAUSES_ARTICLE",
    "SERIOUS_CAUSE_REASONS",
    "STEPS",
    "STEP_FIELDS",
    "Answers",
    "CauseDetail",
    "CauseRow",
    "Field",
    "Result",
    "Rule",
    "article_slugs",
    "derive_legs",
    "drop_unasked",
    "evaluate",
    "is_emergency",
    "validate_answers",
    "possible_causes",
    "score_cause",
    "view",
]

# The version of these rules, stored with each result (results saved under v1 are shown as
# saved, never evaluated again).
RULES_VERSION = 2

# --- Steps, fields and allowed values --------------------------------------------------------

# The question steps in order; the wizard adds the "check your answers" step after them.
STEPS = ("about", "warning_signs", "health", "symptoms", "timeline", "patterns", "impact")
REVIEW_STEP = "review"

MIN_AGE = 16
MAX_AGE = 110


class Field(NamedTuple):
    """How a field is answered: kind is "int", "choice" or "multi"; values are the allowed ones."""

    kind: str
    values: tuple | range


# The body map's regions, in the spec's table order (the person's own left and right).
PAIN_MAP_REGIONS = (
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
LEFT_LEG_REGIONS = ("thigh_front_left", "thigh_back_left", "lower_leg_left", "foot_left")
RIGHT_LEG_REGIONS = ("thigh_front_right", "thigh_back_right", "lower_leg_right", "foot_right")
# In the map's order. The buttocks, the groin and the back are never leg regions.
LEG_REGIONS = tuple(r for r in PAIN_MAP_REGIONS if r in LEFT_LEG_REGIONS + RIGHT_LEG_REGIONS)
BELOW_KNEE_REGIONS = ("lower_leg_left", "lower_leg_right", "foot_left", "foot_right")

FIELDS: Mapping[str, Field] = MappingProxyType(
    {
        # about
        "age": Field("int", range(MIN_AGE, MAX_AGE + 1)),
        # warning_signs
        "warning_signs": Field("multi", (*WARNING_SIGNS, NONE)),
        # health
        "health_flags": Field("multi", (*HEALTH_FLAGS, NONE)),
        # symptoms
        "pain_map": Field("multi", PAIN_MAP_REGIONS),
        "saddle_check": Field("choice", ("numbness_or_tingling", "pain_only", "not_sure")),
        "leg_symptoms": Field(
            "multi", ("pain", "numbness", "tingling", "weakness", "burning", "cramp")
        ),
        "leg_course": Field("choice", ("worse", "new", "slowly_worse", "same", "better")),
        "pain_now": Field("int", range(0, 11)),
        "pain_worst": Field("int", range(0, 11)),
        # timeline
        "started": Field(
            "choice", ("under_2_weeks", "2_to_6_weeks", "6_to_12_weeks", "over_12_weeks")
        ),
        "onset": Field("choice", ("after_strain", "minor_fall", "sudden", "gradual")),
        "course": Field("choice", ("better", "same", "worse")),
        "previous": Field("choice", ("first", "similar", "different")),
        # patterns
        "worse_with": Field(
            "multi",
            (
                "sitting",
                "bending",
                "cough_sneeze",
                "walking",
                "standing",
                "lying_down",
                "morning_stiffness",
                "activity",
                NONE,
            ),
        ),
        "better_with": Field(
            "multi", ("sitting_or_bending_forward", "standing_still", "moving", "rest", NONE)
        ),
        "risk_factors": Field(
            "multi",
            ("diabetes", "smoker", "psoriasis_or_bowel_inflammation", "circulation_problems", NONE),
        ),
        # impact
        "daily_impact": Field("choice", ("none", "some", "stops_activities")),
        "walking": Field("choice", ("no_limit", "short_distances")),
        "sleep": Field("choice", ("fine", "disturbed")),
        "tried": Field(
            "multi",
            (
                "rest",
                "pain_relievers",
                "heat_or_cold",
                "exercise",
                "physiotherapy",
                "injections",
                "surgery",
                NONE,
            ),
        ),
    }
)

STEP_FIELDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "about": ("age",),
        "warning_signs": ("warning_signs",),
        "health": ("health_flags",),
        "symptoms": (
            "pain_map",
            "saddle_check",
            "leg_symptoms",
            "leg_course",
            "pain_now",
            "pain_worst",
        ),
        "timeline": ("started", "onset", "course", "previous"),
        "patterns": ("worse_with", "better_with", "risk_factors"),
        "impact": ("daily_impact", "walking", "sleep", "tried"),
    }
)

# v1 inputs: `back_pain` is retired (the map's `lower_back` says it), `leg_side` and
# `leg_extent` are derived from the map. All three are refused as input.
RETIRED_FIELDS = ("back_pain", "leg_side", "leg_extent")
DERIVED_FIELDS = ("leg_side", "leg_extent")


# --- The body map ------------------------------------------------------------------------------


def _items(value: object) -> frozenset[str]:
    """The string items of a multi answer as given (anything else ignored); never raises."""
    if not isinstance(value, list | tuple | set | frozenset):
        return frozenset()
    return frozenset(item for item in value if isinstance(item, str))


def derive_legs(pain_map: Iterable[str] | None) -> dict[str, str]:
    """`leg_side` and `leg_extent` from the body map, as spec'd; {} when the map is absent.

    `leg_side`: "both" with a left and a right leg region, "left" or "right" with one side only,
    "none" with no leg region (and then no `leg_extent`). `leg_extent`: "below_knee" when the
    map has a lower leg or a foot, "above_knee" otherwise.
    """
    if pain_map is None:
        return {}
    regions = _items(pain_map if isinstance(pain_map, frozenset) else list(pain_map))
    left = not regions.isdisjoint(LEFT_LEG_REGIONS)
    right = not regions.isdisjoint(RIGHT_LEG_REGIONS)
    if not (left or right):
        return {"leg_side": "none"}
    side = "both" if left and right else "left" if left else "right"
    extent = "below_knee" if not regions.isdisjoint(BELOW_KNEE_REGIONS) else "above_knee"
    return {"leg_side": side, "leg_extent": extent}


# --- Conditional fields ------------------------------------------------------------------------


def _map_has_saddle(answers: Mapping) -> bool:
    return "groin_or_saddle" in _items(answers.get("pain_map"))


def _map_has_leg(answers: Mapping) -> bool:
    return not _items(answers.get("pain_map")).isdisjoint(LEG_REGIONS)


# Field -> when it is asked (a predicate over the raw answers; never raises on a mapping).
CONDITIONS: Mapping[str, Callable[[Mapping], bool]] = MappingProxyType(
    {
        "saddle_check": _map_has_saddle,
        "leg_symptoms": _map_has_leg,
        "leg_course": _map_has_leg,
    }
)


def drop_unasked(answers: Mapping) -> dict:
    """The answers without conditional fields whose condition does not hold.

    The wizard calls this before `evaluate` (answers left on a page without JavaScript, or made
    stale by a change to the map, are dropped). Raises ValueError when `answers` is not a
    mapping; everything else is checked by `evaluate`.
    """
    if not isinstance(answers, Mapping):
        raise ValueError(f"answers must be a mapping, not {type(answers).__name__}")
    try:
        given = dict(answers)
    except Exception as error:  # a broken mapping: refuse it, as evaluate does
        raise ValueError("answers could not be read") from error
    return {
        name: value
        for name, value in given.items()
        if not (isinstance(name, str) and name in CONDITIONS) or CONDITIONS[name](given)
    }


# --- Validation --------------------------------------------------------------------------------


def _check_value(name: str, value: object) -> object:
    kind, allowed = FIELDS[name]
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be a whole number, not {type(value).__name__}")
        if value not in allowed:
            raise ValueError(f"{name} must be from {allowed[0]} to {allowed[-1]}, not {value}")
        return int(value)
    if kind == "choice":
        if not isinstance(value, str) or value not in allowed:
            raise ValueError(f"{name} must be one of {allowed}, not {value!r}")
        return str(value)
    if not isinstance(value, list | tuple | set | frozenset):
        raise ValueError(f"{name} must be a list of values, not {type(value).__name__}")
    for item in value:
        # Check the type first: an unhashable item (a list, a dict) is refused, not hashed.
        if not isinstance(item, str) or item not in allowed:
            raise ValueError(f"{name} must contain only {allowed}, not {item!r}")
    chosen = frozenset(str(item) for item in value)
    if not chosen:
        raise ValueError(f"{name} needs at least one value")
    if NONE in chosen and len(chosen) > 1:
        raise ValueError(f"{name}: {NONE!r} cannot be combined with other values")
    return chosen


def _validate(answers: object) -> dict[str, object]:
    if not isinstance(answers, Mapping):
        raise ValueError(f"answers must be a mapping, not {type(answers).__name__}")
    clean: dict[str, object] = {}
    for name, value in list(answers.items()):
        if not isinstance(name, str):
            raise ValueError(f"a field name must be a string, not {type(name).__name__}")
        if name in RETIRED_FIELDS:
            raise ValueError(f"{name!r} is not an answer in rules v{RULES_VERSION}")
        if name not in FIELDS:
            raise ValueError(f"unknown field {name!r}")
        clean[str(name)] = _check_value(name, value)
    if "pain_now" in clean and "pain_worst" in clean and clean["pain_worst"] < clean["pain_now"]:
        raise ValueError("pain_worst cannot be lower than pain_now")
    for name, condition in CONDITIONS.items():
        if name in clean and not condition(clean):
            raise ValueError(f"{name} is only asked when the body map shows it")
    return clean


def validate_answers(answers: Mapping[str, object]) -> dict[str, object]:
    """Check answers against the spec; return them with multis as frozensets.

    Raises ValueError, and never another exception, for any malformed input (section "What
    evaluate refuses"). The derived fields are not added (see `view`).
    """
    try:
        return _validate(answers)
    except ValueError:
        raise
    except Exception as error:  # e.g. a mapping whose items() fails: still only ValueError
        raise ValueError(f"answers could not be read: {error!r}") from error


# --- The answers as the rules see them ----------------------------------------------------------


@dataclass(frozen=True)
class Answers:
    """Validated answers (multis as frozensets) with `leg_side`/`leg_extent` derived.

    `top_cause` is the first shown possible cause, for `pattern_match` only.
    """

    values: Mapping[str, object]
    top_cause: str | None = None

    def get(self, name: str):
        return self.values.get(name)

    def known(self, name: str) -> bool:
        return name in self.values

    def is_(self, name: str, *choices) -> bool:
        """The single answer to `name` is one of `choices` (an absent answer never is)."""
        return name in self.values and self.values[name] in choices

    def has(self, name: str, *choices: str) -> bool:
        """The multi answer to `name` includes any of `choices` (an absent answer never does)."""
        return not self.values.get(name, frozenset()).isdisjoint(choices)

    def lacks(self, name: str, *choices: str) -> bool:
        """`name` was answered and includes none of `choices`."""
        return name in self.values and self.values[name].isdisjoint(choices)

    def age_at_least(self, years: int) -> bool:
        return "age" in self.values and self.values["age"] >= years

    def age_under(self, years: int) -> bool:
        return "age" in self.values and self.values["age"] < years


def view(answers: Mapping[str, object]) -> Answers:
    """Validate the answers and add the derived leg fields: what rules and features read."""
    clean = validate_answers(answers)
    clean.update(derive_legs(clean.get("pain_map")))
    return Answers(MappingProxyType(clean))


Predicate = Callable[[Answers], bool]

_NERVE = ("numbness", "tingling", "weakness", "burning")
_NEW_OR_WORSE = ("new", "worse")
_RECENT = ("under_2_weeks", "2_to_6_weeks")
_OVER_6_WEEKS = ("6_to_12_weeks", "over_12_weeks")


def _legs(a: Answers) -> bool:
    """legs: `leg_side` is left, right or both."""
    return a.is_("leg_side", "left", "right", "both")


def _leg_nerve_signs(a: Answers) -> bool:
    """leg nerve signs: below the knee, or numbness, tingling, weakness or burning."""
    return a.is_("leg_extent", "below_knee") or a.has("leg_symptoms", *_NERVE)


def _new_leg_nerve_signs(a: Answers) -> bool:
    """new leg nerve signs: leg nerve signs, and the legs are new or getting worse."""
    return _leg_nerve_signs(a) and a.is_("leg_course", *_NEW_OR_WORSE)


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
    "spinal-stenosis",
    "peripheral-artery-disease",
    "peripheral-neuropathy",
    "axial-spondyloarthritis",
)


# --- Possible causes ---------------------------------------------------------------------------

_POSTURE_WORSE = ("sitting", "bending", "walking", "standing", "lying_down")
_POSTURE_BETTER = ("sitting_or_bending_forward", "standing_still")


def _local_back_pain(a: Answers) -> bool:
    return a.has("pain_map", "lower_back") and (
        a.is_("leg_side", "none") or a.is_("leg_extent", "above_knee")
    )


def _not_posture_related(a: Answers) -> bool:
    return a.lacks("worse_with", *_POSTURE_WORSE) and a.lacks("better_with", *_POSTURE_BETTER)


def _age_between(low: int, high: int) -> Predicate:
    return lambda a: a.age_at_least(low) and a.age_under(high + 1)


# Feature id -> predicate over `Answers` (from `view`). A feature that reads an absent answer
# does not hold. In the spec's table order.
FEATURES: Mapping[str, Predicate] = MappingProxyType(
    {
        "legs": _legs,
        "one_leg": lambda a: a.is_("leg_side", "left", "right"),
        "both_legs": lambda a: a.is_("leg_side", "both"),
        "below_knee": lambda a: a.is_("leg_extent", "below_knee"),
        "above_knee_only": lambda a: a.is_("leg_extent", "above_knee"),
        "calf": lambda a: a.has("pain_map", "lower_leg_left", "lower_leg_right"),
        "buttock": lambda a: a.has("pain_map", "buttock_left", "buttock_right"),
        "both_feet": lambda a: a.has("pain_map", "foot_left") and a.has("pain_map", "foot_right"),
        "low_back": lambda a: a.has("pain_map", "lower_back"),
        "local_back_pain": _local_back_pain,
        "legs_not_back": lambda a: _legs(a) and not a.has("pain_map", "lower_back"),
        "leg_pain_or_nerve": lambda a: a.has("leg_symptoms", "pain", *_NERVE),
        "nerve_feelings": lambda a: a.has("leg_symptoms", "numbness", "tingling", "burning"),
        "nerve_symptoms": lambda a: a.has("leg_symptoms", *_NERVE),
        "cramp": lambda a: a.has("leg_symptoms", "cramp"),
        "onset_strain": lambda a: a.is_("onset", "after_strain"),
        "onset_strain_or_sudden": lambda a: a.is_("onset", "after_strain", "sudden"),
        "onset_injury": lambda a: a.is_("onset", "after_strain", "minor_fall"),
        "gradual": lambda a: a.is_("onset", "gradual"),
        "recurring": lambda a: a.is_("previous", "similar"),
        "under_6_weeks": lambda a: a.is_("started", *_RECENT),
        "over_6_weeks": lambda a: a.is_("started", *_OVER_6_WEEKS),
        "over_12_weeks": lambda a: a.is_("started", "over_12_weeks"),
        "long_gradual": lambda a: a.is_("onset", "gradual") and a.is_("started", "over_12_weeks"),
        "recent_strain": lambda a: (
            a.is_("onset", "after_strain") and a.is_("started", "under_2_weeks")
        ),
        "age_20_to_55": _age_between(20, 55),
        "age_40_plus": lambda a: a.age_at_least(40),
        "age_50_plus": lambda a: a.age_at_least(50),
        "age_under_30": lambda a: a.age_under(30),
        "age_under_40": lambda a: a.age_under(40),
        "age_under_45": lambda a: a.age_under(45),
        "age_over_50": lambda a: a.age_at_least(51),
        "age_over_65": lambda a: a.age_at_least(66),
        "worse_sitting_or_cough": lambda a: a.has("worse_with", "sitting", "cough_sneeze"),
        "worse_sitting_bending_or_cough": lambda a: a.has(
            "worse_with", "sitting", "bending", "cough_sneeze"
        ),
        "worse_activity_or_bending": lambda a: a.has("worse_with", "activity", "bending"),
        "worse_walking_or_standing": lambda a: a.has("worse_with", "walking", "standing"),
        "worse_walking": lambda a: a.has("worse_with", "walking"),
        "worse_sitting": lambda a: a.has("worse_with", "sitting"),
        "mechanical": lambda a: a.has(
            "worse_with", "sitting", "bending", "walking", "standing", "activity"
        ),
        "better_sitting_or_bending": lambda a: a.has("better_with", "sitting_or_bending_forward"),
        "better_sitting_bending_only": lambda a: (
            a.has("better_with", "sitting_or_bending_forward")
            and not a.has("better_with", "standing_still")
        ),
        "better_standing_still": lambda a: a.has("better_with", "standing_still"),
        "better_moving": lambda a: a.has("better_with", "moving"),
        "better_moving_not_rest": lambda a: (
            a.has("better_with", "moving") and not a.has("better_with", "rest")
        ),
        "morning_stiffness": lambda a: a.has("worse_with", "morning_stiffness"),
        "not_posture_related": _not_posture_related,
        "night_symptoms": lambda a: (
            a.is_("sleep", "disturbed") or a.has("worse_with", "lying_down")
        ),
        "walking_short": lambda a: a.is_("walking", "short_distances"),
        "night_pain": lambda a: a.has("health_flags", "night_pain"),
        "psoriasis_or_bowel_inflammation": lambda a: a.has(
            "risk_factors", "psoriasis_or_bowel_inflammation"
        ),
        "vascular_risk": lambda a: a.has(
            "risk_factors", "smoker", "diabetes", "circulation_problems"
        ),
        "diabetes": lambda a: a.has("risk_factors", "diabetes"),
    }
)


class CauseRow(NamedTuple):
    """A row of the causes table: every `needs` must hold; `for_` and `against` are counted."""

    slug: str
    needs: tuple[str, ...]
    for_: tuple[str, ...]
    against: tuple[str, ...]


# The spec's causes table, in its order (which breaks ties). The slugs are `CAUSES`, in order.
CAUSE_TABLE: tuple[CauseRow, ...] = (
    CauseRow(
        CAUSES[0],  # sciatica
        needs=("legs", "leg_pain_or_nerve"),
        for_=("below_knee", "one_leg", "nerve_feelings", "worse_sitting_or_cough", "legs_not_back"),
        against=("above_knee_only", "both_legs", "better_standing_still"),
    ),
    CauseRow(
        CAUSES[1],  # herniated-disc
        needs=("legs", "leg_pain_or_nerve"),
        for_=(
            "onset_strain_or_sudden",
            "age_20_to_55",
            "worse_sitting_bending_or_cough",
            "below_knee",
        ),
        against=("long_gradual", "age_over_65"),
    ),
    CauseRow(
        CAUSES[2],  # spinal-stenosis
        needs=("legs", "worse_walking_or_standing"),
        for_=("age_50_plus", "better_sitting_or_bending", "both_legs", "gradual", "walking_short"),
        against=("age_under_40", "better_moving"),
    ),
    CauseRow(
        CAUSES[3],  # lumbar-strain
        needs=("low_back",),
        for_=("onset_strain", "local_back_pain", "worse_activity_or_bending", "under_6_weeks"),
        against=("nerve_symptoms", "below_knee"),
    ),
    CauseRow(
        CAUSES[4],  # degenerative-disc-disease
        needs=("low_back",),
        for_=("age_40_plus", "gradual", "recurring", "over_6_weeks", "local_back_pain"),
        against=("age_under_30", "recent_strain", "below_knee"),
    ),
    CauseRow(
        CAUSES[5],  # axial-spondyloarthritis
        needs=("low_back", "over_12_weeks"),
        for_=(
            "age_under_45",
            "gradual",
            "morning_stiffness",
            "better_moving_not_rest",
            "night_pain",
            "buttock",
            "psoriasis_or_bowel_inflammation",
        ),
        against=("age_over_50", "onset_injury"),
    ),
    CauseRow(
        CAUSES[6],  # nonspecific-low-back-pain
        needs=("low_back",),
        for_=("local_back_pain", "mechanical", "over_12_weeks"),
        against=("below_knee", "nerve_symptoms", "night_pain"),
    ),
    CauseRow(
        CAUSES[7],  # peripheral-artery-disease
        needs=("legs", "worse_walking"),
        for_=("calf", "better_standing_still", "vascular_risk", "age_50_plus"),
        against=("better_sitting_bending_only", "worse_sitting"),
    ),
    CauseRow(
        CAUSES[8],  # peripheral-neuropathy
        needs=("legs", "nerve_feelings"),
        for_=("both_feet", "diabetes", "not_posture_related", "gradual"),
        against=("one_leg", "onset_injury"),
    ),
    CauseRow(
        CAUSES[9],  # night-leg-cramps
        needs=("cramp",),
        for_=("calf", "night_symptoms", "legs_not_back"),
        against=("nerve_symptoms",),
    ),
)

MIN_SCORE = 3  # a clear fit scores at least this
MAX_CAUSES = 3  # shown at most
SCORE_BAND = 1  # other clear fits shown when at most this far below the best
MAX_MISSING = 2  # "for" features that do not hold, for "what does not fit"


@dataclass(frozen=True)
class CauseDetail:
    """Why a possible cause is shown.

    `score` is len(fits) - len(against). `fits`: the "for" features that hold; `against`: the
    "against" features that hold; `missing`: up to two "for" features that do not hold (for
    "what does not fit" when `against` is empty); `needs`: the row's needs, which all hold (they
    are part of "what fits" but do not count in the score). All in the order of the row.
    """

    slug: str
    score: int
    fits: tuple[str, ...]
    against: tuple[str, ...]
    missing: tuple[str, ...] = ()
    needs: tuple[str, ...] = field(default=())


def score_cause(row: CauseRow, answers: Answers) -> CauseDetail | None:
    """The row's detail for these answers; None when one of its needs does not hold."""
    if not all(FEATURES[need](answers) for need in row.needs):
        return None
    fits = tuple(f for f in row.for_ if FEATURES[f](answers))
    against = tuple(f for f in row.against if FEATURES[f](answers))
    missing = tuple(f for f in row.for_ if f not in fits)[:MAX_MISSING]
    return CauseDetail(row.slug, len(fits) - len(against), fits, against, missing, row.needs)


def possible_causes(answers: Answers) -> tuple[CauseDetail, ...]:
    """The clear fits to show, best first (section "Which causes are shown").

    A clear fit has all its needs and a score of at least MIN_SCORE. Shown: the best, then every
    other clear fit at most SCORE_BAND below it, at most MAX_CAUSES, ties in table order.
    """
    scored = [score_cause(row, answers) for row in CAUSE_TABLE]
    clear = [d for d in scored if d is not None and d.score >= MIN_SCORE]
    if not clear:
        return ()
    best = max(d.score for d in clear)
    shown = [d for d in clear if d.score >= best - SCORE_BAND]
    shown.sort(key=lambda d: -d.score)  # stable: ties stay in table order
    return tuple(shown[:MAX_CAUSES])


# --- Extra advice ------------------------------------------------------------------------------

ADVICE: Mapping[str, Predicate] = MappingProxyType(
    {
        "pregnancy": _ticked("health_flags", "pregnancy"),
        "cancer_team": _ticked("health_flags", "cancer"),
        "procedure_team": _ticked("health_flags", "spinal_procedure"),
    }
)
ADVICE_CODES = tuple(ADVICE)


# --- Articles ----------------------------------------------------------------------------------

EMERGENCY_ARTICLES = ("cauda-equina-syndrome", "spinal-cord-compression", "emergency-warning-signs")
SERIOUS_CAUSES_ARTICLE = "serious-causes-of-back-pain"
# An urgent result with any of these reasons also links SERIOUS_CAUSES_ARTICLE, first.
SERIOUS_CAUSE_REASONS = frozenset(
    {
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
    }
)
PREGNANCY_ARTICLE = "back-pain-in-pregnancy"


# --- Result ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """What evaluate() decides: how urgently, why, what might be causing it, extra advice."""

    disposition: str
    reasons: tuple[str, ...] = ()
    possible_causes: tuple[str, ...] = ()
    cause_details: tuple[CauseDetail, ...] = ()
    advice: tuple[str, ...] = ()


def evaluate(answers: Mapping[str, object]) -> Result:
    """Work out how urgently to get care, why, what might be causing it, and extra advice.

    Raises ValueError (and never another exception) for malformed answers.
    """
    a = view(answers)
    # 1. Every rule except pattern_match.
    fired = [rule for rule in RULES if rule.reason != "pattern_match" and rule.predicate(a)]
    details: tuple[CauseDetail, ...] = ()
    # 2. An emergency shows no causes, and pattern_match does not fire.
    if not any(rule.tier == EMERGENCY for rule in fired):
        # 3. The possible causes, then pattern_match.
        details = possible_causes(a)
        a = replace(a, top_cause=details[0].slug if details else None)
        fired += [rule for rule in RULES if rule.reason == "pattern_match" and rule.predicate(a)]
    # 4. By tier (most urgent first), then table order; each reason once.
    # (`both_legs`, a sign and a rule, goes at the sign's place: REASON_CODES has it there.)
    fired.sort(key=lambda rule: (tier_rank(rule.tier), _REASON_ORDER[rule.reason]))
    reasons = tuple(dict.fromkeys(rule.reason for rule in fired))
    disposition = fired[0].tier if fired else SELF_CARE
    # 5. Extra advice.
    advice = tuple(code for code, holds in ADVICE.items() if holds(a))
    return Result(
        disposition=disposition,
        reasons=reasons,
        possible_causes=tuple(d.slug for d in details),
        cause_details=details,
        advice=advice,
    )


def is_emergency(answers: Mapping[str, object]) -> bool:
    """The saved answers so far show an emergency (unasked conditional fields dropped first).

    Raises ValueError for malformed answers, like `evaluate`.
    """
    return evaluate(drop_unasked(answers)).disposition == EMERGENCY


def article_slugs(result: Result) -> tuple[str, ...]:
    """The articles a result links to, in order (each shown only when published).

    Emergency: EMERGENCY_ARTICLES. Otherwise: SERIOUS_CAUSES_ARTICLE first on an urgent result
    with a serious-cause reason, then PREGNANCY_ARTICLE with the pregnancy advice; the causes'
    articles are found through their slugs (`Article.explains`), not here.
    """
    if result.disposition == EMERGENCY:
        return EMERGENCY_ARTICLES
    slugs: tuple[str, ...] = ()
    if result.disposition == URGENT and SERIOUS_CAUSE_REASONS.intersection(result.reasons):
        slugs += (SERIOUS_CAUSES_ARTICLE,)
    if "pregnancy" in result.advice:
        slugs += (PREGNANCY_ARTICLE,)
    return slugs
