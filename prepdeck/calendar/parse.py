"""iCalendar text to meeting occurrences inside a bounded window, in local wall-clock time.

icalendar parses (VTIMEZONE included) and recurring-ical-events expands RRULE,
RDATE, EXDATE and RECURRENCE-ID overrides. The window bounds the work an endless
rule can cause, and caps bound what a hostile file can: a broken event or series
is skipped and counted, never the whole calendar.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from prepdeck.calendar import fastics, fastseries
from prepdeck.errors import PrepdeckError
from prepdeck.feeds.sanitize import clean_line
from prepdeck.wording import one_line, safe_link

DAYS_BACK = 365
DAYS_AHEAD = 90
MAX_PER_SERIES = 1_000  # a daily meeting for the whole window is 456
MAX_RULE_DENSITY = 20_000  # a series that could make more is left out, never expanded
MAX_OCCURRENCES = 50_000
MAX_ATTENDEES = 100
VIDEO_HOSTS = re.compile(
    r"https://[^\s<>\"']*(?:zoom\.us|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|"
    r"webex\.com|whereby\.com|meet\.jit\.si|gotomeeting\.com|chime\.aws)[^\s<>\"']*",
    re.I,
)


_TOO_MANY = f"more than {MAX_OCCURRENCES} occurrences in the window; the rest were left out"
_ADDRESS = re.compile(r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+")


class CalendarError(PrepdeckError):
    """A source that cannot be read as a calendar at all (one sentence, no traceback)."""


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str = ""


@dataclass
class Occurrence:
    """One meeting as it happens: times are local and naive, all text already made safe."""

    uid: str
    start: datetime
    end: datetime | None
    all_day: bool
    title: str
    location: str | None = None
    video: str | None = None
    organizer: str | None = None
    attendees: list[Attendee] = field(default_factory=list)


@dataclass
class Parsed:
    """What one source gave: its occurrences and what had to be left out, and why."""

    occurrences: list[Occurrence] = field(default_factory=list)
    events: int = 0  # VEVENT components read
    skipped: int = 0  # events or series left out as broken
    problems: list[str] = field(default_factory=list)


def window(today: date) -> tuple[date, date]:
    """The span expanded: a year back (last contact) to 90 days ahead (next meetings)."""
    return today - timedelta(days=DAYS_BACK), today + timedelta(days=DAYS_AHEAD + 1)


def check_ics(data: bytes, where: str) -> None:
    """Refuse, in one sentence, what is plainly not iCalendar (an HTML login page, a PDF)."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    if head.startswith(b"BEGIN:VCALENDAR"):
        return
    if head.startswith(b"<"):
        raise CalendarError(
            f"{where} is an HTML or XML page, not an iCalendar file"
            " (for a URL: is it the secret iCal address?)"
        )
    raise CalendarError(f"{where} is not an iCalendar file (it does not begin BEGIN:VCALENDAR)")


def parse_calendars(
    blobs: Iterable[tuple[str, bytes]], today: date, *, quick: bool = True
) -> Parsed:
    """Parse each (name, bytes): single events and plain series quickly, the rest through
    icalendar and recurring-ical-events (all of them with quick=False: tests compare)."""
    parsed = Parsed()
    first, last = window(today)
    for where, data in blobs:
        try:
            check_ics(data, where)
        except CalendarError as exc:
            parsed.problems.append(str(exc))
            continue
        pieces = fastics.split(data)
        days = (last - first).days
        # Each event's lines are read once; its UID groups a series' master and overrides.
        uids = [fastics.uid_in(lines) for lines in pieces.lines]
        read = list(zip(pieces.events, pieces.lines, uids, strict=True))
        groups: dict[str, list[int]] = {}
        for n, uid in enumerate(uids):
            groups.setdefault(uid, []).append(n)
        series = {uid for _, lines, uid in read if fastics.series_in(lines)}
        dense = {
            uid
            for block, _, uid in read
            if uid in series and fastics.rule_density(block, days) > MAX_RULE_DENSITY
        }
        if dense:
            parsed.problems.append(
                f"{len(dense)} recurring event(s) repeating too often to expand"
                " (every minute or second) were left out"
            )
        full: list[list[str]] = []
        done: set[str] = set()
        quick_series: list[tuple[str, list[fastseries.Happening]]] = []
        for block, lines, uid in read:
            parsed.events += 1
            if uid in dense:
                parsed.skipped += 1
                continue
            if not quick:
                full.append(block)
                continue
            if uid in series:
                if uid not in done:
                    done.add(uid)
                    happenings = _quick_series(uid, [read[n][1] for n in groups[uid]], today)
                    if happenings is None:
                        full.extend(read[n][0] for n in groups[uid])
                    else:
                        quick_series.append((uid, happenings))
                continue
            try:
                start, end, all_day = fastics.single_times(lines)
            except fastics.NeedsFullParse:
                full.append(block)
                continue
            except ValueError:
                parsed.skipped += 1
                continue
            props = {line.name: line for line in lines}
            if _cancelled(props):
                continue
            if fastics.in_window(start, end, first, last):
                parsed.occurrences.append(_from_lines(uid, start, end, all_day, lines, props))
        for uid, happenings in quick_series:
            if not _add_happenings(uid, happenings, parsed):
                break
        if full:
            _parse_full(where, pieces.timezones, full, today, parsed)
    return parsed


def _cancelled(props: dict[str, fastics.Line]) -> bool:
    return "STATUS" in props and props["STATUS"].value.strip().upper() == "CANCELLED"


def _quick_series(
    uid: str, components: list[list[fastics.Line]], today: date
) -> list[fastseries.Happening] | None:
    """A plain series' occurrences read here; None when it needs the libraries."""
    if not uid:
        return None  # the libraries tell UID-less events apart; grouping here cannot
    first, last = window(today)
    parts = [fastseries.Component(lines, {x.name: x for x in lines}) for lines in components]
    try:
        return fastseries.expand(parts, first, last, MAX_PER_SERIES)
    except Exception:  # NeedsFullParse, or a hostile value: the libraries judge the series
        return None


def _add_happenings(uid: str, happenings: list[fastseries.Happening], parsed: Parsed) -> bool:
    """Occurrences of a quickly expanded series, each component's text made safe once;
    False once the calendar holds as many occurrences as it may."""
    built: dict[int, Occurrence | None] = {}
    for happening in happenings:
        if len(parsed.occurrences) >= MAX_OCCURRENCES:
            parsed.problems.append(_TOO_MANY)
            return False
        component = happening.component
        key = id(component)
        if key not in built:
            built[key] = None
            if not _cancelled(component.props):
                begins, all_day = local(happening.start)
                lines, props = component.lines, component.props
                built[key] = _from_lines(uid, begins, None, all_day, lines, props)
        template = built[key]
        if template is None:
            continue
        begins, all_day = local(happening.start)
        parsed.occurrences.append(
            Occurrence(
                template.uid,
                begins,
                local(happening.end)[0],
                all_day,
                template.title,
                template.location,
                template.video,
                template.organizer,
                template.attendees,
            )
        )
    return True


def _from_lines(
    uid: str,
    start: datetime,
    end: datetime | None,
    all_day: bool,
    lines: list[fastics.Line],
    props: dict[str, fastics.Line],
) -> Occurrence:
    def get(name: str) -> str:
        line = props.get(name)
        return fastics.unescape(line.value) if line else ""

    attendees = [(x.value, x.params.get("CN", "")) for x in lines if x.name == "ATTENDEE"]
    return _build(uid, start, end, all_day, get, attendees)


def _parse_full(
    where: str, timezones: list[list[str]], events: list[list[str]], today: date, parsed: Parsed
) -> None:
    """Series and unusual events: icalendar parses, recurring-ical-events expands."""
    import icalendar

    text = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//prepdeck//sync//EN",
            *(line for block in timezones for line in block),
            *(line for block in events for line in block),
            "END:VCALENDAR",
            "",
        ]
    )
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        parsed.problems.append(f"{where} could not be parsed as iCalendar ({_short(exc)})")
        parsed.skipped += len(events)
        return
    usable = icalendar.Calendar()
    unknown_zones: set[str] = set()
    for component in calendar.subcomponents:
        if component.name == "VEVENT":
            if not _usable(component):
                parsed.skipped += 1
                continue
            unknown_zones |= _unknown_zones(component)
        usable.add_component(component)
    if unknown_zones:
        parsed.problems.append(
            f"unknown time zone {', '.join(sorted(unknown_zones))[:80]}: taken as local time"
        )
    _expand(usable, today, parsed)


def _unknown_zones(event: Any) -> set[str]:
    """TZIDs neither a VTIMEZONE nor the zone database knew (the times came back naive)."""
    value = event.get("DTSTART")
    zone = value.params.get("TZID") if value is not None else None
    if zone and getattr(value.dt, "tzinfo", "date") is None:
        return {str(zone)}
    return set()


_DATE_PROPERTIES = ("DTSTART", "DTEND", "RECURRENCE-ID", "DUE")


def _usable(event: Any) -> bool:
    """An event with a readable start and readable dates; anything else is skipped."""
    if "DTSTART" not in event:
        return False
    try:
        for name in _DATE_PROPERTIES:
            if name in event:
                value = event[name]
                if isinstance(value, list):
                    return False  # two DTSTARTs: no telling which is meant
                value.dt  # noqa: B018  (raises on a broken value)
        for name in ("EXDATE", "RDATE"):
            values = event.get(name)
            for value in values if isinstance(values, list) else [values] if values else []:
                value.dts  # noqa: B018
        if "DURATION" in event:
            event["DURATION"].dt  # noqa: B018
    except (ValueError, AttributeError, TypeError):
        return False
    return True


def _expand(calendar: Any, today: date, parsed: Parsed) -> None:
    import recurring_ical_events

    start, end = window(today)
    try:
        query = recurring_ical_events.of(calendar, skip_bad_series=True)
    except Exception as exc:  # the library raises many kinds on a hostile file
        parsed.problems.append(f"the events could not be expanded ({_short(exc)})")
        return
    # A series the library refused while collecting (a bad RRULE) counts as skipped too.
    uids = {str(c.get("UID", "")) for c in calendar.walk("VEVENT")}
    parsed.skipped += len(uids - {str(s.uid) for s in query.series})
    total = len(parsed.occurrences)
    if total >= MAX_OCCURRENCES:
        return  # the quick series filled the calendar (and said so)
    # One occurrence built per component (the series', or an override's), then re-timed:
    # the text of a weekly meeting is read and made safe once, not 60 times.
    built: dict[int, Occurrence] = {}
    for series in query.series:
        try:
            count = 0
            for occurrence in series.between(start, end):
                component = _component(occurrence)
                template = built.get(id(component))
                if template is None:
                    if str(component.get("STATUS", "")).upper() == "CANCELLED":
                        continue
                    template = built[id(component)] = _occurrence(component)
                begins, all_day = local(occurrence.start)
                ends = local(occurrence.end)[0] if occurrence.end is not None else None
                parsed.occurrences.append(
                    replace(template, start=begins, end=ends, all_day=all_day)
                )
                count += 1
                total += 1
                if count >= MAX_PER_SERIES or total >= MAX_OCCURRENCES:
                    break
        except Exception:  # one broken series (bad RRULE, mixed date kinds) is skipped alone
            parsed.skipped += 1
            continue
        if total >= MAX_OCCURRENCES:
            parsed.problems.append(_TOO_MANY)
            break


def _component(occurrence: Any) -> Any:
    """The occurrence's own component, read rather than copied (as_component() copies every
    property of every occurrence); the public copy if the library's inside ever changes."""
    component = getattr(getattr(occurrence, "_adapter", None), "_component", None)
    return component if component is not None else occurrence.as_component(False)


def local(value: date | datetime) -> tuple[datetime, bool]:
    """(local naive datetime, is all-day): floating times are taken as local already."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time()), True
    return fastics.to_minute(value), False


def _occurrence(component: Any) -> Occurrence:
    """The component's text; start and end are the occurrence's, set by the caller."""
    begins, all_day = local(component.get("DTSTART").dt)
    values = component.get("ATTENDEE") or []
    attendees = [
        (str(v), str((getattr(v, "params", None) or {}).get("CN", "")))
        for v in (values if isinstance(values, list) else [values])
    ]
    return _build(
        str(component.get("UID") or ""),
        begins,
        None,
        all_day,
        lambda name: str(component.get(name) or ""),
        attendees,
    )


def _build(
    uid: str,
    start: datetime,
    end: datetime | None,
    all_day: bool,
    get: Callable[[str], str],
    attendees: list[tuple[str, str]],
) -> Occurrence:
    """The occurrence with every text made safe (calendar text is untrusted, like feeds)."""
    location = clean_line(get("LOCATION"), html_input=False, max_chars=300)
    return Occurrence(
        uid=uid.strip()[:300] or f"no-uid-{start:%Y%m%d%H%M}",
        start=start,
        end=end,
        all_day=all_day,
        title=clean_line(get("SUMMARY"), html_input=False, max_chars=300),
        location=location or None,
        video=_video(get, location),
        organizer=_address(get("ORGANIZER")),
        attendees=_attendees(attendees),
    )


def _video(get: Callable[[str], str], location: str) -> str | None:
    """The meeting's video link: from the conference property, the URL, location or text."""

    for name in ("X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL", "URL"):
        link = safe_link(get(name))
        if link:
            return link
    for text in (location, get("DESCRIPTION")):
        found = VIDEO_HOSTS.search(text)
        if found and safe_link(found.group(0)):
            return found.group(0)
    return None


def _address(value: str | None) -> str | None:
    """The email of a CAL-ADDRESS ("mailto:priya@x" -> "priya@x"), lower-case."""
    if not value:
        return None
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().lower()
    if "@" not in text or not _ADDRESS.fullmatch(text):
        return None
    return text[:254]


def _attendees(values: list[tuple[str, str]]) -> list[Attendee]:
    out: list[Attendee] = []
    seen: set[str] = set()
    for value, common_name in values:
        email = _address(value)
        if email is None or email in seen:
            continue
        seen.add(email)
        out.append(Attendee(email, clean_line(common_name, html_input=False, max_chars=120)))
        if len(out) >= MAX_ATTENDEES:
            break
    return out


def _short(exc: BaseException) -> str:
    text = one_line(str(exc))[:120]
    return text or type(exc).__name__
