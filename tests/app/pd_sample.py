"""Sample data for the app tests: a small, real database built through the store API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from prepdeck.feeds.parse import Entry
from prepdeck.store import Store


@dataclass
class Sample:
    """Ids of what the sample database holds, for the tests to assert on."""

    path: Path
    priya: int
    bob: int
    overdue_promise: int
    later_promise: int
    ask_note: int
    markup_article: int
    plain_article: int


def build_sample(path: Path) -> Sample:
    """Two clients; Priya has a bit of everything, including a feed title full of markup."""
    store = Store(path)
    priya = store.add_client(
        "Priya Patel",
        company="Patel Logistics",
        industry="logistics",
        keywords="battery regulation, Poland",
        address_as="Mrs Patel",
        next_meeting=datetime(2026, 11, 23, 10, 0),
        agreed="Quarterly review; expansion into Poland in 2027.",
    )
    bob = store.add_client("Bob Stone", company="Stone Quarry", next_meeting=datetime(2026, 12, 9))
    store.add_contact(priya.id, "Tomasz Nowak", role="CFO", address_as="Mr Nowak")
    ask = store.add_note(priya.id, "Knee operation went ahead", ask_on=date(2026, 11, 20))
    store.add_note(priya.id, "Prefers tea, not coffee", pinned=True)
    store.add_note(priya.id, "Divorce last year", sensitivity="never")
    overdue = store.add_promise(
        priya.id, "Send the pricing sheet", due_on=date(2026, 11, 20), made_on=date(2026, 11, 2)
    )
    later = store.add_promise(
        priya.id, "Intro to the Warsaw office", due_on=date(2026, 11, 30), made_on=date(2026, 11, 2)
    )
    store.log_interaction(
        priya.id, "Talked about Poland expansion", on=date(2026, 11, 2), satisfaction=4
    )
    store.log_interaction(bob.id, "Intro call", kind="call", on=date(2026, 8, 2))
    feed = store.add_feed("https://news.example/feed", title="Logistics Daily", tags=["logistics"])
    store.ingest_articles(
        feed.id,
        [
            Entry(
                "g1",
                "[bold]Poland[/] tightens battery regulation [link=x]",
                "https://news.example/1",
                "New battery rules in Poland affect logistics firms.",
                "2026-11-22 08:00:00",
            ),
            Entry(
                "g2",
                "Battery regulation in Poland: what logistics firms must do",
                "https://news.example/2",
                "A guide to the new Polish battery regulation for logistics.",
                "2026-11-21 08:00:00",
            ),
        ],
        first_seen="2026-11-22 09:00:00",
    )
    ids = {r["guid"]: r["id"] for r in store.rows("SELECT id, guid FROM articles")}
    store.close()
    return Sample(path, priya.id, bob.id, overdue.id, later.id, ask.id, ids["g1"], ids["g2"])
