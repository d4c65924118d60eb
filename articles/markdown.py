"""Staff-written Markdown to safe HTML: render, explain glossary terms, then sanitise.

Plain functions (no database): the model passes the glossary in. Everything a browser
receives from an article body went through :func:`sanitise` and its explicit allowlist.
"""

from __future__ import annotations

import functools
import re
import secrets
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import NamedTuple

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# The allowlist. Headings start at h2: the page title is the only h1.
ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "ul", "ol", "li",
        "a", "blockquote", "code", "pre", "dl", "dt", "dd", "sub", "sup", "abbr",
        "table", "caption", "thead", "tbody", "tr", "th", "td", "span", "div",
        "details", "summary",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "ol": {"start"},
    "th": {"align", "scope", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
}
# Attributes restricted to fixed values (nh3 wants these kept out of ALLOWED_ATTRIBUTES).
ALLOWED_ATTRIBUTE_VALUES = {"div": {"tabindex": {"0"}}}
ALLOWED_CLASSES = {
    "a": {"glossary-link"},
    "span": {"visually-hidden", "glossary-word"},
    "div": {"table-scroll"},
    "details": {"glossary-note"},
}
ALLOWED_SCHEMES = frozenset({"https", "mailto"})
LINK_REL = "noopener noreferrer"
# Heading ids get a prefix so a section can never take an id the page itself uses.
ID_PREFIX = "section-"
# Content of these tags is dropped with the tag (not shown as text).
DROP_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "noscript"})


_SCHEME_LIKE = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def _relative_url(url: str) -> str | None:
    """Keep site-relative links; drop protocol-relative ones (//host, \\\\host) and any
    "relative" URL that is a scheme once spaces and control characters are removed
    ("java  script:"), in case some browser reads it as one."""
    compact = re.sub(r"[\x00-\x20\x7f]", "", url)
    if compact[:2].replace("\\", "/") == "//" or _SCHEME_LIKE.match(compact):
        return None
    return url


_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROP_WITH_CONTENT),
    # "*": nothing is allowed on every tag (nh3 would otherwise allow lang and title).
    attributes={"*": set()} | {tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    tag_attribute_values={
        tag: {attr: set(values) for attr, values in allowed.items()}
        for tag, allowed in ALLOWED_ATTRIBUTE_VALUES.items()
    },
    allowed_classes={tag: set(classes) for tag, classes in ALLOWED_CLASSES.items()},
    url_schemes=set(ALLOWED_SCHEMES),
    url_relative=_relative_url,
    link_rel=LINK_REL,
    strip_comments=True,
    id_prefix=ID_PREFIX,
)


# Figures: a paragraph that is only ![Alt text](figure:<slug>) becomes a <figure>. Their
# markup is made by the site (never typed by an editor), and checked by a second cleaner
# whose allowlist is the one above plus exactly the figure markup. Editors' own <img> or
# <figure> tags are removed by the first cleaner before any figure is put in.
FIGURE_SCHEME = "figure:"
FIGURE_TAGS = frozenset({"figure", "figcaption", "picture", "source", "img"})
FIGURE_ATTRIBUTES = {
    "img": {"src", "srcset", "sizes", "alt", "width", "height"},
    "source": {"srcset", "sizes", "width", "height"},
}
FIGURE_ATTRIBUTE_VALUES = {
    "img": {"loading": {"lazy", "eager"}, "decoding": {"async"}},
    "source": {"type": {"image/webp"}},
}
FIGURE_CLASSES = {
    "figure": {"figure", "figure--diagram", "figure--photo"},
    "span": {"figure__caption", "figure__description", "figure__credit"},
}
# Attributes that hold picture addresses: each must start with one of the figure prefixes.
_FIGURE_URL_ATTRIBUTES = {("img", "src"), ("img", "srcset"), ("source", "srcset")}


def _merge(base: dict, extra: dict) -> dict:
    merged = {tag: set(values) for tag, values in base.items()}
    for tag, values in extra.items():
        merged.setdefault(tag, set()).update(values)
    return merged


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


@functools.lru_cache(maxsize=8)
def _figure_cleaner(url_prefixes: tuple[str, ...]) -> nh3.Cleaner:
    def only_figure_urls(tag, attribute, value):
        if (tag, attribute) not in _FIGURE_URL_ATTRIBUTES:
            return value
        urls = [value] if attribute == "src" else _srcset_urls(value)
        if urls and all(url.startswith(url_prefixes) and ".." not in url for url in urls):
            return value
        return None

    values = {
        tag: {attr: set(allowed) for attr, allowed in attrs.items()}
        for tag, attrs in ALLOWED_ATTRIBUTE_VALUES.items()
    }
    for tag, attrs in FIGURE_ATTRIBUTE_VALUES.items():
        values.setdefault(tag, {}).update({attr: set(v) for attr, v in attrs.items()})
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS | FIGURE_TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={"*": set()} | _merge(ALLOWED_ATTRIBUTES, FIGURE_ATTRIBUTES),
        attribute_filter=only_figure_urls,
        tag_attribute_values=values,
        allowed_classes=_merge(ALLOWED_CLASSES, FIGURE_CLASSES),
        url_schemes=set(ALLOWED_SCHEMES),
        url_relative=_relative_url,
        link_rel=LINK_REL,
        strip_comments=True,
        id_prefix=ID_PREFIX,
    )


def _clean_until_stable(cleaner: nh3.Cleaner, html: str) -> str:
    cleaned = cleaner.clean(html)
    for _ in range(5):
        again = cleaner.clean(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def sanitise_with_figures(html: str, url_prefixes: tuple[str, ...]) -> str:
    """The allowlist plus exactly the figure markup, with pictures from ``url_prefixes`` only."""
    return _clean_until_stable(_figure_cleaner(tuple(url_prefixes)), html)


def sanitise(html: str) -> str:
    """Keep only allowlisted tags, attributes and URL schemes (https, mailto, relative).

    Removing a tag can leave markup that an HTML parser reads differently the next time
    (``<dt><form><dt>`` loses the form, then the inner dt closes the outer one), so the
    result is cleaned again until it is stable: sanitising twice changes nothing.
    """
    return _clean_until_stable(_cleaner, html)


class GlossaryEntry(NamedTuple):
    slug: str
    names: tuple[str, ...]  # the term first, then its synonyms
    article_id: int | None = None
    definition: str = ""  # shown where the term is used


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


# Never link inside these (a link in a heading or inside another link is confusing).
_NO_LINKS = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "abbr"}
_BOUNDARY_BEFORE = r"(?<![\w-])"
_BOUNDARY_AFTER = r"(?![\w-])"


def is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


# How a glossary name may end in the plural, by language (English only for now): a
# translated site adds its own rule here.
PLURAL_ENDINGS = {"en": r"(?:e?s)?"}


def plural_ending(language: str) -> str:
    return PLURAL_ENDINGS.get((language or "en").split("-")[0], PLURAL_ENDINGS["en"])


class _GlossaryMatcher:
    """Finds glossary names in text: longest name first, whole words, plurals allowed."""

    def __init__(self, entries: list[GlossaryEntry], language: str = "en"):
        self.exact: dict[str, str] = {}  # acronyms match case-sensitively ("AS" is not "as")
        self.folded: dict[str, str] = {}
        # The medical words worth explaining: each term itself, and acronyms ("CES").
        # Everyday synonyms ("lower back", "slipped disc") are found, never explained.
        self.medical: set[str] = set()
        alternatives = []
        for entry in entries:
            for i, name in enumerate(entry.names):
                name = " ".join(name.split())
                if not name:
                    continue
                table, key = (
                    (self.exact, name) if is_acronym(name) else (self.folded, name.casefold())
                )
                if key in table:
                    continue
                table[key] = entry.slug
                if i == 0 or is_acronym(name):
                    self.medical.add(key)
                alternatives.append(name)
        alternatives.sort(key=len, reverse=True)
        parts = []
        for name in alternatives:
            body = r"\s+".join(re.escape(word) for word in name.split())
            parts.append(f"(?-i:{body})" if is_acronym(name) else body)
        self.pattern = (
            re.compile(
                rf"{_BOUNDARY_BEFORE}(?P<name>{'|'.join(parts)})"
                rf"{plural_ending(language)}{_BOUNDARY_AFTER}",
                re.IGNORECASE,
            )
            if parts
            else None
        )

    def is_medical(self, matched: str) -> bool:
        name = " ".join(matched.split())
        return name in self.medical or name.casefold() in self.medical

    def slug_for(self, matched: str) -> str | None:
        name = " ".join(matched.split())
        return self.exact.get(name) or self.folded.get(name.casefold())


@functools.lru_cache(maxsize=8)
def _matcher(entries: tuple[GlossaryEntry, ...], language: str = "en") -> _GlossaryMatcher:
    return _GlossaryMatcher(list(entries), language)


# Where a glossary note can go: at the end of these (they hold flow content) ...
_NOTE_INSIDE = {"li", "td", "th", "dd", "dt", "blockquote", "div"}
# ... or straight after these (a paragraph holds phrasing content only).
_NOTE_AFTER = {"p"}


class _GlossaryLinker(Treeprocessor):
    """Explains the first use of each glossary term where it stands, with no JavaScript.

    Only the medical word itself (or its acronym) is explained: an everyday synonym such
    as "lower back" needs no note, and the term's own first use later on gets it.

    The word is marked in the text, and right after its paragraph (or at the end of its list
    item or table cell) a ``<details>`` disclosure gives the definition and a link to the
    glossary page: the reader opens it with a click, a tap or the keyboard, and keeps their
    place. (A ``<details>`` cannot sit inside a paragraph: browsers would split the
    paragraph around it.)
    """

    def __init__(self, md, entries: list[GlossaryEntry], url_for, skip: frozenset[str]):
        super().__init__(md)
        self.matcher = _matcher(tuple(entries))
        self.definitions = {e.slug: e.definition for e in entries}
        self.url_for = url_for
        self.skip = skip

    def run(self, root):
        if self.matcher.pattern is None:
            return
        self.done: set[str] = set(self.skip)
        self.notes: dict[int, tuple[ET.Element, list[tuple[str, str]]]] = {}
        self._walk(root, root)
        parents = {child: parent for parent in root.iter() for child in parent}
        for block, found in self.notes.values():
            notes = [self._note(slug, word) for slug, word in found]
            if block.tag in _NOTE_AFTER and block in parents:
                parent = parents[block]
                at = list(parent).index(block) + 1
                notes[-1].tail, block.tail = block.tail, None
                for i, note in enumerate(notes):
                    parent.insert(at + i, note)
            else:
                for note in notes:
                    block.append(note)

    def _note(self, slug: str, word: str) -> ET.Element:
        from django.utils.translation import gettext

        note = ET.Element("details", {"class": "glossary-note"})
        summary = ET.SubElement(note, "summary")
        summary.text = gettext("What does “%(word)s” mean?") % {"word": " ".join(word.split())}
        body = ET.SubElement(note, "p")
        definition = " ".join(str(self.definitions.get(slug) or "").split())
        body.text = f"{definition} " if definition else ""
        link = ET.SubElement(body, "a", {"class": "glossary-link", "href": self.url_for(slug)})
        link.text = gettext("All medical words (glossary)")
        return note

    def _mark(self, text: str, block: ET.Element) -> tuple[str, list[ET.Element]]:
        lead, words, pos = text, [], 0
        for match in self.matcher.pattern.finditer(text):
            slug = self.matcher.slug_for(match.group("name"))
            if slug is None or slug in self.done or not self.matcher.is_medical(match["name"]):
                continue
            self.done.add(slug)
            word = ET.Element("span", {"class": "glossary-word"})
            word.text = match.group(0)
            self.notes.setdefault(id(block), (block, []))[1].append((slug, match.group(0)))
            if words:
                words[-1].tail = text[pos : match.start()]
            else:
                lead = text[: match.start()]
            words.append(word)
            pos = match.end()
        if words:
            words[-1].tail = text[pos:]
        return lead, words

    def _walk(self, element: ET.Element, block: ET.Element) -> None:
        if element.tag in _NOTE_INSIDE or element.tag in _NOTE_AFTER:
            block = element
        children = list(element)
        if element.text:
            element.text, words = self._mark(element.text, block)
            for i, word in enumerate(words):
                element.insert(i, word)
        for child in children:
            if child.tag not in _NO_LINKS:
                self._walk(child, block)
            if child.tail:
                child.tail, words = self._mark(child.tail, block)
                at = list(element).index(child) + 1
                for i, word in enumerate(words):
                    element.insert(at + i, word)


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
                _GlossaryLinker(md, self.entries, self.url_for, self.skip), "bh_glossary", 4
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
