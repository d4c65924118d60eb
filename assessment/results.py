"""What a results page shows, built from a saved result (no request, and no rules run).

A result is a snapshot: its tier, reasons, causes (with what fits and what does not) and advice
are the ones stored when it was saved. This module words them (`assessment.explain`), puts them
in the order of the spec's "The results page", finds the published articles to link (one
query), lays out the answers and the clinician summary, and draws the QR code.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache

import segno
from django.db import DatabaseError
from django.urls import NoReverseMatch
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment import advice, engine, explain, fits, wording
from clinical import vocabulary
from clinical import wording as clinical
from clinical.templatetags.clinical_tags import tel

logger = logging.getLogger(__name__)

# Treatment and self-care reading that suits each tier, after the articles linked for the result.
TIER_READING = {
    vocabulary.EMERGENCY: (),
    vocabulary.URGENT: ("pain-relief-at-home",),
    vocabulary.SOON: ("pain-relief-at-home", "tests-and-diagnosis"),
    vocabulary.ROUTINE: ("staying-active", "pain-relief-at-home", "physical-therapy"),
    vocabulary.SELF_CARE: ("staying-active", "pain-relief-at-home", "exercise-for-a-strong-back"),
}
ALWAYS_READING = ("when-to-see-a-doctor", "preparing-for-your-appointment")

RED_FLAG_FIELDS = {
    "warning_signs": vocabulary.WARNING_SIGNS,
    "health_flags": vocabulary.HEALTH_FLAGS,
}

# Short names for the answer summary, so the whole summary fits on the printed page.
SUMMARY_LABELS = {
    "age": gettext_lazy("Age"),
    "saddle_check": gettext_lazy("Between the legs"),
    "leg_symptoms": gettext_lazy("What the leg feels"),
    "leg_course": gettext_lazy("Leg symptoms are"),
    "pain_now": gettext_lazy("Pain now"),
    "pain_worst": gettext_lazy("Worst pain, past week"),
    "started": gettext_lazy("Started"),
    "onset": gettext_lazy("How it started"),
    "course": gettext_lazy("Since it started"),
    "previous": gettext_lazy("Back pain before"),
    "worse_with": gettext_lazy("Worse with"),
    "better_with": gettext_lazy("Better with"),
    "risk_factors": gettext_lazy("Other conditions"),
    "daily_impact": gettext_lazy("Stops daily activities"),
    "walking": gettext_lazy("Walking"),
    "sleep": gettext_lazy("Sleep"),
    "tried": gettext_lazy("Tried so far"),
}
DIARY_DAYS = 7


@dataclass(frozen=True)
class ArticleLink:
    slug: str
    title: str
    url: str


@dataclass
class CauseView:
    slug: str
    name: str
    summary: str
    fits: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)
    article: ArticleLink | None = None


@dataclass
class SummaryRow:
    label: str
    answer: str


def _link(article) -> ArticleLink | None:
    try:
        return ArticleLink(article.slug, article.title, article.get_absolute_url())
    except NoReverseMatch:
        return None


def article_links(slugs, causes) -> tuple[dict[str, ArticleLink], dict[str, ArticleLink]]:
    """Published articles by slug, and by the cause they explain (`Article.explains`).

    A result page must work even when the article library cannot be read: a missing article is
    skipped, never a broken link.
    """
    try:
        from articles.models import Article

        published = Article.objects.published()
        by_slug = {a.slug: _link(a) for a in published.filter(slug__in=list(slugs))}
        by_cause = {c: _link(a) for c, a in published.explainers().items() if c in causes}
    except DatabaseError:
        logger.warning("Articles could not be read for a result page; showing it without links.")
        return {}, {}
    return (
        {slug: link for slug, link in by_slug.items() if link},
        {cause: link for cause, link in by_cause.items() if link},
    )


def cause_views(result, answers, by_cause) -> list[CauseView]:
    """The stored causes, each with what fits and what does not (from the stored features)."""
    stored = {detail.get("slug"): detail for detail in result.cause_details or ()}
    views = []
    for slug in result.possible_causes or ():
        if slug not in clinical.CAUSE_NAMES:
            continue
        detail = stored.get(slug, {})
        fit_words = [
            fits.feature_fits(f, answers)
            for f in (*detail.get("needs", ()), *detail.get("fits", ()))
        ]
        against_words = [fits.feature_fits(f, answers) for f in detail.get("against", ())]
        if not against_words:
            against_words = [fits.feature_missing(f) for f in detail.get("missing", ())]
        if not any(against_words):
            against_words = [str(fits.NOTHING_AGAINST)]
        views.append(
            CauseView(
                slug=slug,
                name=clinical.CAUSE_NAMES[slug],
                summary=clinical.CAUSE_SUMMARIES[slug],
                fits=[text for text in dict.fromkeys(fit_words) if text],
                against=[text for text in dict.fromkeys(against_words) if text],
                article=by_cause.get(slug),
            )
        )
    return views


def _words(name: str, value) -> str:
    # Semicolons between choices: a choice's own words may hold a comma ("Coughing, sneezing
    # or straining"), so commas between choices would blur where one ends.
    text = wording.answer_text(name, value)
    return "; ".join(str(t) for t in text) if isinstance(text, list) else str(text)


def answer_rows(answers: dict, steps) -> list[SummaryRow]:
    """Each answered question of these steps, in short words (the map is shown apart)."""
    return [
        SummaryRow(str(SUMMARY_LABELS[name]), _words(name, answers[name]))
        for step in steps
        for name in engine.STEP_FIELDS[step]
        if name in answers and name in SUMMARY_LABELS and name != "pain_map"
    ]


def red_flags(answers: dict) -> dict:
    """Red flags ticked, and one compact "No to: …" line naming every sign not ticked."""
    ticked, no_to, not_asked = [], [], []
    for name, values in RED_FLAG_FIELDS.items():
        if name not in answers:
            not_asked.append(
                str(wording.STEP_TITLES["warning_signs" if name == "warning_signs" else "health"])
            )
            continue
        chosen = set(answers[name])
        short = clinical.SIGN_SHORT if name == "warning_signs" else clinical.FLAG_SHORT
        full = clinical.SIGN_LABELS if name == "warning_signs" else clinical.FLAG_LABELS
        for value in values:
            (ticked if value in chosen else no_to).append(
                str(full[value]) if value in chosen else str(short[value])
            )
    return {"ticked": ticked, "no_to": no_to, "not_asked": not_asked}


def regions(answers: dict) -> list[str]:
    return [
        str(wording.REGION_LABELS[r])
        for r in wording.in_spec_order("pain_map", answers.get("pain_map") or ())
    ]


def clinic():
    """The clinic's own contacts (clinic settings, edited in the admin), when any are set."""
    from articles.clinic import get_clinic

    found = get_clinic()
    return found if (found.name or found.phone or found.booking_url) else None


def clinic_line(found) -> str:
    """The clinic's name, phone (tap-to-call), booking link and hours, as one card item."""
    parts = [format_html("<strong>{}</strong>", found.name or _("Your clinic"))]
    if found.phone:
        parts.append(format_html(_("call {}"), tel(found.phone)))
    if found.booking_url:
        parts.append(
            format_html('<a href="{}">{}</a>', found.booking_url, _("book an appointment online"))
        )
    hours = format_html_join("", "<br>{}", ((line,) for line in found.opening_hours_lines))
    return format_html("{}: {}.{}", parts[0], mark_safe(", ".join(parts[1:])), hours)  # noqa: S308


def card_items(tier: str, advice_lines, health_line: str) -> list:
    """What the result's care card says: where to go, then the extra advice and contacts."""
    if tier == vocabulary.EMERGENCY:
        return []  # the card's own closing line: go now, or call the emergency number
    items = [clinical.TIER_WHERE[tier], *advice_lines]
    if (found := clinic()) is not None:
        items.append(clinic_line(found))
    if health_line:
        items.append(_("Not sure what to do? Call HEALTH_LINE to talk to a nurse, any time."))
    return items


def health_line() -> str:
    from articles.clinic import numbers

    return numbers()["health_line"]


@lru_cache(maxsize=256)
def qr_svg(url: str) -> str:
    """The address as an inline SVG QR code (no style attributes: the CSP forbids them).

    Making a QR code is the slowest part of the page, so recent ones are kept in this
    process's memory (never stored anywhere else).
    """
    return segno.make(url, error="m").svg_inline(scale=3, border=2, omitsize=False)


def build(result, url: str) -> dict:
    """Template context for a saved result reached at `url`."""
    answers = dict(result.answers or {})
    tier = result.disposition
    is_emergency = tier == vocabulary.EMERGENCY
    stored = engine.Result(
        tier,
        tuple(result.reasons or ()),
        tuple(result.possible_causes or ()) if not is_emergency else (),
        advice=tuple(result.advice or ()),
    )
    linked = engine.article_slugs(stored)
    reading = list(dict.fromkeys([*linked, *TIER_READING[tier], *ALWAYS_READING]))
    by_slug, by_cause = article_links(reading, stored.possible_causes)
    causes = [] if is_emergency else cause_views(result, answers, by_cause)
    reasons = [
        explain.reason_text(code, answers)
        for code in stored.reasons
        if not is_emergency or engine.REASON_TIERS.get(code) == vocabulary.EMERGENCY
    ]
    cause_links = [c.article for c in causes if c.article]
    return {
        "result": result,
        "tier": tier,
        "is_emergency": is_emergency,
        "do_now": advice.do_now(tier, stored.advice),
        "reasons": reasons,
        "causes": causes,
        "reading": list(
            dict.fromkeys(
                [
                    *(by_slug[s] for s in linked if s in by_slug),
                    *cause_links,
                    *(by_slug[s] for s in reading if s in by_slug),
                ]
            )
        ),
        "answer_rows": answer_rows(answers, engine.STEPS[3:]),
        "red_flags": red_flags(answers),
        "age": answers.get("age"),
        "regions": regions(answers),
        "chosen_regions": " ".join(answers.get("pain_map") or ()),
        "has_map": "pain_map" in answers,
        "questions_for_doctor": advice.QUESTIONS_FOR_DOCTOR,
        "not_a_diagnosis": advice.NOT_A_DIAGNOSIS,
        "nothing_urgent": advice.NOTHING_URGENT,
        "diary_days": range(DIARY_DAYS),
        "card_items": card_items(tier, advice.for_result(tier, stored.advice), health_line()),
        "page_url": url,
        "qr_svg": qr_svg(url),
    }
