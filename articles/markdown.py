"""Staff-written Markdown to safe HTML: render, explain glossary terms, then sanitise.

Plain functions (no database): the model passes the glossary in. Glossary terms are marked
by :mod:`articles.glossarylinks`; everything a browser receives from an article body went
through :func:`articles.sanitise.sanitise` and its explicit allowlist.
"""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import NamedTuple

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from articles.glossarylinks import GlossaryLinker
from articles.sanitise import sanitise, sanitise_with_figures

# Figures: a paragraph that is only ![Alt text](figure:<slug>) becomes a <figure>, its
# markup made by the caller and checked by sanitise_with_figures.
FIGURE_SCHEME = "figure:"


class FigureRef(NamedTuple):
    """A figure paragraph in the body: ``![alt](figure:slug)``, the ``index``-th one."""

    slug: str
    alt: str
    index: int


@dataclass(frozen=True)
class Figures:
    """How the caller turns figure references into markup (the renderer has no database).

    ``html_for`` returns the figure's HTML, or None when the slug is unknown;
    ``url_prefixes`` are the only places its pictures may come from.
    """

    html_for: Callable[[FigureRef], str | None]
    url_prefixes: tuple[str, ...]


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: list[dict]  # [{"id": ..., "text": ...}] for each h2, in order
    figures: tuple[str, ...] = ()  # slugs of the figures shown, in order
    missing_figures: tuple[str, ...] = ()  # figure slugs that resolved to nothing


class _Structure(Treeprocessor):
    """Headings start at h2 and stop at h4; tables scroll on their own on narrow screens."""

    def run(self, root):
        for parent in list(root.iter()):  # a list: the loop changes the tree
            for i, child in enumerate(list(parent)):
                if child.tag == "h1":
                    child.tag = "h2"
                elif child.tag in ("h5", "h6"):
                    child.tag = "h4"
                elif child.tag == "table":
                    wrapper = ET.Element("div", {"class": "table-scroll", "tabindex": "0"})
                    wrapper.tail, child.tail = child.tail, None
                    parent.remove(child)
                    wrapper.append(child)
                    parent.insert(i, wrapper)


class _FigureSlots(Treeprocessor):
    """A top-level paragraph that is only ``![alt](figure:slug)`` becomes a numbered slot.

    The slot is a paragraph holding a random token; after sanitising, the caller's figure
    markup replaces it. A figure image anywhere else stays an <img>, which the sanitiser
    removes.
    """

    def __init__(self, md, token: str):
        super().__init__(md)
        self.token = token
        self.found: list[FigureRef] = []

    def run(self, root):
        for paragraph in root:
            if paragraph.tag != "p" or len(paragraph) != 1 or (paragraph.text or "").strip():
                continue
            image = paragraph[0]
            src = image.get("src", "")
            if image.tag != "img" or (image.tail or "").strip():
                continue
            if not src.startswith(FIGURE_SCHEME):
                continue
            ref = FigureRef(
                src[len(FIGURE_SCHEME) :].strip(), image.get("alt", ""), len(self.found)
            )
            self.found.append(ref)
            paragraph.remove(image)
            paragraph.text = f"{self.token}-{ref.index}"


class _BodyExtension(Extension):
    def __init__(self, entries, url_for, skip, figure_token=None):
        super().__init__()
        self.entries, self.url_for, self.skip = entries, url_for, skip
        self.figure_slots = None
        self.figure_token = figure_token

    def extendMarkdown(self, md):  # noqa: N802 (python-markdown's name)
        if self.figure_token:
            self.figure_slots = _FigureSlots(md, self.figure_token)
            md.treeprocessors.register(self.figure_slots, "bh_figures", 7)
        md.treeprocessors.register(_Structure(md), "bh_structure", 6)
        if self.entries:
            md.treeprocessors.register(
                GlossaryLinker(md, self.entries, self.url_for, self.skip), "bh_glossary", 4
            )


class _Headings(HTMLParser):
    """Reads the h2 sections (id and text) back out of the sanitised HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.toc: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self._current = {"id": dict(attrs).get("id", ""), "text": ""}

    def handle_data(self, data):
        if self._current is not None:
            self._current["text"] += data

    def handle_endtag(self, tag):
        if tag == "h2" and self._current is not None:
            self._current["text"] = " ".join(self._current["text"].split())
            if self._current["id"] and self._current["text"]:
                self.toc.append(self._current)
            self._current = None


def _glossary_url(slug: str) -> str:
    from django.urls import reverse

    return f"{reverse('articles:glossary')}#{slug}"


def render(
    body: str,
    glossary=(),
    url_for=_glossary_url,
    skip=frozenset(),
    figures: Figures | None = None,
) -> Rendered:
    """Markdown to sanitised HTML, with heading ids, glossary links and the h2 sections.

    ``glossary`` lists the terms to link (first use of each); ``skip`` holds term slugs
    not to link (an article does not link the terms it explains itself). ``figures``
    turns ``![alt](figure:slug)`` paragraphs into figures; without it they are dropped.
    """
    # A fresh random token per render: an editor cannot type a slot in advance.
    token = f"bhfigure{secrets.token_hex(8)}"
    body_extension = _BodyExtension(list(glossary), url_for, frozenset(skip), token)
    md = markdown.Markdown(
        extensions=["tables", "sane_lists", "toc", body_extension],
        extension_configs={
            "tables": {"use_align_attribute": True},
            "toc": {"marker": "", "permalink": False, "anchorlink": False},
        },
        output_format="html",
    )
    html = sanitise(md.convert(body or ""))
    shown: list[str] = []
    missing: list[str] = []
    refs = body_extension.figure_slots.found if body_extension.figure_slots else []
    if refs:

        def fill(match: re.Match) -> str:
            ref = refs[int(match.group(1))]
            markup = figures.html_for(ref) if figures else None
            (shown if markup else missing).append(ref.slug)
            return markup or ""

        html = re.sub(rf"<p>{token}-(\d+)</p>", fill, html)
        html = sanitise_with_figures(html, figures.url_prefixes if figures else ())
    parser = _Headings()
    parser.feed(html)
    parser.close()
    return Rendered(html=html, toc=parser.toc, figures=tuple(shown), missing_figures=tuple(missing))
