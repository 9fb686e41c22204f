"""App-wide messages: facts in the past tense, requests in the present tense."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class DataChanged(Message, bubble=False):  # the app forwards it to each screen: no loop back
    """Something was saved; screens showing this client (None: any) reload."""

    client_id: int | None
    what: str = ""


@dataclass
class ClientOpenRequested(Message):
    """Open the briefing of this client (from search, the palette or the home table)."""

    client_id: int
    focus: str | None = None  # a record to put the cursor on, e.g. "note-12" (from search)


@dataclass
class FetchProgressed(Message):
    """One more feed was fetched during a refresh."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        # A flood of progress ticks collapses into the newest one.
        return isinstance(message, FetchProgressed)


@dataclass
class FeedsFetched(Message):
    """A refresh finished; summary is whatever the feed engine returned."""

    summary: Any
