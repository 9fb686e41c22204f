"""After a meeting, one write: the conversation, the promises made and kept, the next meeting.

The app's after-meeting screen and the CLI's `log` share these functions, so both clear
a next meeting once it has been logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from prepdeck.dates import today
from prepdeck.models import INTERACTION_KINDS, Client, Interaction
from prepdeck.plain import Plain
from prepdeck.store.base import StoreBase

# Kinds that are not the meeting itself: an email on the day leaves the meeting booked.
NOT_A_MEETING = frozenset({"email", "message", "article-sent"})


def was_the_next_meeting(client: Client, kind: str, on: date) -> bool:
    """Whether logging KIND on ON is the client's typed next meeting, now behind them."""
    booked = client.next_meeting
    return booked is not None and kind not in NOT_A_MEETING and booked.date() <= on


@dataclass(eq=False, repr=False)
class MeetingRecord(Plain):
    """Everything the after-meeting flow collected, saved in one transaction."""

    client_id: int
    text: str
    kind: str = "meeting"
    on: date | None = None
    satisfaction: int | None = None
    complaint: bool = False
    attendee_ids: list[int] = field(default_factory=list)
    promises: list[tuple[str, date | None]] = field(default_factory=list)
    kept_ids: list[int] = field(default_factory=list)
    # The next meeting to book; None with clear_next=True empties the field.
    next_meeting: datetime | None = None
    clear_next: bool = False


class AfterMeetingMixin(StoreBase):
    def interaction_kinds(self) -> list[str]:
        """The usual kinds, then every other kind this user has logged (their own words)."""
        rows = self.rows("SELECT DISTINCT kind FROM interactions ORDER BY kind")
        own = [r["kind"] for r in rows if r["kind"] not in INTERACTION_KINDS]
        return [*INTERACTION_KINDS, *own]

    def clear_logged_meeting(self, client_id: int, kind: str, on: date) -> datetime | None:
        """Clear the client's typed next meeting if logging KIND on ON was it; its time."""
        client = self.get_client(client_id)  # type: ignore[attr-defined]
        if not was_the_next_meeting(client, kind, on):
            return None
        self.update_client(client_id, next_meeting=None)  # type: ignore[attr-defined]
        return client.next_meeting

    def record_meeting(self, record: MeetingRecord) -> Interaction:
        """All of it or nothing: a failure anywhere leaves the database as it was."""
        on = record.on or today()
        attendees = [self.get_contact(i) for i in record.attendee_ids]  # type: ignore[attr-defined]
        text = record.text.strip()
        if len(attendees) > 1:  # one contact per conversation in the schema: name the rest
            text += "\n\nAttended: " + ", ".join(a.name for a in attendees)
        contact_id = attendees[0].id if attendees else None
        with self.transaction():
            logged = self.log_interaction(  # type: ignore[attr-defined]
                record.client_id,
                text,
                kind=record.kind,
                on=on,
                satisfaction=record.satisfaction,
                complaint=record.complaint,
                contact_id=contact_id,
            )
            # Kept first: a promise deleted meanwhile must fail here, not find its id
            # reused by one of the new promises below.
            for promise_id in record.kept_ids:
                self.keep_promise(promise_id, on, today=today())  # type: ignore[attr-defined]
            for promised, due in record.promises:
                self.add_promise(  # type: ignore[attr-defined]
                    record.client_id, promised, due_on=due, made_on=on, contact_id=contact_id
                )
            if record.next_meeting is not None:
                self.update_client(record.client_id, next_meeting=record.next_meeting)  # type: ignore[attr-defined]
            elif record.clear_next:
                self.update_client(record.client_id, next_meeting=None)  # type: ignore[attr-defined]
            else:
                self.clear_logged_meeting(record.client_id, logged.kind, on)
        return logged
