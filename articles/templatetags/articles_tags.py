import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from articles import emergency

register = template.Library()

# The same escapes as Django's json_script: the JSON can never close its <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def emergency_number(value):
    """Put the configured numbers where the text has a token (plain text, no links)."""
    return emergency.fill_in_html(value)


@register.filter
def phone_links(value):
    """Put the configured numbers where the text has a token, each as a ``tel:`` link."""
    return emergency.fill_in_links(value)


@register.filter
def ld_json(data):
    """Serialise data for a <script type="application/ld+json"> element, safely."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 (escaped above)
