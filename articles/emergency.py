"""Phone-number tokens in article text become the configured numbers when shown.

An article never types a number: it writes ``EMERGENCY_NUMBER`` (setting
``BACKHEALTH_EMERGENCY_NUMBER``, default 911), ``HEALTH_LINE`` (``BACKHEALTH_HEALTH_LINE``,
default 811) or ``CRISIS_LINE`` (``BACKHEALTH_CRISIS_LINE``, default 988). On a page each
number is a tap-to-call ``tel:`` link; in titles, meta tags and JSON-LD it is plain text.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext_lazy as _

# token: (setting, default, words used when the setting is blank)
TOKENS = {
    "EMERGENCY_NUMBER": ("BACKHEALTH_EMERGENCY_NUMBER", "911", _("the emergency number")),
    "HEALTH_LINE": ("BACKHEALTH_HEALTH_LINE", "811", _("your local nurse advice line")),
    "CRISIS_LINE": ("BACKHEALTH_CRISIS_LINE", "988", _("a crisis line")),
}
_PATTERN = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(TOKENS) + r")(?![A-Za-z0-9_])")


# The numbers the clinic settings (admin) can change; the crisis line is a setting only.
CLINIC_NUMBERS = {"EMERGENCY_NUMBER": "emergency_number", "HEALTH_LINE": "health_line"}


def number(token: str) -> str:
    """The number in force for a token ("" when it is blank): the clinic settings' for the
    emergency number and the health line, so every page says the same as the Contact page."""
    if token in CLINIC_NUMBERS:
        from articles.clinic import numbers

        return str(numbers()[CLINIC_NUMBERS[token]] or "").strip()
    setting, default, _words = TOKENS[token]
    return str(getattr(settings, setting, default) or "").strip()


def _plain(token: str) -> str:
    return number(token) or str(TOKENS[token][2])


def fill_in(text: str) -> str:
    """Plain text with the numbers put in (for JSON-LD and other non-HTML output)."""
    return _PATTERN.sub(lambda m: _plain(m.group(1)), str(text))


def fill_in_html(value) -> SafeData:
    """Escaped (or already safe) HTML with the numbers put in as plain text, escaped too.

    For places where a link cannot go: the page title, meta tags, inside other links.
    """
    html = str(conditional_escape(value))
    return mark_safe(  # noqa: S308 (both parts are escaped)
        _PATTERN.sub(lambda m: str(conditional_escape(_plain(m.group(1)))), html)
    )


def tel_link(token: str) -> str:
    """One number as a tap-to-call link (or the words for it when it is not set)."""
    shown = number(token)
    if not shown:
        return str(conditional_escape(TOKENS[token][2]))
    dial = re.sub(r"[^0-9+]", "", shown)
    return str(format_html('<a class="tel" href="tel:{}">{}</a>', dial, shown))


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def fill_in_links(value) -> SafeData:
    """Escaped (or already safe) HTML with every number a ``tel:`` link.

    Only text between tags changes (never an attribute), and never inside a link.
    """
    html = str(conditional_escape(value))
    out, in_link = [], 0
    for part in _TAG_OR_TEXT.split(html):
        if part.startswith("<"):
            name = part[1:].lstrip("/").split(None, 1)[0].rstrip(">").lower() if part[1:] else ""
            if name == "a":
                in_link += -1 if part.startswith("</") else 1
                in_link = max(in_link, 0)
            out.append(part)
        elif in_link:
            out.append(_PATTERN.sub(lambda m: str(conditional_escape(_plain(m.group(1)))), part))
        else:
            out.append(_PATTERN.sub(lambda m: tel_link(m.group(1)), part))
    return mark_safe("".join(out))  # noqa: S308 (escaped above; links built with format_html)
