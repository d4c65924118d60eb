"""Steps, fields, the body map, conditional fields, validation: the answers the rules read."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from clinical.vocabulary import (
    HEALTH_FLAGS,
    NONE,
    WARNING_SIGNS,
)

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
