"""The shared clinical ids of spec/assessment.md (v2), each defined once, in display order.

Plain Python with no Django import: `assessment.engine` (a pure function) reads these, and so
do the forms, the results page, the article library's care cards and "explains" choices, the
emergency box on every page and the admin -- through `clinical.wording` for their words.
Ids used only inside the questionnaire (fields, body-map regions, reason and feature codes)
live in `assessment.engine`.
"""

from __future__ import annotations

# "None of these": the explicit answer to a red-flag question (never combined with a value).
NONE = "none"

# Emergency warning signs: the `warning_signs` values, in the field's order. Any one of them
# stops the questionnaire with an emergency result, and every page that lists signs lists all.
WARNING_SIGNS: tuple[str, ...] = (
    "saddle_numbness",
    "bladder",
    "bowel",
    "sexual",
    "both_legs",
    "leg_weakness_severe",
    "arms_and_legs",
    "unsteady",
    "trauma",
    "chest_pain",
)

# Other serious signs: the `health_flags` values, in the field's order.
HEALTH_FLAGS: tuple[str, ...] = (
    "fever",
    "recent_infection",
    "cancer",
    "weight_loss",
    "immune",
    "osteoporosis",
    "night_pain",
    "back_lump",
    "urinary",
    "spinal_procedure",
    "pregnancy",
)

# How urgently to get care: the questionnaire's dispositions, most urgent first. The same ids
# are the levels of the articles' care cards (every tier but self-care).
EMERGENCY = "emergency"
URGENT = "urgent"
SOON = "soon"
ROUTINE = "routine"
SELF_CARE = "self_care"
TIERS: tuple[str, ...] = (EMERGENCY, URGENT, SOON, ROUTINE, SELF_CARE)
CARE_LEVELS: tuple[str, ...] = (EMERGENCY, URGENT, SOON, ROUTINE)

# Possible causes, in the spec's table order (the order breaks ties). These are ids, not
# article addresses: an article says which causes it explains (`Article.explains`). The engine's
# tables name them by these constants.
SCIATICA = "sciatica"
HERNIATED_DISC = "herniated-disc"
SPINAL_STENOSIS = "spinal-stenosis"
LUMBAR_STRAIN = "lumbar-strain"
DEGENERATIVE_DISC_DISEASE = "degenerative-disc-disease"
AXIAL_SPONDYLOARTHRITIS = "axial-spondyloarthritis"
NONSPECIFIC_LOW_BACK_PAIN = "nonspecific-low-back-pain"
PERIPHERAL_ARTERY_DISEASE = "peripheral-artery-disease"
PERIPHERAL_NEUROPATHY = "peripheral-neuropathy"
NIGHT_LEG_CRAMPS = "night-leg-cramps"
CAUSES: tuple[str, ...] = (
    SCIATICA,
    HERNIATED_DISC,
    SPINAL_STENOSIS,
    LUMBAR_STRAIN,
    DEGENERATIVE_DISC_DISEASE,
    AXIAL_SPONDYLOARTHRITIS,
    NONSPECIFIC_LOW_BACK_PAIN,
    PERIPHERAL_ARTERY_DISEASE,
    PERIPHERAL_NEUROPATHY,
    NIGHT_LEG_CRAMPS,
)


def tier_rank(tier: str) -> int:
    """0 for the most urgent tier; a higher number is less urgent."""
    return TIERS.index(tier)
