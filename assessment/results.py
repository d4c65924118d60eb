"""What a results page shows, built from a saved result (no request, no clinical rules).

The engine decides (disposition, reasons, causes); `assessment.wording` words them. This module
puts them in the order the spec's "The results page" asks for, finds the published articles to
link (one query), lays out the answer summary for the clinician, and draws the QR code.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache

import segno
from django.db import DatabaseError
from django.urls import NoReverseMatch

from assessment import engine, wording

logger = logging.getLogger(__name__)

# Care-card classes in static/css/site.css, by disposition. The words on the card carry the
# urgency; the colour only repeats it.
CARE_CARD_CLASSES = {
    "emergency": "care-card--immediate",
    "urgent": "care-card--urgent",
    "soon": "care-card--urgent",
    "routine": "care-card--routine",
    "self_care": "care-card--self_care",
}

# Treatment and self-care reading that suits each tier, after the articles the engine links.
TIER_READING = {
    "emergency": (),
    "urgent": ("pain-relief-at-home",),
    "soon": ("pain-relief-at-home", "tests-and-diagnosis"),
    "routine": ("staying-active", "pain-relief-at-home", "physical-therapy"),
    "self_care": ("staying-active", "pain-relief-at-home", "exercise-for-a-strong-back"),
}
ALWAYS_READING = ("when-to-see-a-doctor", "preparing-for-your-appointment")

# Short names for the answer summary, so the whole summary fits on the printed page.
SUMMARY_LABELS = {
    "age": "Age",
    "back_pain": "Pain in the back",
    "leg_side": "Symptoms in the legs",
    "leg_extent": "How far down the leg",
    "leg_symptoms": "What the leg feels like",
    "pain_now": "Pain now",
    "pain_worst": "Worst pain in the past week",
    "started": "Started",
    "onset": "How it started",
    "course": "Since it started",
    "previous": "Back pain before",
    "worse_with": "Worse with",
    "better_with": "Better with",
    "risk_factors": "Other conditions",
    "daily_impact": "Stops daily activities",
    "walking": "Walking",
    "sleep": "Sleep",
    "tried": "Tried so far",
}
SIGN_LABELS = {
    "saddle_numbness": "Numbness around the genitals, bottom or inner thighs",
    "bladder": "New trouble peeing or controlling the bladder",
    "bowel": "New loss of bowel control",
    "sexual": "New sexual problems (erection, ejaculation, feeling)",
    "both_legs": "New or worse pain, numbness or weakness in both legs",
    "leg_weakness_severe": "Severe or fast-worsening weakness in a leg",
    "arms_and_legs": "Numbness or weakness in the arms as well as the legs",
    "trauma": "Started after a serious fall, accident or blow",
    "chest_pain": "Chest pain, or sudden severe belly or back pain with dizziness",
    "fever": "High temperature or chills",
    "cancer": "Cancer now or in the past",
    "weight_loss": "Losing weight without trying",
    "immune": "Weak immune system, long-term steroids, or injecting drugs",
    "osteoporosis": "Osteoporosis (thin, weak bones)",
    "night_pain": "Pain not eased by rest, or worse at night",
    "back_lump": "Lump, swelling or redness on the back, or a changed shape",
    "urinary": "Burning when peeing, or blood in the pee",
}
RED_FLAG_FIELDS = {"warning_signs": engine.WARNING_SIGNS, "health_flags": engine.HEALTH_FLAGS}
NOT_ASKED = "Not asked"

QUESTIONS_FOR_DOCTOR = (
    "What do you think is causing my symptoms?",
    "Do I need any tests or scans? Why, or why not?",
    "What can I do at home to help, and what should I avoid?",
    "Which medicines can I take for the pain, and for how long?",
    "Would physiotherapy or exercises help me?",
    "How long should it take to get better?",
    "Which signs mean I should come back, or go to an emergency department?",
)
DIARY_ROWS = 5


@dataclass
class CauseView:
    slug: str
    name: str
    fits: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)
    article: ArticleLink | None = None


@dataclass
class SummaryRow:
    label: str
    answer: str
    flagged: bool = False  # a red-flag sign answered "Yes"


@dataclass
class SummaryGroup:
    title: str
    rows: list[SummaryRow]
    asked: bool = True


@dataclass(frozen=True)
class ArticleLink:
    slug: str
    title: str
    url: str


def published_articles(slugs) -> dict[str, ArticleLink]:
    """Links to the published articles with these slugs, by slug, from one query.

    A result page must work even when the articles app has no such article (or cannot be
    read): a missing article is skipped, never a broken link.
    """
    slugs = list(dict.fromkeys(slugs))
    if not slugs:
        return {}
    try:
        from articles.models import Article
    except ImportError:
        return {}
    try:
        articles = list(Article.objects.published().filter(slug__in=slugs))
    except (AttributeError, DatabaseError):
        logger.warning("Articles could not be read for a result page; showing it without links.")
        return {}
    links = {}
    for article in articles:
        try:
            url = article.get_absolute_url()
        except NoReverseMatch:
            continue
        links[article.slug] = ArticleLink(article.slug, article.title, url)
    return links


def cause_details(answers: dict, slugs) -> dict[str, engine.CauseDetail]:
    """Fits and does-not-fit for the stored causes, from the pure engine (empty if it refuses)."""
    try:
        result = engine.evaluate(answers)
    except ValueError:
        return {}
    return {detail.slug: detail for detail in result.cause_details if detail.slug in slugs}


def _words(field_name: str, value) -> str:
    text = wording.answer_text(field_name, value)
    return ", ".join(text) if isinstance(text, list) else text


# The summary's groups: red flags first (what a clinician checks first), then the rest.
SUMMARY_GROUPS = (
    (wording.STEP_TITLES["warning_signs"], ("warning_signs",)),
    (wording.STEP_TITLES["health"], ("health_flags",)),
    ("You and your symptoms", ("age", *engine.STEP_FIELDS["symptoms"])),
    (wording.STEP_TITLES["timeline"], engine.STEP_FIELDS["timeline"]),
    (wording.STEP_TITLES["patterns"], engine.STEP_FIELDS["patterns"]),
    (wording.STEP_TITLES["impact"], engine.STEP_FIELDS["impact"]),
)


def answer_summary(answers: dict) -> list[SummaryGroup]:
    """Every answer for the clinician, with Yes or No for each red-flag sign.

    Questions never asked (the check stopped early) say "Not asked", so an unanswered red-flag
    question is never shown as "No".
    """
    groups = []
    for title, names in SUMMARY_GROUPS:
        if not any(name in answers for name in names):
            groups.append(SummaryGroup(title, [], asked=False))
            continue
        rows = []
        for name in names:
            if name in RED_FLAG_FIELDS:
                ticked = answers[name]
                rows.extend(
                    SummaryRow(SIGN_LABELS[sign], *(("Yes", True) if sign in ticked else ("No",)))
                    for sign in RED_FLAG_FIELDS[name]
                )
            elif name in answers:
                rows.append(SummaryRow(SUMMARY_LABELS[name], _words(name, answers[name])))
            elif not (name in engine.LEG_DETAIL_FIELDS and answers.get("leg_side") == "none"):
                rows.append(SummaryRow(SUMMARY_LABELS[name], NOT_ASKED))
        groups.append(SummaryGroup(title, rows))
    return groups


def reading_slugs(disposition: str, engine_slugs) -> list[str]:
    return list(dict.fromkeys([*engine_slugs, *TIER_READING[disposition], *ALWAYS_READING]))


@lru_cache(maxsize=256)
def qr_svg(url: str) -> str:
    """The address as an inline SVG QR code (no style attributes: the CSP forbids them).

    Making a QR code is the slowest part of the page, so recent ones are kept in this
    process's memory (never stored anywhere else).
    """
    return segno.make(url, error="m").svg_inline(scale=3, border=2, omitsize=False)


def build(result, url: str, emergency_number: str) -> dict:
    """Template context for a saved result reached at `url`."""
    answers = dict(result.answers or {})
    disposition = result.disposition
    reasons = [code for code in result.reasons if code in wording.REASONS]
    causes = [slug for slug in result.possible_causes if slug in wording.CAUSE_NAMES]
    if disposition == "emergency":
        causes = []
    engine_slugs = engine.article_slugs(engine.Result(disposition, tuple(reasons), tuple(causes)))
    reading = reading_slugs(disposition, engine_slugs)
    articles = published_articles([*causes, *reading])
    details = cause_details(answers, causes)

    cause_views = []
    for slug in causes:
        detail = details.get(slug)
        cause_views.append(
            CauseView(
                slug=slug,
                name=wording.cause_name(slug),
                fits=[wording.feature_text(code) for code in (detail.fits if detail else ())],
                against=[wording.feature_text(code) for code in (detail.against if detail else ())],
                article=articles.get(slug),
            )
        )
    return {
        "result": result,
        "disposition": wording.disposition_text(disposition, emergency_number),
        "care_card_class": CARE_CARD_CLASSES[disposition],
        "is_emergency": disposition == "emergency",
        "reasons": [wording.reason_text(code) for code in reasons],
        "reason_advice": [wording.REASON_ADVICE[c] for c in reasons if c in wording.REASON_ADVICE],
        "causes": cause_views,
        "reading": [articles[slug] for slug in reading if slug in articles],
        "summary": answer_summary(answers),
        "questions_for_doctor": QUESTIONS_FOR_DOCTOR,
        "diary_rows": range(DIARY_ROWS),
        "safety_net_signs": wording.safety_net_signs(),
        # On paper, the same signs in short words, so the whole result fits on two pages.
        "safety_net_short": [SIGN_LABELS[sign] for sign in engine.WARNING_SIGNS],
        "safety_net_heading": wording.SAFETY_NET_HEADING,
        "safety_net_action": wording.SAFETY_NET_ACTION.format(emergency_number=emergency_number),
        "not_a_diagnosis": wording.NOT_A_DIAGNOSIS,
        "possible_causes_intro": wording.POSSIBLE_CAUSES_INTRO,
        "fits_heading": wording.FITS_HEADING,
        "against_heading": wording.AGAINST_HEADING,
        "page_url": url,
        "qr_svg": qr_svg(url),
    }
