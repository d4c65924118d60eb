"""Article search for what people actually type: lay words, typos, symptoms, red flags.

How a query is answered (the same on SQLite and PostgreSQL, by construction):

1. The query is cleaned and split into words; apostrophes go ("can't" -> "cant"), stop words
   and fragments shorter than MIN_WORD_LENGTH letters never decide a search
   (``articles.searchtext``).
2. Unknown words are corrected against a small vocabulary (titles, glossary terms and
   synonyms, the maintained lay terms) with rapidfuzz; a correction becomes "Did you mean".
3. Phrases are matched as sets of stemmed words: the emergency warning-sign phrases of
   ``search_terms.yaml`` (keyed by the ids of ``clinical.vocabulary.WARNING_SIGNS``), the
   glossary's terms and synonyms, and the lay terms. A warning sign puts its articles first
   and makes the page show the emergency notice.
4. Words are scored per article: title and synonyms above summary and key points, above
   body, weighted by rarity (a word in every article counts little). Weak tails are dropped
   and at most MAX_RESULTS are returned.

The library's index is ``articles.searchindex``. Nothing here stores a query: outcomes are
cached (``articles.searchcache``) under a hash of the normalised query only.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from articles.models import Article
from articles.searchcache import cache_get, cache_set
from articles.searchindex import Index, get_index, library_fingerprint
from articles.searchtext import DEFAULT_LANGUAGE, WORD, stem, words

MAX_QUERY_LENGTH = 100
MAX_WORDS = 12  # words of a query that are looked at (the rest is noise)
MAX_RESULTS = 10

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


def clean_query(raw: str | None) -> str:
    """One line of printable text, at most MAX_QUERY_LENGTH characters."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


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

    Outcomes are cached (the process's ``search`` cache, ``articles.searchcache``) under a
    hash of the normalised query, the language and the library's fingerprint: never under what
    was typed.
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
    acronyms = " ".join(sorted(set(WORD.findall(query)) & index.acronyms))
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


def _answer(index: Index, query: str, typed: list[str], normalised: str) -> Outcome:
    vocab = index.vocabulary
    fixed = [correct(index, w) for w in typed]
    suggestion = " ".join(fixed) if fixed != typed else ""
    all_keys = {vocab.key(w) for w in fixed}
    content = list(dict.fromkeys(vocab.content_words(fixed)))[:MAX_WORDS]
    content_keys = {vocab.key(w) for w in content}
    exact = set(WORD.findall(query))

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
