"""The questionnaire step forms and their wording, and what they hand to the engine."""

import re

import pytest
from django import forms
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import engine, wording
from assessment.forms import (
    STEP_FORMS,
    AboutForm,
    HealthForm,
    ImpactForm,
    PatternsForm,
    SymptomsForm,
    TimelineForm,
    WarningSignsForm,
    answers_from_steps,
)

FORMS = dict(STEP_FORMS)

# One good POST per step, as a browser sends it.
GOOD_POSTS = {
    "about": {"age": ["38"]},
    "warning_signs": {"warning_signs": ["none"]},
    "health": {"health_flags": ["none"]},
    "symptoms": {
        "back_pain": ["yes"],
        "leg_side": ["left"],
        "leg_extent": ["below_knee"],
        "leg_symptoms": ["pain", "tingling"],
        "pain_now": ["6"],
        "pain_worst": ["8"],
    },
    "timeline": {
        "started": ["under_2_weeks"],
        "onset": ["after_strain"],
        "course": ["same"],
        "previous": ["first"],
    },
    "patterns": {
        "worse_with": ["sitting", "cough_sneeze"],
        "better_with": ["none"],
        "risk_factors": ["none"],
    },
    "impact": {
        "daily_impact": ["some"],
        "walking": ["no_limit"],
        "sleep": ["disturbed"],
        "tried": ["rest", "pain_relievers"],
    },
}


def post(step, **changes):
    """A step's good POST with some fields changed (a list) or removed (None)."""
    data = {**GOOD_POSTS[step], **changes}
    return MultiValueDict({name: value for name, value in data.items() if value is not None})


def bound(step, **changes):
    form = FORMS[step](post(step, **changes))
    form.is_valid()
    return form


# --- Shape ---------------------------------------------------------------------------------------


def test_one_form_per_step_in_order():
    assert [step for step, _ in STEP_FORMS] == list(engine.STEPS)
    assert [form for _, form in STEP_FORMS] == [
        AboutForm,
        WarningSignsForm,
        HealthForm,
        SymptomsForm,
        TimelineForm,
        PatternsForm,
        ImpactForm,
    ]


@pytest.mark.parametrize(("step", "form_class"), STEP_FORMS)
def test_form_has_exactly_the_spec_fields_and_a_title(step, form_class):
    assert tuple(form_class.base_fields) == engine.STEP_FIELDS[step]
    assert form_class.title == wording.STEP_TITLES[step]
    assert form_class.step == step


@pytest.mark.parametrize("name", [n for n in engine.FIELDS if n != "age"])
def test_choices_are_the_spec_values_with_plain_labels(name):
    form_class = next(form for _, form in STEP_FORMS if name in form.base_fields)
    field = form_class.base_fields[name]
    assert [value for value, _ in field.choices] == [str(v) for v in engine.FIELDS[name].values]
    if engine.FIELDS[name].kind != "int":
        assert all(label and label != value for value, label in field.choices)
    assert field.label == wording.QUESTIONS[name]


@pytest.mark.parametrize("name", [n for n, f in engine.FIELDS.items() if f.kind == "multi"])
def test_multi_fields_are_checkboxes(name):
    field = next(f.base_fields[name] for _, f in STEP_FORMS if name in f.base_fields)
    assert isinstance(field, forms.MultipleChoiceField)
    assert isinstance(field.widget, forms.CheckboxSelectMultiple)


@pytest.mark.parametrize("name", [n for n, f in engine.FIELDS.items() if f.kind == "choice"])
def test_choice_fields_are_radios(name):
    field = next(f.base_fields[name] for _, f in STEP_FORMS if name in f.base_fields)
    assert isinstance(field.widget, forms.RadioSelect)


@pytest.mark.parametrize("name", ["pain_now", "pain_worst"])
def test_pain_scores_are_radio_buttons_from_0_to_10(name):
    field = SymptomsForm.base_fields[name]
    assert isinstance(field.widget, forms.RadioSelect)
    assert [value for value, _ in field.choices] == [str(n) for n in range(11)]
    assert "no pain" in dict(field.choices)["0"]


# --- Valid data ----------------------------------------------------------------------------------


@pytest.mark.parametrize("step", list(GOOD_POSTS))
def test_each_form_is_valid_with_good_data(step):
    form = bound(step)
    assert form.is_valid(), form.errors


def test_cleaned_values_have_the_engine_types():
    assert bound("about").cleaned_data == {"age": 38}
    symptoms = bound("symptoms").cleaned_data
    assert symptoms["pain_now"] == 6
    assert symptoms["pain_worst"] == 8
    assert symptoms["leg_symptoms"] == ["pain", "tingling"]
    assert bound("impact").cleaned_data["tried"] == ["rest", "pain_relievers"]


def test_a_warning_sign_is_valid_and_flagged():
    form = bound("warning_signs", warning_signs=["bladder", "bowel"])
    assert form.is_valid()
    assert form.has_warning_signs()
    assert not bound("warning_signs").has_warning_signs()


# --- Invalid data --------------------------------------------------------------------------------

NONE_MULTIS = [
    (step, name)
    for step, form in STEP_FORMS
    for name in form.base_fields
    if engine.FIELDS[name].kind == "multi" and "none" in engine.FIELDS[name].values
]


@pytest.mark.parametrize(("step", "name"), NONE_MULTIS)
def test_none_cannot_be_combined(step, name):
    other = next(v for v in engine.FIELDS[name].values if v != "none")
    form = bound(step, **{name: ["none", other]})
    assert not form.is_valid()
    none_label = wording.CHOICE_LABELS[name]["none"]
    assert form.errors[name] == [wording.NONE_COMBINED_ERROR.format(none=none_label)]


def test_none_combined_error_names_the_choice():
    form = bound("warning_signs", warning_signs=["none", "trauma"])
    assert form.errors["warning_signs"] == ["Select “None of these” on its own, or untick it"]


@pytest.mark.parametrize("step", list(GOOD_POSTS))
def test_every_question_must_be_answered_with_a_specific_message(step):
    form = FORMS[step](MultiValueDict())
    assert not form.is_valid()
    required = [name for name in engine.STEP_FIELDS[step] if name not in engine.LEG_DETAIL_FIELDS]
    assert set(form.errors) == set(required)
    for name in required:
        assert form.errors[name] == [wording.REQUIRED_ERRORS[name]]


def test_started_required_message_is_plain():
    assert bound("timeline", started=None).errors["started"] == [
        "Select how long ago the pain started"
    ]


@pytest.mark.parametrize(
    ("step", "name", "value"),
    [
        ("warning_signs", "warning_signs", ["headache"]),
        ("symptoms", "leg_side", ["middle"]),
        ("symptoms", "pain_now", ["11"]),
        ("symptoms", "pain_now", ["-1"]),
        ("symptoms", "pain_now", ["5.5"]),
        ("symptoms", "leg_symptoms", ["none"]),
        ("timeline", "started", ["yesterday"]),
        ("impact", "tried", ["x" * 10_000]),
    ],
)
def test_values_outside_the_spec_are_rejected(step, name, value):
    form = bound(step, **{name: value})
    assert not form.is_valid()
    assert form.errors[name] == [wording.INVALID_CHOICE_ERROR]


@pytest.mark.parametrize(
    ("age", "error"),
    [
        ("", wording.REQUIRED_ERRORS["age"]),
        ("forty", wording.AGE_INVALID_ERROR),
        ("40.5", wording.AGE_INVALID_ERROR),
        ("9" * 5000, wording.AGE_INVALID_ERROR),
        ("111", "Enter an age from 16 to 110"),
        ("-1", "Enter an age from 16 to 110"),
    ],
)
def test_bad_ages_are_rejected(age, error):
    form = bound("about", age=[age])
    assert not form.is_valid()
    assert form.errors["age"] == [error]


@pytest.mark.parametrize(
    ("age", "under"), [("0", True), ("15", True), ("16", False), ("110", False)]
)
def test_under_16_is_valid_for_the_form_and_flagged_for_the_wizard(age, under):
    form = bound("about", age=[age])
    assert form.is_valid()
    assert form.is_under_minimum_age() is under


def test_pain_worst_cannot_be_lower_than_pain_now():
    form = bound("symptoms", pain_now=["7"], pain_worst=["6"])
    assert not form.is_valid()
    assert form.errors["pain_worst"] == [wording.PAIN_WORST_ERROR]
    assert bound("symptoms", pain_now=["7"], pain_worst=["7"]).is_valid()
    assert bound("symptoms", pain_now=["0"], pain_worst=["0"]).is_valid()


@pytest.mark.parametrize("side", ["left", "right", "both"])
def test_leg_details_are_required_when_a_leg_is_affected(side):
    form = bound("symptoms", leg_side=[side], leg_extent=None, leg_symptoms=None)
    assert not form.is_valid()
    assert form.errors["leg_extent"] == [wording.REQUIRED_ERRORS["leg_extent"]]
    assert form.errors["leg_symptoms"] == ["Select what you feel in your leg"]


def test_leg_details_are_dropped_when_no_leg_is_affected():
    form = bound("symptoms", leg_side=["none"])  # leg answers still posted
    assert form.is_valid(), form.errors
    assert "leg_extent" not in form.cleaned_data
    assert "leg_symptoms" not in form.cleaned_data
    assert bound("symptoms", leg_side=["none"], leg_extent=None, leg_symptoms=None).is_valid()


# --- Into the engine ---------------------------------------------------------------------------


def cleaned_by_step(**posts):
    result = {}
    for step in engine.STEPS:
        form = FORMS[step](post(step, **posts.get(step, {})))
        assert form.is_valid(), form.errors
        result[step] = form.cleaned_data
    return result


def test_answers_from_steps_is_accepted_by_evaluate():
    answers = answers_from_steps(cleaned_by_step())
    assert answers == {
        "age": 38,
        "warning_signs": ["none"],
        "health_flags": ["none"],
        "back_pain": "yes",
        "leg_side": "left",
        "leg_extent": "below_knee",
        "leg_symptoms": ["pain", "tingling"],
        "pain_now": 6,
        "pain_worst": 8,
        "started": "under_2_weeks",
        "onset": "after_strain",
        "course": "same",
        "previous": "first",
        "worse_with": ["sitting", "cough_sneeze"],
        "better_with": ["none"],
        "risk_factors": ["none"],
        "daily_impact": "some",
        "walking": "no_limit",
        "sleep": "disturbed",
        "tried": ["rest", "pain_relievers"],
    }
    result = engine.evaluate(answers)
    assert result.disposition == "urgent"
    assert result.reasons[0] == "cough_sneeze"
    assert set(result.possible_causes[:2]) == {"sciatica", "herniated-disc"}


def test_answers_from_steps_drops_skipped_steps_empty_and_unknown_values():
    answers = answers_from_steps(
        {
            "about": {"age": 45},
            "warning_signs": {"warning_signs": ["bladder"]},
            "health": None,
            "symptoms": {"leg_side": "none", "leg_extent": "below_knee", "leg_symptoms": []},
            "timeline": {"started": "", "onset": None},
            "extra": {"wizard_goto_step": "about", "csrfmiddlewaretoken": "x"},
        }
    )
    assert answers == {"age": 45, "warning_signs": ["bladder"], "leg_side": "none"}
    assert engine.evaluate(answers).disposition == "emergency"


def test_answers_from_steps_puts_multis_in_spec_order_once_and_ints_as_int():
    answers = answers_from_steps(
        {"patterns": {"worse_with": ["walking", "sitting", "walking"]}, "about": {"age": "52"}}
    )
    assert answers == {"worse_with": ["sitting", "walking"], "age": 52}


def test_answers_from_steps_keeps_unknown_values_for_evaluate_to_refuse():
    answers = answers_from_steps({"patterns": {"worse_with": ["sitting", "dancing"]}})
    with pytest.raises(ValueError):
        engine.evaluate(answers)


# --- Wording ----------------------------------------------------------------------------------


def test_every_field_has_a_question_a_hint_and_a_required_error():
    assert set(wording.QUESTIONS) == set(engine.FIELDS)
    assert set(wording.HINTS) == set(engine.FIELDS)
    assert set(wording.REQUIRED_ERRORS) == set(engine.FIELDS)


def test_every_choice_value_has_a_label():
    for name, field in engine.FIELDS.items():
        if name != "age":
            assert set(wording.CHOICE_LABELS[name]) == set(field.values), name
    for name, hints in wording.CHOICE_HINTS.items():
        assert set(hints) <= set(engine.FIELDS[name].values)


def test_every_step_reason_cause_and_feature_has_words():
    assert set(wording.STEP_TITLES) == {*engine.STEPS, engine.REVIEW_STEP}
    assert set(wording.REASONS) == set(engine.REASON_CODES)
    assert set(wording.CAUSE_NAMES) == set(engine.CAUSE_SLUGS)
    assert set(wording.FEATURES) == set(engine.FEATURES)


def test_reasons_are_sentences_in_the_persons_terms():
    assert wording.reason_text("trauma") == (
        "You said the pain started after a serious fall, accident or blow."
    )
    for code, text in wording.REASONS.items():
        assert text.startswith(("You said", "You are", "Your answers")), code
        assert text.endswith("."), code


def test_warning_signs_say_new_or_getting_worse():
    assert "new, or getting worse" in wording.QUESTIONS["warning_signs"]
    assert wording.safety_net_signs() == [
        wording.CHOICE_LABELS["warning_signs"][sign] for sign in engine.WARNING_SIGNS
    ]


@pytest.mark.parametrize(
    ("disposition", "card"),
    [
        ("emergency", "Immediate action required"),
        ("urgent", "Urgent advice"),
        ("soon", "Urgent advice"),
        ("routine", "Non-urgent advice"),
        ("self_care", "Non-urgent advice"),
    ],
)
def test_each_disposition_has_heading_advice_and_care_card(disposition, card):
    text = wording.disposition_text(disposition, emergency_number="112")
    assert text["care_card"] == card
    assert text["heading"]
    assert "{" not in text["advice"]


def test_emergency_advice_uses_the_local_number_and_says_do_not_drive():
    advice = wording.disposition_text("emergency", emergency_number="999")["advice"]
    assert "call 999" in advice
    assert "Do not drive yourself" in advice
    assert "Take this page with you" in advice


def test_answer_text_for_the_review_page():
    assert wording.answer_text("age", 38) == "38"
    assert wording.answer_text("pain_now", 6) == "6 out of 10"
    assert wording.answer_text("started", "over_12_weeks") == "More than 12 weeks ago"
    assert wording.answer_text("warning_signs", ["none"]) == ["None of these"]
    assert wording.answer_text("worse_with", ["walking", "sitting"]) == ["Sitting", "Walking"]


def _syllables(word):
    groups = re.findall(r"[aeiouy]+", word.lower())
    count = len(groups) - (word.lower().endswith("e") and len(groups) > 1)
    return max(1, count)


def _grade(texts):
    """Flesch-Kincaid grade of texts taken together, each text at least one sentence."""
    sentences = sum(max(1, len(re.findall(r"[.?!](\s|$)", t))) for t in texts)
    words = [w for t in texts for w in re.findall(r"[A-Za-z']+", t)]
    syllables = sum(_syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59


@pytest.mark.parametrize(
    "texts",
    [
        pytest.param(list(wording.QUESTIONS.values()), id="questions"),
        pytest.param([t for t in wording.HINTS.values() if t], id="hints"),
        pytest.param(
            [label for labels in wording.CHOICE_LABELS.values() for label in labels.values()],
            id="labels",
        ),
        pytest.param(list(wording.REASONS.values()), id="reasons"),
        pytest.param([d["advice"] for d in wording.DISPOSITIONS.values()], id="advice"),
        pytest.param(list(wording.FEATURES.values()), id="features"),
        pytest.param(list(wording.REQUIRED_ERRORS.values()), id="errors"),
        pytest.param(list(wording.CAUSE_NAMES.values()), id="causes"),
    ],
)
def test_wording_reads_at_grade_8_or_lower(texts):
    assert _grade(texts) <= 8


# --- Any POST --------------------------------------------------------------------------------


def _posted_values(name):
    """Mostly answers a browser could send, sometimes anything at all (or nothing)."""
    kind, allowed = engine.FIELDS[name]
    known = [str(v) for v in (range(-2, 125) if name == "age" else allowed)]
    sensible = st.lists(st.sampled_from(known), min_size=1, max_size=4 if kind == "multi" else 1)
    anything = st.lists(st.one_of(st.sampled_from(known), st.text(max_size=6)), max_size=4)
    return st.one_of(sensible, sensible, sensible, sensible, anything)


def _any_post(step):
    fields = {name: _posted_values(name) for name in engine.STEP_FIELDS[step]}
    junk = {"junk": st.lists(st.text(max_size=6), max_size=2)}
    return st.fixed_dictionaries(fields, optional=junk).map(MultiValueDict)


def _accepted_or_under_age(step, form):
    answers = answers_from_steps({step: form.cleaned_data})
    if step == "about" and form.is_under_minimum_age():
        return  # the wizard ends with the under-16 page; the engine never sees it
    assert engine.evaluate(answers).disposition in engine.DISPOSITIONS


@pytest.mark.parametrize("step", list(engine.STEPS))
def test_any_post_is_invalid_or_accepted_by_the_engine(step):
    @settings(max_examples=150, deadline=None)
    @given(data=_any_post(step))
    def check(data):
        form = FORMS[step](data)
        if form.is_valid():
            _accepted_or_under_age(step, form)

    check()


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.fixed_dictionaries({step: _any_post(step) for step in engine.STEPS}))
def test_any_set_of_valid_steps_merges_into_accepted_answers(data):
    cleaned = {}
    for step, posted in data.items():
        form = FORMS[step](posted)
        if not form.is_valid():
            form = FORMS[step](post(step))  # the person corrects this step
            assert form.is_valid()
        cleaned[step] = form.cleaned_data
    if cleaned["about"]["age"] < engine.MIN_AGE:
        return
    assert engine.evaluate(answers_from_steps(cleaned)).disposition in engine.DISPOSITIONS
