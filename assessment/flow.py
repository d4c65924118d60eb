"""When the questionnaire stops early. Pure functions over coded answers, like the engine."""

from __future__ import annotations

from collections.abc import Mapping

from assessment import engine

# The calmest timeline: with it, no rule that waits on the timeline can reach "emergency".
CALM_TIMELINE = {"started": "over_12_weeks", "course": "better"}


def is_under_age(answers: Mapping) -> bool:
    return "age" in answers and answers["age"] < engine.MIN_AGE


def is_emergency_known(answers: Mapping) -> bool:
    """The answers so far make an emergency that no later answer could undo.

    The engine reads an unknown timeline the more urgent way, which is right for a result: pain
    in both legs with no timeline yet counts as "new or getting worse". The questionnaire must
    not stop on that reading (both legs for years, and stable, is not an emergency), so until
    the timeline is answered the emergency must also hold with the calmest timeline.
    """
    if engine.evaluate(answers).disposition != "emergency":
        return False
    if all(name in answers for name in CALM_TIMELINE):
        return True
    return engine.evaluate({**answers, **CALM_TIMELINE}).disposition == "emergency"


def stops_after(answers: Mapping) -> bool:
    """Nothing more to ask: under 16 (no result), or an emergency (go now)."""
    return is_under_age(answers) or is_emergency_known(answers)
