"""Template helpers for the clinical vocabulary: tier labels, the warning signs, tel: links."""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html

from clinical import vocabulary, wording

register = template.Library()


@register.filter
def tier_label(tier: str):
    """The exact label of a tier (care card heading), e.g. "Urgent: get help today"."""
    return wording.TIER_LABELS.get(tier, "")


@register.simple_tag
def warning_sign_labels():
    """Every emergency warning sign's words, in the field's order (the one list)."""
    return [wording.SIGN_LABELS[sign] for sign in vocabulary.WARNING_SIGNS]


@register.filter
def tel(number):
    """A phone number as a tap-to-call link (digits and + only in the href)."""
    number = str(number or "").strip()
    if not number:
        return ""
    dial = re.sub(r"[^0-9+]", "", number)
    return format_html('<a class="tel" href="tel:{}">{}</a>', dial, number)
