"""One form per questionnaire step, with the spec's field names (v2).

Fields, choices and conditions come from `assessment.engine`; every word from
`assessment.wording`. Adding a question to a step: its id and values in `engine.FIELDS` and
`engine.STEP_FIELDS`, its words in `wording`, and a line in the step's form below.

Age: the form accepts 0 to 110 so that the wizard can send anyone under 16 to the under-16
page; above 110 or below 0 is an error ("Enter an age from 16 to 110").
"""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError

from assessment import engine, wording


class NoneAloneMultipleChoiceField(forms.MultipleChoiceField):
    """Checkboxes where "none" is an answer of its own and cannot be ticked with another."""

    widget = forms.CheckboxSelectMultiple

    def validate(self, value):
        super().validate(value)
        if engine.NONE in value and len(set(value)) > 1:
            raise ValidationError(
                wording.NONE_COMBINED_ERROR,
                code="none_combined",
                params={"none": dict(self.choices)[engine.NONE]},
            )


def _common(name: str, required: bool = True) -> dict:
    return {
        "label": wording.question(name),
        "help_text": wording.hint(name),
        "required": required,
        "error_messages": {
            "required": wording.REQUIRED_ERRORS[name],
            "invalid_choice": wording.INVALID_CHOICE_ERROR,
            "invalid_list": wording.INVALID_CHOICE_ERROR,
        },
    }


def field_for(name: str, required: bool = True) -> forms.Field:
    """The form field for a spec field: radios, checkboxes, or a 0 to 10 scale of radios."""
    kind, values = engine.FIELDS[name]
    if kind == "multi":
        field_class = (
            NoneAloneMultipleChoiceField if engine.NONE in values else forms.MultipleChoiceField
        )
        return field_class(
            choices=wording.choices(name),
            widget=forms.CheckboxSelectMultiple,
            **_common(name, required),
        )
    if kind == "int":
        # A pain score as radio buttons (never a drag-only slider), cleaned to an int.
        return forms.TypedChoiceField(
            choices=wording.choices(name),
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **_common(name, required),
        )
    return forms.ChoiceField(
        choices=wording.choices(name), widget=forms.RadioSelect, **_common(name, required)
    )


class StepForm(forms.Form):
    """A questionnaire step: one field per name in `engine.STEP_FIELDS[step]`.

    Conditional fields (`engine.CONDITIONS`) are optional on the form; `clean()` requires them
    when their condition holds and drops them when it does not, so an answer left on the page
    (no JavaScript) never reaches the engine.
    """

    step = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in engine.STEP_FIELDS[self.step]:
            if name not in self.fields:
                self.fields[name] = field_for(name, required=name not in engine.CONDITIONS)

    @property
    def title(self):
        return wording.STEP_TITLES[self.step]

    def clean(self):
        data = super().clean()
        for name in engine.STEP_FIELDS[self.step]:
            condition = engine.CONDITIONS.get(name)
            if condition is None or name in self.errors:
                continue
            if not condition(data):
                data.pop(name, None)
            elif not data.get(name):
                self.add_error(name, wording.REQUIRED_ERRORS[name])
        return data


class AboutForm(StepForm):
    step = "about"

    age = forms.IntegerField(
        label=wording.question("age"),
        help_text=wording.hint("age"),
        min_value=0,
        max_value=engine.MAX_AGE,
        error_messages={
            "required": wording.REQUIRED_ERRORS["age"],
            "invalid": wording.AGE_INVALID_ERROR,
            "min_value": wording.AGE_RANGE_ERROR,
            "max_value": wording.AGE_RANGE_ERROR,
        },
    )


class WarningSignsForm(StepForm):
    step = "warning_signs"


class HealthForm(StepForm):
    step = "health"


class SymptomsForm(StepForm):
    step = "symptoms"

    def clean(self):
        data = super().clean()
        pain_now, pain_worst = data.get("pain_now"), data.get("pain_worst")
        if pain_now is not None and pain_worst is not None and pain_worst < pain_now:
            self.add_error("pain_worst", wording.PAIN_WORST_ERROR)
        return data


class TimelineForm(StepForm):
    step = "timeline"


class PatternsForm(StepForm):
    step = "patterns"


class ImpactForm(StepForm):
    step = "impact"


# (step, form class) in the spec's order: the wizard's form_list.
STEP_FORMS = [
    (form.step, form)
    for form in (
        AboutForm,
        WarningSignsForm,
        HealthForm,
        SymptomsForm,
        TimelineForm,
        PatternsForm,
        ImpactForm,
    )
]


def _is_empty(value) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple | set) and not value)


def answers_from_steps(cleaned_data_by_step: Mapping[str, Mapping | None]) -> dict:
    """Merge each step's cleaned data into the engine's answers.

    Steps with no data (None, skipped) and empty answers are left out; ints become int, multis
    a list in the spec's order; fields the engine does not know are dropped, and so are
    conditional fields whose condition does not hold.
    """
    answers: dict = {}
    for data in cleaned_data_by_step.values():
        for name, value in (data or {}).items():
            if name not in engine.FIELDS or _is_empty(value):
                continue
            kind, allowed = engine.FIELDS[name]
            if kind == "int":
                answers[name] = int(value)
            elif kind == "multi":
                # Spec order, once each; anything unknown is kept for evaluate() to refuse.
                chosen = set(value)
                unknown = [item for item in dict.fromkeys(value) if item not in allowed]
                answers[name] = [item for item in allowed if item in chosen] + unknown
            else:
                answers[name] = value
    return engine.drop_unasked(answers)
