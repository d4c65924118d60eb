"""The words of search: how text is split, stemmed and matched against the maintained lists.

Shared by the index (``articles.searchindex``) and the answering of queries
(``articles.search``), so both see a text the same way:

- words: lower-case, apostrophes dropped ("can't" -> "cant"), "x-ray" one word;
- stem: a light English stemmer ("legs"/"leg", "weakness"/"weak");
- vocabulary: one language's section of ``search_terms.yaml``: stop words, words that count
  as the same, the emergency warning-sign phrases (keyed by the ids of
  ``clinical.vocabulary.WARNING_SIGNS``) and the maintained lay terms. Stop words and
  fragments shorter than MIN_WORD_LENGTH letters never decide a search.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.core.exceptions import ImproperlyConfigured

from clinical.vocabulary import WARNING_SIGNS

DEFAULT_LANGUAGE = "en"
TERMS_FILE = Path(__file__).with_name("search_terms.yaml")
MIN_WORD_LENGTH = 3

WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = re.compile(r"[’'`´]")
# "x-ray" is one word; "non-specific" becomes two.
_LETTER_HYPHEN = re.compile(r"\b([^\W_])[-‐](?=[^\W_])")
_DOUBLED = re.compile(r"([b-df-hj-np-tv-z])\1$")


def words(text: str) -> list[str]:
    """Lower-case words, apostrophes dropped ("Can't" -> "cant")."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _LETTER_HYPHEN.sub(r"\1", _APOSTROPHES.sub("", text))
    return WORD.findall(text)


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
