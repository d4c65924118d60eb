"""What a result tells a person to do: where to go, what to do now, and extra advice.

The words of spec/assessment.md (v2) "The results page" and "Extra advice", by tier and advice
code. The emergency number and health line are added by the templates as tap-to-call links.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from clinical import vocabulary as v

NOT_A_DIAGNOSIS = _(
    "This is not a diagnosis. It suggests how soon to get care, where to go and what to read. "
    "Only a health professional who examines you can tell you what is causing your symptoms."
)
NOTHING_URGENT = _("Nothing you told us needs a doctor soon.")

_MOVE = _(
    "Keep moving gently and carry on with your usual activities as much as you can. Avoid bed "
    "rest: it slows recovery."
)
_PAINKILLERS = _(
    "Painkillers: ask a pharmacist what suits you. An anti-inflammatory such as ibuprofen may "
    "help for a short time if it is safe for you. Acetaminophen (Tylenol) on its own is "
    "unlikely to help back pain much."
)
_PAINKILLERS_PREGNANCY = _(
    "Painkillers in pregnancy: acetaminophen (Tylenol) is the usual choice. Do not take "
    "ibuprofen or other anti-inflammatory painkillers unless your doctor or midwife says so."
)
_HEAT_COLD = _(
    "A heat or cold pack wrapped in a cloth can ease the pain. Never put it on skin that is numb."
)
_UNTIL_SEEN = _(
    "Until you are seen: watch for the emergency warning signs below. If one appears, or your "
    "symptoms get worse, do not wait for your appointment."
)
_WORK = _(
    "Stay at work, or go back as soon as you can. You do not need to be pain-free to go back."
)
_EXERCISE = _("Gentle exercise, like walking, helps most people get better sooner.")

EMERGENCY_DO_NOW = (
    _("Ask someone to drive you, or call the emergency number for an ambulance."),
    _("Take this page (printed or on your phone) and your medicines, or a list of them."),
    _("Do not wait to see if it gets better."),
    _(
        "If you called for an ambulance, stay where you are with your phone, and unlock the "
        "door if you can."
    ),
)

# Extra advice, by code: (lines for "where to go", lines for "what to do now").
WHERE_ADVICE = {
    "pregnancy": _(
        "You are pregnant or gave birth recently: also contact your midwife or obstetrician, or "
        "the maternity (labor and delivery) assessment unit of your hospital."
    ),
}
EMERGENCY_ADVICE = {
    "pregnancy": _("Tell the staff you are pregnant or gave birth recently."),
    "cancer_team": _(
        "If you have a cancer care team with an urgent phone line, call them now as well."
    ),
    "procedure_team": _(
        "Tell the team who did your procedure; call them if they gave you a number."
    ),
}
TEAM_ADVICE = {code: EMERGENCY_ADVICE[code] for code in ("cancer_team", "procedure_team")}

QUESTIONS_FOR_DOCTOR = (
    _("What do you think is causing my symptoms?"),
    _("Do I need any tests or scans? Why, or why not?"),
    _("What can I do at home to help, and what should I avoid?"),
    _("Which medicines can I take for the pain, and for how long?"),
    _("Would physiotherapy or exercises help me?"),
    _("How long should it take to get better?"),
    _("Which signs mean I should come back, or go to an emergency department?"),
)


def for_result(tier: str, codes) -> list:
    """The extra-advice lines for "where to go", in table order."""
    if tier == v.EMERGENCY:
        return []
    lines = [WHERE_ADVICE[c] for c in codes if c in WHERE_ADVICE]
    return lines + [TEAM_ADVICE[c] for c in codes if c in TEAM_ADVICE]


def do_now(tier: str, codes) -> list:
    """ "What you can do now" (or, on an emergency, "What to do now"), in order."""
    if tier == v.EMERGENCY:
        return [*EMERGENCY_DO_NOW, *(EMERGENCY_ADVICE[c] for c in codes if c in EMERGENCY_ADVICE)]
    painkillers = _PAINKILLERS_PREGNANCY if "pregnancy" in codes else _PAINKILLERS
    lines = [_MOVE, painkillers, _HEAT_COLD]
    if tier in (v.URGENT, v.SOON):
        lines.append(_UNTIL_SEEN)
    else:
        lines += [_WORK, _EXERCISE]
    return lines
