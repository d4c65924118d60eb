"""Article search for what people actually type: lay words, typos, symptoms, red flags.

How a query is answered (the same on SQLite and PostgreSQL, by construction):

1. The query is cleaned and split into words; apostrophes go ("can't" -> "cant"), stop words
   and fragments shorter than MIN_WORD_LENGTH letters never decide a search.
2. Unknown words are corrected against a small vocabulary (titles, glossary terms and
   synonyms, the maintained lay terms) with rapidfuzz; a correction becomes "Did you mean".
3. Phrases are matched as sets of stemmed words: the emergency warning-sign phrases of
   ``search_terms.yaml`` (keyed by the ids of ``clinical.vocabulary.WARNING_SIGNS``), the
   glossary's terms and synonyms, and the lay terms. A warning sign puts its articles first
   and makes the page show the emergency notice.
4. Words are scored per article: title and synonyms above summary and key points, above
   body, weighted by rarity (a word in every article counts little). Weak tails are dropped
   and at most MAX_RESULTS are returned.

The index is built in each process from ``Article.objects.published()`` and the glossary,
and rebuilt when the library changes (a cheap fingerprint is checked on every search). Nothing
here stores a query: outcomes are cached under a hash of the normalised query only.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db.models import CharField, Count, Max, Value
from django.db.models.functions import Cast
from rapidfuzz import process
from rapidfuzz.distance import OSA

from articles import pagecache
from articles.glossarylinks import is_acronym
from articles.models import Article, Term
from clinical.vocabulary import WARNING_SIGNS

DEFAULT_LANGUAGE = "en"
TERMS_FILE = Path(__file__).with_name("search_terms.yaml")
MAX_QUERY_LENGTH = 100
MAX_WORDS = 12  # words of a query that are looked at (the rest is noise)
MAX_RESULTS = 10
MIN_WORD_LENGTH = 3
# Rebuild the index at least this often, so a future-dated article appears in time.
INDEX_MAX_AGE = 5 * 60
# How long the library's counts are trusted without asking the database again (per content
# version: a staff edit shows at once).
FINGERPRINT_SECONDS = 10

# Scores. A warning sign outranks everything; a phrase (glossary or lay term) outranks
# single words; among words, title and synonyms outrank summary, key points and body.
SIGN_POINTS = 1000.0
PHRASE_POINTS = 12.0  # per word of the matched phrase
FIELD_POINTS = {"title": 10.0, "names": 7.0, "summary": 4.0, "key_points": 3.0}
BODY_POINTS = 1.0
# A result scoring under this share of the best result's is noise, not an answer.
RELATIVE_CUTOFF = 0.2
# Typos: words this long or longer that the library does not know are corrected to the
# vocabulary word at least this similar (OSA: one typo in five letters, two in ten).
MIN_CORRECTED_LENGTH = 5
SIMILARITY = 0.8

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = re.compile(r"[’'`´]")
# "x-ray" is one word; "non-specific" becomes two.
_LETTER_HYPHEN = re.compile(r"\b([^\W_])[-‐](?=[^\W_])")
_DOUBLED = re.compile(r"([b-df-hj-np-tv-z])\1$")


def clean_query(raw: str | None) -> str:
    """One line of printable text, at most MAX_QUERY_LENGTH characters."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def words(text: str) -> list[str]:
    """Lower-case words, apostrophes dropped ("Can't" -> "cant")."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _LETTER_HYPHEN.sub(r"\1", _APOSTROPHES.sub("", text))
    return _WORD.findall(text)


# Kept: a library's bodies hold a few thousand distinct words, millions of times over.
@lru_cache(maxsize=32768)
def stem(word: str) -> str:
    """A light English stemmer: enough for "legs"/"leg", "weakness"/"weak", "peeing"/"pee"."""
    w = word
    for suffix, keep, replacement in (
        ("ness", 7, ""),
        ("ies", 5, "y"),
        ("ing", 6, ""),
        ("ed", 5, ""),
        ("ly", 6, ""),
    ):
        if len(w) >= keep and w.endswith(suffix):
            w = w[: -len(suffix)] + replacement
            break
    else:
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3:
        w = _DOUBLED.sub(r"\1", w)
    return w


# The maintained word lists -----------------------------------------------------------------


@dataclass(frozen=True)
class Sign:
    id: str
    phrases: tuple[frozenset[str], ...]
    slugs: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """One language's section of search_terms.yaml, ready to match."""

    language: str
    stop_words: frozenset[str]
    same: dict[str, str]  # stem -> the stem it counts as
    signs: tuple[Sign, ...]
    lay_terms: tuple[tuple[tuple[frozenset[str], ...], tuple[str, ...]], ...]
    spellings: frozenset[str]  # words typos are corrected towards

    def key(self, word: str) -> str:
        s = stem(word)
        return self.same.get(s, s)

    def content_words(self, text_words: list[str]) -> list[str]:
        return [w for w in text_words if len(w) >= MIN_WORD_LENGTH and w not in self.stop_words]

    def phrase_keys(self, phrase: str, *, keep_stop_words: bool = False) -> frozenset[str]:
        found = words(phrase)
        if not keep_stop_words:
            found = self.content_words(found)
        return frozenset(self.key(w) for w in found)


@lru_cache(maxsize=8)
def vocabulary(language: str = DEFAULT_LANGUAGE) -> Vocabulary:
    data = yaml.safe_load(TERMS_FILE.read_text(encoding="utf-8"))
    if language not in data:
        raise ImproperlyConfigured(f"{TERMS_FILE.name} has no section for {language!r}.")
    section = data[language]
    stop_words = frozenset(str(section["stop_words"]).casefold().split())
    same: dict[str, str] = {}
    spellings: set[str] = set()
    for head, alternatives in (section.get("same_words") or {}).items():
        for alternative in alternatives:
            for w in words(str(alternative)):
                same[stem(w)] = stem(str(head))
                spellings.add(w)
        spellings.add(str(head))
    partial = Vocabulary(language, stop_words, same, (), (), frozenset())
    signs = []
    for sign_id, entry in (section.get("warning_signs") or {}).items():
        if sign_id not in WARNING_SIGNS:
            raise ImproperlyConfigured(f"{TERMS_FILE.name}: {sign_id!r} is not a warning sign.")
        phrases = tuple(partial.phrase_keys(p, keep_stop_words=True) for p in entry["phrases"])
        signs.append(Sign(sign_id, tuple(p for p in phrases if p), tuple(entry["articles"])))
        spellings.update(w for p in entry["phrases"] for w in words(p))
    # Checked in the order of the questionnaire's field, whatever the file's order.
    signs.sort(key=lambda sign: WARNING_SIGNS.index(sign.id))
    lay_terms = []
    for entry in section.get("lay_terms") or []:
        phrases = tuple(partial.phrase_keys(str(p)) for p in entry["phrases"])
        lay_terms.append((tuple(p for p in phrases if p), tuple(entry["articles"])))
        spellings.update(w for p in entry["phrases"] for w in words(str(p)))
    return Vocabulary(
        language,
        stop_words,
        same,
        tuple(signs),
        tuple(lay_terms),
        frozenset(w for w in spellings if len(w) >= 4 and w not in stop_words),
    )


# The index of the published library ---------------------------------------------------------


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


# Answering a query -------------------------------------------------------------------------


class Status:
    EMPTY = "empty"  # nothing typed
    COMMON = "common"  # only stop words or fragments
    FOUND = "found"
    NOTHING = "nothing"  # searched, nothing found


@dataclass
class Outcome:
    query: str  # as cleaned for display
    normalised: str  # lower-case words: what the cache and the zero-result log see
    status: str
    articles: list[Article] = field(default_factory=list)
    signs: list[str] = field(default_factory=list)  # warning sign ids the query describes
    suggestion: str = ""  # "Did you mean": the query with its typos corrected
    key: str = ""  # the cache key of this outcome (a hash of the normalised query)

    @property
    def emergency(self) -> bool:
        return bool(self.signs)


def correct(index: Index, word: str) -> str:
    """The word, or the vocabulary word it is most likely a typo of."""
    vocab = index.vocabulary
    if len(word) < MIN_CORRECTED_LENGTH or word in vocab.stop_words or word.isdigit():
        return word
    if vocab.key(word) in index.known:
        return word
    best = process.extractOne(
        word, index.spellings, scorer=OSA.normalized_similarity, score_cutoff=SIMILARITY
    )
    # Short words keep their first letter ("peel" is not a typo of "feel").
    if best and (len(word) > 6 or best[0][0] == word[0]):
        return best[0]
    return word


def search(
    raw_query: str | None, *, language: str = DEFAULT_LANGUAGE, use_cache: bool = True
) -> Outcome:
    """The published articles for a query, best first, with what the page should say.

    Outcomes are cached (the process's ``default`` cache) under a hash of the normalised
    query, the language and the library's fingerprint: never under what was typed.
    """
    query = clean_query(raw_query)
    typed = words(query)[: MAX_WORDS * 2]
    normalised = " ".join(typed)
    if not typed:
        return Outcome(query, normalised, Status.EMPTY if not query else Status.COMMON)
    fingerprint = library_fingerprint()
    index = get_index(language, fingerprint)
    if not index.vocabulary.content_words(typed):
        return Outcome(query, normalised, Status.COMMON)
    # Acronyms match on their case ("PAD", not "pad"), so they are part of the key.
    acronyms = " ".join(sorted(set(_WORD.findall(query)) & index.acronyms))
    key = (
        "articles:search:"
        + hashlib.sha256(
            "\n".join((language, repr(fingerprint), normalised, acronyms)).encode()
        ).hexdigest()
    )
    stored = cache_get(key) if use_cache else None
    if stored is not None:
        status, slugs, signs, suggestion = stored
        articles = [index.documents[index.by_slug[s]].article for s in slugs if s in index.by_slug]
        return Outcome(query, normalised, status, articles, list(signs), suggestion, key)
    outcome = _answer(index, query, typed, normalised)
    outcome.key = key
    if use_cache:
        slugs = [article.slug for article in outcome.articles]
        cache_set(key, (outcome.status, slugs, outcome.signs, outcome.suggestion))
    return outcome


def cache_get(key: str):
    """A stored search outcome or page, from the per-process search cache (bounded in number
    by its MAX_ENTRIES and in size below)."""
    try:
        return caches["search"].get(key)
    except Exception:  # a failing cache never fails a search
        logger.warning("search cache unavailable")
        return None


def cache_set(key: str, value, timeout: int = pagecache.PAGE_TIMEOUT) -> None:
    if isinstance(value, str) and len(value.encode()) > pagecache.MAX_SEARCH_PAGE_BYTES:
        return  # a page this large is rendered each time rather than crowding the cache
    try:
        caches["search"].set(key, value, timeout=timeout)
    except Exception:
        logger.warning("search cache unavailable")


def _answer(index: Index, query: str, typed: list[str], normalised: str) -> Outcome:
    vocab = index.vocabulary
    fixed = [correct(index, w) for w in typed]
    suggestion = " ".join(fixed) if fixed != typed else ""
    all_keys = {vocab.key(w) for w in fixed}
    content = list(dict.fromkeys(vocab.content_words(fixed)))[:MAX_WORDS]
    content_keys = {vocab.key(w) for w in content}
    exact = set(_WORD.findall(query))

    # 1. Warning signs: their articles first, in the sign's order.
    signs: list[str] = []
    bonus: dict[int, float] = {}
    for sign in vocab.signs:
        if any(keys <= all_keys for keys in sign.phrases):
            signs.append(sign.id)
            for rank, slug in enumerate(sign.slugs):
                if slug in index.by_slug:
                    i = index.by_slug[slug]
                    bonus[i] = max(bonus.get(i, 0.0), SIGN_POINTS - rank)

    # 2. Phrases: glossary terms and synonyms, lay terms.
    score: dict[int, float] = {}
    for phrases, targets in index.groups:
        best = 0
        for phrase in phrases:
            if phrase.acronym:
                if phrase.acronym in exact:
                    best = max(best, 1)
            elif phrase.keys <= content_keys:
                best = max(best, len(phrase.keys))
        if best:
            for rank, i in enumerate(targets):
                score[i] = score.get(i, 0.0) + PHRASE_POINTS * best * (0.9**rank)

    # 3. Words, by field, weighted by how rare they are in the library.
    for word in content:
        key = stem(word)
        weight = index.idf(key)
        if not weight:
            continue
        for i in index.postings.get(key, ()):
            document = index.documents[i]
            points = max(
                (p for name, p in FIELD_POINTS.items() if key in document.fields[name]),
                default=0.0,
            )
            tf = document.body.get(key, 0)
            if tf:
                points = max(points, BODY_POINTS + min(tf, 5) / 5)
            score[i] = score.get(i, 0.0) + weight * points

    best_score = max(score.values(), default=0.0)
    keep = {i for i, s in score.items() if s > 0 and (s >= RELATIVE_CUTOFF * best_score)} | set(
        bonus
    )
    ranked = sorted(
        keep,
        key=lambda i: (
            -(bonus.get(i, 0.0) + score.get(i, 0.0)),
            index.documents[i].article.title,
        ),
    )[:MAX_RESULTS]
    articles = [index.documents[i].article for i in ranked]
    return Outcome(
        query,
        normalised,
        Status.FOUND if articles else Status.NOTHING,
        articles=articles,
        signs=signs,
        suggestion=suggestion if articles else "",
    )
