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

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from assessment.engine.answers import (
    BELOW_KNEE_REGIONS,
    CONDITIONS,
    FIELDS,
    LEG_REGIONS,
    MAX_AGE,
    MIN_AGE,
    PAIN_MAP_REGIONS,
    RETIRED_FIELDS,
    REVIEW_STEP,
    RULES_VERSION,
    STEP_FIELDS,
    STEPS,
    Answers,
    Field,
    Predicate,
    derive_legs,
    drop_unasked,
    validate_answers,
    view,
)
from assessment.engine.causes import (
    CAUSE_TABLE,
    FEATURES,
    MAX_CAUSES,
    MIN_SCORE,
    CauseDetail,
    CauseRow,
    possible_causes,
    score_cause,
)
from assessment.engine.rules import (
    _REASON_ORDER,
    PATTERN_MATCH_CAUSES,
    REASON_CODES,
    REASON_TIERS,
    RULES,
    Rule,
    _ticked,
)
from clinical.vocabulary import (
    CAUSES,
    EMERGENCY,
    HEALTH_FLAGS,
    NONE,
    SELF_CARE,
    TIERS,
    URGENT,
    WARNING_SIGNS,
    tier_rank,
)

__all__ = [
    "CAUSES",
    "HEALTH_FLAGS",
    "TIERS",
    "WARNING_SIGNS",
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
