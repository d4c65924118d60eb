from django import template

from assessment import wording

register = template.Library()


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
