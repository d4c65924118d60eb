"""The symptom check in a real browser: keyboard only, axe, CSP, narrow screens and paper."""

import subprocess
from io import StringIO
from pathlib import Path

import pypdf
import pytest
from django.core.management import call_command

from assessment import engine, wording
from assessment.models import AssessmentResult
from tests.assessment.cases import CALM, DISPOSITIONS, EMERGENCY, LONGEST, URGENT, save_result
from tests.browser.helpers import assert_no_axe_violations, scrolls_sideways, watch_csp

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
STEPS = [*engine.STEPS, engine.REVIEW_STEP]


@pytest.fixture
def content(db):
    """The curated articles, so that result pages link to real pages."""
    call_command("load_content", stdout=StringIO())


def focused(page) -> dict:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {id: e.id, tag: e.tagName, cls: e.className, text: e.textContent.trim(),"
        " type: e.type || '', value: e.value || ''}; }"
    )


def tab_to(page, predicate, limit=120):
    """Press Tab until the focused element satisfies `predicate`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if predicate(focused(page)):
            return
    raise AssertionError(f"Tab never reached the element; last focus: {focused(page)}")


def option_index(name, value):
    return [str(v) for v in engine.FIELDS[name].values].index(str(value))


def keyboard_answer_step(page, step, answers):
    """Answer one step with Tab, Space and arrow keys only, then press Enter on Continue."""
    for name in engine.STEP_FIELDS.get(step, ()):
        if name not in answers:
            continue
        kind = engine.FIELDS[name].kind
        value = answers[name]
        base = f"id_{step}-{name}"
        if kind == "int" and name == "age":
            tab_to(page, lambda f, base=base: f["id"] == base)
            page.keyboard.type(str(value))
        elif kind == "multi":
            for item in value:
                target = f"{base}_{option_index(name, item)}"
                tab_to(page, lambda f, target=target: f["id"] == target)
                page.keyboard.press("Space")
        else:
            # A radio group takes one Tab stop; arrows move through it and select.
            tab_to(page, lambda f, base=base: f["id"].startswith(base + "_"))
            index = option_index(name, value)
            current = int(focused(page)["id"].rsplit("_", 1)[1])
            if index == current:
                page.keyboard.press("Space")
            for _ in range(abs(index - current)):
                page.keyboard.press("ArrowDown" if index > current else "ArrowUp")
    label = "See my results" if step == engine.REVIEW_STEP else "Continue"
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == label)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize(
    ("answers", "disposition"),
    [(EMERGENCY, "emergency"), (URGENT, "urgent"), (CALM, "self_care")],
    ids=["emergency", "urgent", "self_care"],
)
def test_keyboard_only_run_ends_on_the_right_result(live_server, page, answers, disposition):
    violations = watch_csp(page)
    page.goto(live_server.url + "/check/")
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Start now")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for step in STEPS:
        if "/results/" in page.url:
            break
        assert page.url.endswith(f"/check/{step}/"), (step, page.url)
        keyboard_answer_step(page, step, answers)
    assert "/results/" in page.url
    heading = page.locator("#result-heading").inner_text()
    assert heading == wording.DISPOSITIONS[disposition]["heading"]
    assert AssessmentResult.objects.get().disposition == disposition
    assert violations == []


def fill_step(page, step, answers):
    """Answer a step with the mouse (quicker; keyboard use is tested above)."""
    for name in engine.STEP_FIELDS[step]:
        if name not in answers:
            continue
        value = answers[name]
        base = f"#id_{step}-{name}"
        if name == "age":
            page.fill(base, str(value))
        elif engine.FIELDS[name].kind == "multi":
            for item in value:
                page.check(f"{base}_{option_index(name, item)}")
        else:
            page.check(f"{base}_{option_index(name, value)}")


def submit(page, label="Continue"):
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).click()


def test_every_step_is_accessible_fresh_and_with_errors(live_server, page):
    """One run: axe on each step, empty submit (focus on the summary), review, CSP clean."""
    violations = watch_csp(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1024, "height": 900})
    page.goto(live_server.url + "/check/")
    assert_no_axe_violations(page)
    submit(page, "Start now")
    for number, step in enumerate(engine.STEPS, start=1):
        assert page.title() == f"Step {number} of 8: {wording.STEP_TITLES[step]} – BackHealth"
        assert_no_axe_violations(page)
        submit(page)
        assert page.title().startswith(f"Error: Step {number} of 8: ")
        summary = focused(page)
        assert "error-summary" in summary["cls"], summary
        assert_no_axe_violations(page)
        # The summary's first link leads to the first answer to fix.
        first_link = page.locator(".error-summary a").first
        target = first_link.get_attribute("href")[1:]
        assert page.locator(f"[id='{target}']").count() == 1
        if step == "symptoms":
            page.screenshot(path=ARTIFACTS / "step-symptoms-errors-1024.png")
        fill_step(page, step, URGENT)
        submit(page)
    assert page.title() == "Step 8 of 8: Check your answers – BackHealth"
    assert_no_axe_violations(page)
    page.screenshot(path=ARTIFACTS / "step-review-1024.png", full_page=True)
    submit(page, "See my results")
    assert "/results/" in page.url
    assert_no_axe_violations(page)
    assert violations == []


def test_leg_questions_hide_when_no_leg_is_affected(live_server, page):
    page.goto(live_server.url + "/check/")
    submit(page, "Start now")
    for step in ("about", "warning_signs", "health"):
        fill_step(page, step, CALM)
        submit(page)
    group = page.locator("#leg-details")
    assert group.is_visible()
    page.check("#id_symptoms-leg_side_0")  # "No, not in my legs"
    assert group.is_hidden()
    page.check("#id_symptoms-leg_side_3")
    assert group.is_visible()


def test_steps_do_not_scroll_sideways_at_320px(live_server, page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url + "/check/")
    assert not scrolls_sideways(page)
    submit(page, "Start now")
    for step in ("about", "warning_signs", "health"):
        fill_step(page, step, URGENT)
        submit(page)
    submit(page)  # symptoms with errors: the widest state of the widest step
    assert not scrolls_sideways(page)
    page.screenshot(path=ARTIFACTS / "step-symptoms-errors-320.png", full_page=True)
    fill_step(page, "symptoms", URGENT)
    submit(page)
    for step in ("timeline", "patterns", "impact"):
        fill_step(page, step, URGENT)
        submit(page)
    assert not scrolls_sideways(page)
    page.screenshot(path=ARTIFACTS / "step-review-320.png", full_page=True)


def pdf_pages(page, path: Path, paper: str) -> int:
    """Print to PDF, draw its pages as PNGs next to it (to look at), count the pages."""
    for old in path.parent.glob(f"{path.stem}-*.png"):
        old.unlink()
    page.pdf(path=path, format=paper, print_background=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(path), str(path.with_suffix(""))],
        check=False,
        capture_output=True,
    )
    return len(pypdf.PdfReader(path).pages)


@pytest.mark.parametrize("disposition", DISPOSITIONS)
def test_result_page_screen_print_and_paper(live_server, page, content, disposition):
    """Each kind of result, at its longest: axe on screen and in print, 320 px, two pages."""
    ARTIFACTS.mkdir(exist_ok=True)
    violations = watch_csp(page)
    result, token = save_result(LONGEST[disposition])
    assert result.disposition == disposition
    url = f"{live_server.url}/results/{token}/"

    page.set_viewport_size({"width": 1024, "height": 900})
    page.goto(url)
    assert (
        page.locator("#result-heading").inner_text()
        == (wording.DISPOSITIONS[disposition]["heading"])
    )
    assert page.locator("a[href^='/articles/']").count() > 0
    assert page.locator("[data-print]").is_visible()  # the script's print button
    assert_no_axe_violations(page)

    page.set_viewport_size({"width": 320, "height": 800})
    assert not scrolls_sideways(page)
    if disposition in {"urgent", "self_care"}:
        page.screenshot(path=ARTIFACTS / f"result-{disposition}-320.png", full_page=True)

    page.set_viewport_size({"width": 1024, "height": 900})
    page.emulate_media(media="print")
    assert page.locator(".delete-form").is_hidden()
    assert page.locator(".site-nav").is_hidden()
    assert_no_axe_violations(page)
    for paper in ("A4", "Letter"):
        pages = pdf_pages(page, ARTIFACTS / f"result-{disposition}-{paper}.pdf", paper)
        assert pages <= 2, f"{disposition} on {paper}: {pages} pages"
    page.emulate_media(media="screen")
    assert violations == []


def test_delete_from_the_result_page(live_server, page):
    _, token = save_result(CALM)
    page.goto(f"{live_server.url}/results/{token}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Delete my results").click()
    assert page.locator("h1").inner_text() == "Your results have been deleted"
    assert not AssessmentResult.objects.exists()
    assert page.goto(f"{live_server.url}/results/{token}/").status == 404
