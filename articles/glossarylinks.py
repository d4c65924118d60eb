"""Glossary terms in rendered Markdown: the first use of each is explained where it stands.

Plain functions (no database): the model passes the glossary in as :class:`GlossaryEntry`
rows, and :class:`GlossaryLinker` is the Markdown tree step that marks the words. Search
reads names the same way (:func:`is_acronym`).
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from typing import NamedTuple

from markdown.treeprocessors import Treeprocessor


class GlossaryEntry(NamedTuple):
    slug: str
    names: tuple[str, ...]  # the term first, then its synonyms
    article_id: int | None = None
    definition: str = ""  # shown where the term is used


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


class GlossaryLinker(Treeprocessor):
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
