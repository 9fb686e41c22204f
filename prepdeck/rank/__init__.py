"""Relevance: ranking stored articles for one client, with the reasons a person would give.

`suggest(store, client_id, today=..., limit=...)` is what the briefing, the app and
`prepdeck suggest` call; `suggest_all` ranks every client in one pass, sharing
the feed and term statistics between them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from prepdeck.models import Suggestion
from prepdeck.rank.engine import Context, rank_client
from prepdeck.rank.profile import Profile, build_profile

__all__ = ["Profile", "Suggestion", "build_profile", "suggest", "suggest_all"]


def suggest(store: Any, client_id: int, *, today: date, limit: int = 10) -> list[Suggestion]:
    """The client's `limit` most relevant articles, best first; [] when none are stored.

    Raises NotFound for an unknown client id.
    """
    return rank_client(store, client_id, today=today, limit=limit)


def suggest_all(
    store: Any, *, today: date, limit: int = 10, client_ids: list[int] | None = None
) -> dict[int, list[Suggestion]]:
    """Suggestions for every client (or those given), sharing one ranking context."""
    context = Context.load(store)
    if client_ids is None:
        client_ids = [c.id for c in store.list_clients()]
    return {
        cid: rank_client(store, cid, today=today, limit=limit, context=context)
        for cid in client_ids
    }
