"""Say what the sanitiser would remove from a body, before it is saved (no silent losses).

Uses the renderer's own allowlist (``articles.sanitise``), so the two always agree.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import textstat
from django.utils.translation import gettext as _

from articles import contentfiles, sanitise
from articles.figures import FIGURE_PARAGRAPH


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def _add(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    def handle_starttag(self, tag, attrs):
        if tag in _REWRITTEN:
            return
        if tag in ("img", "picture", "figure") and tag not in sanitise.ALLOWED_TAGS:
            self._add(
                _("A picture (<%(tag)s>) would not be shown: pictures are not allowed here.")
                % {"tag": tag}
            )
            return
        if tag not in sanitise.ALLOWED_TAGS:
            self._add(
                _("The HTML tag <%(tag)s> is not allowed and would be removed.") % {"tag": tag}
            )
            return
        allowed = sanitise.ALLOWED_ATTRIBUTES.get(tag, set())
        fixed = sanitise.ALLOWED_ATTRIBUTE_VALUES.get(tag, {})
        for name, value in attrs:
            if name == "class":
                classes = set((value or "").split()) - sanitise.ALLOWED_CLASSES.get(tag, set())
                if classes:
                    self._add(
                        _("The class “%(value)s” on <%(tag)s> is not allowed and would be removed.")
                        % {"value": " ".join(sorted(classes)), "tag": tag}
                    )
            elif name in fixed:
                if value not in fixed[name]:
                    self._add(
                        _("The attribute %(name)s on <%(tag)s> would be removed.")
                        % {"name": name, "tag": tag}
                    )
            elif name not in allowed:
                self._add(
                    _("The attribute %(name)s on <%(tag)s> is not allowed and would be removed.")
                    % {"name": name, "tag": tag}
                )
            elif name == "href" and not _link_kept(value or ""):
                self._add(
                    _(
                        "The link “%(url)s” would be removed: links must start https://, "
                        "mailto: or / (a page on this site)."
                    )
                    % {"url": value}
                )


# The renderer turns these into allowed headings (h1 -> h2, h5 and h6 -> h4).
_REWRITTEN = {"h1", "h5", "h6"}


def _link_kept(url: str) -> bool:
    scheme, sep, _rest = url.partition(":")
    if sep and scheme.isascii() and scheme.replace("+", "").replace(".", "").isalnum():
        return scheme.lower() in sanitise.ALLOWED_SCHEMES
    return sanitise.relative_url(url) is not None


def problems(body: str) -> list[str]:
    """Plain sentences naming what would be lost from ``body`` when it is shown."""
    found = []
    start = body.find("<!--")
    if start != -1 and body.find("-->", start + 4) == -1:
        line = body.count("\n", 0, start) + 1
        found.append(
            _(
                "An HTML comment starts with <!-- on line %(line)s but is never closed with "
                "-->: everything after it would be hidden."
            )
            % {"line": line}
        )
    # A figure paragraph (![alt](figure:name)) is shown as a figure: checked by
    # articles.figures, not reported here as a lost picture.
    paragraphs = re.split(r"\n\s*\n", body)
    body = "\n\n".join(p for p in paragraphs if not FIGURE_PARAGRAPH.match(p.strip()))
    html = markdown.markdown(
        body,
        extensions=["tables", "sane_lists"],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return found + collector.problems


def grades(body: str) -> dict:
    """Flesch-Kincaid and SMOG grades of a body's prose, as the editor sees them."""
    text = contentfiles.plain_text(body)
    if not text.strip():
        return {"fk": 0.0, "smog": 0.0}
    return {
        "fk": round(textstat.flesch_kincaid_grade(text), 1),
        "smog": round(textstat.smog_index(text), 1),
    }
