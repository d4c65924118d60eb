"""What fits a possible cause and what does not, in words that quote only what was answered.

Each feature of spec/assessment.md (v2) "Possible causes" has two wordings: what the person
said that fits (from their own answers), and a "for" feature that does not hold, worded as
missing ("You did not say ..."). The phrases are shared with `assessment.explain`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment import engine, wording
from assessment.explain import (
    _NERVE,
    LEG_FEELINGS,
    ONSET,
    STARTED,
    _age,
    _and,
    _ticked,
    _worse_when,
    facts,
)

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
    """Every feature of the engine has both wordings: checked once, at start-up."""
    missing = set(engine.FEATURES) - set(FEATURE_FITS)
    missing |= set(engine.FEATURES) - set(FEATURE_MISSING)
    if missing:
        raise ImportError(f"assessment.fits has no words for {sorted(missing)}")


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
