"""A client's next meeting: the one typed by hand until it passes, else the calendar's next.

The one place that decides it, for the briefing, the client table, `due` and `next`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from prepdeck.models import Client, Meeting
from prepdeck.plain import Plain
from prepdeck.store import Store

HAND_TYPED = "typed by hand"


@dataclass(eq=False, repr=False)
class NextMeeting(Plain):
    """When and what the next meeting with a client is, and where that came from."""

    client_id: int
    client: str
    start: datetime
    end: datetime | None = None
    title: str | None = None
    location: str | None = None
    video: str | None = None
    matched_by: str = HAND_TYPED
    all_day: bool = False
    attendees: list[dict[str, str]] = field(default_factory=list)

    @property
    def from_calendar(self) -> bool:
        return self.matched_by != HAND_TYPED

    def to_json(self) -> dict[str, Any]:
        """What `next --json` prints: times in ISO 8601 with the local offset."""
        return {
            "client": self.client,
            "client_id": self.client_id,
            "start": self.start.astimezone().isoformat(),
            "end": self.end.astimezone().isoformat() if self.end else None,
            "title": self.title,
            "location": self.location or self.video,
            "matched_by": self.matched_by,
        }


def _of_meeting(meeting: Meeting, client_name: str) -> NextMeeting:
    return NextMeeting(
        client_id=meeting.client_id or 0,
        client=client_name,
        start=meeting.start,
        end=meeting.end,
        title=meeting.title or None,
        location=meeting.location,
        video=meeting.video,
        matched_by=meeting.matched_by or "",
        all_day=meeting.all_day,
        attendees=meeting.attendees,
    )


def _typed(client: Client, now: datetime) -> NextMeeting | None:
    """The hand-typed meeting while it is still ahead (a bare date lasts the whole day)."""
    typed = client.next_meeting
    if typed is None:
        return None
    ahead = typed.date() >= now.date() if typed.time() == time() else typed >= now
    return NextMeeting(client.id, client.name, typed) if ahead else None


def next_meetings(
    store: Store, now: datetime, clients: list[Client] | None = None
) -> dict[int, NextMeeting]:
    """Each client's next meeting (clients None: all of them), in two queries."""
    clients = store.list_clients() if clients is None else clients
    ids = None if len(clients) > 100 else [c.id for c in clients]
    from_calendar = store.next_meetings(now, ids)
    out: dict[int, NextMeeting] = {}
    for client in clients:
        typed = _typed(client, now)
        if typed is not None:
            out[client.id] = typed
        elif client.id in from_calendar:
            out[client.id] = _of_meeting(from_calendar[client.id], client.name)
    return out


def next_meeting(store: Store, now: datetime) -> NextMeeting | None:
    """The next meeting with any client: what `prepdeck next` and `prepdeck --next` open."""
    found = next_meetings(store, now).values()
    return min(found, key=lambda m: (m.start, m.client.lower()), default=None)
