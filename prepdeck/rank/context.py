"""What one ranking run shares and what it works on: feeds, term statistics, article text,
candidates and the user's feedback."""

from __future__ import annotations

import json
import math
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from prepdeck.plain import Plain
from prepdeck.rank.source import RankingStore
from prepdeck.rank.stem import porter
from prepdeck.rank.text import content_sequence, content_stems, stem, title_signature
from prepdeck.rank.text import words as text_words

SUMMARY_CHARS = 500  # how much of a summary is read when matching
# Ranking reads the newest this many stored articles (by id, the order they were
# stored): retrieval, document counts and the article count then cost the same
# however large the archive grows; a smaller archive is ranked whole.
WINDOW = 200_000


@dataclass(eq=False, repr=False)
class FeedInfo(Plain):
    """A feed as the ranking sees it: title (for reasons), owning client, tags."""

    title: str | None
    client_id: int | None
    tags: frozenset[frozenset[str]]  # each tag as its set of stems


_DF_CACHE: dict[tuple[str, int, str | None], dict[str, int]] = {}
_FEEDS_CACHE: dict[tuple[str, tuple[Any, ...]], dict[int, FeedInfo]] = {}


class ArticleText(NamedTuple):
    """What scoring needs from an article's text, independent of any client."""

    check: int
    in_title: frozenset[str]
    present: frozenset[str]
    title_pairs: frozenset[tuple[str, str]]
    pairs: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, check: int, title: str, summary: str) -> ArticleText:
        title_seq, body_seq = content_sequence(title), content_sequence(summary)
        title_pairs = frozenset(zip(title_seq, title_seq[1:], strict=False))
        body_pairs = zip(body_seq, body_seq[1:], strict=False)
        in_title = frozenset(title_seq)
        return cls(
            check, in_title, in_title.union(body_seq), title_pairs, title_pairs.union(body_pairs)
        )


# (file, article id) -> its text worked out: articles rarely change once stored, and the
# same candidates come up for many clients of one industry.
_TOKENS: dict[tuple[str, int], ArticleText] = {}
_TOKENS_MAX = 50_000


def _load_feeds(store: RankingStore) -> dict[int, FeedInfo]:
    """Every feed's signals, re-read only when the feeds table changes."""
    key = (str(getattr(store, "path", id(store))), tuple(store.feeds_signature()))
    cached = _FEEDS_CACHE.get(key)
    if cached is not None:
        return cached
    feeds = {}
    for row in store.ranking_feeds():
        try:
            tags = [str(t) for t in json.loads(row["tags"] or "[]")]
        except (ValueError, TypeError):
            tags = []
        stems = frozenset(frozenset(stem(w) for w in text_words(t)) for t in tags) - {frozenset()}
        feeds[row["id"]] = FeedInfo(row["title"] or row["url"], row["client_id"], stems)
    if len(_FEEDS_CACHE) >= 4:
        _FEEDS_CACHE.pop(next(iter(_FEEDS_CACHE)))
    _FEEDS_CACHE[key] = feeds
    return feeds


@dataclass(eq=False, repr=False)
class Context(Plain):
    """What is shared between clients in one ranking run (feeds, term statistics)."""

    feeds: dict[int, FeedInfo]
    total: int
    newest: str | None
    df: dict[str, int] = field(default_factory=dict)
    source: str = ""
    after: int = 0  # articles with a larger id are ranked (the window); `total` counts them

    def text(self, row: dict[str, Any]) -> ArticleText:
        """An article's stems, sets and word pairs, worked out once per process."""
        title = row["title"] or ""
        summary = (row["summary"] or "")[:SUMMARY_CHARS]
        key = (self.source, row["id"])
        check = hash((title, summary))
        hit = _TOKENS.get(key)
        if hit is not None and hit.check == check:
            return hit
        if len(_TOKENS) >= _TOKENS_MAX:
            _TOKENS.clear()
        made = _TOKENS[key] = ArticleText.of(check, title, summary)
        return made

    @classmethod
    def load(cls, store: RankingStore) -> Context:
        feeds = _load_feeds(store)
        top, newest = store.article_stats()
        after = max(0, top - WINDOW)
        # Document counts only change when articles do: keep them per file and article count.
        key = (str(getattr(store, "path", id(store))), top, newest)
        df = _DF_CACHE.get(key)
        if df is None:
            if len(_DF_CACHE) >= 4:
                _DF_CACHE.pop(next(iter(_DF_CACHE)))
            df = _DF_CACHE[key] = {}
        source = str(getattr(store, "path", id(store)))
        return cls(feeds, top - after, newest, df, source, after)

    def idf(self, store: RankingStore, stems: list[str]) -> dict[str, float]:
        missing = [s for s in stems if s not in self.df]
        if missing:
            counts = self._document_counts(store, missing)
            if counts is None:  # no statistics: assume every word is uncommon but present
                counts = {s: max(1, self.total // 100) for s in missing}
            for s in missing:
                self.df[s] = counts.get(s, 0)
        n = max(self.total, 1)
        return {s: math.log(1 + (n - self.df[s] + 0.5) / (self.df[s] + 0.5)) for s in stems}

    def _document_counts(self, store: RankingStore, stems: list[str]) -> dict[str, int] | None:
        """Each stem's article count within the window, from the postings there."""
        probes = {s: w for s in stems if (w := _probe(s)) is not None}
        counts = store.window_document_counts(probes, after=self.after)
        if counts is None:
            return None
        rest = [s for s in stems if s not in probes]
        if rest:  # no word stems to it (none seen so far): count the archive, scaled
            whole = store.term_document_counts(rest)
            if whole is None:
                return None
            share = self.total / max(self.total + self.after, 1)
            counts.update((s, round(whole.get(s, 0) * share)) for s in rest)
        return counts


def _probe(stem_: str) -> str | None:
    """A word the porter tokenizer turns into exactly `stem_` (FTS5 stems the query too)."""
    for word in (stem_, stem_ + "e", stem_ + "s", stem_ + "ing"):
        if porter(word) == stem_:
            return word
    return None


@dataclass(eq=False, repr=False)
class Candidate(Plain):
    row: dict[str, Any]
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    signature: frozenset[str] = frozenset()
    body: frozenset[str] = frozenset()
    also: set[int] = field(default_factory=set)  # other feeds carrying the same story
    matched: list[tuple[Any, float]] = field(default_factory=list)
    liked_reason: str = ""
    age: int = 365
    norm: float = 0.0
    # For a client with places: 2 the topic in a place, 1 a topic (or filler), 0 place only.
    tier: int = 1
    place: str = ""  # "Canada (Calgary)": the place the article is in, for the reason


def similarity(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


@dataclass(eq=False, repr=False)
class Feedback(Plain):
    excluded: set[int]
    excluded_signatures: list[frozenset[str]]
    liked: list[tuple[set[str], str]]  # (stems, reason)
    disliked: list[set[str]]
    liked_titles: list[tuple[str, str]]


def load_feedback(store: RankingStore, client_id: int) -> Feedback:
    excluded: set[int] = set()
    signatures, liked, disliked, liked_titles = [], [], [], []
    for row in store.share_feedback(client_id):
        if row["article_id"] is not None:
            excluded.add(row["article_id"])
        title = row["title"] or ""
        signatures.append(title_signature(title))
        body = content_stems(f"{title} {(row['summary'] or '')[:SUMMARY_CHARS]}")
        if row["status"] == "dismissed":
            disliked.append(body)
        else:
            verb = "sent" if row["status"] == "sent" else "marked"
            short = title if len(title) <= 50 else title[:47].rstrip() + "…"
            reason = f"like “{short}”, which you {verb}"
            liked.append((body, reason))
            liked_titles.append((title, reason))
    return Feedback(excluded, signatures, liked, disliked, liked_titles)
