"""The "Check your answers" step and how each step's form is laid out on the page."""

from __future__ import annotations

from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms

from assessment import engine, wording

FIELD_TEMPLATE = "assessment/includes/field.html"
PAIN_MAP_TEMPLATE = "assessment/includes/pain_map.html"


class ReviewForm(forms.Form):
    """The last step: nothing to answer, only "See my results"."""

    step = engine.REVIEW_STEP

    @property
    def title(self):
        return wording.STEP_TITLES[self.step]


def form_helper(step: str) -> FormHelper:
    """Crispy helper for a step: our own field template (one fieldset and legend per group)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.field_template = FIELD_TEMPLATE
    if step == "symptoms":
        # The body map, then its follow-up questions: each shown by the script only when the
        # map needs it (`data-when`), and always there without JavaScript.
        helper.layout = Layout(
            Field("pain_map", template=PAIN_MAP_TEMPLATE),
            Div("saddle_check", css_class="conditional", data_when="saddle"),
            Div("leg_symptoms", "leg_course", css_class="conditional", data_when="legs"),
            "pain_now",
            "pain_worst",
        )
    return helper


@dataclass
class ReviewRow:
    step: str
    field: str
    question: str
    answer: str | list[str]


@dataclass
class ReviewSection:
    step: str
    title: str
    rows: list[ReviewRow]


def review_sections(answers_by_step: dict[str, dict]) -> list[ReviewSection]:
    """Every answer in plain words, one section per step, each row tied to its step."""
    sections = []
    for step in engine.STEPS:
        answers = answers_by_step.get(step)
        if answers is None:
            continue
        rows = []
        for name in engine.STEP_FIELDS[step]:
            if name in answers:
                answer = wording.answer_text(name, answers[name])
                if isinstance(answer, list) and len(answer) == 1:
                    answer = answer[0]
                rows.append(ReviewRow(step, name, wording.question(name), answer))
        sections.append(ReviewSection(step, wording.STEP_TITLES[step], rows))
    return sections
