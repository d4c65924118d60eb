"""Template helpers for printed handouts: a QR code back to the page."""

from django import template
from django.utils.safestring import mark_safe

from backhealth.qr import qr_svg

register = template.Library()


@register.filter
def qr_code(url):
    """An inline SVG QR code of ``url`` (segno draws it from the string; nothing to escape)."""
    if not url:
        return ""
    return mark_safe(qr_svg(str(url)))  # noqa: S308 (segno's own SVG: paths and numbers)
