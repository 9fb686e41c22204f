"""Turning text into the stems the ranking compares, and stems into safe FTS5 queries."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from prepdeck.rank.lexicon import ALIASES, STOPWORDS
from prepdeck.rank.stem import porter

# FTS5's unicode61 tokenizer: runs of letters and digits; everything else separates.
_TOKEN = re.compile(r"[^\W_]+")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")


class _Unaccented(dict[int, str]):
    """Each character as strip_accents turns it, worked out on first sight (for translate:
    NFKD and dropping combining marks act character by character, so a table is exact)."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        made = self[code] = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        return made


_UNACCENTED = _Unaccented()


def strip_accents(text: str) -> str:
    """Diacritics removed, case kept ("Québec" -> "Quebec")."""
    if text.isascii():
        return text
    return text.translate(_UNACCENTED)


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """Lower-case and strip diacritics, as unicode61 does (so 'Łódź' ~ 'lodz' is best effort)."""
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def raw_words(text: str | None) -> list[str]:
    """The words of a text as written (for showing them back in a reason)."""
    return _TOKEN.findall(text) if text else []


def words(text: str | None) -> list[str]:
    """The folded words of a text, in order."""
    if not text:
        return []
    return [fold(w) for w in _TOKEN.findall(text)]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A folded word's comparison form: alias folded first, then Porter-stemmed."""
    return porter(ALIASES.get(word, word))


STOP_STEMS = frozenset(porter(w) for w in STOPWORDS) | STOPWORDS


def is_content(word: str) -> bool:
    """Worth matching on: not a function word, not a bare number, at least two letters."""
    return len(word) > 1 and word not in STOPWORDS and not word.isdigit()


def stems(text: str | None) -> list[str]:
    """Every word's stem, in order (function words included, for phrase adjacency)."""
    return [stem(w) for w in words(text)]


def content_stems(text: str | None) -> set[str]:
    """The distinct stems of the content words of a text."""
    return {stem(w) for w in words(text) if is_content(w)}


_CONTENT: dict[str, str] = {}


def content_sequence(text: str) -> list[str]:
    """The stems of a text's content words, in order: the hot path of scoring articles.

    One dictionary lookup per raw token once warm ('' marks a function word).
    """
    out = []
    cache = _CONTENT
    for token in _TOKEN.findall(text):
        value = cache.get(token)
        if value is None:
            word = fold(token)
            value = stem(word) if is_content(word) else ""
            if len(cache) < 500_000:
                cache[token] = value
        if value:
            out.append(value)
    return out


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def quote(phrase: Iterable[str]) -> str:
    """One FTS5 string token: the words double-quoted, any quote inside doubled.

    A quoted string is always a phrase to FTS5, never syntax, so AND, OR, NOT,
    NEAR, *, -, :, ^ and parentheses in a user's notes are only ever words.
    """
    text = " ".join(phrase)
    return '"' + text.replace('"', '""') + '"'


def fts_or(phrases: Iterable[Iterable[str]]) -> str:
    """An FTS5 query matching any of the phrases (each quoted); '' when there are none."""
    seen: dict[str, None] = {}
    for phrase in phrases:
        parts = [p for p in phrase if p]
        if parts:
            seen.setdefault(quote(parts), None)
    return " OR ".join(seen)


def title_signature(title: str) -> frozenset[str]:
    """The content stems of a headline: two stories with similar ones are one story."""
    return frozenset(content_sequence(title))


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)
