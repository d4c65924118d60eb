"""The words people read for the shared clinical ids of `clinical.vocabulary`, defined once.

Plain language (reading grade 8 or lower), North-American English, every string marked for
translation. The questionnaire's forms, its results page and printout, the emergency box on
every page, the articles' care cards and the admin all read their labels from here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from clinical import vocabulary as v

# --- Emergency warning signs -----------------------------------------------------------------
# The one wording of each sign: the questionnaire's checkbox, the emergency box on every page,
# the results' safety net and the articles' emergency cards all show these words.
SIGN_LABELS = {
    "saddle_numbness": _(
        "Numbness, tingling or a changed feeling around your genitals, anus, buttocks or "
        "inner thighs, or it feels different when you wipe after using the toilet"
    ),
    "bladder": _(
        "New trouble starting to pee, not being able to pee or control when you pee, leaking, "
        "not knowing when your bladder is full, less feeling when you pee, or newly needing pads"
    ),
    "bowel": _(
        "New loss of control of your bowels or leaking, not noticing when you need to poo, or "
        "less feeling when you poo"
    ),
    "sexual": _(
        "New problems getting an erection or ejaculating, or less feeling in your genitals "
        "during sex"
    ),
    "both_legs": _(
        "Pain, numbness, tingling or weakness in both legs that started or got worse in the "
        "last few days or weeks"
    ),
    "leg_weakness_severe": _(
        "Severe or quickly worsening weakness in a leg: it is hard to walk, stand or get up "
        "from a chair, or your foot drags or slaps"
    ),
    "arms_and_legs": _("Numbness or weakness in your arms or hands as well as your legs"),
    "unsteady": _(
        "Your walking has become unsteady, or your legs or hands have become clumsy, in the "
        "last few days or weeks, and it is getting worse"
    ),
    "trauma": _(
        "The pain started after a serious fall (from a height or down stairs), a road "
        "accident or a hard blow"
    ),
    "chest_pain": _(
        "Chest pain; or sudden severe pain in your belly or back with dizziness, clammy skin "
        "or fainting; or back pain when you have been told you have an aortic aneurysm (a "
        "swelling of the main blood vessel in the belly), or a pulsing feeling in your belly"
    ),
}

# Short forms for the clinician summary of the printout, where space is tight.
SIGN_SHORT = {
    "saddle_numbness": _("saddle numbness"),
    "bladder": _("bladder change"),
    "bowel": _("bowel change"),
    "sexual": _("sexual change"),
    "both_legs": _("new symptoms in both legs"),
    "leg_weakness_severe": _("severe leg weakness"),
    "arms_and_legs": _("arms as well as legs"),
    "unsteady": _("new unsteadiness"),
    "trauma": _("serious injury"),
    "chest_pain": _("chest, belly or aneurysm pain"),
}

# --- Other serious signs (health flags) -------------------------------------------------------
FLAG_LABELS = {
    "fever": _("A high temperature, chills, or feeling hot and shivery"),
    "recent_infection": _(
        "An infection somewhere else in the last 4 weeks that needed antibiotics (for example "
        "in your urine, skin or chest), or a wound that became infected"
    ),
    "cancer": _("You have cancer now, or had it in the past"),
    "weight_loss": _("Losing weight without trying"),
    "immune": _(
        "A weak immune system (for example from cancer treatment, HIV or an organ "
        "transplant), taking steroid tablets for a long time, or injecting drugs"
    ),
    "osteoporosis": _("Osteoporosis (thin, weak bones)"),
    "night_pain": _(
        "Pain that does not ease when you rest or change position, or is worse at night"
    ),
    "back_lump": _("A lump, swelling or redness on your back, or your back has changed shape"),
    "urinary": _("Burning when you pee, or blood in your pee"),
    "spinal_procedure": _(
        "Spine surgery, a spinal injection, or an epidural (including one during childbirth) "
        "in the last 6 weeks"
    ),
    "pregnancy": _("You are pregnant, or gave birth in the last 6 weeks"),
}

FLAG_SHORT = {
    "fever": _("fever"),
    "recent_infection": _("recent infection"),
    "cancer": _("cancer"),
    "weight_loss": _("weight loss"),
    "immune": _("weak immune system"),
    "osteoporosis": _("osteoporosis"),
    "night_pain": _("night or rest pain"),
    "back_lump": _("back lump"),
    "urinary": _("urinary symptoms"),
    "spinal_procedure": _("spinal procedure"),
    "pregnancy": _("pregnancy"),
}

NONE_OF_THESE = _("None of these")

# --- Tiers: how urgently to get care -----------------------------------------------------------
# The exact labels of the spec: the results' care card and heading, and the articles' care
# cards. The colour of a card only repeats its label.
TIER_LABELS = {
    v.EMERGENCY: _("Emergency: go now"),
    v.URGENT: _("Urgent: get help today"),
    v.SOON: _("Soon: see a doctor within a week"),
    v.ROUTINE: _("Book an appointment"),
    v.SELF_CARE: _("Look after yourself at home"),
}

# Where to go, for each tier (the emergency number and health line are added as links).
TIER_WHERE = {
    v.EMERGENCY: _(
        "Go to the nearest emergency department now, or call the emergency number. "
        "Do not drive yourself."
    ),
    v.URGENT: _(
        "Call your family doctor's office today and ask to be seen today. If they cannot see "
        "you today, go to a walk-in or urgent care clinic today. If none is open, go to an "
        "emergency department."
    ),
    v.SOON: _(
        "Call your family doctor's office today to be seen within the next week. If you do not "
        "have a family doctor, go to a walk-in clinic."
    ),
    v.ROUTINE: _(
        "Book an appointment with your family doctor or a physiotherapist. It does not need "
        "to be urgent."
    ),
    v.SELF_CARE: _(
        "You can look after this at home for now. See your family doctor or a physiotherapist "
        "if it is not better in 2 to 3 weeks, gets worse, or stops you doing your usual "
        "activities."
    ),
}

# --- Possible causes ---------------------------------------------------------------------------
CAUSE_NAMES = {
    v.SCIATICA: _("Sciatica"),
    v.HERNIATED_DISC: _("Herniated (slipped) disc"),
    v.SPINAL_STENOSIS: _("Lumbar spinal stenosis"),
    v.LUMBAR_STRAIN: _("Back strain or sprain"),
    v.DEGENERATIVE_DISC_DISEASE: _("Wear and tear of the spine (degenerative disc disease)"),
    v.AXIAL_SPONDYLOARTHRITIS: _("Inflammatory back pain (axial spondyloarthritis)"),
    v.NONSPECIFIC_LOW_BACK_PAIN: _("Common low back pain (no specific cause)"),
    v.PERIPHERAL_ARTERY_DISEASE: _("Poor blood flow to the legs (peripheral artery disease)"),
    v.PERIPHERAL_NEUROPATHY: _("Nerve damage in the feet (peripheral neuropathy)"),
    v.NIGHT_LEG_CRAMPS: _("Night leg cramps"),
}

CAUSE_SUMMARIES = {
    v.SCIATICA: _(
        "A nerve in your lower back is pressed or irritated, so pain, tingling or numbness "
        "goes down your leg."
    ),
    v.HERNIATED_DISC: _(
        "The soft center of a disc between two bones of your spine pushes out and can press "
        "on a nerve."
    ),
    v.SPINAL_STENOSIS: _(
        "The space for the nerves in your lower back gets narrower with age, so your legs "
        "hurt or feel heavy when you walk or stand."
    ),
    v.LUMBAR_STRAIN: _(
        "A muscle, tendon or ligament in your back is overstretched, often after lifting, "
        "twisting or sport."
    ),
    v.DEGENERATIVE_DISC_DISEASE: _(
        "The discs and joints of your spine change with age. This is very common and often "
        "causes no pain."
    ),
    v.AXIAL_SPONDYLOARTHRITIS: _(
        "A long-term swelling of the joints of the spine. It often starts before 45 and "
        "causes stiffness in the morning that gets better when you move."
    ),
    v.NONSPECIFIC_LOW_BACK_PAIN: _(
        "Pain from the muscles, joints and other parts of the back with no single cause. It "
        "is the most common kind of back pain."
    ),
    v.PERIPHERAL_ARTERY_DISEASE: _(
        "Narrow blood vessels mean your leg muscles do not get enough blood when you walk, so "
        "your calf hurts and eases when you stand still."
    ),
    v.PERIPHERAL_NEUROPATHY: _(
        "Damage to the long nerves of the legs, often from diabetes. It usually causes "
        "burning, tingling or numbness in both feet."
    ),
    v.NIGHT_LEG_CRAMPS: _(
        "Your calf or foot muscle suddenly tightens and hurts, often at night. It is common "
        "and usually harmless."
    ),
}


def _check_complete() -> None:
    """Every id has its words: a missing label is a start-up error, not a 500 on one page."""
    for ids, labels in (
        (v.WARNING_SIGNS, SIGN_LABELS),
        (v.WARNING_SIGNS, SIGN_SHORT),
        (v.HEALTH_FLAGS, FLAG_LABELS),
        (v.HEALTH_FLAGS, FLAG_SHORT),
        (v.TIERS, TIER_LABELS),
        (v.TIERS, TIER_WHERE),
        (v.CAUSES, CAUSE_NAMES),
        (v.CAUSES, CAUSE_SUMMARIES),
    ):
        if list(labels) != list(ids):
            raise ImportError(f"clinical.wording is out of step with the ids: {ids}")


_check_complete()


def cause_choices() -> list[tuple[str, object]]:
    """(id, name) pairs for forms and model fields, in table order."""
    return [(slug, CAUSE_NAMES[slug]) for slug in v.CAUSES]


def care_level_choices() -> list[tuple[str, object]]:
    """(tier, label) pairs for the articles' care cards: every tier but self-care."""
    return [(level, TIER_LABELS[level]) for level in v.CARE_LEVELS]
