"""Figures in articles: the diagrams' registry, the Markdown syntax, the sanitiser, the pages."""

import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage

from articles import contentfiles, figures
from articles.markdown import render
from articles.models import Article, Image, Status
from articles.sanitise import sanitise_with_figures
from tests.articles.test_admin import change, form_data

SVG = "{http://www.w3.org/2000/svg}"
# The slugs other engineers write into the articles: each must exist.
REQUIRED = [
    "lower-spine", "slipped-disc", "sciatica-path", "stenosis-posture", "saddle-area",
    "exercise-knee-to-chest", "exercise-pelvic-tilt", "exercise-bridge", "exercise-cat-cow",
    "exercise-calf-stretch", "body-map",
]  # fmt: skip
REGIONS = {
    "upper_back", "lower_back", "buttock_left", "buttock_right", "groin_or_saddle",
    "thigh_front_left", "thigh_front_right", "thigh_back_left", "thigh_back_right",
    "lower_leg_left", "lower_leg_right", "foot_left", "foot_right",
}  # fmt: skip
FRONT_ONLY = {"groin_or_saddle", "thigh_front_left", "thigh_front_right"}
BACK_ONLY = {
    "upper_back", "lower_back", "buttock_left", "buttock_right", "thigh_back_left",
    "thigh_back_right",
}  # fmt: skip


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- the registry and the drawings -------------------------------------------------------


def test_every_required_diagram_is_in_the_registry():
    assert set(REQUIRED) <= set(figures.diagrams())


@pytest.mark.parametrize("slug", REQUIRED)
def test_each_diagram_is_a_safe_readable_svg_with_a_title(slug):
    diagram = figures.diagrams()[slug]
    root = ET.parse(diagram.file).getroot()  # noqa: S314 (our own file): valid XML
    assert root.tag == f"{SVG}svg"
    assert root[0].tag == f"{SVG}title" and root[0].text.strip()
    assert root.get("viewBox")
    assert diagram.width > 0 and diagram.height > 0
    for element in root.iter():
        assert element.tag.removeprefix(SVG) not in {"script", "foreignObject", "image", "a"}
        for name, value in element.attrib.items():
            assert not name.startswith("on"), (element.tag, name)
            assert "http" not in value or name == "xmlns", (element.tag, name)
        # Readable at 320 px wide: no text smaller than 10 px once scaled down.
        size = element.get("font-size")
        if size:
            assert float(size) * 320 / diagram.width >= 10, (slug, size)
    assert diagram.alt and diagram.caption and diagram.credit == "BackHealth" and diagram.licence


def test_diagrams_with_detail_have_a_text_description():
    for slug in REQUIRED:
        assert figures.diagrams()[slug].description, slug


# --- the body map ------------------------------------------------------------------------


def centre_x(d: str) -> float:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return sum(numbers[0::2]) / len(numbers[0::2])


def views(root):
    """Each view (front, back): its x offset, its regions' centres and its labels."""
    found = []
    for group in root.findall(f"{SVG}g"):
        offset = float(re.search(r"translate\(([\d.]+)", group.get("transform")).group(1))
        regions = [
            (e.get("data-region"), centre_x(e.get("d")))
            for e in group.iter(f"{SVG}path")
            if e.get("data-region")
        ]
        labels = {
            "".join(t.itertext()).strip(): float(t.get("x")) for t in group.iter(f"{SVG}text")
        }
        found.append((offset, regions, labels))
    return found


def test_the_body_map_include_is_inline_safe_and_has_every_region():
    html = render_to_string("includes/body_map.html").strip()
    assert html.startswith("<svg ") and "<?xml" not in html
    assert not re.search(r"\sid=", html) and not re.search(r"\sstyle=", html)
    root = ET.fromstring(html)  # noqa: S314 (our own template)
    assert root.get("aria-hidden") == "true" and root.get("focusable") == "false"
    assert root.get("viewBox") and not root.get("width")
    regions = [e for e in root.iter() if e.get("data-region")]
    assert {e.get("data-region") for e in regions} == REGIONS
    assert all(e.get("class") == "bm-region" for e in regions)
    assert all(e.get("fill") != "none" for e in regions)
    (_front_x, front, front_labels), (_back_x, back, back_labels) = views(root)
    front_ids, back_ids = {r for r, _ in front}, {r for r, _ in back}
    assert front_ids >= FRONT_ONLY and not FRONT_ONLY & back_ids
    assert back_ids >= BACK_ONLY and not BACK_ONLY & front_ids
    both = {"lower_leg_left", "lower_leg_right", "foot_left", "foot_right"}
    assert both <= front_ids and both <= back_ids
    # The person's own left: on the viewer's right in the front view, left in the back view.
    middle = 80
    for region, x in front:
        if region.endswith("_left"):
            assert x > middle, region
        if region.endswith("_right"):
            assert x < middle, region
    for region, x in back:
        if region.endswith("_left"):
            assert x < middle, region
        if region.endswith("_right"):
            assert x > middle, region
    assert front_labels["Your left"] > middle > front_labels["Your right"]
    assert back_labels["Your left"] < middle < back_labels["Your right"]
    assert "Front" in front_labels and "Back" in back_labels


def test_the_standalone_body_map_is_the_same_drawing():
    include = render_to_string("includes/body_map.html")
    standalone = figures.diagrams()["body-map"].file.read_text(encoding="utf-8")
    paths = re.compile(r'<path class="bm-region" data-region="\w+" d="[^"]+"/>')
    assert paths.findall(include) == paths.findall(standalone)


# --- Markdown and the sanitiser -----------------------------------------------------------


class Tags(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def all(self, tag):
        return [attrs for t, attrs in self.found if t == tag]


def body_with(*slugs, extra=""):
    parts = ["## Section one", "Some words."]
    parts += [f"![](figure:{slug})" for slug in slugs]
    return "\n\n".join(parts) + "\n\n" + extra


@pytest.mark.django_db
def test_a_figure_paragraph_becomes_a_figure_with_caption_and_credit():
    body = "Intro.\n\n![Where sciatica is felt in the leg](figure:sciatica-path)\n\nAfter."
    rendered = render(body, figures=figures.figures_for(body))
    assert rendered.figures == ("sciatica-path",)
    tags = Tags(rendered.html)
    (img,) = tags.all("img")
    assert img["src"].startswith("/static/img/diagrams/sciatica-path")
    assert img["alt"] == "Where sciatica is felt in the leg"
    assert (img["width"], img["height"]) == ("400", "440")
    assert "<figcaption>" in rendered.html
    assert "Where sciatica is felt, usually in one leg." in rendered.html
    assert "Credit: BackHealth. License: CC BY 4.0." in rendered.html
    assert "<p>Intro.</p>" in rendered.html and "<p>After.</p>" in rendered.html


@pytest.mark.django_db
def test_an_empty_alt_takes_the_registry_alt_and_diagrams_load_eagerly_to_print():
    body = body_with("lower-spine", "slipped-disc", "exercise-bridge")
    html = render(body, figures=figures.figures_for(body)).html
    images = Tags(html).all("img")
    assert [i["alt"] for i in images] == [
        figures.diagrams()[s].alt for s in ("lower-spine", "slipped-disc", "exercise-bridge")
    ]
    assert [i["loading"] for i in images] == ["eager", "eager", "eager"]


@pytest.mark.django_db
def test_editors_cannot_add_pictures_or_figure_markup_by_hand():
    body = (
        '<img src="https://tracker.example/x.png" alt="x">\n\n'
        '<figure><img src="/static/img/diagrams/lower-spine.svg" alt=""></figure>\n\n'
        '<picture><source srcset="https://evil.example/a.webp"></picture>\n\n'
        "![inline](https://tracker.example/y.png)\n\n"
        "Text ![inline figure](figure:lower-spine) inside a sentence.\n\n"
        "![](figure:exercise-bridge)\n"
    )
    html = render(body, figures=figures.figures_for(body)).html
    tags = Tags(html)
    assert len(tags.all("figure")) == 1 and len(tags.all("img")) == 1
    assert "tracker.example" not in html and "evil.example" not in html
    assert tags.all("img")[0]["src"].endswith("exercise-bridge.svg")


def test_figure_markup_from_elsewhere_is_removed_by_the_figure_allowlist():
    prefixes = ("/static/img/diagrams/", "/media/images/")
    html = (
        '<figure class="figure evil" onclick="x()">'
        '<img src="https://evil.example/a.png" alt="a" style="x" loading="lazy">'
        '<img src="/media/images/ab/1.jpg" alt="b" '
        'srcset="/media/images/ab/1.jpg 360w, https://evil.example/b.jpg 720w">'
        '<source type="text/html" srcset="/media/images/x.webp">'
        '<figcaption><span class="figure__caption">C</span></figcaption></figure>'
    )
    cleaned = sanitise_with_figures(html, prefixes)
    assert "evil" not in cleaned and "onclick" not in cleaned and "style" not in cleaned
    assert 'class="figure"' in cleaned and 'loading="lazy"' in cleaned
    assert "text/html" not in cleaned
    assert sanitise_with_figures(cleaned, prefixes) == cleaned


def test_an_unknown_figure_renders_nothing_and_is_listed():
    rendered = render(body_with("no-such-figure"))
    assert rendered.missing_figures == ("no-such-figure",)
    assert "<img" not in rendered.html and "figure" not in rendered.html


@pytest.mark.django_db
def test_problems_name_unknown_and_inline_figures():
    body = "![a](figure:nope)\n\nSee ![b](figure:lower-spine) here.\n\n![c](figure:sciatica-path)"
    problems = figures.problems(body)
    assert problems[0].startswith("Unknown figure: “nope”.")
    assert "paragraph of its own" in problems[1] and "“lower-spine”" in problems[1]
    assert figures.problems(body_with(*REQUIRED)) == []


# --- the admin, load_content and the public page -------------------------------------------


def test_an_unknown_figure_is_a_form_error_in_the_admin(staff_client, make_article):
    article = make_article()
    body = article.body + "\n\n![A drawing](figure:lower-spinee)\n"
    response = staff_client.post(change(article), form_data(article, body=body))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["body"]
    assert any("Unknown figure: “lower-spinee”" in e for e in errors), errors
    article.refresh_from_db()
    assert "lower-spinee" not in article.body


def test_a_known_figure_saves_from_the_admin(staff_client, make_article):
    article = make_article()
    body = article.body + "\n\n![](figure:exercise-cat-cow)\n"
    response = staff_client.post(change(article), form_data(article, body=body))
    assert response.status_code == 302, response.context["adminform"].form.errors
    # An edit to a published article waits for review as a pending change.
    pending = Article.objects.get(pending_for=article)
    assert "exercise-cat-cow.svg" in pending.body_html


def test_load_content_reports_an_unknown_figure(db, tmp_path):
    source = next(a for a in contentfiles.article_files() if a.slug == "sciatica")
    folder = tmp_path / source.path.parent.name
    folder.mkdir()
    text = source.path.read_text(encoding="utf-8").rstrip("\n")
    (folder / source.path.name).write_text(text + "\n\n![x](figure:sciatica-pth)\n", "utf-8")
    err = io.StringIO()
    call_command("load_content", content_dir=tmp_path, stdout=io.StringIO(), stderr=err)
    assert "sciatica: Unknown figure: “sciatica-pth”" in err.getvalue()


def jpeg(size=(1200, 800)):
    out = io.BytesIO()
    PILImage.new("RGB", size, (90, 140, 200)).save(out, "JPEG")
    return out.getvalue()


def test_a_library_figure_appears_on_the_public_page_after_publishing(staff_client, make_article):
    client = Client()  # the public, not signed in
    response = staff_client.post(
        reverse("admin:articles_image_add"),
        {
            "slug": "physio-session",
            "file": SimpleUploadedFile("physio.jpg", jpeg(), content_type="image/jpeg"),
            "alt_text": "A physiotherapist guiding a patient's leg.",
            "caption": "A first visit to a physiotherapist.",
            "credit": "Jane Doe for BackHealth",
            "licence": "With permission",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = make_article(
        status=Status.DRAFT, publish_date=None, body=body_with("physio-session", "lower-spine")
    )
    assert client.get(article.get_absolute_url()).status_code == 404  # not approved yet
    article.status = Status.PUBLISHED
    article.save()
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    tags = Tags(html)
    photo = next(i for i in tags.all("img") if "/media/" in i["src"])
    assert (photo["width"], photo["height"]) == ("1200", "800")
    assert photo["alt"] == "A physiotherapist guiding a patient's leg."
    assert re.findall(r" (\d+)w", photo["srcset"]) == ["360", "720", "1080", "1200"]
    assert photo["sizes"] and photo["src"].endswith("/720.jpg")
    (source,) = tags.all("source")
    assert source["type"] == "image/webp" and ".webp 360w" in source["srcset"]
    assert "A first visit to a physiotherapist." in html
    assert "Credit: Jane Doe for BackHealth. License: With permission." in html
    for url in [photo["src"], *re.findall(r"(\S+) \d+w", source["srcset"])]:
        served = client.get(url)
        assert served.status_code == 200 and served["X-Content-Type-Options"] == "nosniff"


def test_changing_a_library_image_updates_the_articles_using_it(make_article):
    image = Image(
        slug="stretch-photo",
        file=SimpleUploadedFile("s.jpg", jpeg((400, 300))),
        alt_text="Old alt text.",
        caption="Old caption.",
        credit="BackHealth",
        licence="CC BY 4.0",
    )
    image.full_clean()
    image.save()
    article = make_article(body=body_with("stretch-photo"))
    assert "Old caption." in article.body_html
    image.caption = "New caption."
    image.save()
    article.refresh_from_db()
    assert "New caption." in article.body_html


def test_every_img_has_alt_or_is_decorative_and_every_figure_a_caption(make_article):
    for slug, decorative in (("deco", True), ("plain", False)):
        image = Image(
            slug=slug,
            file=SimpleUploadedFile(f"{slug}.jpg", jpeg((500, 400))),
            alt_text="" if decorative else "Plain words.",
            decorative=decorative,
            caption=f"Caption of {slug}.",
            credit="BackHealth",
            licence="CC BY 4.0",
        )
        image.full_clean()
        image.save()
    article = make_article(body=body_with(*REQUIRED, "deco", "plain"))
    html = article.body_html
    tags = Tags(html)
    assert len(tags.all("figure")) == len(REQUIRED) + 2
    assert all("alt" in img for img in tags.all("img"))
    alts = [img["alt"] for img in tags.all("img")]
    assert alts.count("") == 1  # only the picture marked decorative
    captions = re.findall(r'<span class="figure__caption">([^<]*)</span>', html)
    assert len(captions) == len(REQUIRED) + 2 and all(c.strip() for c in captions)


def test_figure_css_prints_grey_and_keeps_one_page_rule():
    css = Path(__file__).resolve().parents[2] / "static" / "css" / "print.css"
    text = css.read_text(encoding="utf-8")
    assert text.count("@page") == 1
    assert re.search(r"\.figure img[^{]*\{[^}]*grayscale\(1\)", text)
    assert re.search(r"\.figure \{[^}]*break-inside: avoid", text)
