"""One form per questionnaire step, with the spec's field names.

Choices come from `engine.FIELDS` and every word from `assessment.wording`; rendering is left
to the wizard's templates (crispy-forms, one fieldset and legend per radio or checkbox group).

Age: the form accepts 0 to 110 so that the wizard can send anyone under 16 to the under-16
page (`AboutForm.is_under_minimum_age()`); above 110 or below 0 is an error
("Enter an age from 16 to 110").
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
            none_label = dict(self.choices)[engine.NONE]
            raise ValidationError(
                wording.NONE_COMBINED_ERROR.format(none=none_label), code="none_combined"
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


def choice_field(name: str, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=wording.choices(name), widget=forms.RadioSelect, **_common(name, required)
    )


def multi_field(name: str, required: bool = True) -> forms.MultipleChoiceField:
    field_class = (
        NoneAloneMultipleChoiceField
        if engine.NONE in engine.FIELDS[name].values
        else forms.MultipleChoiceField
    )
    return field_class(
        choices=wording.choices(name),
        widget=forms.CheckboxSelectMultiple,
        **_common(name, required),
    )


def pain_field(name: str) -> forms.TypedChoiceField:
    """A 0 to 10 pain score as radio buttons (never a drag-only slider), cleaned to an int."""
    return forms.TypedChoiceField(
        choices=wording.choices(name),
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        **_common(name),
    )


class StepForm(forms.Form):
    """A questionnaire step: `step` is its id in the spec, `title` its heading."""

    step = ""
    title = ""


class AboutForm(StepForm):
    step = "about"
    title = wording.STEP_TITLES[step]

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

    def is_under_minimum_age(self) -> bool:
        """True when the (valid) age is under 16: the wizard ends with the under-16 page."""
        return self.cleaned_data["age"] < engine.MIN_AGE


class WarningSignsForm(StepForm):
    step = "warning_signs"
    title = wording.STEP_TITLES[step]

    warning_signs = multi_field("warning_signs")

    def has_warning_signs(self) -> bool:
        """True when any emergency sign is ticked: the wizard stops with the emergency result."""
        return engine.NONE not in self.cleaned_data["warning_signs"]


class HealthForm(StepForm):
    step = "health"
    title = wording.STEP_TITLES[step]

    health_flags = multi_field("health_flags")


class SymptomsForm(StepForm):
    step = "symptoms"
    title = wording.STEP_TITLES[step]

    back_pain = choice_field("back_pain")
    leg_side = choice_field("leg_side")
    # Required only when there are leg symptoms; see clean().
    leg_extent = choice_field("leg_extent", required=False)
    leg_symptoms = multi_field("leg_symptoms", required=False)
    pain_now = pain_field("pain_now")
    pain_worst = pain_field("pain_worst")

    def clean(self):
        data = super().clean()
        leg_side = data.get("leg_side")
        if leg_side == "none":
            # Without JavaScript the leg questions stay on the page; answers left there from
            # an earlier choice must never reach the engine.
            for name in engine.LEG_DETAIL_FIELDS:
                data.pop(name, None)
        elif leg_side:
            for name in engine.LEG_DETAIL_FIELDS:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, wording.REQUIRED_ERRORS[name])
        pain_now, pain_worst = data.get("pain_now"), data.get("pain_worst")
        if pain_now is not None and pain_worst is not None and pain_worst < pain_now:
            self.add_error("pain_worst", wording.PAIN_WORST_ERROR)
        return data


class TimelineForm(StepForm):
    step = "timeline"
    title = wording.STEP_TITLES[step]

    started = choice_field("started")
    onset = choice_field("onset")
    course = choice_field("course")
    previous = choice_field("previous")


class PatternsForm(StepForm):
    step = "patterns"
    title = wording.STEP_TITLES[step]

    worse_with = multi_field("worse_with")
    better_with = multi_field("better_with")
    risk_factors = multi_field("risk_factors")


class ImpactForm(StepForm):
    step = "impact"
    title = wording.STEP_TITLES[step]

    daily_impact = choice_field("daily_impact")
    walking = choice_field("walking")
    sleep = choice_field("sleep")
    tried = multi_field("tried")


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
    a list in the spec's order; fields the engine does not know are dropped, and so are leg
    details when leg_side is "none".
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
    if answers.get("leg_side") == "none":
        for name in engine.LEG_DETAIL_FIELDS:
            answers.pop(name, None)
    return answers
