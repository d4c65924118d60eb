"""The articles' care cards agree with the questionnaire: one trigger, one level, everywhere.

Each rule below names a reason code of the questionnaire (spec/assessment.md v2, "The rules")
and words that an article uses for it. The level comes from the engine (`REASON_TIERS`), so
when the questionnaire's rules change, the articles that disagree fail here. A card item's
level must be the most urgent level of the triggers it names, and a card holds no advice of
another level (no emergency number on a "Book an appointment" card, no "today" on a "within
a week" card).
"""

from __future__ import annotations

import re

import pytest

from articles import contentfiles
from assessment.engine import REASON_TIERS
from clinical.vocabulary import CARE_LEVELS, EMERGENCY, ROUTINE, SOON, URGENT, tier_rank

ARTICLES = contentfiles.article_files()
IDS = [article.path.stem for article in ARTICLES]


def tier(reason: str) -> str:
    return REASON_TIERS[reason]


# (reason code, words that name it, words that mean it is not this trigger)
_LEG = r"\b(?:a|one|your|the|their|child's) (?:leg|foot)\b"
# Coughing or sneezing that makes the pain worse; coughing up blood is another matter.
_COUGH = r"\bcough(?!(?:s|ing)? up)|\bsneez"
# Spine surgery, a spinal injection or an epidural in the last 6 weeks (`spinal_procedure`):
# "in the last 6 weeks", "in the 6 weeks after surgery", "after your injection"; not "more than
# 6 weeks after surgery".
_PROCEDURE = r"(?:surgery|operation|injection|epidural|spinal block|stimulator)"
_RECENT_PROCEDURE = (
    rf"{_PROCEDURE}\b[^.]*\b(?:last|past) 6 weeks"
    rf"|(?<!more than )(?<!over )\b6 weeks after (?:your |the |a )?(?:\w+ )?{_PROCEDURE}"
    r"|after your (?:injection|operation|stimulator)"
)
_NERVE_SIGNS = r"numbness|tingling|pins and needles|weakness"


def _with(condition: str, words: str) -> str:
    """An item that names both: the condition anywhere, and the words."""
    return rf"^(?=.*(?:{condition})).*(?:{words})"


RULES: list[tuple[str, str, str | None]] = [
    # emergency signs and rules
    ("saddle_numbness", r"between (?:your|their) legs|around (?:your|their) bottom|genitals", None),
    (
        "bladder",
        r"control (?:your |their )?(?:pee|peeing)|cannot pee|bladder (?:control|problem)",
        None,
    ),
    ("bowel", r"control (?:your |their )?(?:poo|pooing)|bowel (?:control|problem)", None),
    ("both_legs", r"\bboth legs\b", r"for a while|not getting worse|slowly|over months"),
    # Weakness that makes it hard to walk; not pain that does ("pain makes it hard to walk, sleep
    # or do your daily tasks" is how much the pain stops you: `stops_activities`).
    (
        "leg_weakness_severe",
        r"\bfoot (?:drags|slaps)|foot drop|lift the front of your foot"
        r"|(?<!pain makes it )(?<!pain made it )hard to walk",
        None,
    ),
    ("trauma", r"serious fall|road accident|car accident|\bcrash\b|hard blow", None),
    ("chest_pain", r"chest pain", None),
    (
        "cancer_nerve_symptoms",
        r"cancer\b.*\b(?:numbness|tingling|weakness|burning|trouble walking)",
        None,
    ),
    ("fever_nerve_symptoms", r"(?:high temperature|fever)\b.*\b(?:numbness|weakness)", None),
    (
        "infection_nerve_symptoms",
        r"infection that needed antibiotics\b.*\bnew (?:numbness|tingling|weakness)",
        None,
    ),
    ("immune_nerve_symptoms", r"weak immune\b.*\bnew (?:numbness|tingling|weakness)", None),
    (
        "weight_loss_nerve_symptoms",
        r"weight without trying\b.*\bnew (?:numbness|tingling|weakness)",
        None,
    ),
    # After a spinal procedure, a fever or an infection (a red, hot or leaking wound) is an
    # emergency, and so are new leg nerve signs.
    (
        "procedure_fever",
        _with(
            _RECENT_PROCEDURE,
            r"temperature|\bfever\b|\bchills\b|hot and shivery|infect|\bpus\b|wound is red",
        ),
        None,
    ),
    ("procedure_nerve_symptoms", _with(_RECENT_PROCEDURE, _NERVE_SIGNS), None),
    # urgent (same day)
    ("fever", r"high temperature|\bfever\b|\bchills\b|hot and shivery", None),
    ("recent_infection", r"infection that needed antibiotics", None),
    ("cancer", r"\bcancer\b", None),
    ("weight_loss", r"weight without trying|weight loss", None),
    ("immune", r"weak immune|inject drugs|steroid tablets", None),
    (
        "night_pain",
        r"worse at night|wakes? (?:you|your child) at night|not ease when you rest",
        None,
    ),
    ("back_lump", r"\blump\b|changed shape|shape of (?:the|their|your) back", None),
    ("urinary", r"burning when you pee|blood in your pee", None),
    ("spinal_procedure", _RECENT_PROCEDURE, None),
    ("upper_back", r"between your shoulder blades|upper back", None),
    (
        "possible_fracture",
        r"(?:osteoporosis|thin bones).*(?:sudden|minor fall|strain|lifting)",
        None,
    ),
    ("fall_over_65", r"65 or (?:older|over)\b.*minor fall", None),
    ("sudden_severe_over_65", r"65 or (?:older|over)\b.*\bsudden.*\bsevere", None),
    ("leg_weakness", rf"{_LEG}[^.]*\bweak|\bweakness in {_LEG}", None),
    ("nerve_symptoms_worse", r"(?:numbness|weakness)\b[^.]*\bgetting worse", r"not getting worse"),
    ("both_legs_slowly_worse", r"both legs\b.*\bslowly", None),
    ("cough_sneeze", _COUGH, None),
    ("severe_pain", r"very severe|9 or 10 out of 10", None),
    # soon (within a week)
    ("leg_numbness", rf"(?:numbness|tingling|pins and needles)\b[^.]*{_LEG}", r"\bweak"),
    ("both_legs_stable", r"both legs\b.*(?:for a while|not getting worse)", None),
    ("osteoporosis", r"(?:osteoporosis|thin bones)\b.*\b(?:slowly|gradually)", None),
    ("new_pain_over_50", r"50 or (?:older|over)\b.*first", None),
    ("persistent_over_60", r"60 or (?:older|over)\b", None),
    ("new_episode_over_70", r"70 or (?:older|over)\b", None),
    ("under_20", r"under 20\b", None),
    ("different_episode", r"feels different", None),
    # routine (book an appointment)
    ("not_improving", r"not (?:getting )?better after|not easing after|not improving", None),
    ("getting_worse", r"^your pain is getting worse", None),
    ("stops_activities", r"stops (?:you|your child)", None),
]
_COMPILED = [
    (reason, re.compile(words, re.I), re.compile(unless, re.I) if unless else None)
    for reason, words, unless in RULES
]


def triggers_named(text: str) -> list[str]:
    """The reason codes whose words appear in one care card item."""
    return [
        reason
        for reason, words, unless in _COMPILED
        if words.search(text) and not (unless and unless.search(text))
    ]


def expected_level(text: str) -> str | None:
    tiers = [tier(reason) for reason in triggers_named(text)]
    return min(tiers, key=tier_rank) if tiers else None


def test_every_rule_names_a_reason_of_the_questionnaire():
    for reason, _, _ in RULES:
        assert tier(reason) in CARE_LEVELS, reason


@pytest.mark.parametrize(
    ("item", "level"),
    [
        ("Your pain is much worse when you cough, sneeze or strain on the toilet.", URGENT),
        ("You have new numbness or tingling in one leg.", SOON),
        ("Your leg or foot feels weak.", URGENT),
        ("You have a high temperature, chills, or you feel hot and shivery.", URGENT),
        ("You have cancer now or had it in the past.", URGENT),
        ("You have had cancer and you get new numbness or weakness in a leg.", EMERGENCY),
        ("Pain, numbness or weakness in both legs.", EMERGENCY),
        ("Pain in both legs that has been there for a while and is not getting worse.", SOON),
        ("Your pain is not getting better after 2 to 3 weeks.", ROUTINE),
        ("Drink more water.", None),
        # Weakness that makes walking hard is an emergency sign; pain that does is not.
        ("Your leg is so weak that it is hard to walk.", EMERGENCY),
        ("Your foot slaps or drags when you walk.", EMERGENCY),
        (
            "Your pain makes it hard to walk, sleep or do your daily tasks, or is not better "
            "after 2 weeks of home care.",
            ROUTINE,
        ),
        ("You have new weakness in your leg.", URGENT),
        # Coughing up blood is not pain made worse by coughing (no rule of the questionnaire).
        ("You suddenly feel short of breath, or you cough up blood.", None),
        # A spinal procedure in the last 6 weeks: urgent alone, an emergency with a fever or an
        # infection (`procedure_fever`) or new leg nerve signs (`procedure_nerve_symptoms`).
        ("You had spine surgery, a spinal injection or an epidural in the last 6 weeks.", URGENT),
        ("In the 6 weeks after surgery, you have a fever or chills.", EMERGENCY),
        ("In the 6 weeks after surgery, your wound is red, hot or leaking pus.", EMERGENCY),
        ("You have a high temperature or chills in the 6 weeks after your injection.", EMERGENCY),
        ("In the 6 weeks after surgery, you have new numbness or tingling in a leg.", EMERGENCY),
        (
            "You had an epidural for the birth in the last 6 weeks, and your back pain is new.",
            URGENT,
        ),
        # More than 6 weeks after it, the procedure is no longer a trigger.
        ("More than 6 weeks after surgery, you have a fever.", URGENT),
        (
            "More than 6 weeks after surgery, your pain is not getting better after a month.",
            ROUTINE,
        ),
        ("You have a weak immune system and you get new numbness in a leg.", EMERGENCY),
        # Ages are written "65 or older" and "65 or over".
        ("You are 65 or over and your pain started after a minor fall.", URGENT),
        ("You are 60 or over and your pain has lasted 6 weeks or more.", SOON),
        ("You have osteoporosis and back pain that came on slowly.", SOON),
    ],
)
def test_the_rules_read_care_card_items_as_the_questionnaire_would(item, level):
    assert expected_level(item) == level


def misplaced_items(meta: dict) -> list[str]:
    """Care card items that name a trigger the questionnaire puts at another level."""
    wrong = []
    for level, items in contentfiles.care_cards(meta):
        for item in items:
            if item == contentfiles.WARNING_SIGNS_TOKEN:
                continue
            expected = expected_level(item)
            if expected is not None and expected != level:
                wrong.append(f"{level} card: {item!r} names {triggers_named(item)} → {expected}")
    return wrong


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_each_trigger_sits_at_the_questionnaires_level(article):
    assert misplaced_items(article.meta) == []


def test_a_card_that_contradicts_the_questionnaire_is_caught():
    care = {
        EMERGENCY: [contentfiles.WARNING_SIGNS_TOKEN],
        URGENT: ["Your pain is much worse when you cough or sneeze."],
        ROUTINE: ["You have new weakness in your leg.", "Your pain is getting worse."],
    }
    assert misplaced_items({"care": care}) == [
        "routine card: 'You have new weakness in your leg.' names ['leg_weakness'] → urgent"
    ]
    care[EMERGENCY].append("You have a fever or chills.")  # no procedure: urgent, not emergency
    assert len(misplaced_items({"care": care})) == 2


# Words that give advice of one level; a card of another level must not use them.
ADVICE = {
    EMERGENCY: re.compile(r"EMERGENCY_NUMBER|emergency department|\b911\b|\bcall an ambulance"),
    URGENT: re.compile(r"\btoday\b|same day|straight away|urgent", re.I),
    SOON: re.compile(r"within (?:about )?a week", re.I),
    ROUTINE: re.compile(r"book an appointment|routine visit", re.I),
}


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_no_card_holds_advice_of_another_level(article):
    wrong = [
        f"{level} card: {item!r} has {other} advice"
        for level, items in contentfiles.care_cards(article.meta)
        for item in items
        for other, words in ADVICE.items()
        if other != level
        and words.search(item)
        # An urgent card may name the cancer team or doctor "today"; only emergency words
        # are checked on the emergency card (its own closing line names the number).
        and not (level == EMERGENCY and other != EMERGENCY)
    ]
    assert wrong == []


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_warning_signs_come_from_the_one_list(article):
    care = article.meta.get("care") or {}
    for level, items in care.items():
        if level != EMERGENCY:
            assert contentfiles.WARNING_SIGNS_TOKEN not in items
    # A card that lists the cauda equina signs by hand would drift from the one list.
    for item in care.get(EMERGENCY, []):
        assert not re.search(r"between (?:your|their) legs|around (?:your|their) bottom", item)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_a_page_that_mentions_coughing_says_it_means_today(article):
    """Pain made worse by coughing, sneezing or straining is "today" (NHS, questionnaire)."""
    body = contentfiles.plain_text(article.body)
    if not re.search(_COUGH, body, re.I):
        pytest.skip("the page does not mention coughing or sneezing")
    urgent = (article.meta.get("care") or {}).get(URGENT, [])
    assert any(re.search(_COUGH, item, re.I) for item in urgent)


TODAY = re.compile(r"\btoday\b|same day|straight away", re.I)
WITHIN_A_WEEK = re.compile(r"within (?:about )?a week", re.I)
# A section whose heading gives a time: its list items are triggers at that level.
SECTION_LEVELS = [
    (re.compile(r"emergency department now|emergency|go now", re.I), EMERGENCY),
    (TODAY, URGENT),
    (WITHIN_A_WEEK, SOON),
    (re.compile(r"book an appointment", re.I), ROUTINE),
]


def section_items(body: str) -> list[tuple[str, str, str]]:
    """(heading, level, list item) for every list item under a heading that gives a time."""
    found, level, heading = [], None, ""
    for line in body.splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
            level = next((lvl for words, lvl in SECTION_LEVELS if words.search(heading)), None)
        elif level and re.match(r"\s*(?:[-*]|\d+\.)\s", line):
            found.append((heading, level, re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", line)))
    return found


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_a_section_that_gives_a_time_lists_triggers_of_that_level(article):
    """ "See a doctor today: …" lists only what the questionnaire sends to "today"."""
    wrong = []
    for heading, level, item in section_items(article.body):
        expected = expected_level(item)
        if expected is not None and expected != level:
            wrong.append(f"{heading!r}: {item!r} → the questionnaire says {expected}")
    assert wrong == []


def test_section_items_reads_headings_and_lists():
    body = "## See a doctor today\n\n- new numbness or tingling in one leg\n\n## Other\n\n- x"
    assert section_items(body) == [
        ("See a doctor today", URGENT, "new numbness or tingling in one leg")
    ]
    assert expected_level(section_items(body)[0][2]) == SOON  # what the test above catches


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_the_body_gives_a_trigger_the_same_time_as_the_questionnaire(article):
    """A sentence that says "today" or "within a week" about a trigger agrees with its tier."""
    wrong = []
    for sentence in sentences(contentfiles.plain_text(article.body)):
        said = (
            URGENT if TODAY.search(sentence) else SOON if WITHIN_A_WEEK.search(sentence) else None
        )
        expected = expected_level(sentence)
        if said and expected in (URGENT, SOON) and expected != said:
            wrong.append(f"{sentence!r}: says {said}, the questionnaire says {expected}")
    assert wrong == []
