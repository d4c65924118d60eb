"""The symptom assessment rules: a pure function from coded answers to a `Result`.

No Django, no database, no I/O. Every id here (steps, fields, values, reason codes, cause slugs)
is the contract in spec/assessment.md; the words people read live in `assessment.wording`.

Absent answers. A field of a step that was not shown is simply absent, and a rule that reads it
does not fire. The one exception follows "when in doubt, more urgent": three rules qualify a
symptom the person did report by the timeline (both legs, osteoporosis, leg numbness); when the
timeline is unknown they take the more urgent reading. The wizard always asks the red-flag
questions (`warning_signs`, `health_flags`) explicitly, with a "none of these" answer, so for a
finished assessment an absent red-flag answer only happens after an emergency stop; the engine
never reads an absent red-flag answer as "no" -- it just has nothing to read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import NamedTuple

# --- Steps, fields and allowed values --------------------------------------------------------

# The question steps in order; the wizard adds the "check your answers" step after them.
STEPS = ("about", "warning_signs", "health", "symptoms", "timeline", "patterns", "impact")
REVIEW_STEP = "review"

MIN_AGE = 16
MAX_AGE = 110
NONE = "none"


class Field(NamedTuple):
    """How a field is answered: kind is "int", "choice" or "multi"; values are the allowed ones."""

    kind: str
    values: tuple | range


WARNING_SIGNS = (
    "saddle_numbness",
    "bladder",
    "bowel",
    "sexual",
    "both_legs",
    "leg_weakness_severe",
    "arms_and_legs",
    "trauma",
    "chest_pain",
)
HEALTH_FLAGS = (
    "fever",
    "cancer",
    "weight_loss",
    "immune",
    "osteoporosis",
    "night_pain",
    "back_lump",
    "urinary",
)

FIELDS: Mapping[str, Field] = MappingProxyType(
    {
        # about
        "age": Field("int", range(MIN_AGE, MAX_AGE + 1)),
        # warning_signs
        "warning_signs": Field("multi", (*WARNING_SIGNS, NONE)),
        # health
        "health_flags": Field("multi", (*HEALTH_FLAGS, NONE)),
        # symptoms
        "back_pain": Field("choice", ("yes", "no")),
        "leg_side": Field("choice", ("none", "left", "right", "both")),
        "leg_extent": Field("choice", ("above_knee", "below_knee")),
        "leg_symptoms": Field(
            "multi", ("pain", "numbness", "tingling", "weakness", "burning", "cramp")
        ),
        "pain_now": Field("int", range(0, 11)),
        "pain_worst": Field("int", range(0, 11)),
        # timeline
        "started": Field(
            "choice", ("under_2_weeks", "2_to_6_weeks", "6_to_12_weeks", "over_12_weeks")
        ),
        "onset": Field("choice", ("after_strain", "sudden", "gradual")),
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
            "back_pain",
            "leg_side",
            "leg_extent",
            "leg_symptoms",
            "pain_now",
            "pain_worst",
        ),
        "timeline": ("started", "onset", "course", "previous"),
        "patterns": ("worse_with", "better_with", "risk_factors"),
        "impact": ("daily_impact", "walking", "sleep", "tried"),
    }
)

# Only asked about legs when there are leg symptoms.
LEG_DETAIL_FIELDS = ("leg_extent", "leg_symptoms")

# Most urgent first.
DISPOSITIONS = ("emergency", "urgent", "soon", "routine", "self_care")

EMERGENCY_ARTICLES = ("cauda-equina-syndrome", "spinal-cord-compression", "emergency-warning-signs")
SERIOUS_CAUSES_ARTICLE = "serious-causes-of-back-pain"
SERIOUS_CAUSE_REASONS = frozenset(
    {"fever", "cancer", "weight_loss", "immune", "possible_fracture", "back_lump"}
)
# A top cause that needs a clinician to confirm it raises the result to at least "routine".
CLINICIAN_CAUSES = frozenset(
    {
        "spinal-stenosis",
        "peripheral-artery-disease",
        "peripheral-neuropathy",
        "axial-spondyloarthritis",
    }
)
MAX_CAUSES = 4
# Age and how long or how slowly it came on colour a cause but never support it on their own:
# a cause is shown only when at least one other feature fits.
CONTEXT_FEATURES = frozenset(
    {
        "gradual_onset",
        "age_under_30",
        "age_under_40",
        "age_under_45",
        "age_20_to_55",
        "age_40_plus",
        "age_50_plus",
        "age_over_50",
        "age_over_65",
        "under_6_weeks",
        "over_6_weeks",
        "over_12_weeks",
    }
)


# --- The answers as the rules see them ----------------------------------------------------------


@dataclass(frozen=True)
class Answers:
    """Validated answers (multis as frozensets) plus the top possible cause, for predicates."""

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
        """The multi answer to `name` includes any of `choices`."""
        return not self.values.get(name, frozenset()).isdisjoint(choices)

    def age_at_least(self, years: int) -> bool:
        return self.known("age") and self.values["age"] >= years

    def age_under(self, years: int) -> bool:
        return self.known("age") and self.values["age"] < years


Predicate = Callable[[Answers], bool]


def _legs(a: Answers) -> bool:
    return a.is_("leg_side", "left", "right", "both")


_OLDER_THAN_2_WEEKS = ("2_to_6_weeks", "6_to_12_weeks", "over_12_weeks")
_OLDER_THAN_6_WEEKS = ("6_to_12_weeks", "over_12_weeks")


def _timeline_unknown(a: Answers) -> bool:
    return not (a.known("started") and a.known("course"))


def _new_or_worse(a: Answers) -> bool:
    """Started in the last 2 weeks or getting worse; an unknown timeline counts (more urgent)."""
    return _timeline_unknown(a) or a.is_("started", "under_2_weeks") or a.is_("course", "worse")


def _recent_or_worse(a: Answers) -> bool:
    """Started in the last 6 weeks or getting worse; an unknown timeline counts (more urgent)."""
    return (
        _timeline_unknown(a)
        or a.is_("started", "under_2_weeks", "2_to_6_weeks")
        or a.is_("course", "worse")
    )


def _both_legs(a: Answers) -> bool:
    return a.is_("leg_side", "both") and _new_or_worse(a)


def _cancer_nerve_symptoms(a: Answers) -> bool:
    return a.has("health_flags", "cancer") and (
        a.is_("leg_extent", "below_knee") or a.has("leg_symptoms", "weakness", "numbness")
    )


def _fever_nerve_symptoms(a: Answers) -> bool:
    return a.has("health_flags", "fever") and a.has("leg_symptoms", "weakness", "numbness")


def _possible_fracture(a: Answers) -> bool:
    # Unknown onset: a fracture cannot be ruled out, so take the urgent reading.
    return a.has("health_flags", "osteoporosis") and not a.is_("onset", "gradual")


def _leg_numbness(a: Answers) -> bool:
    return a.has("leg_symptoms", "numbness", "tingling") and _recent_or_worse(a)


def _not_improving(a: Answers) -> bool:
    return a.is_("started", *_OLDER_THAN_2_WEEKS) and a.is_("course", "same", "worse")


def _pattern_match(a: Answers) -> bool:
    return a.top_cause in CLINICIAN_CAUSES


class Rule(NamedTuple):
    tier: str
    reason: str
    predicate: Predicate


def _ticked(name: str, value: str) -> Predicate:
    return lambda a: a.has(name, value)


# The spec's rule tables, in order. The disposition is the highest tier any rule reaches.
RULES: tuple[Rule, ...] = (
    # Emergency: stop the wizard at warning_signs when any sign is ticked.
    *(Rule("emergency", sign, _ticked("warning_signs", sign)) for sign in WARNING_SIGNS),
    Rule("emergency", "both_legs", _both_legs),
    Rule("emergency", "cancer_nerve_symptoms", _cancer_nerve_symptoms),
    Rule("emergency", "fever_nerve_symptoms", _fever_nerve_symptoms),
    # Urgent: same day.
    *(
        Rule("urgent", flag, _ticked("health_flags", flag))
        for flag in (
            "fever",
            "cancer",
            "weight_loss",
            "immune",
            "night_pain",
            "back_lump",
            "urinary",
        )
    ),
    Rule("urgent", "possible_fracture", _possible_fracture),
    Rule("urgent", "leg_weakness", lambda a: a.has("leg_symptoms", "weakness")),
    Rule("urgent", "cough_sneeze", lambda a: a.has("worse_with", "cough_sneeze")),
    Rule("urgent", "severe_pain", lambda a: a.is_("pain_now", 9, 10)),
    # Soon: within about a week.
    Rule("soon", "leg_numbness", _leg_numbness),
    Rule(
        "soon",
        "osteoporosis",
        lambda a: a.has("health_flags", "osteoporosis") and a.is_("onset", "gradual"),
    ),
    Rule("soon", "new_pain_over_50", lambda a: a.age_at_least(50) and a.is_("previous", "first")),
    Rule(
        "soon",
        "persistent_over_60",
        lambda a: a.age_at_least(60) and a.is_("started", *_OLDER_THAN_6_WEEKS),
    ),
    Rule("soon", "under_20", lambda a: a.age_under(20)),
    Rule("soon", "different_episode", lambda a: a.is_("previous", "different")),
    # Routine: book an appointment.
    Rule("routine", "below_knee", lambda a: a.is_("leg_extent", "below_knee")),
    Rule("routine", "not_improving", _not_improving),
    Rule("routine", "long_lasting", lambda a: a.is_("started", *_OLDER_THAN_6_WEEKS)),
    Rule("routine", "getting_worse", lambda a: a.is_("course", "worse")),
    Rule("routine", "stops_activities", lambda a: a.is_("daily_impact", "stops_activities")),
    Rule("routine", "pattern_match", _pattern_match),
)

# Every reason code once, in table order, and the tier it belongs to.
REASON_TIERS: Mapping[str, str] = MappingProxyType({r.reason: r.tier for r in RULES})
REASON_CODES = tuple(REASON_TIERS)


# --- Possible causes ---------------------------------------------------------------------------


def _below_knee(a: Answers) -> bool:
    return a.is_("leg_extent", "below_knee")


def _back_pain_local(a: Answers) -> bool:
    """Back pain with no leg symptoms, or with symptoms above the knee only."""
    return a.is_("back_pain", "yes") and (
        a.is_("leg_side", "none") or a.is_("leg_extent", "above_knee")
    )


_POSTURE_WORSE = ("sitting", "bending", "walking", "standing", "lying_down")
_POSTURE_BETTER = ("sitting_or_bending_forward", "standing_still")


def _not_posture_related(a: Answers) -> bool:
    """Leg symptoms that no posture or walking makes worse or better."""
    return (
        _legs(a)
        and a.known("worse_with")
        and a.known("better_with")
        and not a.has("worse_with", *_POSTURE_WORSE)
        and not a.has("better_with", *_POSTURE_BETTER)
    )


# Feature code -> predicate. A feature means the same thing for every cause that uses it.
FEATURES: Mapping[str, Predicate] = MappingProxyType(
    {
        # where the symptoms are
        "below_knee": _below_knee,
        "above_knee_only": lambda a: a.is_("leg_extent", "above_knee"),
        "no_leg_symptoms": lambda a: a.is_("leg_side", "none"),
        "one_leg": lambda a: a.is_("leg_side", "left", "right"),
        "both_legs": lambda a: a.is_("leg_side", "both"),
        "both_legs_below_knee": lambda a: a.is_("leg_side", "both") and _below_knee(a),
        "leg_more_than_back": lambda a: _legs(a) and a.is_("back_pain", "no"),
        "no_back_pain": lambda a: a.is_("back_pain", "no"),
        "back_pain_local": _back_pain_local,
        # what the leg feels like
        "leg_nerve_feelings": lambda a: a.has("leg_symptoms", "numbness", "tingling", "burning"),
        "nerve_symptoms": lambda a: a.has(
            "leg_symptoms", "numbness", "tingling", "weakness", "burning"
        ),
        "cramp": lambda a: a.has("leg_symptoms", "cramp"),
        # how and when it started
        "onset_after_strain": lambda a: a.is_("onset", "after_strain"),
        "onset_strain_or_sudden": lambda a: a.is_("onset", "after_strain", "sudden"),
        "gradual_onset": lambda a: a.is_("onset", "gradual"),
        "recurring": lambda a: a.is_("previous", "similar"),
        "under_6_weeks": lambda a: a.is_("started", "under_2_weeks", "2_to_6_weeks"),
        "over_6_weeks": lambda a: a.is_("started", *_OLDER_THAN_6_WEEKS),
        "over_12_weeks": lambda a: a.is_("started", "over_12_weeks"),
        "gradual_over_12_weeks": lambda a: (
            a.is_("onset", "gradual") and a.is_("started", "over_12_weeks")
        ),
        "recent_strain": lambda a: (
            a.is_("onset", "after_strain") and a.is_("started", "under_2_weeks")
        ),
        # age
        "age_under_30": lambda a: a.age_under(30),
        "age_under_40": lambda a: a.age_under(40),
        "age_under_45": lambda a: a.age_under(45),
        "age_20_to_55": lambda a: a.age_at_least(20) and a.age_under(56),
        "age_40_plus": lambda a: a.age_at_least(40),
        "age_50_plus": lambda a: a.age_at_least(50),
        "age_over_50": lambda a: a.age_at_least(51),
        "age_over_65": lambda a: a.age_at_least(66),
        # what makes it worse or better
        "worse_sitting_or_cough": lambda a: a.has("worse_with", "sitting", "cough_sneeze"),
        "worse_sitting_bending_or_cough": lambda a: a.has(
            "worse_with", "sitting", "bending", "cough_sneeze"
        ),
        "worse_activity_or_bending": lambda a: a.has("worse_with", "activity", "bending"),
        "legs_worse_walking_or_standing": lambda a: (
            _legs(a) and a.has("worse_with", "walking", "standing")
        ),
        "legs_worse_walking": lambda a: _legs(a) and a.has("worse_with", "walking"),
        "better_sitting_or_bending_forward": lambda a: a.has(
            "better_with", "sitting_or_bending_forward"
        ),
        "better_sitting_bending_only": lambda a: (
            a.has("better_with", "sitting_or_bending_forward")
            and not a.has("better_with", "standing_still")
        ),
        "better_standing_still": lambda a: a.has("better_with", "standing_still"),
        "better_with_moving": lambda a: a.has("better_with", "moving"),
        "better_moving_not_rest": lambda a: (
            a.has("better_with", "moving") and not a.has("better_with", "rest")
        ),
        "morning_stiffness": lambda a: a.has("worse_with", "morning_stiffness"),
        "not_posture_related": _not_posture_related,
        "back_pain_no_walking_link": lambda a: (
            a.is_("back_pain", "yes")
            and a.known("worse_with")
            and not a.has("worse_with", "walking")
        ),
        "night_symptoms": lambda a: (
            a.is_("sleep", "disturbed") or a.has("worse_with", "lying_down")
        ),
        "walking_short_distances": lambda a: a.is_("walking", "short_distances"),
        # health and risk factors
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


class Cause(NamedTuple):
    """A possible cause: (feature code, weight) pairs that point to it and that point away."""

    slug: str
    fits: tuple[tuple[str, int], ...]
    against: tuple[tuple[str, int], ...]


# The spec's possible-causes table. Ties are broken by this order. Beyond the spec: the four
# back conditions count "no back pain" against them strongly enough to rule them out.
CAUSES: tuple[Cause, ...] = (
    Cause(
        "sciatica",
        fits=(
            ("below_knee", 3),
            ("one_leg", 2),
            ("leg_nerve_feelings", 2),
            ("worse_sitting_or_cough", 2),
            ("leg_more_than_back", 1),
        ),
        against=(("no_leg_symptoms", 5), ("above_knee_only", 2)),
    ),
    Cause(
        "herniated-disc",
        fits=(
            ("onset_strain_or_sudden", 1),
            ("age_20_to_55", 1),
            ("worse_sitting_bending_or_cough", 3),
            ("below_knee", 2),
        ),
        against=(("gradual_over_12_weeks", 2), ("age_over_65", 2)),
    ),
    Cause(
        "spinal-stenosis",
        fits=(
            ("age_50_plus", 2),
            ("legs_worse_walking_or_standing", 3),
            ("better_sitting_or_bending_forward", 3),
            ("both_legs", 2),
            ("gradual_onset", 1),
            ("walking_short_distances", 1),
        ),
        against=(("age_under_40", 3), ("better_with_moving", 1)),
    ),
    Cause(
        "lumbar-strain",
        fits=(
            ("onset_after_strain", 3),
            ("back_pain_local", 1),
            ("worse_activity_or_bending", 2),
            ("under_6_weeks", 1),
        ),
        against=(("nerve_symptoms", 3), ("below_knee", 3), ("no_back_pain", 10)),
    ),
    Cause(
        "degenerative-disc-disease",
        fits=(
            ("age_40_plus", 1),
            ("gradual_onset", 1),
            ("recurring", 1),
            ("over_6_weeks", 1),
            ("back_pain_local", 1),
        ),
        against=(("age_under_30", 2), ("recent_strain", 2), ("no_back_pain", 10)),
    ),
    Cause(
        "axial-spondyloarthritis",
        fits=(
            ("age_under_45", 1),
            ("over_12_weeks", 1),
            ("gradual_onset", 1),
            ("morning_stiffness", 3),
            ("better_moving_not_rest", 2),
            ("night_pain", 1),
            ("psoriasis_or_bowel_inflammation", 2),
        ),
        against=(("age_over_50", 2), ("onset_after_strain", 2), ("no_back_pain", 10)),
    ),
    Cause(
        "nonspecific-low-back-pain",
        fits=(("back_pain_local", 3), ("over_12_weeks", 1)),
        against=(("below_knee", 2), ("nerve_symptoms", 2), ("no_back_pain", 10)),
    ),
    Cause(
        "peripheral-artery-disease",
        fits=(
            ("legs_worse_walking", 2),
            ("below_knee", 1),
            ("better_standing_still", 3),
            ("vascular_risk", 2),
            ("age_50_plus", 1),
        ),
        against=(("better_sitting_bending_only", 2), ("back_pain_no_walking_link", 2)),
    ),
    Cause(
        "peripheral-neuropathy",
        fits=(
            ("both_legs_below_knee", 2),
            ("leg_nerve_feelings", 2),
            ("diabetes", 2),
            ("not_posture_related", 2),
        ),
        against=(("one_leg", 2), ("onset_after_strain", 2)),
    ),
    Cause(
        "night-leg-cramps",
        fits=(("cramp", 4), ("below_knee", 1), ("night_symptoms", 2)),
        # The spec says "numbness or weakness"; tingling and burning are nerve feelings too.
        against=(("nerve_symptoms", 2),),
    ),
)
CAUSE_SLUGS = tuple(cause.slug for cause in CAUSES)


# --- Result ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CauseDetail:
    """Why a possible cause is shown: its score and the features for and against it."""

    slug: str
    score: int
    fits: tuple[str, ...]
    against: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    """What evaluate() decides: how urgently, why, and what might be causing it."""

    disposition: str
    reasons: tuple[str, ...] = ()
    possible_causes: tuple[str, ...] = ()
    cause_details: tuple[CauseDetail, ...] = ()


# --- Validation --------------------------------------------------------------------------------


def validate_answers(answers: Mapping[str, object]) -> dict[str, object]:
    """Check answers against the spec; return them with multis as frozensets.

    Raises ValueError on an unknown field, a wrong type, a value outside the allowed set, an
    empty multi, "none" combined with other values, pain_worst lower than pain_now, or leg
    details when leg_side is "none".
    """
    if not isinstance(answers, Mapping):
        raise ValueError(f"answers must be a mapping, not {type(answers).__name__}")
    clean: dict[str, object] = {}
    for name, value in answers.items():
        if name not in FIELDS:
            raise ValueError(f"unknown field {name!r}")
        kind, allowed = FIELDS[name]
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{name} must be a whole number, not {value!r}")
            if value not in allowed:
                raise ValueError(f"{name} must be from {allowed[0]} to {allowed[-1]}, not {value}")
            clean[name] = value
        elif kind == "choice":
            if not isinstance(value, str) or value not in allowed:
                raise ValueError(f"{name} must be one of {allowed}, not {value!r}")
            clean[name] = value
        else:
            if not isinstance(value, list | tuple | set | frozenset):
                raise ValueError(f"{name} must be a list of values, not {value!r}")
            chosen = frozenset(value)
            if not chosen:
                raise ValueError(f"{name} needs at least one value (use ['none'] for none)")
            for item in chosen:
                if not isinstance(item, str) or item not in allowed:
                    raise ValueError(f"{name} must contain only {allowed}, not {item!r}")
            if NONE in chosen and len(chosen) > 1:
                raise ValueError(f"{name}: 'none' cannot be combined with other values")
            clean[name] = chosen
    if clean.get("pain_worst", 10) < clean.get("pain_now", 0):
        raise ValueError("pain_worst cannot be lower than pain_now")
    if clean.get("leg_side") == "none":
        for name in LEG_DETAIL_FIELDS:
            if name in clean:
                raise ValueError(f"{name} must be absent when leg_side is 'none'")
    return clean


# --- The engine --------------------------------------------------------------------------------


def rank_causes(answers: Answers) -> tuple[CauseDetail, ...]:
    """Causes with a supporting feature and a positive score, best first, at most 4.

    Score: the weights of the matching features for a cause minus those against it; ties go to
    the table order.
    """
    ranked = []
    for order, cause in enumerate(CAUSES):
        fits = tuple(code for code, _ in cause.fits if FEATURES[code](answers))
        against = tuple(code for code, _ in cause.against if FEATURES[code](answers))
        if CONTEXT_FEATURES.issuperset(fits):
            continue
        score = sum(w for code, w in cause.fits if code in fits) - sum(
            w for code, w in cause.against if code in against
        )
        if score > 0:
            ranked.append((-score, order, CauseDetail(cause.slug, score, fits, against)))
    ranked.sort(key=lambda item: item[:2])
    return tuple(detail for _, _, detail in ranked[:MAX_CAUSES])


def evaluate(answers: Mapping[str, object]) -> Result:
    """Work out how urgently to get care, why, and what might be causing it."""
    view = Answers(MappingProxyType(validate_answers(answers)))
    details = rank_causes(view)
    view = replace(view, top_cause=details[0].slug if details else None)

    fired = [rule for rule in RULES if rule.predicate(view)]
    tier_index = {tier: i for i, tier in enumerate(DISPOSITIONS)}
    # Stable sort: highest tier first, table order within a tier.
    fired.sort(key=lambda rule: tier_index[rule.tier])
    disposition = fired[0].tier if fired else "self_care"
    reasons = tuple(dict.fromkeys(rule.reason for rule in fired))

    if disposition == "emergency":
        # No possible causes on an emergency result: they would distract from "go now".
        details = ()
    return Result(
        disposition=disposition,
        reasons=reasons,
        possible_causes=tuple(detail.slug for detail in details),
        cause_details=details,
    )


def article_slugs(result: Result) -> tuple[str, ...]:
    """The articles a result links to: emergency articles, or serious causes then causes."""
    if result.disposition == "emergency":
        return EMERGENCY_ARTICLES
    slugs = result.possible_causes
    if result.disposition == "urgent" and SERIOUS_CAUSE_REASONS.intersection(result.reasons):
        slugs = (SERIOUS_CAUSES_ARTICLE, *slugs)
    return slugs
