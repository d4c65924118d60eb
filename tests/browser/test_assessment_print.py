"""Every kind of result in Chromium: axe on screen and in print, and the printout on A4 and US
Letter (spec v2 "The printout"): at most 2 pages, page 1 opens with the clinician summary and
the lines to write on. PDFs and PNGs of each page go to test-artifacts/print/ to look at.
"""

import re
import subprocess
from io import StringIO
from pathlib import Path

import pypdf
import pytest
from django.core.management import call_command

from clinical import wording as clinical
from tests.assessment.cases import LONGEST, WORKED, save_result
from tests.browser.assessment_pages import csp_events, fill, submit, watch
from tests.browser.helpers import assert_no_axe_violations, scrolls_sideways

pytestmark = pytest.mark.django_db(transaction=True)

PRINT = Path(__file__).resolve().parents[2] / "test-artifacts" / "print"
KINDS = {**{tier: LONGEST[tier] for tier in LONGEST}, "pregnancy": WORKED["W10"].answers}
PAPERS = ("A4", "Letter")


@pytest.fixture
def content(db):
    """The curated articles, so that result pages link to real pages."""
    call_command("load_content", stdout=StringIO())


def print_pdf(page, name, paper) -> list[str]:
    """Print to PDF (print media), draw each page as a PNG next to it; the text of each page."""
    PRINT.mkdir(parents=True, exist_ok=True)
    path = PRINT / f"{name}-{paper}.pdf"
    for old in PRINT.glob(f"{name}-{paper}-*.png"):
        old.unlink()
    page.emulate_media(media="print")
    page.pdf(path=path, format=paper, print_background=True)
    page.emulate_media(media="screen")
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(path), str(path.with_suffix(""))],
        check=True,
        capture_output=True,
    )
    return [p.extract_text() for p in pypdf.PdfReader(path).pages]


def squash(text):
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_result_is_accessible_and_prints_on_two_pages_summary_first(
    live_server, page, content, kind
):
    problems = watch(page)
    result, token = save_result(KINDS[kind])
    tier = result.disposition
    assert (tier == kind) or (kind == "pregnancy" and "pregnancy" in result.advice)
    page.set_viewport_size({"width": 1024, "height": 900})
    page.goto(f"{live_server.url}/results/{token}/")
    heading = page.locator("#result-heading").inner_text().removeprefix("⚠").strip()
    assert heading == str(clinical.TIER_LABELS[tier])
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert not scrolls_sideways(page)
    page.set_viewport_size({"width": 1024, "height": 900})
    printed = {paper: print_pdf(page, f"result-{kind}", paper) for paper in PAPERS}
    for paper, pages in printed.items():
        assert len(pages) <= 2, f"{kind} on {paper}: {len(pages)} pages"
        first = squash(pages[0])
        assert "Summary for the clinician" in first[:200], first[:300]
        assert "Summary for the clinician" not in squash(" ".join(pages[1:]))  # not split
        assert "No to:" in first or "Not asked" in first
        for line in ("Name:", "Date of birth:", "Medicines and doses:", "My main worry:"):
            assert line in first, (kind, paper, line)
        assert str(clinical.TIER_LABELS[tier]) in first
        assert result.created_at.strftime("%Y") in first
        whole = squash(" ".join(pages))
        if kind == "pregnancy":
            assert "midwife" in whole
        if tier != "emergency":
            assert "Symptom diary for 7 days" in whole and "Day 7" in whole  # all of it printed
        else:
            assert "Symptom diary" not in whole
    page.emulate_media(media="print")
    assert page.locator(".delete-form").is_hidden()
    assert page.locator(".clinician-summary").is_visible()
    # Paper has no touch targets: WCAG 2.5.8 (target size) is for the screen, checked above.
    assert_no_axe_violations(page, rules={"target-size": {"enabled": False}})
    assert problems == [] and csp_events(page) == []


def test_the_under_16_page_prints_on_two_pages_with_every_sign(live_server, page):
    page.goto(live_server.url + "/check/")
    submit(page, "Start now")
    fill(page, "about", {"age": 14})
    submit(page)
    assert page.url.endswith("/check/under-16/")
    for paper in PAPERS:
        pages = print_pdf(page, "under-16", paper)
        assert len(pages) <= 2, f"under-16 on {paper}: {len(pages)} pages"
        text = squash(" ".join(pages))
        assert "aged 16 or older" in text
        # Every emergency sign is on paper (its first words).
        for label in clinical.SIGN_LABELS.values():
            assert " ".join(str(label).split()[:3]) in text, label
