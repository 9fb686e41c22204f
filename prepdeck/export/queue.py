"""The drafts for the share queue, built once for every face (screen, JSON, .eml).

Openings vary across the whole queue, so every face builds the whole queue in
the same order (by client name, newest first) and then picks what it shows:
a client's drafts read the same in `share list CLIENT` as in the app.
"""

from __future__ import annotations

from datetime import date

from prepdeck.briefing import Briefing, build_briefing
from prepdeck.config import Sender
from prepdeck.errors import NotFound
from prepdeck.export.draft_reasons import Subject
from prepdeck.export.drafts import Draft, build_combined, build_draft, subject_of
from prepdeck.models import Share
from prepdeck.store import Store


def queued_shares(store: Store) -> list[Share]:
    """Every marked share, grouped by client name, newest first within each client."""
    names = {c.id: c.name.lower() for c in store.list_clients()}
    shares = store.list_shares(None, "marked")
    shares.sort(key=lambda s: names.get(s.client_id, ""))  # stable: keeps newest first
    return shares


def _subjects(store: Store, shares: list[Share]) -> list[Subject]:
    """Each share with its article's source and summary (gone when the article was purged)."""
    out = []
    for s in shares:
        feed_title, summary = None, ""
        if s.article_id is not None:
            try:
                article = store.get_article(s.article_id)
                summary = article.summary or ""
                feed_title = store.get_feed(article.feed_id).title
            except NotFound:
                pass
        out.append(subject_of(s, feed_title, summary))
    return out


def _briefings(store: Store, client_ids: list[int], today: date) -> dict[int, Briefing]:
    return {
        cid: build_briefing(store, cid, today, news_limit=0) for cid in dict.fromkeys(client_ids)
    }


def queue_drafts(
    store: Store, today: date, sender: Sender | None = None, client_id: int | None = None
) -> list[tuple[Share, Draft]]:
    """Every marked share with its draft, in queue order (only one client's when asked)."""
    shares = queued_shares(store)
    briefings = _briefings(store, [s.client_id for s in shares], today)
    used: set[str] = set()
    out = []
    for share, subject in zip(shares, _subjects(store, shares), strict=True):
        draft = build_draft(briefings[share.client_id], subject, sender, used=used)
        if client_id is None or share.client_id == client_id:
            out.append((share, draft))
    return out


def combined_drafts(
    store: Store, today: date, sender: Sender | None = None, client_id: int | None = None
) -> list[Draft]:
    """One message per client holding all of that client's marked shares."""
    shares = [s for s in queued_shares(store) if client_id in (None, s.client_id)]
    briefings = _briefings(store, [s.client_id for s in shares], today)
    subjects = _subjects(store, shares)
    by_client: dict[int, list[Subject]] = {}
    for share, subject in zip(shares, subjects, strict=True):
        by_client.setdefault(share.client_id, []).append(subject)
    return [build_combined(briefings[cid], subs, sender) for cid, subs in by_client.items()]
