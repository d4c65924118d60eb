from django import template

from assessment import engine, wording

register = template.Library()

# Which follow-up group a body-map region opens (`data-when` on the group in the layout).
_OPENS = {region: "legs" for region in engine.LEG_REGIONS} | {"groin_or_saddle": "saddle"}


@register.filter
def choice_hint(field, value) -> str:
    """The extra hint shown under one answer of a question, if it has one."""
    return wording.CHOICE_HINTS.get(field.name, {}).get(str(value), "")


@register.filter
def is_choice_group(field) -> bool:
    """Radio buttons or checkboxes: rendered as a fieldset with a legend."""
    return getattr(field.field.widget, "input_type", "") in {"radio", "checkbox"}


@register.filter
def is_list(value) -> bool:
    return isinstance(value, list | tuple)


@register.filter
def when_asked(region: str) -> str:
    """The follow-up questions a body-map region needs ("legs", "saddle"), or ""."""
    return _OPENS.get(str(region), "")
