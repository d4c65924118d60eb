"""The spec's invariants over random answer sets (hypothesis): spec/assessment.md v2.

- no emergency with causes, and never pattern_match on an emergency;
- the disposition is the highest tier of the fired rules (never lower than any);
- no reason whose rule reads an unanswered field; removing an answer never adds a reason;
- shown causes all score 3 or more, at most 3, within 1 of the best, ties in table order;
- no answer after `symptoms` makes an emergency;
- malformed input raises ValueError and nothing else.
"""

import contextlib
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import engine
from assessment.engine import evaluate
from clinical.vocabulary import tier_rank


def examples(n):
    """Bounded so the whole file runs in a few seconds of CPU (CI runs it on every push)."""
    return settings(
        max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
    )


NONE = engine.NONE


def multi(name, none_weight=0.5):
    """A valid answer to a multi field: `none` alone (when allowed) or a non-empty subset."""
    values = [v for v in engine.FIELDS[name].values if v != NONE]
    some = st.lists(st.sampled_from(values), min_size=1, unique=True)
    if NONE not in engine.FIELDS[name].values:
        return some
    return st.one_of(st.just([NONE]), some) if none_weight else some


def choice(name):
    return st.sampled_from(engine.FIELDS[name].values)


@st.composite
def complete_answers(draw, signs=True):
    """A complete answer set as the wizard would save it (conditional fields when asked)."""
    a = {"age": draw(st.integers(engine.MIN_AGE, engine.MAX_AGE))}
    # Mostly no warning sign, so the later steps matter.
    a["warning_signs"] = draw(multi("warning_signs")) if signs and draw(st.booleans()) else [NONE]
    a["health_flags"] = draw(multi("health_flags")) if draw(st.booleans()) else [NONE]
    a["pain_map"] = draw(
        st.lists(st.sampled_from(engine.PAIN_MAP_REGIONS), min_size=1, max_size=6, unique=True)
    )
    if engine.CONDITIONS["saddle_check"](a):
        a["saddle_check"] = draw(choice("saddle_check"))
    if engine.CONDITIONS["leg_symptoms"](a):
        a["leg_symptoms"] = draw(multi("leg_symptoms"))
        a["leg_course"] = draw(choice("leg_course"))
    a["pain_now"] = draw(st.integers(0, 10))
    a["pain_worst"] = draw(st.integers(a["pain_now"], 10))
    for name in ("started", "onset", "course", "previous", "daily_impact", "walking", "sleep"):
        a[name] = draw(choice(name))
    for name in ("worse_with", "better_with", "risk_factors", "tried"):
        a[name] = draw(multi(name))
    return a


@st.composite
def partial_answers(draw):
    """A complete answer set with some answers left out (conditional ones dropped to match)."""
    a = draw(complete_answers())
    gone = draw(st.sets(st.sampled_from(sorted(a))))
    return engine.drop_unasked({n: v for n, v in a.items() if n not in gone})


ANSWERS = st.one_of(complete_answers(), complete_answers(signs=False), partial_answers())


# --- Dispositions and reasons ------------------------------------------------------------------


def check_the_disposition_is_the_highest_tier_fired(answers, result):
    ranks = [tier_rank(engine.REASON_TIERS[r]) for r in result.reasons]
    if ranks:
        assert tier_rank(result.disposition) == min(ranks)
    else:
        assert result.disposition == "self_care"
    # Each reason once, by tier then table order.
    order = [
        (tier_rank(engine.REASON_TIERS[r]), engine.REASON_CODES.index(r)) for r in result.reasons
    ]
    assert order == sorted(set(order))


def check_an_emergency_has_no_causes_and_no_pattern_match(answers, result):
    if result.disposition == "emergency":
        assert result.possible_causes == ()
        assert result.cause_details == ()
        assert "pattern_match" not in result.reasons
    top = result.possible_causes[:1]
    fired = "pattern_match" in result.reasons
    assert fired == (bool(top) and top[0] in engine.PATTERN_MATCH_CAUSES)


def answered(*names):
    return frozenset(names)


A = answered
# reason: the sets of fields one of which must be fully answered for its rule to fire.
READS = {
    **{sign: [A("warning_signs")] for sign in engine.WARNING_SIGNS},
    "both_legs": [A("warning_signs"), A("pain_map", "leg_course")],
    "saddle_area": [A("pain_map", "saddle_check")],
    "cancer_nerve_symptoms": [A("health_flags", "pain_map")],
    "fever_nerve_symptoms": [A("health_flags", "leg_symptoms"), A("health_flags", "leg_course")],
    "infection_nerve_symptoms": [A("health_flags", "pain_map", "leg_course")],
    "immune_nerve_symptoms": [A("health_flags", "pain_map", "leg_course")],
    "weight_loss_nerve_symptoms": [A("health_flags", "pain_map", "leg_course")],
    "procedure_fever": [A("health_flags")],
    "procedure_nerve_symptoms": [A("health_flags", "pain_map", "leg_course")],
    **{flag: [A("health_flags")] for flag in engine.HEALTH_FLAGS},
    "upper_back": [A("pain_map")],
    "possible_fracture": [A("health_flags", "onset")],
    "fall_over_65": [A("age", "onset")],
    "sudden_severe_over_65": [A("age", "onset", "pain_worst", "pain_map")],
    "leg_weakness": [A("pain_map", "leg_symptoms")],
    "nerve_symptoms_worse": [A("leg_symptoms", "leg_course")],
    "both_legs_slowly_worse": [A("pain_map", "leg_course")],
    "cough_sneeze": [A("worse_with")],
    "severe_pain": [A("pain_now")],
    "leg_numbness": [A("leg_symptoms", "leg_course"), A("leg_symptoms", "started")],
    "both_legs_stable": [A("pain_map", "leg_course")],
    "osteoporosis": [A("health_flags", "onset")],
    "new_pain_over_50": [A("age", "previous")],
    "persistent_over_60": [A("age", "started")],
    "new_episode_over_70": [A("age", "started")],
    "under_20": [A("age")],
    "different_episode": [A("previous")],
    "below_knee": [A("pain_map")],
    "not_improving": [A("started", "course")],
    "long_lasting": [A("started")],
    "getting_worse": [A("course")],
    "stops_activities": [A("daily_impact")],
    "pattern_match": [A("pain_map")],
}


def test_reads_covers_every_reason():
    assert set(READS) == set(engine.REASON_CODES) | {"pregnancy"}


def check_no_reason_reads_an_unanswered_field(answers, result):
    given_ = set(answers)
    for reason in result.reasons:
        assert any(need <= given_ for need in READS[reason]), (reason, sorted(given_))


@examples(100)
@given(complete_answers(), st.data())
def test_removing_an_answer_never_adds_a_reason(answers, data):
    name = data.draw(st.sampled_from(sorted(answers)))
    fewer = engine.drop_unasked({n: v for n, v in answers.items() if n != name})
    before, after = evaluate(answers), evaluate(fewer)
    assert set(after.reasons) - {"pattern_match"} <= set(before.reasons)
    assert not (after.disposition == "emergency" and before.disposition != "emergency")


@examples(100)
@given(complete_answers())
def test_no_answer_after_symptoms_makes_an_emergency(answers):
    """On a first pass the questionnaire stops at warning_signs, health or symptoms."""
    prefix: dict = {}
    stopped = None
    for step in engine.STEPS:
        prefix.update({n: answers[n] for n in engine.STEP_FIELDS[step] if n in answers})
        if engine.is_emergency(prefix):
            stopped = step
            break
    is_emergency = evaluate(answers).disposition == "emergency"
    assert (stopped is not None) == is_emergency
    assert stopped in (None, "warning_signs", "health", "symptoms")
    if stopped == "warning_signs":
        assert answers["warning_signs"] != [NONE]
    if stopped == "health":
        assert "procedure_fever" in evaluate(prefix).reasons


def check_advice_follows_the_health_flags(answers, result):
    flags = set(answers.get("health_flags", ()))
    expected = tuple(
        code
        for code, flag in zip(
            engine.ADVICE_CODES, ("pregnancy", "cancer", "spinal_procedure"), strict=True
        )
        if flag in flags
    )
    assert result.advice == expected


# --- Possible causes ---------------------------------------------------------------------------


def check_shown_causes_follow_the_selection_rule(answers, result):
    if result.disposition == "emergency":
        return
    a = engine.view(answers)
    clear = [
        d
        for row in engine.CAUSE_TABLE
        if (d := engine.score_cause(row, a)) is not None and d.score >= engine.MIN_SCORE
    ]
    details = result.cause_details
    assert tuple(d.slug for d in details) == result.possible_causes
    assert len(details) <= engine.MAX_CAUSES
    assert all(d.score >= engine.MIN_SCORE for d in details)
    if not clear:
        assert details == ()
        return
    best = max(d.score for d in clear)
    expected = sorted((d for d in clear if d.score >= best - 1), key=lambda d: -d.score)
    assert details == tuple(expected[: engine.MAX_CAUSES])
    for d in details:
        row = engine.CAUSE_TABLE[engine.CAUSES.index(d.slug)]
        assert all(engine.FEATURES[f](a) for f in row.needs) and d.needs == row.needs
        assert d.fits == tuple(f for f in row.for_ if engine.FEATURES[f](a))
        assert d.against == tuple(f for f in row.against if engine.FEATURES[f](a))
        assert d.score == len(d.fits) - len(d.against)
        assert d.missing == tuple(f for f in row.for_ if f not in d.fits)[:2]


CHECKS = [value for name, value in dict(globals()).items() if name.startswith("check_")]


@examples(250)
@given(ANSWERS)
def test_the_invariants_hold_for_any_answer_set(answers):
    result = evaluate(answers)
    for check in CHECKS:
        check(answers, result)


def test_every_check_runs():
    assert len(CHECKS) == 5


@examples(100)
@given(st.lists(st.sampled_from(engine.PAIN_MAP_REGIONS), min_size=1, unique=True))
def test_derived_legs_match_the_map(regions):
    legs = engine.derive_legs(regions)
    left = any(r.endswith("_left") and r in engine.LEG_REGIONS for r in regions)
    right = any(r.endswith("_right") and r in engine.LEG_REGIONS for r in regions)
    side = {(0, 0): "none", (1, 0): "left", (0, 1): "right", (1, 1): "both"}[left, right]
    assert legs["leg_side"] == side
    if side == "none":
        assert "leg_extent" not in legs
    else:
        below = bool(set(regions) & set(engine.BELOW_KNEE_REGIONS))
        assert legs["leg_extent"] == ("below_knee" if below else "above_knee")


# --- Malformed input ---------------------------------------------------------------------------

JUNK = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=20)
    | st.sampled_from([*engine.PAIN_MAP_REGIONS, NONE, "Pain", " none", "bladder"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        | st.frozensets(st.integers() | st.text(max_size=5), max_size=3)
    ),
    max_leaves=8,
)
KEYS = st.sampled_from([*engine.FIELDS, *engine.RETIRED_FIELDS, "", "Age"]) | st.text(max_size=8)


def evaluates_or_refuses(answers):
    """evaluate returns a Result or raises ValueError; nothing else."""
    try:
        result = evaluate(answers)
    except ValueError:
        return None
    assert isinstance(result, engine.Result)
    return result


@examples(100)
@given(JUNK)
def test_junk_instead_of_answers_raises_value_error(junk):
    result = evaluates_or_refuses(junk)
    if not isinstance(junk, dict):
        assert result is None


@examples(100)
@given(st.dictionaries(KEYS | st.integers() | st.tuples(st.integers()), JUNK, max_size=5))
def test_junk_answers_raise_only_value_error(answers):
    evaluates_or_refuses(answers)
    with contextlib.suppress(ValueError):
        engine.is_emergency(answers)


MULTIS = sorted(n for n, f in engine.FIELDS.items() if f.kind == "multi")
BAD_ITEMS = [[], {}, ["lower_back"], {"none": 1}, 5, None, 1.5, b"none", "unknown", "None", NONE]


def valid_value(name, value):
    kind, values = engine.FIELDS[name]
    if kind == "int":
        return type(value) is int and value in values
    if kind == "choice":
        return type(value) is str and value in values
    return None  # a junk list may happen to be a valid multi: not judged here


@examples(100)
@given(complete_answers(), st.data())
def test_a_junk_answer_in_a_complete_set_raises_value_error(answers, data):
    # One field's answer replaced by junk.
    name = data.draw(st.sampled_from(sorted(answers)))
    junk = data.draw(JUNK)
    result = evaluates_or_refuses({**answers, name: junk})
    if valid_value(name, junk) is False:
        assert result is None
    # Unhashable or unknown items, or `none` with a value, in a multi field; an empty multi.
    name, bad = data.draw(st.sampled_from(MULTIS)), data.draw(st.sampled_from(BAD_ITEMS))
    first = [v for v in answers.get(name, ["x"]) if v != NONE][:1] or ["lower_back"]
    assert evaluates_or_refuses({**answers, name: [*first, bad]}) is None
    assert evaluates_or_refuses({**answers, name: []}) is None
    # A retired or derived field given as input.
    retired = data.draw(st.sampled_from(engine.RETIRED_FIELDS))
    assert evaluates_or_refuses({**answers, retired: data.draw(JUNK)}) is None


@examples(100)
@given(st.integers(0, 10), st.integers(0, 10), st.floats(allow_nan=True, allow_infinity=True))
def test_pain_scores_must_be_ordered_whole_numbers(now, worst, number):
    result = evaluates_or_refuses({"pain_now": now, "pain_worst": worst})
    assert (result is None) == (worst < now)
    assert evaluates_or_refuses({"pain_now": number}) is None
    if not math.isnan(number):
        assert evaluates_or_refuses({"age": number}) is None
