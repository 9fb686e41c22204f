"""App-wide messages: facts in the past tense, requests in the present tense."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the feed engine is imported only by the refresh that needs it
    from prepdeck.briefing import Briefing
    from prepdeck.feeds.results import FetchSummary
    from prepdeck.prefetch import BuildAhead
    from prepdeck.undo import Change


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
class BriefingBuiltAhead(Message):
    """A briefing asked for ahead of Enter was built (None: it failed; the open retries)."""

    job: BuildAhead[ClientOpenRequested]
    briefing: Briefing | None


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
    """A refresh finished; the summary says how each feed went."""

    summary: FetchSummary


@dataclass
class ChangeWritten(Message):
    """A write made in the app was saved (undone: taken back)."""

    change: Change
    undone: bool = False
