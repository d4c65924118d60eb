"""Possible causes: the features, the causes table, scores and which causes are shown."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

from assessment.engine.answers import (
    _NERVE,
    _OVER_6_WEEKS,
    _RECENT,
    Answers,
    Predicate,
    _legs,
)
from clinical.vocabulary import (
    AXIAL_SPONDYLOARTHRITIS,
    DEGENERATIVE_DISC_DISEASE,
    HERNIATED_DISC,
    LUMBAR_STRAIN,
    NIGHT_LEG_CRAMPS,
    NONSPECIFIC_LOW_BACK_PAIN,
    PERIPHERAL_ARTERY_DISEASE,
    PERIPHERAL_NEUROPATHY,
    SCIATICA,
    SPINAL_STENOSIS,
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


# The spec's causes table, in its order (which breaks ties): the order of `CAUSES`.
CAUSE_TABLE: tuple[CauseRow, ...] = (
    CauseRow(
        SCIATICA,
        needs=("legs", "leg_pain_or_nerve"),
        for_=("below_knee", "one_leg", "nerve_feelings", "worse_sitting_or_cough", "legs_not_back"),
        against=("above_knee_only", "both_legs", "better_standing_still"),
    ),
    CauseRow(
        HERNIATED_DISC,
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
        SPINAL_STENOSIS,
        needs=("legs", "worse_walking_or_standing"),
        for_=("age_50_plus", "better_sitting_or_bending", "both_legs", "gradual", "walking_short"),
        against=("age_under_40", "better_moving"),
    ),
    CauseRow(
        LUMBAR_STRAIN,
        needs=("low_back",),
        for_=("onset_strain", "local_back_pain", "worse_activity_or_bending", "under_6_weeks"),
        against=("nerve_symptoms", "below_knee"),
    ),
    CauseRow(
        DEGENERATIVE_DISC_DISEASE,
        needs=("low_back",),
        for_=("age_40_plus", "gradual", "recurring", "over_6_weeks", "local_back_pain"),
        against=("age_under_30", "recent_strain", "below_knee"),
    ),
    CauseRow(
        AXIAL_SPONDYLOARTHRITIS,
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
        NONSPECIFIC_LOW_BACK_PAIN,
        needs=("low_back",),
        for_=("local_back_pain", "mechanical", "over_12_weeks"),
        against=("below_knee", "nerve_symptoms", "night_pain"),
    ),
    CauseRow(
        PERIPHERAL_ARTERY_DISEASE,
        needs=("legs", "worse_walking"),
        for_=("calf", "better_standing_still", "vascular_risk", "age_50_plus"),
        against=("better_sitting_bending_only", "worse_sitting"),
    ),
    CauseRow(
        PERIPHERAL_NEUROPATHY,
        needs=("legs", "nerve_feelings"),
        for_=("both_feet", "diabetes", "not_posture_related", "gradual"),
        against=("one_leg", "onset_injury"),
    ),
    CauseRow(
        NIGHT_LEG_CRAMPS,
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
