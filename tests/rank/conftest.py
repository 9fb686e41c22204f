"""Helpers for ranking tests: feeds and articles written straight into a real store."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from pd_shared import TODAY  # type: ignore[import-not-found]

from prepdeck.store import Store

_guid = count(1)


class Articles:
    """Adds articles to the store the way the feed engine stores them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.general = store.add_feed("https://news.example/rss", title="General Wire").id

    def add(
        self,
        title: str,
        summary: str = "",
        *,
        days_ago: int = 1,
        feed_id: int | None = None,
        link: str | None = None,
    ) -> int:
        n = next(_guid)
        published = TODAY - timedelta(days=days_ago)
        with self.store.transaction():
            return (
                self.store.db["articles"]
                .insert(
                    {
                        "feed_id": feed_id or self.general,
                        "guid": f"urn:test:{n}",
                        "link": link or f"https://news.example/{n}",
                        "title": title,
                        "summary": summary,
                        "published": f"{published.isoformat()} 08:00:00",
                    }
                )
                .last_pk
            )


@pytest.fixture
def articles(store: Store) -> Articles:
    return Articles(store)
