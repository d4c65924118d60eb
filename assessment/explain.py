"""Why a result says what it says, in words that quote only what the person answered.

Each reason code and cause feature of spec/assessment.md (v2) is worded from the answers that
made it fire: a rule with several "or" branches is worded by the branch that fired, and an
answer that was not given is never described. Pure functions of the coded answers, run when a
result is saved (the words are then part of the stored snapshot's display, never re-decided).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment import engine, wording
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
    "both_legs": lambda a: (
        _("You marked both legs, and %(course)s.") % {"course": LEG_COURSE[a["leg_course"]]}
        if a.get("leg_course") in LEG_COURSE
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


# --- Possible causes: what fits and what does not -------------------------------------------


def _region_words(a: Mapping, regions) -> str:
    return _and(wording.REGION_LABELS[r] for r in _ticked(a, "pain_map", regions))


FEATURE_FITS: dict[str, Callable[[Mapping], str]] = {
    "legs": lambda a: _("You have symptoms in your leg."),
    "one_leg": lambda a: _("Only one leg is affected."),
    "both_legs": lambda a: _("Both legs are affected."),
    "below_knee": lambda a: _("Your symptoms go below the knee."),
    "above_knee_only": lambda a: _("Your leg symptoms stay above the knee."),
    "calf": lambda a: _("You marked your lower leg."),
    "buttock": lambda a: _("You marked your buttock."),
    "both_feet": lambda a: _("You marked both feet."),
    "low_back": lambda a: _("You have pain in your lower back."),
    "local_back_pain": lambda a: _("The pain is in your back and does not go below the knee."),
    "legs_not_back": lambda a: _("You have leg symptoms, but did not mark your lower back."),
    "leg_pain_or_nerve": lambda a: (
        _("You have %(feelings)s in your leg.")
        % {"feelings": _and(LEG_FEELINGS[v] for v in _ticked(a, "leg_symptoms", ("pain", *_NERVE)))}
    ),
    "nerve_feelings": lambda a: (
        _("You have %(feelings)s in your leg.")
        % {
            "feelings": _and(
                LEG_FEELINGS[v]
                for v in _ticked(a, "leg_symptoms", ("numbness", "tingling", "burning"))
            )
        }
    ),
    "nerve_symptoms": lambda a: (
        _("You have %(feelings)s in your leg.")
        % {"feelings": _and(LEG_FEELINGS[v] for v in _ticked(a, "leg_symptoms", _NERVE))}
    ),
    "cramp": lambda a: _("You get cramps in your leg."),
    "onset_strain": lambda a: _("It started after lifting, bending, twisting or sport."),
    "onset_strain_or_sudden": lambda a: _("It started %(onset)s.") % {"onset": ONSET[a["onset"]]},
    "onset_injury": lambda a: _("It started %(onset)s.") % {"onset": ONSET[a["onset"]]},
    "gradual": lambda a: _("It came on slowly."),
    "recurring": lambda a: _("You have had pain like this before."),
    "under_6_weeks": lambda a: _("It started %(started)s.") % {"started": STARTED[a["started"]]},
    "over_6_weeks": lambda a: _("It started %(started)s.") % {"started": STARTED[a["started"]]},
    "over_12_weeks": lambda a: _("It started more than 12 weeks ago."),
    "long_gradual": lambda a: _("It came on slowly and started more than 12 weeks ago."),
    "recent_strain": lambda a: _("It started after a strain less than 2 weeks ago."),
    **{
        feature: (lambda a: _("You are %(age)s.") % {"age": _age(a)})
        for feature in (
            "age_20_to_55",
            "age_40_plus",
            "age_50_plus",
            "age_under_30",
            "age_under_40",
            "age_under_45",
            "age_over_50",
            "age_over_65",
        )
    },
    "worse_sitting_or_cough": lambda a: _worse_when(a, ("sitting", "cough_sneeze")),
    "worse_sitting_bending_or_cough": lambda a: _worse_when(
        a, ("sitting", "bending", "cough_sneeze")
    ),
    "worse_activity_or_bending": lambda a: _worse_when(a, ("bending", "activity")),
    "worse_walking_or_standing": lambda a: _worse_when(a, ("walking", "standing")),
    "worse_walking": lambda a: _worse_when(a, ("walking",)),
    "worse_sitting": lambda a: _worse_when(a, ("sitting",)),
    "mechanical": lambda a: _worse_when(
        a, ("sitting", "bending", "walking", "standing", "activity")
    ),
    "better_sitting_or_bending": lambda a: _("It gets better when you sit or bend forward."),
    "better_sitting_bending_only": lambda a: _(
        "It gets better when you sit or bend forward, but you did not say standing still helps."
    ),
    "better_standing_still": lambda a: _("It gets better when you stop and stand still."),
    "better_moving": lambda a: _("It gets better when you move about."),
    "better_moving_not_rest": lambda a: _("It gets better when you move about, not when you rest."),
    "morning_stiffness": lambda a: _("You are stiff for more than 30 minutes after you wake up."),
    "not_posture_related": lambda a: _(
        "Sitting, standing, bending and walking do not change your symptoms."
    ),
    "night_symptoms": lambda a: _("The pain disturbs your sleep, or is worse when you lie down."),
    "walking_short": lambda a: _("You can only walk short distances because of the pain."),
    "night_pain": lambda a: _("The pain is worse at night, or does not ease when you rest."),
    "psoriasis_or_bowel_inflammation": lambda a: _(
        "You have psoriasis, or a swollen bowel such as Crohn's disease or colitis."
    ),
    "vascular_risk": lambda a: (
        _("You told us: %(which)s.")
        % {
            "which": _and(
                wording.choice_label("risk_factors", v).lower()
                for v in _ticked(a, "risk_factors", ("smoker", "diabetes", "circulation_problems"))
            )
        }
    ),
    "diabetes": lambda a: _("You have diabetes."),
}

# A "for" feature that does not hold, worded as missing ("what does not fit").
FEATURE_MISSING = {
    "legs": gettext_lazy("You did not mark a leg."),
    "one_leg": gettext_lazy("It is not in one leg only."),
    "both_legs": gettext_lazy("You did not mark both legs."),
    "below_knee": gettext_lazy("You did not mark symptoms below the knee."),
    "above_knee_only": gettext_lazy("Your symptoms do not stay above the knee."),
    "calf": gettext_lazy("You did not mark your lower leg."),
    "buttock": gettext_lazy("You did not mark your buttock."),
    "both_feet": gettext_lazy("You did not mark both feet."),
    "low_back": gettext_lazy("You did not mark your lower back."),
    "local_back_pain": gettext_lazy("The pain is not only in your back."),
    "legs_not_back": gettext_lazy("You also marked your lower back."),
    "leg_pain_or_nerve": gettext_lazy("You did not say you have pain or numbness in your leg."),
    "nerve_feelings": gettext_lazy("You did not say you have numbness, tingling or burning."),
    "nerve_symptoms": gettext_lazy("You did not say you have numbness, tingling or weakness."),
    "cramp": gettext_lazy("You did not say you get cramps."),
    "onset_strain": gettext_lazy("You did not say it started after lifting, bending or sport."),
    "onset_strain_or_sudden": gettext_lazy(
        "You did not say it started suddenly or after a strain."
    ),
    "onset_injury": gettext_lazy("You did not say it started after a strain or a fall."),
    "gradual": gettext_lazy("You did not say it came on slowly."),
    "recurring": gettext_lazy("You did not say you had pain like this before."),
    "under_6_weeks": gettext_lazy("It did not start in the last 6 weeks."),
    "over_6_weeks": gettext_lazy("It started less than 6 weeks ago."),
    "over_12_weeks": gettext_lazy("It started less than 12 weeks ago."),
    "long_gradual": gettext_lazy("It did not come on slowly over more than 12 weeks."),
    "recent_strain": gettext_lazy("It did not start after a strain in the last 2 weeks."),
    "age_20_to_55": gettext_lazy("You are not between 20 and 55."),
    "age_40_plus": gettext_lazy("You are under 40."),
    "age_50_plus": gettext_lazy("You are under 50."),
    "age_under_30": gettext_lazy("You are 30 or older."),
    "age_under_40": gettext_lazy("You are 40 or older."),
    "age_under_45": gettext_lazy("You are 45 or older."),
    "age_over_50": gettext_lazy("You are 50 or younger."),
    "age_over_65": gettext_lazy("You are 65 or younger."),
    "worse_sitting_or_cough": gettext_lazy(
        "You did not say your pain is worse when you sit, cough or sneeze."
    ),
    "worse_sitting_bending_or_cough": gettext_lazy(
        "You did not say your pain is worse when you sit, bend, cough or sneeze."
    ),
    "worse_activity_or_bending": gettext_lazy(
        "You did not say your pain is worse when you bend or are active."
    ),
    "worse_walking_or_standing": gettext_lazy(
        "You did not say your pain is worse when you walk or stand."
    ),
    "worse_walking": gettext_lazy("You did not say your pain is worse when you walk."),
    "worse_sitting": gettext_lazy("You did not say your pain is worse when you sit."),
    "mechanical": gettext_lazy("You did not say moving or sitting makes it worse."),
    "better_sitting_or_bending": gettext_lazy("You did not say sitting or bending forward helps."),
    "better_sitting_bending_only": gettext_lazy(
        "You did not say sitting or bending forward helps."
    ),
    "better_standing_still": gettext_lazy("You did not say standing still helps."),
    "better_moving": gettext_lazy("You did not say moving about helps."),
    "better_moving_not_rest": gettext_lazy("You did not say moving helps more than rest."),
    "morning_stiffness": gettext_lazy("You did not say you are stiff in the morning."),
    "not_posture_related": gettext_lazy("Your symptoms change with sitting, standing or walking."),
    "night_symptoms": gettext_lazy("You did not say it disturbs your sleep."),
    "walking_short": gettext_lazy("You did not say you can only walk short distances."),
    "night_pain": gettext_lazy("You did not say the pain is worse at night."),
    "psoriasis_or_bowel_inflammation": gettext_lazy(
        "You did not say you have psoriasis or a swollen bowel."
    ),
    "vascular_risk": gettext_lazy("You did not say you smoke, have diabetes or poor blood flow."),
    "diabetes": gettext_lazy("You did not say you have diabetes."),
}


def _check_complete() -> None:
    """Every reason and feature of the engine has its words: checked once, at start-up."""
    missing = set(engine.REASON_CODES) - set(REASONS)
    missing |= set(engine.FEATURES) - set(FEATURE_FITS)
    missing |= set(engine.FEATURES) - set(FEATURE_MISSING)
    if missing:
        raise ImportError(f"assessment.explain has no words for {sorted(missing)}")


_check_complete()


def feature_fits(feature: str, answers: Mapping) -> str:
    try:
        return str(FEATURE_FITS[feature](facts(answers)))
    except (KeyError, TypeError, ValueError):
        return ""


NOTHING_AGAINST = gettext_lazy(
    "None of your answers goes against it, but only an examination can tell."
)


def feature_missing(feature: str) -> str:
    return str(FEATURE_MISSING[feature])
