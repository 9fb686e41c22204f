"""Fixtures for the briefing tests: a client with a bit of everything, and articles."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from briefing_support import TODAY, days

from prepdeck.models import Client
from prepdeck.store import Store


@pytest.fixture
def add_article(store: Store) -> Callable[..., int]:
    """Insert an article (in one shared test feed) and return its id."""

    def add(title: str, link: str | None = None, summary: str = "", published: str = "") -> int:
        feed = store.add_feed("https://news.example.org/feed.xml", title="Trade News")
        return int(
            store.db["articles"]
            .insert(
                {
                    "feed_id": feed.id,
                    "guid": f"guid-{title}",
                    "title": title,
                    "link": link,
                    "summary": summary,
                    "published": published or f"{TODAY.isoformat()} 08:00:00",
                }
            )
            .last_pk
        )

    return add


@pytest.fixture
def priya(store: Store) -> Client:
    """A formal client with notes of each sensitivity, promises and history."""
    c = store.add_client(
        "Priya Patel",
        company="Vistula Freight",
        industry="logistics",
        keywords="logistics, Poland, cold chain",
        address_as="Mrs Patel",
        email="priya@vistula.example",
        agreed="Quarterly review; reply within two working days.",
    )
    store.add_note(c.id, "Planning to expand to Poland next year")
    store.add_note(c.id, "Her son Arjun had knee surgery", ask_on=days(-3))
    store.add_note(c.id, "Divorce proceedings in Poland", sensitivity="never")
    store.add_note(c.id, "Prefers calls after 10am", pinned=True)
    store.add_note(c.id, "Health worries about the warehouse move", sensitivity="private")
    store.add_promise(c.id, "Send the cabotage report", due_on=days(-10), made_on=days(-40))
    store.add_promise(c.id, "Intro to a Warsaw lawyer", due_on=days(3), made_on=days(-5))
    store.log_interaction(c.id, "Quarterly review", on=days(-12), satisfaction=4)
    return c
