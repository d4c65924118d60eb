"""The allowlist every article body passes: staff-written HTML to safe HTML, with nh3.

Everything a browser receives from an article body went through :func:`sanitise` and its
explicit allowlist; figures the site itself puts in are checked by
:func:`sanitise_with_figures`, the same allowlist plus exactly the figure markup.
"""

from __future__ import annotations

import functools
import re

import nh3

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


def relative_url(url: str) -> str | None:
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
    url_relative=relative_url,
    link_rel=LINK_REL,
    strip_comments=True,
    id_prefix=ID_PREFIX,
)

# Figures (see articles.markdown): their markup is made by the site (never typed by an
# editor), and checked by a second cleaner whose allowlist is the one above plus exactly
# the figure markup. Editors' own <img> or <figure> tags are removed by the first cleaner
# before any figure is put in.
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
        url_relative=relative_url,
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
