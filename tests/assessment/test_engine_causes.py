"""Possible causes of spec/assessment.md v2: every feature, every cause row, how a cause is
scored, and which causes are shown (score >= 3, within 1 of the best, at most 3, table order)."""

import pytest

from assessment import engine
from assessment.engine import CauseDetail, evaluate
from tests.assessment.cases import WORKED, complete


def holds(feature, answers):
    return engine.FEATURES[feature](engine.view(answers))


def m(*regions, **more):
    return {"pain_map": list(regions), **more}


def legs(*regions, symptoms=("pain",), **more):
    return {"pain_map": list(regions), "leg_symptoms": list(symptoms), **more}


# feature: (answer sets where it holds, answer sets where it does not)
FEATURE_CASES = {
    "legs": ([m("foot_left"), m("thigh_front_right")], [m("buttock_left", "buttock_right")]),
    "one_leg": ([m("thigh_back_right", "lower_leg_right")], [m("thigh_back_right", "foot_left")]),
    "both_legs": ([m("thigh_back_right", "foot_left")], [m("foot_left"), m("lower_back")]),
    "below_knee": ([m("foot_left"), m("lower_leg_right")], [m("thigh_front_left")]),
    "above_knee_only": (
        [m("thigh_front_left")],
        [m("thigh_front_left", "foot_left"), m("lower_back")],
    ),
    "calf": ([m("lower_leg_right")], [m("foot_right", "thigh_back_right")]),
    "buttock": ([m("buttock_right"), m("buttock_left")], [m("lower_back", "groin_or_saddle")]),
    "both_feet": ([m("foot_left", "foot_right")], [m("foot_left", "lower_leg_right")]),
    "low_back": ([m("lower_back")], [m("upper_back", "buttock_left")]),
    "local_back_pain": (
        [m("lower_back"), m("lower_back", "thigh_front_left")],
        [m("lower_back", "foot_left"), m("thigh_front_left"), m("upper_back")],
    ),
    "legs_not_back": ([m("thigh_front_left", "upper_back")], [m("lower_back", "thigh_front_left")]),
    "leg_pain_or_nerve": (
        [legs("foot_left"), legs("foot_left", symptoms=["weakness"])],
        [legs("foot_left", symptoms=["cramp"])],
    ),
    "nerve_feelings": (
        [legs("foot_left", symptoms=["burning"])],
        [legs("foot_left", symptoms=["weakness", "pain"])],
    ),
    "nerve_symptoms": (
        [legs("foot_left", symptoms=["weakness"])],
        [legs("foot_left", symptoms=["pain", "cramp"])],
    ),
    "cramp": ([legs("foot_left", symptoms=["cramp"])], [legs("foot_left")]),
    "onset_strain": ([{"onset": "after_strain"}], [{"onset": "minor_fall"}]),
    "onset_strain_or_sudden": (
        [{"onset": "sudden"}, {"onset": "after_strain"}],
        [{"onset": "minor_fall"}],
    ),
    "onset_injury": ([{"onset": "minor_fall"}, {"onset": "after_strain"}], [{"onset": "sudden"}]),
    "gradual": ([{"onset": "gradual"}], [{"onset": "sudden"}]),
    "recurring": ([{"previous": "similar"}], [{"previous": "different"}]),
    "under_6_weeks": ([{"started": "2_to_6_weeks"}], [{"started": "6_to_12_weeks"}]),
    "over_6_weeks": ([{"started": "6_to_12_weeks"}], [{"started": "2_to_6_weeks"}]),
    "over_12_weeks": ([{"started": "over_12_weeks"}], [{"started": "6_to_12_weeks"}]),
    "long_gradual": (
        [{"onset": "gradual", "started": "over_12_weeks"}],
        [{"onset": "gradual", "started": "6_to_12_weeks"}, {"started": "over_12_weeks"}],
    ),
    "recent_strain": (
        [{"onset": "after_strain", "started": "under_2_weeks"}],
        [{"onset": "after_strain", "started": "2_to_6_weeks"}, {"onset": "after_strain"}],
    ),
    "age_20_to_55": ([{"age": 20}, {"age": 55}], [{"age": 19}, {"age": 56}]),
    "age_40_plus": ([{"age": 40}], [{"age": 39}]),
    "age_50_plus": ([{"age": 50}], [{"age": 49}]),
    "age_under_30": ([{"age": 29}], [{"age": 30}]),
    "age_under_40": ([{"age": 39}], [{"age": 40}]),
    "age_under_45": ([{"age": 44}], [{"age": 45}]),
    "age_over_50": ([{"age": 51}], [{"age": 50}]),
    "age_over_65": ([{"age": 66}], [{"age": 65}]),
    "worse_sitting_or_cough": ([{"worse_with": ["cough_sneeze"]}], [{"worse_with": ["bending"]}]),
    "worse_sitting_bending_or_cough": (
        [{"worse_with": ["bending"]}],
        [{"worse_with": ["walking"]}],
    ),
    "worse_activity_or_bending": ([{"worse_with": ["activity"]}], [{"worse_with": ["sitting"]}]),
    "worse_walking_or_standing": ([{"worse_with": ["standing"]}], [{"worse_with": ["sitting"]}]),
    "worse_walking": ([{"worse_with": ["walking"]}], [{"worse_with": ["standing"]}]),
    "worse_sitting": ([{"worse_with": ["sitting"]}], [{"worse_with": ["bending"]}]),
    "mechanical": (
        [{"worse_with": ["activity"]}, {"worse_with": ["standing"]}],
        [{"worse_with": ["cough_sneeze", "lying_down", "morning_stiffness"]}],
    ),
    "better_sitting_or_bending": (
        [{"better_with": ["sitting_or_bending_forward", "standing_still"]}],
        [{"better_with": ["moving"]}],
    ),
    "better_sitting_bending_only": (
        [{"better_with": ["sitting_or_bending_forward", "rest"]}],
        [{"better_with": ["sitting_or_bending_forward", "standing_still"]}],
    ),
    "better_standing_still": ([{"better_with": ["standing_still"]}], [{"better_with": ["rest"]}]),
    "better_moving": ([{"better_with": ["moving", "rest"]}], [{"better_with": ["rest"]}]),
    "better_moving_not_rest": (
        [{"better_with": ["moving"]}],
        [{"better_with": ["moving", "rest"]}],
    ),
    "morning_stiffness": ([{"worse_with": ["morning_stiffness"]}], [{"worse_with": ["none"]}]),
    "not_posture_related": (
        [
            {"worse_with": ["cough_sneeze", "activity"], "better_with": ["none"]},
            {"worse_with": ["none"], "better_with": ["moving", "rest"]},
        ],
        [
            {"worse_with": ["lying_down"], "better_with": ["none"]},
            {"worse_with": ["none"], "better_with": ["standing_still"]},
            {"worse_with": ["none"]},
        ],
    ),
    "night_symptoms": (
        [{"sleep": "disturbed"}, {"sleep": "fine", "worse_with": ["lying_down"]}],
        [{"sleep": "fine", "worse_with": ["sitting"]}],
    ),
    "walking_short": ([{"walking": "short_distances"}], [{"walking": "no_limit"}]),
    "night_pain": ([{"health_flags": ["night_pain"]}], [{"health_flags": ["fever"]}]),
    "psoriasis_or_bowel_inflammation": (
        [{"risk_factors": ["psoriasis_or_bowel_inflammation"]}],
        [{"risk_factors": ["smoker"]}],
    ),
    "vascular_risk": (
        [{"risk_factors": ["circulation_problems"]}, {"risk_factors": ["smoker"]}],
        [{"risk_factors": ["psoriasis_or_bowel_inflammation"]}],
    ),
    "diabetes": ([{"risk_factors": ["diabetes"]}], [{"risk_factors": ["smoker"]}]),
}


def test_the_features_are_the_spec_table_in_order():
    assert tuple(engine.FEATURES) == tuple(FEATURE_CASES)
    assert len(engine.FEATURES) == 53


@pytest.mark.parametrize("feature", FEATURE_CASES)
def test_feature(feature):
    yes, no = FEATURE_CASES[feature]
    assert all(holds(feature, answers) for answers in yes)
    assert not any(holds(feature, answers) for answers in no)


def test_no_feature_holds_on_absent_answers():
    assert [f for f in engine.FEATURES if holds(f, {})] == []


def test_the_cause_table_is_the_spec_table():
    table = {row.slug: (row.needs, row.for_, row.against) for row in engine.CAUSE_TABLE}
    assert table["sciatica"] == (
        ("legs", "leg_pain_or_nerve"),
        ("below_knee", "one_leg", "nerve_feelings", "worse_sitting_or_cough", "legs_not_back"),
        ("above_knee_only", "both_legs", "better_standing_still"),
    )
    assert table["herniated-disc"] == (
        ("legs", "leg_pain_or_nerve"),
        ("onset_strain_or_sudden", "age_20_to_55", "worse_sitting_bending_or_cough", "below_knee"),
        ("long_gradual", "age_over_65"),
    )
    assert table["spinal-stenosis"] == (
        ("legs", "worse_walking_or_standing"),
        ("age_50_plus", "better_sitting_or_bending", "both_legs", "gradual", "walking_short"),
        ("age_under_40", "better_moving"),
    )
    assert table["lumbar-strain"] == (
        ("low_back",),
        ("onset_strain", "local_back_pain", "worse_activity_or_bending", "under_6_weeks"),
        ("nerve_symptoms", "below_knee"),
    )
    assert table["degenerative-disc-disease"] == (
        ("low_back",),
        ("age_40_plus", "gradual", "recurring", "over_6_weeks", "local_back_pain"),
        ("age_under_30", "recent_strain", "below_knee"),
    )
    assert table["axial-spondyloarthritis"] == (
        ("low_back", "over_12_weeks"),
        (
            "age_under_45",
            "gradual",
            "morning_stiffness",
            "better_moving_not_rest",
            "night_pain",
            "buttock",
            "psoriasis_or_bowel_inflammation",
        ),
        ("age_over_50", "onset_injury"),
    )
    assert table["nonspecific-low-back-pain"] == (
        ("low_back",),
        ("local_back_pain", "mechanical", "over_12_weeks"),
        ("below_knee", "nerve_symptoms", "night_pain"),
    )
    assert table["peripheral-artery-disease"] == (
        ("legs", "worse_walking"),
        ("calf", "better_standing_still", "vascular_risk", "age_50_plus"),
        ("better_sitting_bending_only", "worse_sitting"),
    )
    assert table["peripheral-neuropathy"] == (
        ("legs", "nerve_feelings"),
        ("both_feet", "diabetes", "not_posture_related", "gradual"),
        ("one_leg", "onset_injury"),
    )
    assert table["night-leg-cramps"] == (
        ("cramp",),
        ("calf", "night_symptoms", "legs_not_back"),
        ("nerve_symptoms",),
    )
    assert len(table) == len(engine.CAUSE_TABLE) == 10
    used = {f for row in engine.CAUSE_TABLE for part in row[1:] for f in part}
    assert used == set(engine.FEATURES)  # every feature counts somewhere
    assert (engine.MIN_SCORE, engine.MAX_CAUSES) == (3, 3)


# --- How a cause is scored ---------------------------------------------------------------------

ROW = engine.CauseRow("sciatica", ("n1", "n2"), ("f1", "f2", "f3", "f4"), ("a1", "a2"))


def fake_features(monkeypatch, true):
    features = {name: (lambda a, on=name in true: on) for name in (*ROW[1], *ROW[2], *ROW[3])}
    monkeypatch.setattr(engine.causes, "FEATURES", features)


def test_a_cause_whose_needs_do_not_all_hold_is_not_considered(monkeypatch):
    fake_features(monkeypatch, {"n1", "f1", "f2", "f3", "f4"})
    assert engine.score_cause(ROW, engine.view({})) is None


def test_the_score_counts_for_minus_against_and_not_the_needs(monkeypatch):
    fake_features(monkeypatch, {"n1", "n2", "f2", "f4", "f1", "a2"})
    detail = engine.score_cause(ROW, engine.view({}))
    assert detail == CauseDetail(
        slug="sciatica",
        score=2,
        fits=("f1", "f2", "f4"),
        against=("a2",),
        missing=("f3",),
        needs=("n1", "n2"),
    )


def test_missing_is_at_most_two_for_features_in_row_order(monkeypatch):
    fake_features(monkeypatch, {"n1", "n2", "f3"})
    detail = engine.score_cause(ROW, engine.view({}))
    assert (detail.score, detail.fits, detail.missing) == (1, ("f3",), ("f1", "f2"))
    fake_features(monkeypatch, {"n1", "n2", "f1", "f2", "f3", "f4", "a1", "a2"})
    detail = engine.score_cause(ROW, engine.view({}))
    assert (detail.score, detail.missing, detail.against) == (2, (), ("a1", "a2"))


# One answer set per cause where it is shown first: (answers, score, fits, against).
CAUSE_CASES = {
    "sciatica": (
        WORKED["W5"].answers,
        4,
        ("below_knee", "one_leg", "nerve_feelings", "worse_sitting_or_cough"),
        (),
    ),
    "herniated-disc": (
        complete(
            age=30,
            pain_map=["lower_back", "thigh_back_left", "thigh_back_right", "lower_leg_left"],
            leg_symptoms=["pain"],
            leg_course="same",
            onset="sudden",
            worse_with=["bending"],
        ),
        4,
        ("onset_strain_or_sudden", "age_20_to_55", "worse_sitting_bending_or_cough", "below_knee"),
        (),
    ),
    "spinal-stenosis": (
        WORKED["W7"].answers,
        5,
        ("age_50_plus", "better_sitting_or_bending", "both_legs", "gradual", "walking_short"),
        (),
    ),
    "lumbar-strain": (
        WORKED["W6"].answers,
        4,
        ("onset_strain", "local_back_pain", "worse_activity_or_bending", "under_6_weeks"),
        (),
    ),
    "degenerative-disc-disease": (
        WORKED["W9"].answers,
        3,
        ("age_40_plus", "recurring", "local_back_pain"),
        (),
    ),
    "axial-spondyloarthritis": (
        complete(
            age=30,
            pain_map=["lower_back", "buttock_left"],
            started="over_12_weeks",
            onset="gradual",
            worse_with=["morning_stiffness"],
            better_with=["moving"],
            risk_factors=["psoriasis_or_bowel_inflammation"],
        ),
        6,
        (
            "age_under_45",
            "gradual",
            "morning_stiffness",
            "better_moving_not_rest",
            "buttock",
            "psoriasis_or_bowel_inflammation",
        ),
        (),
    ),
    "nonspecific-low-back-pain": (
        complete(age=25, started="over_12_weeks", previous="first", worse_with=["sitting"]),
        3,
        ("local_back_pain", "mechanical", "over_12_weeks"),
        (),
    ),
    "peripheral-artery-disease": (
        complete(
            age=60,
            pain_map=["lower_leg_left", "lower_leg_right"],
            leg_symptoms=["pain", "cramp"],
            leg_course="same",
            worse_with=["walking"],
            better_with=["standing_still", "sitting_or_bending_forward"],
            risk_factors=["smoker"],
        ),
        4,
        ("calf", "better_standing_still", "vascular_risk", "age_50_plus"),
        (),
    ),
    "peripheral-neuropathy": (
        complete(
            age=60,
            pain_map=["foot_left", "foot_right"],
            leg_symptoms=["burning", "numbness"],
            leg_course="slowly_worse",
            started="over_12_weeks",
            onset="gradual",
            risk_factors=["diabetes"],
        ),
        4,
        ("both_feet", "diabetes", "not_posture_related", "gradual"),
        (),
    ),
    "night-leg-cramps": (
        complete(
            age=40,
            pain_map=["lower_leg_left"],
            leg_symptoms=["cramp"],
            leg_course="same",
            sleep="disturbed",
        ),
        3,
        ("calf", "night_symptoms", "legs_not_back"),
        (),
    ),
}


@pytest.mark.parametrize("slug", CAUSE_CASES)
def test_each_cause_is_shown_first_when_it_fits_best(slug):
    answers, score, fits, against = CAUSE_CASES[slug]
    result = evaluate(answers)
    assert result.disposition != "emergency"
    assert result.possible_causes[0] == slug
    first = result.cause_details[0]
    assert (first.slug, first.score, first.fits, first.against) == (slug, score, fits, against)
    row = engine.CAUSE_TABLE[engine.CAUSES.index(slug)]
    assert first.needs == row.needs
    assert first.missing == tuple(f for f in row.for_ if f not in fits)[:2]


def test_causes_are_considered_only_when_their_needs_hold():
    # Spinal stenosis needs worse with walking or standing: with everything else, no.
    w7 = {**WORKED["W7"].answers, "worse_with": ["sitting"]}
    assert "spinal-stenosis" not in evaluate(w7).possible_causes
    # Axial spondyloarthritis needs more than 12 weeks (NICE NG65: more than 3 months).
    answers = {**CAUSE_CASES["axial-spondyloarthritis"][0], "started": "6_to_12_weeks"}
    assert "axial-spondyloarthritis" not in evaluate(answers).possible_causes
    # Back conditions need the lower back on the map; a slipped disc needs leg symptoms.
    assert evaluate(complete(pain_map=["upper_back"])).possible_causes == ()
    assert "herniated-disc" not in evaluate(WORKED["W6"].answers).possible_causes


# --- Which causes are shown --------------------------------------------------------------------


def shown(monkeypatch, scores):
    """The causes shown when the rows score `scores` (slug: score; others' needs fail)."""

    def fake_score(row, answers):
        if row.slug not in scores:
            return None
        return CauseDetail(row.slug, scores[row.slug], (), ())

    monkeypatch.setattr(engine.causes, "score_cause", fake_score)
    return tuple(d.slug for d in engine.possible_causes(engine.view({})))


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({}, ()),
        ({"sciatica": 2, "lumbar-strain": 2}, ()),
        ({"sciatica": 3}, ("sciatica",)),
        ({"sciatica": 3, "herniated-disc": 2}, ("sciatica",)),
        ({"herniated-disc": 5, "spinal-stenosis": 3}, ("herniated-disc",)),
        (
            {"herniated-disc": 4, "sciatica": 3, "lumbar-strain": 3},
            ("herniated-disc", "sciatica", "lumbar-strain"),
        ),
        ({"night-leg-cramps": 4, "sciatica": 3}, ("night-leg-cramps", "sciatica")),
        (
            {"sciatica": 3, "herniated-disc": 5, "spinal-stenosis": 4, "lumbar-strain": 4},
            ("herniated-disc", "spinal-stenosis", "lumbar-strain"),
        ),
        ({c: 4 for c in engine.CAUSES}, engine.CAUSES[:3]),
        (
            {"night-leg-cramps": 3, "peripheral-neuropathy": 3},
            ("peripheral-neuropathy", "night-leg-cramps"),
        ),
        ({"sciatica": 7, "herniated-disc": -2}, ("sciatica",)),
    ],
)
def test_which_causes_are_shown(monkeypatch, scores, expected):
    assert shown(monkeypatch, scores) == expected


def test_shown_causes_carry_their_details_best_first():
    result = evaluate(WORKED["W5"].answers)
    assert tuple(d.slug for d in result.cause_details) == result.possible_causes
    scores = [d.score for d in result.cause_details]
    assert scores == sorted(scores, reverse=True)
