"""A client's ranked news for a briefing: remembered for the day, or ranked anew.

Ranking is most of a briefing's cost, and in a fresh process most of that is importing
the ranking (its word lists, places and records) before any article is scored. A
ranking is therefore remembered in the database (`ranking_memo`) for the client, the
day and the ranking code, and the next briefing, `prepdeck brief` or `prepdeck suggest`
of the same client reads it back without importing `prepdeck.rank` at all.

It is exactly what ranking again would give: triggers forget every remembered ranking
when a table the ranking reads changes (schema v3), a ranking is only kept when nothing
was committed elsewhere while it ran, and one from another day or another version of
the ranking code is never read.
"""

from __future__ import annotations

import zlib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prepdeck.models import Article, Suggestion

if TYPE_CHECKING:
    from collections.abc import Callable

    from prepdeck.store import Store

SUGGEST = "suggest"  # news worth sending them
OWN = "own"  # their own news: to know, not to send
SUGGEST_LIMIT = 10  # what `prepdeck suggest` lists unless told otherwise


def suggestions(
    store: Store, client_id: int, today: date, limit: int, *, remember: bool = True
) -> list[Suggestion]:
    """The client's `limit` most relevant articles, best first (`prepdeck.rank.suggest`).

    `remember=False` reads a remembered ranking but never writes one: the app's own
    connections must not commit for a read, since every commit redraws its screens.
    """

    def rank() -> list[Suggestion]:
        from prepdeck.rank import suggest

        return suggest(store, client_id, today=today, limit=limit)

    return _remembered(store, SUGGEST, client_id, today, limit, rank, remember)


def their_news(
    store: Store, client_id: int, today: date, limit: int, *, remember: bool = True
) -> list[Suggestion]:
    """The client's own news, newest first (`prepdeck.rank.own_news`)."""

    def rank() -> list[Suggestion]:
        from prepdeck.rank import own_news

        return own_news(store, client_id, today=today, limit=limit)

    return _remembered(store, OWN, client_id, today, limit, rank, remember)


def _remembered(
    store: Store,
    kind: str,
    client_id: int,
    today: date,
    limit: int,
    rank: Callable[[], list[Suggestion]],
    remember: bool,
) -> list[Suggestion]:
    if limit <= 0:
        return []
    day, version = today.isoformat(), ranking_version()
    kept = store.remembered_ranking(client_id, kind, limit, day, version)
    if kept is not None:
        found = _suggestions(store, kept)
        if found is not None:
            return found
    mark = store.data_version()
    ranked = rank()
    if remember:
        store.remember_ranking(
            client_id, kind, limit, day, version, [_entry(s) for s in ranked], mark=mark
        )
    return ranked


def _entry(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "article_id": suggestion.article.id,
        "score": suggestion.score,
        "reasons": suggestion.reasons,
        "feed_title": suggestion.feed_title,
    }


def _suggestions(store: Store, kept: list[dict[str, Any]]) -> list[Suggestion] | None:
    """The remembered entries with their articles as stored now; None if one is gone."""
    rows = {row["id"]: row for row in store.articles_by_ids([e["article_id"] for e in kept])}
    if len(rows) != len(kept):
        return None
    return [
        Suggestion(
            article=Article.from_row(rows[e["article_id"]]),
            score=e["score"],
            reasons=e["reasons"],
            feed_title=e["feed_title"],
        )
        for e in kept
    ]


@lru_cache(maxsize=1)
def ranking_version() -> str:
    """The ranking code's identity: its files' names, sizes and modification times.

    Reading a ranking remembered by other code would show what that code ranked; a stat
    of each file is cheap next to importing them, and any edit or install changes it.
    """
    root = Path(__file__).with_name("rank")
    marks = []
    for path in root.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            facts = path.stat()
            marks.append(f"{path.relative_to(root)}:{facts.st_size}:{facts.st_mtime_ns}")
    marks.sort()
    return f"{len(marks)}-{zlib.crc32(chr(10).join(marks).encode()):08x}"
