"""The top of a briefing: who, how to address them, and when you last and next meet."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from prepdeck.briefing import Briefing
from prepdeck.wording import days_ago, relative_days


def meeting_words(b: Briefing) -> tuple[str, str]:
    if b.next_meeting is None or b.days_to_meeting is None or b.days_to_meeting < 0:
        return ("none booked", "$text-muted")
    clock = f" {b.next_meeting:%H:%M}" if b.next_meeting.time().hour else ""
    when = f"{b.next_meeting:%a %d %b}{clock}"
    days = b.days_to_meeting
    if days <= 1:
        return (f"{relative_days(days)}{clock}", "$accent bold" if days == 0 else "$accent")
    return (f"{when} ({relative_days(days)})", "")


def header_content(b: Briefing) -> Content:
    c = b.client
    first: list[str | tuple[str, str]] = [(c.name, "bold $accent")]
    if b.salutation and b.salutation != c.name:
        first += [("  address as ", "$text-muted"), (b.salutation, "bold")]
    for part in (c.company, c.industry):
        if part:
            first += [("  ·  ", "$text-muted"), part]
    warmth = "●" * c.warmth + "○" * (5 - c.warmth)
    second: list[str | tuple[str, str]] = [
        ("warmth ", "$text-muted"),
        (warmth, "$warning"),
        ("  ·  ", "$text-muted"),
        c.status,
        ("  ·  next meeting ", "$text-muted"),
        meeting_words(b),
        ("  ·  last contact ", "$text-muted"),
    ]
    if b.days_since_contact is None:
        second.append(("never", "$warning"))
    else:
        late = b.health.contact_overdue
        second.append((days_ago(b.days_since_contact), "$warning bold" if late else ""))
        second.append((f" (aim: every {b.health.cadence_days})", "$text-muted"))
    lines = [Content.assemble(*first), Content.assemble(*second)]
    if b.meeting is not None and b.meeting.from_calendar:
        lines.append(meeting_line(b))
    if b.health.needs_attention:
        reasons = " ".join(b.health.attention_reasons)
        lines.append(Content.assemble(("Needs attention: ", "$warning bold"), reasons))
    return Content("\n").join(lines)


def meeting_line(b: Briefing) -> Content:
    """The calendar's next meeting on one short line: what and where (who is in People)."""
    m = b.meeting
    assert m is not None
    parts: list[str | tuple[str, str]] = [
        ("Meeting ", "$text-muted"),
        (m.title or "untitled", "bold"),
    ]
    where = m.location or m.video
    if where:
        parts += [("  ·  ", "$text-muted"), where]
    if m.video and m.video != where:
        parts += [("  ·  ", "$text-muted"), m.video]
    return Content.assemble(*parts)


def invited_content(b: Briefing) -> Content | None:
    """Who else is invited to the calendar's next meeting, and which rule matched it."""
    m = b.meeting
    if m is None or not m.from_calendar:
        return None
    parts: list[str | tuple[str, str]] = [("Invited to the next meeting: ", "bold")]
    for n, person in enumerate(b.meeting_people):
        if n:
            parts.append(", ")
        parts.append(person.name)
        if person.role and person.role != "client":
            parts.append((f" ({person.role})", "$text-muted"))
        elif not person.known:
            parts.append((" (new)", "$warning"))
    if not b.meeting_people:
        parts.append(("nobody listed", "$text-muted"))
    elif not all(person.known for person in b.meeting_people):
        parts.append(("  · i remembers the new as contacts", "$text-muted"))
    parts.append((f"\nFrom the calendar, matched by {m.matched_by}", "$text-muted"))
    return Content.assemble(*parts)


class BriefingHeader(Static):
    """Two or three lines; wraps on narrow terminals rather than cutting facts off."""

    def show(self, briefing: Briefing) -> None:
        self.update(header_content(briefing))
