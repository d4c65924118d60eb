"""Curated content kept in the repository: parsing and editorial checks.

Plain Python (no Django) so the loader, the admin, the tests and
``tools/check_content.py`` share one definition of a valid article file.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import markdown
import textstat
import yaml

from clinical import vocabulary as _vocabulary

CONTENT_DIR = Path(__file__).resolve().parent / "content"
GLOSSARY_FILE = CONTENT_DIR / "glossary.yaml"

CATEGORIES = {
    # slug: (name, order, description)
    "causes": (
        "Causes",
        1,
        "What can cause back pain and leg symptoms such as sciatica, numbness and tingling.",
    ),
    "treatments": (
        "Treatments",
        2,
        "What helps: from staying active and pain relief at home to physiotherapy, "
        "injections and surgery.",
    ),
    "prevention": (
        "Prevention",
        3,
        "Everyday ways to look after your back and lower the chance of pain coming back.",
    ),
    "when-to-get-help": (
        "When to get help",
        4,
        "Warning signs, when to see a doctor, and how to get ready for your appointment.",
    ),
}
# The care card levels (the questionnaire's tiers but self-care), most urgent first, and the
# token that stands for every emergency warning sign on an emergency card.
CARE_LEVELS = _vocabulary.CARE_LEVELS
WARNING_SIGNS_TOKEN = "WARNING_SIGNS"  # noqa: S105 (a placeholder word, not a secret)
# Optional front-matter key `group` (how the topic page groups the article); default common.
GROUPS = ("common", "less_common", "rare_serious")
DEFAULT_GROUP = "common"
REQUIRED = (
    "title",
    "slug",
    "category",
    "summary",
    "key_points",
    "care",
    "explains",
    "related",
    "reviewer_name",
    "reviewer_role",
    "last_reviewed",
    "next_review_due",
    "sources",
)
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
MAX_GRADE = 8.0  # Flesch-Kincaid grade
MAX_SMOG = 9.0  # SMOG grade


@dataclass
class ArticleFile:
    path: Path
    meta: dict
    body: str
    errors: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.meta.get("slug", self.path.stem)

    def fingerprint(self) -> str:
        """Hash of the file's text: the loader keeps it to spot staff edits."""
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def parse(path: Path) -> ArticleFile:
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        return ArticleFile(path, {}, text, ["no front matter between --- lines"])
    meta = yaml.safe_load(match.group(1)) or {}
    article = ArticleFile(path, meta, match.group(2).strip() + "\n")
    article.errors = validate(article)
    return article


def article_files(root: Path = CONTENT_DIR) -> list[ArticleFile]:
    return [parse(p) for p in sorted(root.glob("*/*.md"))]


def validate(article: ArticleFile) -> list[str]:
    m, errors = article.meta, []
    errors += [
        f"missing {k}" for k in REQUIRED if m.get(k) in (None, "", []) and k not in ("explains",)
    ]
    if "explains" not in m:
        errors.append("missing explains (use [] when it explains no cause)")
    if m.get("slug") and m["slug"] != article.path.stem:
        errors.append("slug must match the file name")
    if m.get("category") not in CATEGORIES:
        errors.append(f"category must be one of {sorted(CATEGORIES)}")
    elif article.path.parent.name != m["category"]:
        errors.append("file must sit in the folder of its category")
    if "care" in m:
        errors += validate_care(m["care"])
    if m.get("group", DEFAULT_GROUP) not in GROUPS:
        errors.append(f"group must be one of {GROUPS}")
    for key in ("last_reviewed", "next_review_due"):
        if m.get(key) and not isinstance(m[key], datetime.date):
            errors.append(f"{key} must be a date (YYYY-MM-DD)")
    for i, src in enumerate(m.get("sources") or []):
        missing = [k for k in ("publisher", "title", "year", "url") if not src.get(k)]
        if missing:
            errors.append(f"source {i + 1} lacks {missing}")
        elif not str(src["url"]).startswith("https://"):
            errors.append(f"source {i + 1} url must be https")
    if not isinstance(m.get("key_points", []), list):
        errors.append("key_points must be a list")
    return errors


def validate_care(care) -> list[str]:
    """Problems in the ``care`` front matter: levels, their order, and their lists."""
    if not isinstance(care, dict) or not care:
        return [f"care must map one or more levels {list(CARE_LEVELS)} to lists of triggers"]
    errors = []
    unknown = [str(level) for level in care if level not in CARE_LEVELS]
    if unknown:
        errors.append(f"care: unknown level {unknown}; use {list(CARE_LEVELS)}")
    known = [level for level in care if level in CARE_LEVELS]
    if known != sorted(known, key=CARE_LEVELS.index):
        errors.append(f"care: levels must come in the order {list(CARE_LEVELS)}")
    for level in known:
        items = care[level]
        if not isinstance(items, list) or not items:
            errors.append(f"care: {level} must be a list of one or more triggers")
            continue
        for i, item in enumerate(items, start=1):
            if not isinstance(item, str) or not item.strip():
                errors.append(f"care: {level} item {i} must be a sentence")
            elif "\n" in item.strip():
                errors.append(f"care: {level} item {i} must be one line")
            elif item.strip() == WARNING_SIGNS_TOKEN and level != _vocabulary.EMERGENCY:
                errors.append(f"care: {WARNING_SIGNS_TOKEN} belongs on the emergency card only")
    return errors


def care_cards(meta: dict) -> list[tuple[str, list[str]]]:
    """The front matter's care cards as (level, triggers), most urgent first."""
    care = meta.get("care") or {}
    return [
        (level, [" ".join(str(item).split()) for item in care[level]])
        for level in CARE_LEVELS
        if level in care
    ]


class _TextBlocks(HTMLParser):
    """Collects the text of each block so headings and list items count as sentences."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "td", "th", "dt", "dd", "blockquote"}

    def __init__(self):
        super().__init__()
        self.blocks, self._buf = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        self._buf.append(data)

    def _flush(self):
        text = " ".join("".join(self._buf).split())
        self._buf = []
        if text:
            self.blocks.append(text if text[-1] in ".!?:" else text + ".")


def plain_text(body_markdown: str) -> str:
    parser = _TextBlocks()
    parser.feed(markdown.markdown(body_markdown, extensions=["tables"]))
    parser.close()
    parser._flush()
    return "\n".join(parser.blocks)


def reading_grade(body_markdown: str) -> float:
    """Flesch-Kincaid grade of the body's prose (each heading or list item is a sentence)."""
    text = plain_text(body_markdown)
    return round(textstat.flesch_kincaid_grade(text), 1) if text.strip() else 0.0


@dataclass(frozen=True)
class Readability:
    grade: float  # Flesch-Kincaid grade
    smog: float  # SMOG grade


# The languages textstat's measures are calibrated for here (English only for now).
READABILITY_LANGUAGES = ("en",)


def readability(body_markdown: str, language: str = "en") -> Readability:
    """Flesch-Kincaid and SMOG grades of the body's prose, for the given language."""
    if language not in READABILITY_LANGUAGES:
        raise ValueError(f"no reading-level measures for language {language!r}")
    text = plain_text(body_markdown)
    if not text.strip():
        return Readability(0.0, 0.0)
    textstat.set_lang(language)
    return Readability(
        round(textstat.flesch_kincaid_grade(text), 1), round(textstat.smog_index(text), 1)
    )


def seeds_dir(start: Path) -> Path | None:
    """The ``shared/seeds`` folder next to the checkout (or next to a folder above it)."""
    for folder in [start, *start.parents]:
        candidate = folder / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


WORD = re.compile(r"[a-z0-9']+")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("\u2019", "'"))


def shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def copied_runs(text: str, seed_texts: list[str], n: int = 8) -> list[str]:
    """Runs of ``n`` words that ``text`` shares with any seed text."""
    seed = set().union(*(shingles(s, n) for s in seed_texts)) if seed_texts else set()
    return [" ".join(run) for run in shingles(text, n) & seed]


def glossary_terms(path: Path = GLOSSARY_FILE) -> list[dict]:
    """The glossary file's terms ([] when the file does not exist yet)."""
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise ValueError(f"{path.name} must be a list of terms")
    return data


def validate_glossary(terms: list[dict], article_slugs: set[str]) -> list[str]:
    """Problems in the glossary: missing fields, repeated slugs or words, unknown articles."""
    errors, slugs, names = [], set(), {}
    for i, term in enumerate(terms):
        where = f"term {i + 1} ({term.get('slug') if isinstance(term, dict) else term!r})"
        if not isinstance(term, dict):
            errors.append(f"{where}: must be a mapping")
            continue
        errors += [
            f"{where}: missing {k}" for k in ("term", "slug", "definition") if not term.get(k)
        ]
        slug = term.get("slug")
        if slug in slugs:
            errors.append(f"{where}: slug used twice")
        slugs.add(slug)
        synonyms = term.get("synonyms") or []
        if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
            errors.append(f"{where}: synonyms must be a list of words")
            synonyms = []
        for name in [str(term.get("term") or ""), *synonyms]:
            if "," in name:
                errors.append(f"{where}: '{name}' must not contain a comma")
            key = " ".join(name.casefold().split())
            if key and key in names and names[key] != slug:
                errors.append(f"{where}: '{name}' is also used by {names[key]}")
            names.setdefault(key, slug)
        if term.get("article") and term["article"] not in article_slugs:
            errors.append(f"{where}: no article '{term['article']}'")
    return errors
