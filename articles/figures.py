"""Figures in articles: the team's own diagrams and the admin's image library.

An article body shows a figure with a paragraph that is only ``![Alt text](figure:<slug>)``.
The slug is looked up first among the repository's diagrams (``content/figures.yaml``,
drawn as SVG in ``static/img/diagrams/``), then among the library's images. The alt text
written in the body wins; an empty one (``![](figure:slug)``) takes the figure's own.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _

from articles.markdown import FIGURE_SCHEME, FigureRef, Figures

REGISTRY_FILE = Path(__file__).resolve().parent / "content" / "figures.yaml"
DIAGRAM_DIR = Path(__file__).resolve().parent.parent / "static" / "img" / "diagrams"
DIAGRAM_STATIC_PREFIX = "img/diagrams/"
SVG_NS = "{http://www.w3.org/2000/svg}"
# Figures are as wide as the article column (44rem) at most, the full width on a phone.
SIZES = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"
# Any ![…](figure:…) reference, wherever it is.
FIGURE_REFERENCE = re.compile(r"!\[[^\]\n]*\]\(\s*" + FIGURE_SCHEME + r"([^)\s]*)[^)\n]*\)")
# A paragraph that is only a figure reference.
FIGURE_PARAGRAPH = re.compile(r"\A!\[[^\]\n]*\]\(\s*" + FIGURE_SCHEME + r"[^)\s]*[^)\n]*\)\Z")


@dataclass(frozen=True)
class Diagram:
    slug: str
    alt: str
    caption: str
    credit: str
    licence: str
    description: str
    width: int
    height: int

    @property
    def static_path(self) -> str:
        return f"{DIAGRAM_STATIC_PREFIX}{self.slug}.svg"

    @property
    def file(self) -> Path:
        return DIAGRAM_DIR / f"{self.slug}.svg"


def svg_size(path: Path) -> tuple[int, int]:
    """The drawing's size in CSS pixels, from its width/height or its viewBox."""
    root = ET.parse(path).getroot()  # noqa: S314 (the repository's own files)
    width, height = root.get("width"), root.get("height")
    if width and height:
        return round(float(width)), round(float(height))
    _x, _y, w, h = (float(v) for v in root.get("viewBox", "").replace(",", " ").split())
    return round(w), round(h)


@functools.lru_cache(maxsize=1)
def diagrams(registry: Path = REGISTRY_FILE) -> dict[str, Diagram]:
    """The registry: one entry per diagram; credit and licence default to the file's."""
    data = yaml.safe_load(registry.read_text(encoding="utf-8"))
    found = {}
    for slug, entry in data["diagrams"].items():
        width, height = svg_size(DIAGRAM_DIR / f"{slug}.svg")
        found[slug] = Diagram(
            slug=slug,
            alt=" ".join(entry["alt"].split()),
            caption=" ".join(entry["caption"].split()),
            credit=entry.get("credit", data["credit"]),
            licence=entry.get("licence", data["licence"]),
            description=" ".join((entry.get("description") or "").split()),
            width=width,
            height=height,
        )
    return found


def referenced_slugs(body: str) -> list[str]:
    """Every figure slug the body refers to, in order (duplicates kept once)."""
    return list(dict.fromkeys(m.group(1) for m in FIGURE_REFERENCE.finditer(body or "")))


def problems(body: str) -> list[str]:
    """What is wrong with the figures of a body, in words for the editor."""
    from articles.models import Image

    slugs = referenced_slugs(body)
    messages = []
    if slugs:
        known = set(diagrams()) | set(
            Image.objects.filter(slug__in=slugs).values_list("slug", flat=True)
        )
        unknown = [slug for slug in slugs if slug not in known]
        if unknown:
            messages.append(
                _(
                    "Unknown figure: %(slugs)s. Use the name of one of the site's diagrams "
                    "or of a picture in the image library."
                )
                % {"slugs": ", ".join(f"“{slug}”" for slug in unknown)}
            )
    paragraphs = re.split(r"\n\s*\n", (body or "").replace("\r\n", "\n"))
    inline = [
        m.group(1)
        for paragraph in paragraphs
        if not FIGURE_PARAGRAPH.match(paragraph.strip())
        for m in FIGURE_REFERENCE.finditer(paragraph)
    ]
    if inline:
        messages.append(
            _(
                "A figure must be a paragraph of its own, with an empty line before and "
                "after it: %(slugs)s."
            )
            % {"slugs": ", ".join(f"“{slug}”" for slug in dict.fromkeys(inline))}
        )
    return messages


def _static_url(path: str) -> str:
    try:
        return static(path)
    except ValueError:
        # No manifest entry yet (collectstatic has not run): the file's plain address,
        # which WhiteNoise also serves. The next load_content renders the hashed one.
        return f"{settings.STATIC_URL}{path}"


def url_prefixes() -> tuple[str, ...]:
    """Where figure pictures may come from: our diagrams and our media storage."""
    probe = "images/probe"
    media = default_storage.url(probe)
    return (_static_url_base(), media[: len(media) - len("probe")])


def _static_url_base() -> str:
    return f"{settings.STATIC_URL}{DIAGRAM_STATIC_PREFIX}"


def _credit_line(credit: str, licence: str) -> str:
    return _("Credit: %(credit)s. License: %(licence)s.") % {"credit": credit, "licence": licence}


def diagram_context(diagram: Diagram, ref: FigureRef) -> dict:
    return {
        "kind": "diagram",
        "src": _static_url(diagram.static_path),
        "width": diagram.width,
        "height": diagram.height,
        "alt": ref.alt.strip() or diagram.alt,
        "caption": diagram.caption,
        "description": diagram.description,
        "credit_line": _credit_line(diagram.credit, diagram.licence),
        # Diagrams are small vector files: always loaded, so a printed page shows them all
        # (a lazy picture below the fold may be missing from a printout).
        "loading": "eager",
    }


def image_context(image, ref: FigureRef) -> dict | None:
    info = image.renditions or {}
    sizes = info.get("sizes") or []
    if not sizes:
        return None
    url = default_storage.url
    # The fallback src: the rendition that suits a phone at 2x, or the largest there is.
    middle = next((s for s in sizes if s["width"] >= 720), sizes[-1])
    return {
        "kind": "photo",
        "src": url(middle["fallback"]),
        "srcset": ", ".join(f"{url(s['fallback'])} {s['width']}w" for s in sizes),
        "webp_srcset": ", ".join(f"{url(s['webp'])} {s['width']}w" for s in sizes),
        "sizes": SIZES,
        "width": info["width"],
        "height": info["height"],
        "alt": ""
        if image.decorative and not ref.alt.strip()
        else (ref.alt.strip() or image.alt_text),
        "caption": image.caption,
        "description": image.description,
        "credit_line": _credit_line(image.credit, image.licence),
        "loading": "eager" if ref.index == 0 else "lazy",
    }


def figures_for(body: str) -> Figures:
    """What the renderer needs for this body: one query for the library images it uses."""
    from articles.models import Image

    registry = diagrams()
    wanted = [slug for slug in referenced_slugs(body) if slug not in registry]
    images = (
        {image.slug: image for image in Image.objects.filter(slug__in=wanted)} if wanted else {}
    )

    def html_for(ref: FigureRef) -> str | None:
        if ref.slug in registry:
            context = diagram_context(registry[ref.slug], ref)
        elif ref.slug in images:
            context = image_context(images[ref.slug], ref)
        else:
            return None
        if context is None:
            return None
        return render_to_string("includes/figure.html", context).strip()

    return Figures(html_for=html_for, url_prefixes=url_prefixes())
