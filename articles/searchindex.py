"""The index search answers from: the published library, tokenised, in each process.

The index is built in each process from ``Article.objects.published()`` and the glossary,
and rebuilt when the library changes (a cheap fingerprint is checked on every search) or is
older than INDEX_MAX_AGE. An article's words are kept between rebuilds while it is unchanged,
so after an edit only that article's body is read again. A gunicorn worker builds its index
as it starts (``warm_up``, called from deploy/gunicorn.conf.py).
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import CharField, Count, Max, Value
from django.db.models.functions import Cast

from articles import pagecache
from articles.glossarylinks import is_acronym
from articles.models import Article, Term
from articles.searchcache import cache_get, cache_set
from articles.searchtext import DEFAULT_LANGUAGE, Vocabulary, stem, vocabulary, words

# Rebuild the index at least this often, so a future-dated article appears in time.
INDEX_MAX_AGE = 5 * 60
# How long the library's counts are trusted without asking the database again (per content
# version: a staff edit shows at once).
FINGERPRINT_SECONDS = 10

logger = logging.getLogger(__name__)


@dataclass
class Document:
    article: Article
    fields: dict[str, frozenset[str]]
    body: Counter


@dataclass
class Phrase:
    keys: frozenset[str]
    acronym: str = ""  # matched on its exact case only: "PAD" is a term, "pad" is not


@dataclass
class Index:
    """The published library, tokenised, for one language."""

    vocabulary: Vocabulary
    documents: list[Document]
    by_slug: dict[str, int]
    postings: dict[str, list[int]]  # stem -> the documents that have it
    known: frozenset[str]  # every stem in the library: such a word is never "corrected"
    spellings: list[str]  # the small vocabulary typos are corrected towards
    groups: list[tuple[list[Phrase], list[int]]]  # glossary terms and lay terms
    acronyms: frozenset[str]
    built: float = field(default_factory=time.monotonic)

    def idf(self, key: str) -> float:
        df = len(self.postings.get(key, ()))
        return math.log(1 + len(self.documents) / df) if df else 0.0


def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words(text))


# An article's words, kept between rebuilds while it is unchanged: after an edit only the
# edited article's body is read and split again, however big the library.
_tokenised: dict[tuple[int, object], tuple] = {}
BODY_BATCH = 500


def _article_words(articles: list[Article]) -> dict[int, tuple]:
    global _tokenised
    found = {
        a.pk: _tokenised[(a.pk, a.updated)] for a in articles if (a.pk, a.updated) in _tokenised
    }
    missing = {a.pk: a for a in articles if a.pk not in found}
    if len(missing) > BODY_BATCH:
        # A first build (or most of the library changed): one pass over the published bodies,
        # streamed in chunks, so the number of queries does not grow with the library.
        rows = Article.objects.published().values_list("pk", "body").iterator(BODY_BATCH)
    else:
        rows = Article.objects.filter(pk__in=list(missing)).values_list("pk", "body")
    for pk, body in rows:
        a = missing.get(pk)
        if a is None:  # unchanged, or published since the first query
            continue
        found[pk] = (
            _stems(a.title),
            _stems(a.summary),
            _stems(a.key_points),
            _body_stems(body),
        )
    _tokenised = {(a.pk, a.updated): found[a.pk] for a in articles if a.pk in found}
    return found


def _body_stems(body: str) -> Counter:
    counts: Counter = Counter()
    for word, n in Counter(words(body)).items():  # each distinct word stemmed once
        counts[stem(word)] += n
    return counts


def build_index(language: str = DEFAULT_LANGUAGE) -> Index:
    vocab = vocabulary(language)
    articles = list(
        Article.objects.published()
        .select_related("category")
        .only(
            "title", "slug", "summary", "updated", "key_points", "category__slug", "category__name"
        )
    )
    tokenised = _article_words(articles)
    articles = [a for a in articles if a.pk in tokenised]  # deleted since the first query
    terms = list(Term.objects.only("term", "synonyms", "article_id"))
    names_by_article: dict[int, list[str]] = {}
    for term in terms:
        if term.article_id:
            names_by_article.setdefault(term.article_id, []).extend([term.term, *term.synonym_list])
    by_slug = {article.slug: i for i, article in enumerate(articles)}
    documents = []
    postings: dict[str, list[int]] = {}
    spellings = set(vocab.spellings)
    for i, article in enumerate(articles):
        names = names_by_article.get(article.pk, [])
        title, summary, key_points, body = tokenised[article.pk]
        fields = {
            "title": title,
            "names": frozenset().union(*(_stems(n) for n in names)),
            "summary": summary,
            "key_points": key_points,
        }
        for key in frozenset(body).union(*fields.values()):
            postings.setdefault(key, []).append(i)
        documents.append(Document(article, fields, body))
        spellings.update(w for text in (article.title, *names) for w in words(text))
    position = {article.pk: i for i, article in enumerate(articles)}
    groups: list[tuple[list[Phrase], list[int]]] = []
    for term in terms:
        if term.article_id in position:
            phrases = []
            for name in (term.term, *term.synonym_list):
                if is_acronym(name):
                    phrases.append(Phrase(frozenset(), acronym=name))
                elif keys := vocab.phrase_keys(name):
                    phrases.append(Phrase(keys))
            groups.append((phrases, [position[term.article_id]]))
    for phrase_keys, slugs in vocab.lay_terms:
        targets = [by_slug[s] for s in slugs if s in by_slug]
        if targets:
            groups.append(([Phrase(k) for k in phrase_keys], targets))
    known = set(postings)
    for group_phrases, _ in groups:
        for phrase in group_phrases:
            known.update(phrase.keys)
    for sign in vocab.signs:
        for keys in sign.phrases:
            known.update(keys)
    return Index(
        vocabulary=vocab,
        documents=documents,
        by_slug=by_slug,
        postings=postings,
        known=frozenset(known),
        spellings=sorted(w for w in spellings if len(w) >= 4 and w not in vocab.stop_words),
        groups=groups,
        acronyms=frozenset(p.acronym for phrases, _ in groups for p in phrases if p.acronym),
    )


_indexes: dict[str, tuple[tuple, Index]] = {}


def library_fingerprint() -> tuple:
    """Changes whenever what search must see changes.

    The content version (bumped by every staff edit) is read on every search; the counts and
    latest changes of the library (which also see a publish date passing, and edits made
    without signals) take one query, kept for FINGERPRINT_SECONDS per content version.
    """
    try:
        version = pagecache.content_version()
    except Exception:  # the shared cache is down: the query below still sees most changes
        logger.warning("content version unavailable")
        version = None
    key = f"articles:search:library:{version}"
    rows = cache_get(key)
    if rows is None:
        rows = _library_rows()
        cache_set(key, rows, FINGERPRINT_SECONDS)
    return (version, *rows)


def _library_rows() -> tuple:
    def stats(queryset, tag: int, last: str):
        # One row per table: how many, and the latest change (as text, so the two unite).
        return (
            queryset.order_by()
            .annotate(tag=Value(tag))
            .values("tag")
            .annotate(n=Count("pk"), last=Cast(Max(last), CharField()))
            .values_list("tag", "n", "last")
        )

    rows = stats(Article.objects.published(), 1, "updated").union(
        stats(Term.objects.all(), 2, "pk"), all=True
    )
    return tuple(sorted(rows))


def get_index(language: str = DEFAULT_LANGUAGE, fingerprint: tuple | None = None) -> Index:
    """This process's index for the language, rebuilt when the library changed."""
    if fingerprint is None:
        fingerprint = library_fingerprint()
    held = _indexes.get(language)
    if held and held[0] == fingerprint and time.monotonic() - held[1].built < INDEX_MAX_AGE:
        return held[1]
    index = build_index(language)
    _indexes[language] = (fingerprint, index)
    return index


def warm_up() -> None:
    """Build this process's index before its first visitor (called as a gunicorn worker
    starts: deploy/gunicorn.conf.py). A failure is logged; the first search builds it then."""
    try:
        get_index()
    except Exception as error:
        logger.warning("search index not built at start: %s", type(error).__name__)


def forget_indexes() -> None:
    _indexes.clear()
