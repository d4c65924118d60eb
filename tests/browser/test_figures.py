"""Figures in a real browser: they load under the CSP, pass axe, stay light, and print."""

import gzip
import io
import subprocess
from pathlib import Path

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL import ImageDraw

from articles.models import Image
from tests.articles import conftest as article_fixtures
from tests.browser.helpers import axe_violations, scrolls_sideways, watch_csp

pytestmark = pytest.mark.django_db(transaction=True)
make_article = article_fixtures.make_article  # the article factory fixture, shared

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DIAGRAMS = ["sciatica-path", "lower-spine", "slipped-disc", "exercise-bridge", "exercise-cat-cow"]
PAGE_BUDGET = 60 * 1024  # bytes, compressed, with every picture a phone loads


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def figures_body(*slugs):
    parts = ["## What it is", "Sciatica is pain along the sciatic nerve. It often gets better."]
    for slug in slugs:
        parts += [f"![](figure:{slug})", "Some words after the figure, to read in between."]
    return "\n\n".join(parts)


def photo_like_jpeg(size=(1600, 1067)) -> bytes:
    """Soft shapes and gradients, closer to a photograph than a flat colour."""
    picture = PILImage.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(picture)
    for i in range(12):
        x, y = (i * 131) % size[0], (i * 97) % size[1]
        draw.ellipse((x, y, x + 300, y + 200), fill=(40 + i * 15, 120, 200 - i * 10))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=92)
    return out.getvalue()


@pytest.fixture
def article(make_article):
    return make_article(slug="sciatica-figures", body=figures_body(*DIAGRAMS))


@pytest.fixture
def photo_article(make_article):
    image = Image(
        slug="walking-in-the-park",
        file=SimpleUploadedFile("walk.jpg", photo_like_jpeg(), content_type="image/jpeg"),
        alt_text="A woman walking on a path in a park.",
        caption="Walking every day helps most people with back pain.",
        credit="BackHealth",
        licence="CC BY 4.0",
    )
    image.full_clean()
    image.save()
    return make_article(slug="walking-photo", body=figures_body("walking-in-the-park"))


def load_everything(page):
    """Scroll to the end so lazy pictures load, then wait for the network to settle."""
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("[...document.images].every(i => i.complete)")


def transferred(page) -> dict[str, int]:
    """What the page fetched, compressed as a server would send it (gzip for text)."""
    urls = page.evaluate(
        "() => [location.href, ...performance.getEntriesByType('resource').map(e => e.name)]"
    )
    sizes = {}
    for url in dict.fromkeys(urls):
        response = page.request.get(url)
        body = response.body()
        kind = response.headers.get("content-type", "")
        is_text = kind.startswith(("text/", "image/svg", "application/javascript"))
        sizes[url] = len(gzip.compress(body, 9)) if is_text else len(body)
    return sizes


def test_figures_load_under_the_csp_and_pass_axe_at_phone_width(live_server, page, article):
    csp = watch_csp(page)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + article.get_absolute_url())
    load_everything(page)
    broken = page.evaluate("[...document.images].filter(i => !i.naturalWidth).map(i => i.src)")
    assert broken == []
    assert page.locator("figure.figure").count() == len(DIAGRAMS)
    assert page.locator("figure.figure figcaption").count() == len(DIAGRAMS)
    assert csp == []
    assert not scrolls_sideways(page)
    count, report = axe_violations(page)
    assert count == 0, report
    sizes = transferred(page)
    total = sum(sizes.values())
    print(f"\nArticle with {len(DIAGRAMS)} diagrams at 360 px: {total} bytes compressed")
    for url, size in sizes.items():
        print(f"  {size:>7}  {url.removeprefix(live_server.url)}")
    assert total < PAGE_BUDGET


def test_a_library_photo_loads_one_webp_of_the_right_width(live_server, page, photo_article):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + photo_article.get_absolute_url())
    load_everything(page)
    chosen = page.evaluate("document.querySelector('figure img').currentSrc")
    assert chosen.endswith(".webp")  # the browser took the WebP source
    assert "/360.webp" in chosen or "/720.webp" in chosen
    box = page.locator("figure img").bounding_box()
    assert 300 <= box["width"] <= 340 and abs(box["height"] / box["width"] - 1067 / 1600) < 0.01
    sizes = transferred(page)
    total = sum(sizes.values())
    print(f"\nArticle with one library photo at 360 px: {total} bytes compressed")
    for url, size in sizes.items():
        print(f"  {size:>7}  {url.removeprefix(live_server.url)}")
    assert total < PAGE_BUDGET


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_figures_print_in_grey(live_server, page, article, paper):
    page.goto(live_server.url + article.get_absolute_url())
    load_everything(page)
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('figure img')).filter") == (
        "grayscale(1)"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / f"figures-print-{paper}.pdf"
    page.pdf(path=pdf, format=paper)
    reader = pypdf.PdfReader(pdf)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Where sciatica is felt, usually in one leg." in text
    assert "Credit: BackHealth." in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-gray", pdf, ARTIFACTS / f"figures-print-{paper}"],
        check=True,
    )
    print(f"\n{paper}: {len(reader.pages)} pages")
