"""The EMERGENCY_NUMBER token in article text becomes the configured number when shown."""

from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

TOKEN = "EMERGENCY_NUMBER"  # noqa: S105 (a placeholder word, not a secret)


def fill_in(text: str) -> str:
    """Plain text with the number put in (for JSON-LD and other non-HTML output)."""
    return str(text).replace(TOKEN, str(settings.BACKHEALTH_EMERGENCY_NUMBER))


def fill_in_html(value) -> SafeData:
    """Escaped (or already safe) HTML with the number put in, escaped too."""
    html = conditional_escape(value)
    number = conditional_escape(str(settings.BACKHEALTH_EMERGENCY_NUMBER))
    return mark_safe(html.replace(TOKEN, number))  # noqa: S308 (both parts are escaped)
