"""Article search: ranked, over title, summary and body, with glossary synonyms.

PostgreSQL uses full-text search (weights A title, B summary, C body). Other databases
(SQLite locally) use a portable ranked fallback: title matches score above summary
matches, which score above body matches. Both only ever look at published articles.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Value, When
from django.db.models.functions import Coalesce

from articles.markdown import is_acronym
from articles.models import Article, Term

MAX_QUERY_LENGTH = 100
MAX_WORDS = 10
# Glossary matches are what the person meant: they come first.
GLOSSARY_BOOST = 10.0
_STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "for", "from", "how",
        "i", "in", "is", "it", "my", "of", "on", "or", "the", "to", "what", "when", "why",
        "with", "you", "your",
    }
)  # fmt: skip
_WORD = re.compile(r"\w+")


def clean_query(raw: str | None) -> str:
    """One line of printable text, at most MAX_QUERY_LENGTH characters."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def _normalised(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


@dataclass
class Expansion:
    """What the glossary adds to a query: term names to look for, articles to lift."""

    names: list[str] = field(default_factory=list)
    article_ids: set[int] = field(default_factory=set)


def expand(query: str) -> Expansion:
    """Glossary terms whose name or synonym appears in the query (one query)."""
    expansion = Expansion()
    folded = f" {_normalised(query)} "
    words = set(_WORD.findall(query))
    for term in Term.objects.only("term", "synonyms", "article_id"):
        for name in (term.term, *term.synonym_list):
            # An acronym must match its case: "AS" is a term, "as" is not.
            found = name in words if is_acronym(name) else f" {_normalised(name)} " in folded
            if found and _normalised(name):
                if term.term not in expansion.names:
                    expansion.names.append(term.term)
                if term.article_id:
                    expansion.article_ids.add(term.article_id)
                break
    return expansion


def _boost(article_ids: set[int]):
    if not article_ids:
        return Value(0.0)
    return Case(
        When(pk__in=article_ids, then=Value(GLOSSARY_BOOST)),
        default=Value(0.0),
        output_field=FloatField(),
    )


def _postgres(queryset, query: str, expansion: Expansion):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    config = "english"
    search = SearchQuery(query, search_type="websearch", config=config)
    for name in expansion.names:
        search |= SearchQuery(name, search_type="plain", config=config)
    vector = (
        SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
    )
    title_rank = SearchRank(SearchVector("title", config=config), search)
    summary_rank = SearchRank(SearchVector("summary", config=config), search)
    return (
        queryset.alias(title_rank=title_rank, summary_rank=summary_rank)
        .annotate(
            rank=SearchRank(vector, search),
            in_title=Case(When(title_rank__gt=0, then=Value(2.0)), default=Value(0.0)),
            in_summary=Case(When(summary_rank__gt=0, then=Value(1.0)), default=Value(0.0)),
        )
        .annotate(score=F("rank") + F("in_title") + F("in_summary") + _boost(expansion.article_ids))
    )


def _fallback(queryset, query: str, expansion: Expansion):
    words = [w for w in _WORD.findall(query.casefold()) if w not in _STOP_WORDS]
    # A little stemming: "discs" finds "disc", "cramps" finds "cramp".
    words = [
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words
    ]
    phrases = [query, *expansion.names]
    parts = []

    def points(lookup: str, text: str, value: int):
        return Case(
            When(**{lookup: text}, then=Value(value)), default=Value(0), output_field=IntegerField()
        )

    for word in dict.fromkeys(words[:MAX_WORDS]):
        parts += [
            points("title__icontains", word, 10),
            points("summary__icontains", word, 4),
            points("body__icontains", word, 1),
        ]
    for phrase in phrases:
        parts += [
            points("title__icontains", phrase, 20),
            points("summary__icontains", phrase, 8),
            points("body__icontains", phrase, 2),
        ]
    score = sum(parts[1:], parts[0]) if parts else Value(0)
    return queryset.annotate(
        score=Coalesce(score, 0, output_field=FloatField()) + _boost(expansion.article_ids)
    )


def search(raw_query: str | None, *, engine: str | None = None):
    """Published articles for the query, best first, each with a ``score``.

    ``engine`` is "postgresql" or "fallback"; by default PostgreSQL's full-text search on
    PostgreSQL, the fallback elsewhere.
    """
    query = clean_query(raw_query)
    if not _WORD.search(query):
        return Article.objects.none()
    if engine is None:
        engine = "postgresql" if connection.vendor == "postgresql" else "fallback"
    expansion = expand(query)
    queryset = (
        Article.objects.published()
        .select_related("category")
        .defer("body", "body_html", "body_toc")
    )
    ranked = (_postgres if engine == "postgresql" else _fallback)(queryset, query, expansion)
    return ranked.filter(score__gt=0).order_by("-score", "title")
