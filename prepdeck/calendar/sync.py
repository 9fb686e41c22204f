"""A sync run: read every calendar, expand it, match each meeting to a client, store it.

One calendar failing (a 404, an HTML login page, a file that is not iCalendar)
is one line in its result; the others still sync, and the failed one keeps
the meetings its last good sync stored.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from prepdeck.calendar.match import Match, Matcher, Person
from prepdeck.calendar.parse import CalendarError, Occurrence, Parsed, parse_calendars
from prepdeck.calendar.sources import fetch_url, masked, read_local, without_secret
from prepdeck.dates import today as current_day
from prepdeck.models import Calendar
from prepdeck.store import Store
from prepdeck.wording import counted

OK, NOT_MODIFIED, FAILED = "ok", "not-modified", "failed"


@dataclass
class CalendarResult:
    """How one calendar fared: `error` is one sentence when it failed."""

    name: str
    source: str
    status: str
    events: int = 0
    meetings: int = 0
    matched: int = 0
    skipped: int = 0
    error: str | None = None
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One line for a terminal."""
        if self.status == FAILED:
            return f"{self.name}: failed: {self.error}"
        if self.status == NOT_MODIFIED:
            meetings = counted(self.meetings, "meeting")
            return f"{self.name}: unchanged ({self.matched} of {meetings} matched)"
        meetings = counted(self.meetings, "meeting")
        text = f"{self.name}: {meetings}, {self.matched} matched to a client"
        if self.skipped:
            text += f", {counted(self.skipped, 'broken event')} skipped"
        return text + "".join(f"; {p}" for p in self.problems)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def matcher_for(store: Store) -> Matcher:
    """The matcher over every client's stored emails, name and company."""
    people = [Person(cid, email, contact) for cid, email, contact in store.emails_for_matching()]
    return Matcher(people, store.names_for_matching())


def sync_calendars(store: Store, *, today: date | None = None) -> list[CalendarResult]:
    """sync_calendars_async for synchronous callers (the CLI)."""
    return asyncio.run(sync_calendars_async(store, today=today))


async def sync_calendars_async(store: Store, *, today: date | None = None) -> list[CalendarResult]:
    """Sync every calendar in turn; never raises for what a source holds or answers."""
    calendars = store.list_calendars()
    if not calendars:
        return []
    day = today or current_day()
    matcher = matcher_for(store)
    return [await _sync_one(store, calendar, matcher, day) for calendar in calendars]


async def _sync_one(
    store: Store, calendar: Calendar, matcher: Matcher, day: date
) -> CalendarResult:
    # A URL's path is its secret: results and stored errors name only its host.
    shown = masked(calendar.source, calendar.kind)
    result = CalendarResult(calendar.name, shown, OK)
    validators: dict[str, Any] = {}
    try:
        if calendar.kind == "url":
            # The window moves with the day: "unchanged" spares the parse only on the day
            # the stored meetings were expanded, else a series would run out 90 days on.
            fresh = store.get_setting(_expanded_key(calendar.id)) == day.isoformat()
            fetched = await fetch_url(
                calendar.source,
                calendar.etag if fresh else None,
                calendar.last_modified if fresh else None,
            )
            if fetched.body is None:
                result.status = NOT_MODIFIED
                result.meetings, result.matched = rematch(store, calendar.id, matcher)
                store.record_calendar_sync(calendar.id, last_status=NOT_MODIFIED, last_error=None)
                return result
            blobs = [(shown, fetched.body)]
            validators = {"etag": fetched.etag, "last_modified": fetched.last_modified}
        else:
            blobs = read_local(calendar.source, calendar.kind)
        digest = _digest(calendar, blobs, day)
        if _unchanged(store, calendar, digest, matcher, result):
            store.record_calendar_sync(
                calendar.id,
                last_status=OK,
                last_error="; ".join(result.problems) or None,
                event_count=result.events,
                **validators,
            )
            return result
        parsed = parse_calendars(blobs, day)
        if not parsed.events and parsed.problems:
            raise CalendarError(parsed.problems[0])
    except CalendarError as exc:
        result.status = FAILED
        result.error = without_secret(str(exc), calendar.source, calendar.kind)
        store.record_calendar_sync(calendar.id, last_status=FAILED, last_error=result.error)
        return result
    stored = _store(store, calendar, parsed, matcher, result)
    store.record_calendar_sync(
        calendar.id,
        last_status=OK,
        last_error="; ".join(parsed.problems) or None,
        event_count=parsed.events,
        **validators,
    )
    if calendar.kind == "url":
        store.set_setting(_expanded_key(calendar.id), day.isoformat())
    read = {"digest": digest, "stored": stored, "meetings": result.meetings}
    read |= {"skipped": result.skipped, "problems": result.problems}
    store.set_setting(_digest_key(calendar.id), json.dumps(read))
    return result


# Bumped when parsing or expanding changes what a calendar's text gives.
_READING = 1


def _digest(calendar: Calendar, blobs: list[tuple[str, bytes]], day: date) -> str:
    """What a sync's stored meetings were made from: the text, the calendar, the day (the
    window moves) and the local time zone (times are stored as local wall-clock)."""
    hashed = hashlib.sha256()
    zone = (os.environ.get("TZ"), time.tzname, time.timezone, time.altzone)
    hashed.update(repr((_READING, calendar.source, day.isoformat(), zone)).encode())
    for name, data in blobs:
        hashed.update(f"\0{len(name)}:{name}{len(data)}:".encode())
        hashed.update(data)
    return hashed.hexdigest()


def _unchanged(
    store: Store, calendar: Calendar, digest: str, matcher: Matcher, result: CalendarResult
) -> bool:
    """Whether the stored meetings came from this very text today: then only the matching
    is done again (clients may have changed), and the result is the last sync's."""
    try:
        last = json.loads(store.get_setting(_digest_key(calendar.id)) or "null")
    except ValueError:
        return False
    if not isinstance(last, dict) or last.get("digest") != digest:
        return False
    if last.get("stored") != calendar.meetings:
        return False  # meetings stored since by something else: sync in full
    result.matched = rematch(store, calendar.id, matcher)[1]
    result.meetings, result.skipped = int(last.get("meetings") or 0), int(last.get("skipped") or 0)
    result.events = calendar.event_count or 0
    result.problems = [str(p) for p in last.get("problems") or []]
    return True


def _digest_key(calendar_id: int) -> str:
    """The setting that holds what a calendar's last full sync read, and what it found."""
    return f"calendar.{calendar_id}.read"


def _expanded_key(calendar_id: int) -> str:
    """The setting that holds the day a URL calendar's meetings were last expanded for."""
    return f"calendar.{calendar_id}.expanded_on"


def _store(
    store: Store, calendar: Calendar, parsed: Parsed, matcher: Matcher, result: CalendarResult
) -> int:
    """Match and store the occurrences; how many rows were stored."""
    rows = []
    # A series' occurrences share their text and attendee list: matched and listed once.
    seen: dict[tuple[int, str, str | None], tuple[Match | None, list[dict[str, str]]]] = {}
    for occurrence in parsed.occurrences:
        key = (id(occurrence.attendees), occurrence.title, occurrence.organizer)
        if key not in seen:
            listed = [{"email": a.email, "name": a.name} for a in occurrence.attendees]
            seen[key] = matcher.match(occurrence), listed
        found, attendees = seen[key]
        rows.append(
            {
                "uid": occurrence.uid,
                "start": occurrence.start,
                "end": occurrence.end,
                "all_day": occurrence.all_day,
                "title": occurrence.title,
                "location": occurrence.location,
                "video": occurrence.video,
                "organizer": occurrence.organizer,
                "attendees": attendees,
                "client_id": found.client_id if found else None,
                "matched_by": found.matched_by if found else None,
            }
        )
        result.matched += found is not None
    stored = store.replace_meetings(calendar.id, rows)
    result.events, result.skipped = parsed.events, parsed.skipped
    result.meetings = len(rows)
    result.problems = parsed.problems
    return stored


def rematch(store: Store, calendar_id: int, matcher: Matcher) -> tuple[int, int]:
    """Match an unchanged calendar's stored meetings again (clients may have changed)."""
    changes, total, matched = rematch_changes(store, calendar_id, matcher)
    if changes:
        store.set_meeting_matches(changes)
    return total, matched


def rematch_changes(
    store: Store, calendar_id: int, matcher: Matcher, domains: list[str] | None = None
) -> tuple[list[tuple[int | None, str | None, int]], int, int]:
    """What matching a calendar's stored meetings again would change: (client id, matched
    by, meeting id) each; and how many meetings it holds, how many would be matched.
    `domains`: only the meetings with an address there (new emails change no others)."""
    from prepdeck.calendar.parse import Attendee

    rows = store.meetings_to_rematch(calendar_id, domains)
    changes = []
    matched = 0
    # A series' occurrences have one title and attendee list: matched once.
    seen: dict[tuple[str, str, str | None], Match | None] = {}
    for r in rows:
        if r["attached"]:
            matched += 1
            continue
        key = (r["attendees"] or "[]", r["title"], r["organizer"])
        if key not in seen:
            attendees = [Attendee(**a) for a in json.loads(key[0])]
            probe = Occurrence("", r["start"], None, False, r["title"], None, None, r["organizer"])
            probe.attendees = attendees
            seen[key] = matcher.match(probe)
        found = seen[key]
        new = (found.client_id, found.matched_by) if found else (None, None)
        matched += found is not None
        if new != (r["client_id"], r["matched_by"]):
            changes.append((*new, r["id"]))
    return changes, len(rows), matched
