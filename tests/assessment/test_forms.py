"""The questionnaire's step forms (spec v2): fields, widgets, errors, conditions, and what they
hand to the engine. Wording of results (reasons, features, reading grade) is in test_explain.py.
"""

import pytest
from django import forms
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import engine, wording
from assessment.forms import STEP_FORMS, answers_from_steps

FORMS = dict(STEP_FORMS)
SymptomsForm = FORMS["symptoms"]
STEP_OF = {name: step for step, names in engine.STEP_FIELDS.items() for name in names}

# The spec's body-map table, read column by column (not taken from the engine).
SPEC_LEG_REGIONS = {
    "thigh_front_left",
    "thigh_front_right",
    "thigh_back_left",
    "thigh_back_right",
    "lower_leg_left",
    "lower_leg_right",
    "foot_left",
    "foot_right",
}
CONDITIONAL = ("saddle_check", "leg_symptoms", "leg_course")

# One good POST per step, as a browser sends it (a leg and the groin marked: every question).
GOOD = {
    "about": {"age": ["38"]},
    "warning_signs": {"warning_signs": ["none"]},
    "health": {"health_flags": ["none"]},
    "symptoms": {
        "pain_map": ["lower_back", "groin_or_saddle", "lower_leg_left"],
        "saddle_check": ["pain_only"],
        "leg_symptoms": ["pain", "tingling"],
        "leg_course": ["same"],
        "pain_now": ["6"],
        "pain_worst": ["8"],
    },
    "timeline": {
        "started": ["2_to_6_weeks"],
        "onset": ["after_strain"],
        "course": ["same"],
        "previous": ["first"],
    },
    "patterns": {
        "worse_with": ["walking", "sitting"],
        "better_with": ["none"],
        "risk_factors": ["none"],
    },
    "impact": {
        "daily_impact": ["some"],
        "walking": ["no_limit"],
        "sleep": ["disturbed"],
        "tried": ["rest"],
    },
}


def bound(step, **changes):
    """The step's form bound to its good POST, with fields changed (a list) or removed (None)."""
    data = {**GOOD[step], **changes}
    form = FORMS[step](MultiValueDict({k: v for k, v in data.items() if v is not None}))
    form.is_valid()
    return form


def field(name):
    return FORMS[STEP_OF[name]]().fields[name]


# --- Shape ---------------------------------------------------------------------------------------


def test_one_form_per_step_in_spec_order():
    assert [step for step, _ in STEP_FORMS] == [
        "about",
        "warning_signs",
        "health",
        "symptoms",
        "timeline",
        "patterns",
        "impact",
    ]


@pytest.mark.parametrize("step", engine.STEPS)
def test_each_form_has_exactly_the_spec_fields_in_order_and_a_title(step):
    form = FORMS[step]()
    assert tuple(form.fields) == engine.STEP_FIELDS[step]
    assert str(form.title) == str(wording.STEP_TITLES[step]) and str(form.title).strip()


@pytest.mark.parametrize("name", [n for n in engine.FIELDS if n != "age"])
def test_choices_are_the_spec_values_each_with_a_label_in_words(name):
    choices = field(name).choices
    assert [value for value, _ in choices] == [str(v) for v in engine.FIELDS[name].values]
    labels = [str(label) for _, label in choices]
    assert len(set(labels)) == len(labels), "two answers read the same"
    if engine.FIELDS[name].kind != "int":
        assert all(label.strip() and "_" not in label for label in labels)
    assert str(field(name).label).strip()


@pytest.mark.parametrize("name", [n for n, f in engine.FIELDS.items() if f.kind == "multi"])
def test_multis_are_checkboxes_and_clean_to_a_list(name):
    assert isinstance(field(name).widget, forms.CheckboxSelectMultiple)
    types = {option.data["type"] for option in FORMS[STEP_OF[name]]()[name]}
    assert types == {"checkbox"}


@pytest.mark.parametrize("name", [n for n, f in engine.FIELDS.items() if f.kind == "choice"])
def test_single_choices_are_radio_buttons(name):
    types = {option.data["type"] for option in FORMS[STEP_OF[name]]()[name]}
    assert types == {"radio"}


@pytest.mark.parametrize("name", ["pain_now", "pain_worst"])
def test_pain_scores_are_eleven_radio_buttons_cleaned_to_an_int(name):
    options = list(SymptomsForm()[name])
    assert [o.data["value"] for o in options] == [str(n) for n in range(11)]
    assert {o.data["type"] for o in options} == {"radio"}
    labels = dict(field(name).choices)
    assert "no pain" in str(labels["0"]) and "worst" in str(labels["10"])
    cleaned = bound("symptoms", pain_now=["4"], pain_worst=["10"]).cleaned_data
    assert cleaned["pain_now"] == 4 and cleaned["pain_worst"] == 10


# --- Required, none alone, values outside the spec -------------------------------------------


@pytest.mark.parametrize("step", engine.STEPS)
def test_good_posts_are_valid(step):
    assert bound(step).is_valid(), bound(step).errors


@pytest.mark.parametrize("step", engine.STEPS)
def test_an_empty_post_names_each_unanswered_question_with_its_own_message(step):
    form = FORMS[step](MultiValueDict())
    assert not form.is_valid()
    required = [n for n in engine.STEP_FIELDS[step] if n not in CONDITIONAL]
    assert list(form.errors) == required  # conditional questions: not asked with no map
    for name in required:
        assert form.errors[name] == [str(wording.REQUIRED_ERRORS[name])]


@pytest.mark.parametrize("step", engine.STEPS)
def test_required_messages_on_a_page_are_specific_not_generic(step):
    messages = [str(wording.REQUIRED_ERRORS[name]) for name in engine.STEP_FIELDS[step]]
    assert len(set(messages)) == len(messages)
    assert not any("required" in m.lower() for m in messages)


NONE_MULTIS = [n for n, f in engine.FIELDS.items() if f.kind == "multi" and "none" in f.values]


@pytest.mark.parametrize("name", NONE_MULTIS)
def test_none_cannot_be_ticked_with_another_answer(name):
    other = next(str(v) for v in engine.FIELDS[name].values if v != "none")
    form = bound(STEP_OF[name], **{name: ["none", other]})
    assert not form.is_valid()
    none_label = str(dict(field(name).choices)["none"])
    assert form.errors[name] == [f"Select “{none_label}” on its own, or untick it"]
    assert bound(STEP_OF[name], **{name: ["none"]}).is_valid()
    assert bound(STEP_OF[name], **{name: ["none", "none"]}).is_valid()  # repeated: counts once


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("warning_signs", ["headache"]),
        ("warning_signs", ["Bladder"]),
        ("health_flags", [" fever"]),
        ("pain_map", ["knee"]),
        ("pain_map", ["none"]),  # the map has no "none": at least one region
        ("leg_symptoms", ["none"]),
        ("saddle_check", ["yes"]),
        ("pain_now", ["11"]),
        ("pain_now", ["-1"]),
        ("pain_now", ["5.5"]),
        ("started", ["yesterday"]),
        ("tried", ["x" * 10_000]),
    ],
)
def test_values_outside_the_spec_are_refused(name, value):
    form = bound(STEP_OF[name], **{name: value})
    assert not form.is_valid()
    assert form.errors[name] == [str(wording.INVALID_CHOICE_ERROR)]


# --- Conditional questions of the body map ---------------------------------------------------


@pytest.mark.parametrize("region", engine.PAIN_MAP_REGIONS)
def test_follow_up_questions_are_required_exactly_when_the_map_needs_them(region):
    form = bound(
        "symptoms", pain_map=[region], saddle_check=None, leg_symptoms=None, leg_course=None
    )
    needed = set()
    if region == "groin_or_saddle":
        needed.add("saddle_check")
    if region in SPEC_LEG_REGIONS:  # never the buttocks, the back or the groin
        needed |= {"leg_symptoms", "leg_course"}
    assert set(form.errors) == needed
    for name in needed:
        assert form.errors[name] == [str(wording.REQUIRED_ERRORS[name])]


@pytest.mark.parametrize(
    "regions", [["lower_back"], ["buttock_left", "buttock_right"], ["upper_back", "lower_back"]]
)
def test_follow_up_answers_left_on_the_page_are_dropped_when_not_asked(regions):
    form = bound("symptoms", pain_map=regions)  # saddle and leg answers still posted (no JS)
    assert form.is_valid(), form.errors
    assert not set(CONDITIONAL) & set(form.cleaned_data)
    answers = answers_from_steps({"symptoms": form.cleaned_data})
    assert not set(CONDITIONAL) & set(answers)
    assert engine.evaluate(answers).disposition  # the engine would refuse them


def test_an_invalid_left_over_follow_up_still_shows_its_error():
    # A tampered answer is an error even when its question does not apply.
    form = bound("symptoms", pain_map=["lower_back"], leg_course=["sideways"])
    assert form.errors["leg_course"] == [str(wording.INVALID_CHOICE_ERROR)]


def test_the_saddle_follow_up_is_kept_when_the_groin_is_marked():
    form = bound("symptoms", pain_map=["groin_or_saddle"], saddle_check=["not_sure"])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["saddle_check"] == "not_sure"
    assert "leg_symptoms" not in form.cleaned_data


# --- Pain and age -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "worst", "valid"),
    [("7", "6", False), ("10", "0", False), ("1", "0", False), ("7", "7", True), ("0", "0", True)]
    + [("0", "10", True), ("10", "10", True)],
)
def test_worst_pain_is_never_lower_than_pain_now(now, worst, valid):
    form = bound("symptoms", pain_now=[now], pain_worst=[worst])
    assert form.is_valid() is valid
    if not valid:
        assert form.errors == {"pain_worst": [str(wording.PAIN_WORST_ERROR)]}


@pytest.mark.parametrize(
    ("age", "error"),
    [
        ("", wording.REQUIRED_ERRORS["age"]),
        ("forty", wording.AGE_INVALID_ERROR),
        ("40.5", wording.AGE_INVALID_ERROR),
        ("4e1", wording.AGE_INVALID_ERROR),
        ("9" * 5000, wording.AGE_INVALID_ERROR),
        ("111", wording.AGE_RANGE_ERROR),
        ("-1", wording.AGE_RANGE_ERROR),
    ],
)
def test_bad_ages_are_refused_with_a_plain_message(age, error):
    form = bound("about", age=[age])
    assert form.errors["age"] == [str(error)]


@pytest.mark.parametrize(("age", "cleaned"), [("0", 0), ("15", 15), ("16", 16), (" 110 ", 110)])
def test_ages_the_wizard_handles_are_valid(age, cleaned):
    # Under 16 is a valid answer: the wizard ends with the under-16 page, not an error.
    assert bound("about", age=[age]).cleaned_data == {"age": cleaned}


# --- Into the engine -----------------------------------------------------------------------------


def all_cleaned(**changes_by_step):
    cleaned = {}
    for step in engine.STEPS:
        form = bound(step, **changes_by_step.get(step, {}))
        assert form.is_valid(), (step, form.errors)
        cleaned[step] = form.cleaned_data
    return cleaned


def test_answers_from_steps_merges_every_step_into_answers_evaluate_accepts():
    answers = answers_from_steps(all_cleaned())
    assert answers == {
        "age": 38,
        "warning_signs": ["none"],
        "health_flags": ["none"],
        "pain_map": ["lower_back", "groin_or_saddle", "lower_leg_left"],
        "saddle_check": "pain_only",
        "leg_symptoms": ["pain", "tingling"],
        "leg_course": "same",
        "pain_now": 6,
        "pain_worst": 8,
        "started": "2_to_6_weeks",
        "onset": "after_strain",
        "course": "same",
        "previous": "first",
        "worse_with": ["sitting", "walking"],  # the spec's order, not the posted one
        "better_with": ["none"],
        "risk_factors": ["none"],
        "daily_impact": "some",
        "walking": "no_limit",
        "sleep": "disturbed",
        "tried": ["rest"],
    }
    result = engine.evaluate(answers)
    assert result.disposition == "soon"
    assert "leg_numbness" in result.reasons and "below_knee" in result.reasons


def test_answers_from_steps_drops_unasked_follow_ups_empty_answers_and_unknown_keys():
    answers = answers_from_steps(
        {
            "about": {"age": 45},
            "health": None,
            "symptoms": {
                "pain_map": ["lower_back", "buttock_left"],
                "saddle_check": "not_sure",  # the groin is not marked: never asked
                "leg_symptoms": ["numbness"],  # no leg marked: never asked
                "leg_course": "worse",
                "pain_now": 2,
            },
            "timeline": {"started": "", "onset": None},
            "extra": {"wizard_goto_step": "about", "csrfmiddlewaretoken": "x", "leg_side": "both"},
        }
    )
    assert answers == {"age": 45, "pain_map": ["lower_back", "buttock_left"], "pain_now": 2}
    assert engine.evaluate(answers).disposition == "self_care"


def test_answers_from_steps_keeps_multis_once_in_spec_order_and_ints_as_int():
    answers = answers_from_steps(
        {"patterns": {"worse_with": ["walking", "sitting", "walking"]}, "about": {"age": "52"}}
    )
    assert answers == {"worse_with": ["sitting", "walking"], "age": 52}


def test_answers_from_steps_keeps_unknown_values_for_evaluate_to_refuse():
    answers = answers_from_steps({"patterns": {"worse_with": ["sitting", "dancing"]}})
    with pytest.raises(ValueError):
        engine.evaluate(answers)


# --- Any POST ------------------------------------------------------------------------------------


def _posted(name):
    """Mostly answers a browser could send, sometimes anything at all (or nothing)."""
    kind, allowed = engine.FIELDS[name]
    known = [str(v) for v in (range(-2, 125) if name == "age" else allowed)]
    sensible = st.lists(st.sampled_from(known), min_size=1, max_size=4 if kind == "multi" else 1)
    anything = st.lists(
        st.one_of(st.sampled_from(known), st.text(max_size=6), st.sampled_from(["", " 7", "1e1"])),
        max_size=4,
    )
    return st.one_of(sensible, sensible, sensible, anything)


def _any_post(step):
    fields = {name: _posted(name) for name in engine.STEP_FIELDS[step]}
    junk = {"junk": st.lists(st.text(max_size=6), max_size=2), "leg_side": st.just(["both"])}
    return st.fixed_dictionaries({}, optional={**fields, **junk}).map(MultiValueDict)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(step=st.sampled_from(engine.STEPS), data=st.data())
def test_any_post_to_any_step_is_invalid_or_gives_answers_evaluate_accepts(step, data):
    form = FORMS[step](data.draw(_any_post(step)))
    if not form.is_valid():
        assert form.errors
        return
    answers = answers_from_steps({step: form.cleaned_data})
    if step == "about" and answers["age"] < engine.MIN_AGE:
        return  # the under-16 page: the engine never sees it
    engine.evaluate(answers)  # raises ValueError if the form let something through


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(posts=st.fixed_dictionaries({step: _any_post(step) for step in engine.STEPS}))
def test_any_mix_of_valid_steps_merges_into_answers_evaluate_accepts(posts):
    cleaned = {}
    for step, posted in posts.items():
        form = FORMS[step](posted)
        cleaned[step] = form.cleaned_data if form.is_valid() else bound(step).cleaned_data
    if cleaned["about"]["age"] < engine.MIN_AGE:
        return
    assert engine.evaluate(answers_from_steps(cleaned)).disposition in engine.TIERS
