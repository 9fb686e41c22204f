"""Meetings that matched no client: which the app offers to attach, and whom to remember.

The CLI lists them with `calendar meetings --unmatched` and attaches one with
`calendar attach`; the app's "Unmatched meetings" screen reads them here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from prepdeck.models import Meeting
from prepdeck.store import Store

PAST_DAYS = 14  # recent enough to log as contact once attached
AHEAD_DAYS = 30


@dataclass(frozen=True)
class Invitee:
    """Someone on a meeting's invite who could be remembered as a contact."""

    name: str
    email: str

    @property
    def label(self) -> str:
        return (
            f"{self.name} <{self.email}>" if self.name and self.name != self.email else self.email
        )


def unmatched_meetings(store: Store, today: date) -> list[Meeting]:
    """Unmatched meetings from PAST_DAYS ago to AHEAD_DAYS ahead, earliest first."""
    start = today - timedelta(days=PAST_DAYS)
    end = today + timedelta(days=AHEAD_DAYS + 1)
    return store.meetings_between(start, end, matched=False)


def invitees(meeting: Meeting) -> list[Invitee]:
    """The attendees with an email, but for the organiser (usually the user), once each."""
    organiser = (meeting.organizer or "").lower()
    seen: set[str] = set()
    found = []
    for attendee in meeting.attendees:
        email = (attendee.get("email") or "").strip().lower()
        if "@" not in email or email == organiser or email in seen:
            continue
        seen.add(email)
        found.append(Invitee((attendee.get("name") or "").strip() or email, email))
    return found
