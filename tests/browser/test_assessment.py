"""The symptom check v2 in Chromium: keyboard only, with and without JavaScript, the pain map,
Back, stops, axe on every page and state, CSP, and the skip link."""

from pathlib import Path

import pytest

from assessment import engine
from assessment.models import AssessmentResult
from clinical import wording as clinical
from tests.assessment.cases import CALM, EMERGENCY, URGENT, WORKED, complete, save_result
from tests.browser.assessment_pages import (
    back,
    csp_events,
    fill,
    focused,
    keyboard_answer,
    keyboard_start,
    keyboard_submit,
    keyboard_walk,
    option_id,
    region_fill,
    submit,
    tab_to,
    watch,
)
from tests.browser.helpers import assert_no_axe_violations, scrolls_sideways

pytestmark = pytest.mark.django_db(transaction=True)

PRINT_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "print"

# A walk that opens every follow-up: the groin (pain only) and both legs, stable: soon.
EVERY_FOLLOW_UP = complete(
    age=52,
    pain_map=["lower_back", "groin_or_saddle", "thigh_back_left", "lower_leg_right"],
    saddle_check="pain_only",
    leg_symptoms=["pain", "cramp"],
    leg_course="same",
    pain_now=4,
    pain_worst=6,
)


def heading(page):
    return page.locator("#result-heading").inner_text().removeprefix("⚠").strip()


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    ("answers", "tier"),
    [(EMERGENCY, "emergency"), (URGENT, "urgent"), (EVERY_FOLLOW_UP, "soon"), (CALM, "self_care")],
    ids=["emergency", "urgent", "soon-every-follow-up", "self_care"],
)
def test_keyboard_only_with_javascript_ends_on_the_right_result(live_server, page, answers, tier):
    problems = watch(page)
    keyboard_start(page, live_server.url)
    seen = keyboard_walk(page, answers)
    assert "/results/" in page.url
    assert heading(page) == str(clinical.TIER_LABELS[tier])
    result = AssessmentResult.objects.get()
    assert result.disposition == tier and result.answers == answers
    if tier == "emergency":
        assert seen == ["about", "warning_signs"]  # stops the moment a sign is ticked
    assert problems == [] and csp_events(page) == []


def test_keyboard_only_without_javascript_every_follow_up_works(live_server, no_js_page):
    page = no_js_page
    keyboard_start(page, live_server.url)
    for step in ("about", "warning_signs", "health"):
        keyboard_answer(page, step, EVERY_FOLLOW_UP)
        keyboard_submit(page)
    # Without JavaScript every follow-up question is on the page from the start.
    for name in ("saddle_check", "leg_symptoms", "leg_course"):
        assert page.locator(f"#group-id_symptoms-{name}").is_visible()
    keyboard_walk(page, EVERY_FOLLOW_UP, first="symptoms")
    assert heading(page) == str(clinical.TIER_LABELS["soon"])
    assert AssessmentResult.objects.get().answers == EVERY_FOLLOW_UP


def test_without_javascript_left_over_follow_ups_are_ignored(live_server, no_js_page):
    page = no_js_page
    page.goto(live_server.url + "/check/")
    submit(page, "Start now")
    for step in ("about", "warning_signs", "health"):
        fill(page, step, CALM)
        submit(page)
    fill(page, "symptoms", CALM)  # lower back only ...
    page.check(f"#{option_id('symptoms', 'saddle_check', 'not_sure')}")  # ... and an emergency
    page.check(f"#{option_id('symptoms', 'leg_course', 'worse')}")  # answer left over
    submit(page)
    assert page.url.endswith("/check/timeline/")
    for step in ("timeline", "patterns", "impact"):
        fill(page, step, CALM)
        submit(page)
    submit(page, "See my results")
    assert heading(page) == str(clinical.TIER_LABELS["self_care"])
    assert AssessmentResult.objects.get().answers == CALM


def reach_symptoms(page, url, answers=CALM):
    page.goto(url + "/check/")
    submit(page, "Start now")
    for step in ("about", "warning_signs", "health"):
        fill(page, step, answers)
        submit(page)
    assert page.url.endswith("/check/symptoms/")


def test_with_javascript_follow_ups_appear_only_when_the_map_needs_them(live_server, page):
    reach_symptoms(page, live_server.url)
    saddle = page.locator("#group-id_symptoms-saddle_check")
    legs = page.locator("#group-id_symptoms-leg_symptoms")
    assert saddle.is_hidden() and legs.is_hidden()
    for region in ("lower_back", "buttock_left", "buttock_right", "upper_back"):
        page.check(f"#{option_id('symptoms', 'pain_map', region)}")
    assert saddle.is_hidden() and legs.is_hidden()  # the buttocks are not leg regions
    page.focus(f"#{option_id('symptoms', 'pain_map', 'groin_or_saddle')}")
    page.keyboard.press("Space")
    assert saddle.is_visible() and legs.is_hidden()
    page.focus(f"#{option_id('symptoms', 'pain_map', 'foot_right')}")
    page.keyboard.press("Space")
    assert legs.is_visible() and page.locator("#group-id_symptoms-leg_course").is_visible()
    page.keyboard.press("Space")  # untick the foot: the leg questions go away again
    assert legs.is_hidden() and saddle.is_visible()


def test_clicking_the_drawing_ticks_the_checkbox_and_the_region_is_highlighted(live_server, page):
    reach_symptoms(page, live_server.url)
    box = page.locator(f"#{option_id('symptoms', 'pain_map', 'lower_leg_left')}")
    unchosen = region_fill(page, "lower_leg_right")
    assert region_fill(page, "lower_leg_left") == unchosen
    page.locator(".pain-map .bm-region[data-region='lower_leg_left']").first.click()
    assert box.is_checked()
    assert page.locator("#group-id_symptoms-leg_symptoms").is_visible()
    chosen = region_fill(page, "lower_leg_left")
    assert chosen[0] != unchosen[0] and chosen[1] != unchosen[1]  # filled and outlined
    page.locator(".pain-map .bm-region[data-region='lower_leg_left']").last.click()
    assert not box.is_checked()
    assert region_fill(page, "lower_leg_left") == unchosen


def test_without_javascript_a_ticked_region_is_highlighted(live_server, no_js_page):
    page = no_js_page
    reach_symptoms(page, live_server.url)
    unchosen = region_fill(page, "thigh_back_right")
    page.focus(f"#{option_id('symptoms', 'pain_map', 'thigh_back_right')}")
    page.keyboard.press("Space")
    chosen = region_fill(page, "thigh_back_right")
    assert chosen != unchosen
    assert region_fill(page, "thigh_back_left") == unchosen


def test_back_keeps_what_was_typed_on_the_page_being_left(live_server, page):
    reach_symptoms(page, live_server.url)
    fill(page, "symptoms", URGENT)
    submit(page)
    # Half a page typed on `timeline`, then Back, then Continue: the half page is still there.
    fill(page, "timeline", {"started": "6_to_12_weeks", "onset": "minor_fall"})
    back(page)
    assert page.url.endswith("/check/symptoms/")
    # ... and the symptoms page still has its saved answers (map, follow-ups, pain).
    for name in ("pain_map", "leg_symptoms"):
        for value in URGENT[name]:
            assert page.locator(f"#{option_id('symptoms', name, value)}").is_checked()
    assert page.locator("#group-id_symptoms-leg_course").is_visible()
    submit(page)
    assert page.url.endswith("/check/timeline/")
    assert page.locator(f"#{option_id('timeline', 'started', '6_to_12_weeks')}").is_checked()
    assert page.locator(f"#{option_id('timeline', 'onset', 'minor_fall')}").is_checked()
    assert page.locator(".error-summary").count() == 0  # a draft, shown without errors


def test_an_emergency_on_the_map_stops_at_once(live_server, page):
    answers = WORKED["W4"].answers  # groin marked, "not sure" what is felt there
    reach_symptoms(page, live_server.url, answers)
    fill(page, "symptoms", answers)
    submit(page)
    assert "/results/" in page.url
    assert heading(page) == str(clinical.TIER_LABELS["emergency"])
    assert AssessmentResult.objects.get().reasons == ["saddle_area"]


@pytest.mark.parametrize("errors", [False, True], ids=["fresh", "with-errors"])
def test_the_first_field_is_within_3_tabs_of_the_skip_link(live_server, page, errors):
    """Fresh: the first answer. With errors: the summary's first link, which leads to it."""
    page.goto(live_server.url + "/check/")
    submit(page, "Start now")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"  # the first Tab stop
    for step in engine.STEPS:
        first = f"id_{step}-{engine.STEP_FIELDS[step][0]}"
        if errors:
            submit(page)
            assert (
                page.locator(".error-summary a").first.get_attribute("href").startswith(f"#{first}")
            )
        page.focus(".skip-link")
        page.keyboard.press("Enter")
        if errors:
            presses = tab_to(page, lambda f: f["tag"] == "A", limit=3)
            assert presses <= 3, (step, presses)
            page.keyboard.press("Enter")
            assert focused(page)["id"].startswith(first), (step, focused(page))
        else:
            presses = tab_to(page, lambda f, first=first: f["id"].startswith(first), limit=3)
            assert presses <= 3, (step, presses)
        fill(page, step, URGENT)
        submit(page)


def test_axe_on_every_step_fresh_and_with_errors_review_and_csp(live_server, page):
    problems = watch(page)
    page.goto(live_server.url + "/check/")
    assert_no_axe_violations(page)
    submit(page, "Start now")
    for number, step in enumerate(engine.STEPS, start=1):
        assert page.url.endswith(f"/check/{step}/")
        assert_no_axe_violations(page)
        submit(page)
        assert page.title().startswith(f"Error: Step {number} of 8")
        assert "error-summary" in focused(page)["cls"]
        assert_no_axe_violations(page)
        if step == "symptoms":
            # The follow-ups' own errors: groin and a leg marked, nothing else answered.
            fill(page, step, {"pain_map": ["groin_or_saddle", "foot_left"]})
            submit(page)
            assert page.locator(".error-summary a").count() == 5
            assert_no_axe_violations(page)
        fill(page, step, EVERY_FOLLOW_UP)
        submit(page)
    assert page.url.endswith("/check/review/")
    assert_no_axe_violations(page)
    submit(page, "See my results")
    assert "/results/" in page.url
    assert_no_axe_violations(page)
    assert problems == [] and csp_events(page) == []


def test_axe_on_the_under_16_page(live_server, page):
    problems = watch(page)
    page.goto(live_server.url + "/check/")
    submit(page, "Start now")
    fill(page, "about", {"age": 15})
    submit(page)
    assert page.url.endswith("/check/under-16/")
    assert_no_axe_violations(page)
    signs = page.locator(".emergency-box li")
    assert signs.count() == len(clinical.SIGN_LABELS)
    assert problems == [] and csp_events(page) == []
    assert not AssessmentResult.objects.exists()


def test_steps_and_errors_do_not_scroll_sideways_at_320px(live_server, page):
    page.set_viewport_size({"width": 320, "height": 800})
    reach_symptoms(page, live_server.url, EVERY_FOLLOW_UP)
    fill(page, "symptoms", {"pain_map": ["groin_or_saddle", "foot_left"]})
    submit(page)  # the widest state of the widest step: map, follow-ups and their errors
    assert page.locator(".error-summary a").count() == 5
    assert not scrolls_sideways(page)
    PRINT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=PRINT_DIR.parent / "step-symptoms-errors-320.png", full_page=True)
    for step in ("symptoms", "timeline", "patterns", "impact"):
        fill(page, step, EVERY_FOLLOW_UP)
        submit(page)
    assert page.url.endswith("/check/review/")
    assert not scrolls_sideways(page)


def test_delete_from_the_result_page(live_server, page):
    _, token = save_result(CALM)
    page.goto(f"{live_server.url}/results/{token}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Delete my results").click()
    assert page.locator("h1").inner_text() == "Your results have been deleted"
    assert not AssessmentResult.objects.exists()
    assert page.goto(f"{live_server.url}/results/{token}/").status == 404
