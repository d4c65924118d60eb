"""When the questionnaire stops early. Pure functions over coded answers, like the engine."""

from __future__ import annotations

from collections.abc import Mapping

from assessment import engine


def is_under_age(answers: Mapping) -> bool:
    return "age" in answers and answers["age"] < engine.MIN_AGE


def stops_after(answers: Mapping) -> bool:
    """Nothing more to ask: under 16 (no result), or an emergency (go now).

    The engine never reads an absent answer, so an emergency shows exactly when the answers
    saved so far make it known, and no later answer could undo it.
    """
    return is_under_age(answers) or engine.is_emergency(answers)
