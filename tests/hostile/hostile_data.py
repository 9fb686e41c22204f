"""A database whose every text field holds hostile values, built through the store API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from hostile_catalogue import (  # type: ignore[import-not-found]
    BAD_TAG,
    BRACKETS,
    QUIT,
    SCREENSHOT,
)

from prepdeck.feeds.parse import Entry
from prepdeck.store import Store

TODAY = date(2026, 11, 23)


@dataclass
class Hostile:
    path: Path
    client_id: int
    name: str
    company: str


def build_hostile(path: Path, extra: str = "") -> Hostile:
    """Every field a user or a feed fills carries markup (and `extra`, e.g. escapes)."""
    name = SCREENSHOT.format(dir="shots") + " [UK]" + extra
    company = f"{BAD_TAG} {BRACKETS}{extra}"
    store = Store(path)
    client = store.add_client(
        name,
        company=company,
        industry=f"[bold]logistics[/]{extra}",
        keywords=f"battery, [red]Poland[/], [link=https://x.example]x[/]{extra}",
        address_as=f"Mrs {QUIT}{extra}",
        email="mal@example.com",
        next_meeting=datetime(2026, 11, 23, 10, 0),
        agreed=f"Agreed {QUIT} {BAD_TAG}{extra}",
    )
    store.add_client(f"{QUIT} second{extra}", company=f"{BRACKETS}{extra}")
    contact = store.add_contact(
        client.id,
        f"Tom {QUIT}{extra}",
        role=f"{BAD_TAG} CFO{extra}",
        address_as=f"[i]Tom[/]{extra}",
    )
    store.add_note(client.id, f"Note {QUIT} {BRACKETS}{extra}", ask_on=date(2026, 11, 20))
    store.add_note(client.id, f"Pinned {BAD_TAG}{extra}", pinned=True, contact_id=contact.id)
    store.add_note(client.id, f"Never {QUIT}{extra}", sensitivity="never")
    store.add_promise(client.id, f"Promise {QUIT} {BRACKETS}{extra}", due_on=date(2026, 11, 20))
    store.log_interaction(
        client.id, f"Talk {BAD_TAG} {QUIT}{extra}", kind=f"call{extra}", on=date(2026, 11, 2)
    )
    feed = store.add_feed(
        "https://news.example/feed", title=f"Feed {QUIT} [UK]{extra}", tags=["logistics"]
    )
    store.ingest_articles(
        feed.id,
        [
            Entry(
                "g1",
                f"Battery Poland logistics {QUIT} [UK] [sic]{extra}",
                "https://news.example/1",
                f"Summary {BAD_TAG} {QUIT} [pdf] battery Poland logistics{extra}",
                "2026-11-22 08:00:00",
            )
        ],
        first_seen="2026-11-22 09:00:00",
    )
    store.close()
    return Hostile(path, client.id, name, company)
