"""Why a result says what it says, in words that quote only what the person answered.

Each reason code and cause feature of spec/assessment.md (v2) is worded from the answers that
made it fire: a rule with several "or" branches is worded by the branch that fired, and an
answer that was not given is never described. Pure functions of a stored result's coded
answers and reason codes: showing a result words what was decided when it was saved, and never
decides again. What fits a possible cause is worded in `assessment.fits`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment import engine
from clinical import wording as clinical

_NERVE = ("numbness", "tingling", "weakness", "burning")

WORSE_VERBS = {
    "sitting": gettext_lazy("sit"),
    "bending": gettext_lazy("bend"),
    "cough_sneeze": gettext_lazy("cough, sneeze or strain"),
    "walking": gettext_lazy("walk"),
    "standing": gettext_lazy("stand"),
    "lying_down": gettext_lazy("lie down"),
    "activity": gettext_lazy("are active"),
}
LEG_FEELINGS = {
    "pain": gettext_lazy("pain"),
    "numbness": gettext_lazy("numbness"),
    "tingling": gettext_lazy("tingling"),
    "weakness": gettext_lazy("weakness"),
    "burning": gettext_lazy("burning"),
    "cramp": gettext_lazy("cramp"),
}
LEG_COURSE = {
    "worse": gettext_lazy("your leg symptoms are spreading or getting worse"),
    "new": gettext_lazy("your leg symptoms started in the last 2 weeks"),
    "slowly_worse": gettext_lazy("your leg symptoms are slowly getting worse over months"),
    "same": gettext_lazy("your leg symptoms are about the same"),
    "better": gettext_lazy("your leg symptoms are getting better"),
}
STARTED = {
    "under_2_weeks": gettext_lazy("less than 2 weeks ago"),
    "2_to_6_weeks": gettext_lazy("2 to 6 weeks ago"),
    "6_to_12_weeks": gettext_lazy("6 to 12 weeks ago"),
    "over_12_weeks": gettext_lazy("more than 12 weeks ago"),
}
ONSET = {
    "after_strain": gettext_lazy("after lifting, bending, twisting or sport"),
    "minor_fall": gettext_lazy("after a minor fall"),
    "sudden": gettext_lazy("suddenly"),
    "gradual": gettext_lazy("slowly, over time"),
}
COURSE = {
    "better": gettext_lazy("getting better"),
    "same": gettext_lazy("staying about the same"),
    "worse": gettext_lazy("getting worse"),
}


def facts(answers: Mapping) -> dict:
    """The answers plus the derived leg fields, as the rules read them."""
    return {**answers, **engine.derive_legs(answers.get("pain_map"))}


def _ticked(a: Mapping, field: str, values) -> list[str]:
    chosen = set(a.get(field) or ())
    return [value for value in values if value in chosen]


def _or(items) -> str:
    return str(get_text_list([str(item) for item in items], _("or")))


def _and(items) -> str:
    return str(get_text_list([str(item) for item in items], _("and")))


def _worse_when(a: Mapping, values) -> str:
    verbs = [WORSE_VERBS[v] for v in _ticked(a, "worse_with", values)]
    return _("Your pain is worse when you %(what)s.") % {"what": _or(verbs)}


def _leg_signs(a: Mapping) -> str:
    """The leg nerve signs the person reported, in their words."""
    feelings = [LEG_FEELINGS[v] for v in _ticked(a, "leg_symptoms", _NERVE)]
    parts = []
    if feelings:
        parts.append(_("%(feelings)s in your leg") % {"feelings": _and(feelings)})
    if a.get("leg_extent") == "below_knee":
        parts.append(_("symptoms below the knee"))
    if not parts:
        feelings = [LEG_FEELINGS[v] for v in _ticked(a, "leg_symptoms", LEG_FEELINGS)]
        parts.append(_("%(feelings)s in your leg") % {"feelings": _and(feelings or ["pain"])})
    return _and(parts)


def _with_course(a: Mapping, courses) -> str:
    """The leg signs, and how they are changing when that is part of what fired."""
    if a.get("leg_course") in courses:
        return _("%(signs)s, and %(course)s") % {
            "signs": _leg_signs(a),
            "course": LEG_COURSE[a["leg_course"]],
        }
    return _leg_signs(a)


def _you_told_us(label) -> str:
    return _("You told us: “%(answer)s”.") % {"answer": label}


def _flag_with_new_signs(flag: str) -> Callable[[Mapping], str]:
    def text(a: Mapping) -> str:
        return _("You told us: “%(flag)s”. You also have %(signs)s.") % {
            "flag": clinical.FLAG_LABELS[flag],
            "signs": _with_course(a, ("new", "worse")),
        }

    return text


def _age(a: Mapping) -> int:
    return a.get("age", 0)


def _saddle_area(a: Mapping) -> str:
    if a.get("saddle_check") == "not_sure":
        return _(
            "You marked the area between your legs and said you are not sure what you feel there."
        )
    return _(
        "You marked the area between your legs and said you feel numbness or tingling there, "
        "or it feels different when you wipe."
    )


def _fever_nerve(a: Mapping) -> str:
    weak_numb = [LEG_FEELINGS[v] for v in _ticked(a, "leg_symptoms", ("numbness", "weakness"))]
    if weak_numb and a.get("leg_course") not in ("new", "worse"):
        signs = _("%(feelings)s in your leg") % {"feelings": _and(weak_numb)}
    else:
        signs = _with_course(a, ("new", "worse"))
    return _("You told us: “%(flag)s”. You also have %(signs)s.") % {
        "flag": clinical.FLAG_LABELS["fever"],
        "signs": signs,
    }


def _procedure_fever(a: Mapping) -> str:
    which = [
        clinical.FLAG_LABELS[f] for f in _ticked(a, "health_flags", ("fever", "recent_infection"))
    ]
    return _(
        "You had a spine operation, spinal injection or epidural in the last 6 weeks, and you "
        "told us: “%(which)s”. This could be an infection after the procedure."
    ) % {"which": "”, “".join(str(w) for w in which)}


def _started_and_course(a: Mapping) -> str:
    return _("You said the pain started %(started)s and is %(course)s.") % {
        "started": STARTED[a["started"]],
        "course": COURSE[a["course"]],
    }


REASONS: dict[str, Callable[[Mapping], str]] = {
    **{
        sign: (lambda a, s=sign: _you_told_us(clinical.SIGN_LABELS[s]))
        for sign in clinical.SIGN_LABELS
    },
    "saddle_area": _saddle_area,
    # Worded from the map only when the map shows both legs, new or getting worse; otherwise
    # the rule fired because the warning sign was ticked, and the sign is quoted.
    "both_legs": lambda a: (
        _("You marked both legs, and %(course)s.") % {"course": LEG_COURSE[a["leg_course"]]}
        if a.get("leg_side") == "both" and a.get("leg_course") in ("new", "worse")
        else _you_told_us(clinical.SIGN_LABELS["both_legs"])
    ),
    "cancer_nerve_symptoms": lambda a: (
        _("You said you have or have had cancer, and you have %(signs)s.")
        % {"signs": _with_course(a, ("new", "worse", "slowly_worse"))}
    ),
    "fever_nerve_symptoms": _fever_nerve,
    "infection_nerve_symptoms": _flag_with_new_signs("recent_infection"),
    "immune_nerve_symptoms": _flag_with_new_signs("immune"),
    "weight_loss_nerve_symptoms": _flag_with_new_signs("weight_loss"),
    "procedure_fever": _procedure_fever,
    "procedure_nerve_symptoms": _flag_with_new_signs("spinal_procedure"),
    **{
        flag: (lambda a, f=flag: _you_told_us(clinical.FLAG_LABELS[f]))
        for flag in clinical.FLAG_LABELS
    },
    "upper_back": lambda a: _(
        "You marked pain in your upper or middle back, between the shoulder blades, or like a "
        "band around your chest or belly."
    ),
    "possible_fracture": lambda a: (
        _(
            "You said you have osteoporosis (thin, weak bones), and the pain started %(onset)s. "
            "A bone may be broken."
        )
        % {"onset": ONSET[a["onset"]]}
    ),
    "fall_over_65": lambda a: (
        _("You are %(age)s, and the pain started after a minor fall.") % {"age": _age(a)}
    ),
    "sudden_severe_over_65": lambda a: (
        _(
            "You are %(age)s, the pain in your back started suddenly, and at its worst it was "
            "%(worst)s out of 10."
        )
        % {"age": _age(a), "worst": a.get("pain_worst")}
    ),
    "leg_weakness": lambda a: _("You said your leg feels weak."),
    "nerve_symptoms_worse": lambda a: (
        _("You said you have %(feelings)s in your leg, and it is spreading or getting worse.")
        % {
            "feelings": _and(
                LEG_FEELINGS[v] for v in _ticked(a, "leg_symptoms", ("numbness", "weakness"))
            )
        }
    ),
    "both_legs_slowly_worse": lambda a: _(
        "You marked both legs, and said your leg symptoms are slowly getting worse over months."
    ),
    "cough_sneeze": lambda a: _("You said the pain gets worse when you cough, sneeze or strain."),
    "severe_pain": lambda a: (
        _("You said your pain right now is %(now)s out of 10.") % {"now": a.get("pain_now")}
    ),
    "leg_numbness": lambda a: (
        _("You said you have %(feelings)s in your leg, and %(when)s.")
        % {
            "feelings": _and(
                LEG_FEELINGS[v] for v in _ticked(a, "leg_symptoms", ("numbness", "tingling"))
            ),
            "when": LEG_COURSE[a["leg_course"]]
            if a.get("leg_course") in ("new", "worse", "slowly_worse")
            else _("the pain started %(started)s") % {"started": STARTED[a["started"]]},
        }
    ),
    "both_legs_stable": lambda a: (
        _("You marked both legs, and %(course)s.") % {"course": LEG_COURSE[a["leg_course"]]}
    ),
    "osteoporosis": lambda a: _(
        "You said you have osteoporosis (thin, weak bones), and the pain came on slowly."
    ),
    "new_pain_over_50": lambda a: (
        _("You are %(age)s, and this is the first time you have had back pain.") % {"age": _age(a)}
    ),
    "persistent_over_60": lambda a: (
        _("You are %(age)s, and the pain started %(started)s.")
        % {"age": _age(a), "started": STARTED[a["started"]]}
    ),
    "new_episode_over_70": lambda a: (
        _("You are %(age)s, and the pain started %(started)s.")
        % {"age": _age(a), "started": STARTED[a["started"]]}
    ),
    "under_20": lambda a: (
        _("You are %(age)s. Back pain is less common at your age, so it is best to get it checked.")
        % {"age": _age(a)}
    ),
    "different_episode": lambda a: _(
        "You said this pain feels different from, or worse than, back pain you had before."
    ),
    "below_knee": lambda a: _("You marked symptoms below the knee."),
    "not_improving": _started_and_course,
    "long_lasting": lambda a: (
        _("You said the pain started %(started)s.") % {"started": STARTED[a["started"]]}
    ),
    "getting_worse": lambda a: _("You said the pain is getting worse."),
    "stops_activities": lambda a: _(
        "You said the pain stops you working or doing your usual daily activities."
    ),
    "pattern_match": lambda a: _(
        "Your answers fit a pattern that a doctor or physiotherapist should check."
    ),
}

# A general wording for each reason, for results whose answers cannot tell the branch (a
# result saved under rules v1 keeps its own answers, which v2's words may not read).
GENERAL_REASON = gettext_lazy("One of your answers means it is best to get this checked.")


def reason_text(code: str, answers: Mapping) -> str:
    """One reason in words, from the answers that made it fire."""
    try:
        return str(REASONS[code](facts(answers)))
    except (KeyError, TypeError, ValueError):
        return str(GENERAL_REASON)


def _check_complete() -> None:
    """Every reason of the engine has its words: checked once, at start-up."""
    missing = set(engine.REASON_CODES) - set(REASONS)
    if missing:
        raise ImportError(f"assessment.explain has no words for {sorted(missing)}")


_check_complete()
