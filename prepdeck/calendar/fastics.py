"""A quick reading of iCalendar text: split into events, and read the simple ones directly.

icalendar costs about a millisecond per event, so a 5,000-event calendar took
seconds before any expansion. Most events are single, in UTC, a date, floating
time or an IANA zone: those are read here from their lines, and anything else
(a recurrence, an override, a DURATION, a zone only a VTIMEZONE defines) is
handed back whole, by UID, for icalendar and recurring-ical-events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_FOLD = re.compile(r"\r?\n[ \t]")
_STAMP = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?")
_PARAMS = re.compile(r'(?:[^;"]|"[^"]*")+')
_ESCAPED = re.compile(r"\\([\\;,nN])")
# Properties that make an event a series (or part of one): icalendar expands those.
_SERIES = ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "EXRULE")


class NeedsFullParse(Exception):
    """This event has something the quick reading does not handle."""


@dataclass
class Line:
    name: str
    params: dict[str, str]
    value: str


@dataclass
class Split:
    """One source's text cut into VTIMEZONE blocks and VEVENT blocks (lines unfolded), and
    each VEVENT's own properties read (`lines`, as event_lines reads them)."""

    timezones: list[list[str]] = field(default_factory=list)
    events: list[list[str]] = field(default_factory=list)
    lines: list[list[Line]] = field(default_factory=list)


def split(data: bytes) -> Split:
    """Cut the text at BEGIN/END lines; nested blocks (VALARM) stay inside their event.

    One pass reads the events' properties too: a 5,000-event calendar has 50,000 lines,
    and only a line beginning with B or E can begin or end a block."""
    text = data.decode("utf-8", errors="replace")
    if "\n " in text or "\n\t" in text:  # folded lines (two quick scans spare the regex)
        text = _FOLD.sub("", text)
    out = Split()
    current: list[str] | None = None
    read: list[Line] = []
    depth = 0
    event = False
    for line in text.splitlines():
        marker = line[:1] in "BbEe"
        if current is None:
            upper = line[:16].upper() if marker else ""
            if upper.startswith(("BEGIN:VEVENT", "BEGIN:VTIMEZONE")):
                current, depth, read = [line], 1, []
                event = upper[6:].strip() == "VEVENT"
            continue
        current.append(line)
        upper = line[:6].upper() if marker else ""
        if upper.startswith("BEGIN:"):
            depth += 1
        elif upper.startswith("END:"):
            depth -= 1
            if depth == 0:
                if event:
                    out.events.append(current)
                    out.lines.append(read)
                else:
                    out.timezones.append(current)
                current = None
        elif depth == 1 and event:
            read.append(parse_line(line))
    return out


def parse_line(line: str) -> Line:
    """NAME;PARAM=V;PARAM="V:x":VALUE -> Line (parameter values may be quoted)."""
    colon = line.find(":")
    if colon != -1:
        head = line[:colon]
        if ";" not in head and '"' not in head:
            return Line(head.upper(), {}, line[colon + 1 :])  # the common case
    quote = line.find('"')
    if quote != -1 and quote < colon:
        in_quotes = False
        for index, char in enumerate(line):
            if char == '"':
                in_quotes = not in_quotes
            elif char == ":" and not in_quotes:
                colon = index
                break
    if colon == -1:
        return Line(line.upper(), {}, "")
    head, value = line[:colon], line[colon + 1 :]
    if ";" not in head:
        return Line(head.upper(), {}, value)
    parts = _PARAMS.findall(head)
    params = {}
    for part in parts[1:]:
        key, _, val = part.partition("=")
        params[key.strip().upper()] = val.strip().strip('"')
    return Line(parts[0].strip().upper(), params, value)


def event_lines(block: list[str]) -> list[Line]:
    """The event's own properties (a nested VALARM's are left out)."""
    out = []
    depth = 0
    for raw in block[1:-1]:
        upper = raw[:6].upper()
        if upper.startswith("BEGIN:"):
            depth += 1
        elif upper.startswith("END:"):
            depth -= 1
        elif depth == 0:
            out.append(parse_line(raw))
    return out


def uid_in(lines: list[Line]) -> str:
    """The UID of an event read by event_lines ("" when it has none)."""
    for line in lines:
        if line.name == "UID":
            return line.value.strip()
    return ""


def series_in(lines: list[Line]) -> bool:
    """Whether an event read by event_lines is a series or part of one."""
    return any(line.name in _SERIES for line in lines)


# Occurrences a day at each frequency (before BY* lists multiply them).
_PER_DAY = {
    "SECONDLY": 86_400.0,
    "MINUTELY": 1_440.0,
    "HOURLY": 24.0,
    "DAILY": 1.0,
    "WEEKLY": 1 / 7,
    "MONTHLY": 1 / 28,
    "YEARLY": 1 / 365,
}
_FINER = {
    "BYSECOND": ("SECONDLY",),
    "BYMINUTE": ("SECONDLY", "MINUTELY"),
    "BYHOUR": ("SECONDLY", "MINUTELY", "HOURLY"),
}


def rule_density(block: list[str], days: int) -> float:
    """How many occurrences the event's RRULEs could make in `days` days, at most.

    Expanding is done by the library one occurrence at a time: a rule that repeats every
    second makes millions in a year's window, so such a series is refused before, not cut
    off after. COUNT bounds a rule; BYSECOND, BYMINUTE and BYHOUR lists multiply it.
    """
    total = 0.0
    for raw in block:
        line = parse_line(raw) if raw[:5].upper() == "RRULE" else None
        if line is None or line.name != "RRULE":
            continue
        parts = dict(p.partition("=")[::2] for p in line.value.upper().split(";"))
        freq = parts.get("FREQ", "")
        interval = int(parts["INTERVAL"]) if parts.get("INTERVAL", "").isdigit() else 1
        estimate = _PER_DAY.get(freq, 1.0) / max(1, interval) * days
        for name, finer in _FINER.items():
            if name in parts and freq not in finer:
                estimate *= len(parts[name].split(","))
        if parts.get("COUNT", "").isdigit():
            estimate = min(estimate, float(parts["COUNT"]))
        total += estimate
    return total


def unescape(value: str) -> str:
    """RFC 5545 TEXT escapes: \\n, \\, \\; and \\\\."""
    if "\\" not in value:
        return value
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


UTC_ZONE = ZoneInfo("UTC")


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise NeedsFullParse(name) from None


def moment(line: Line) -> tuple[datetime, bool]:
    """(local naive time, all-day) of a DTSTART/DTEND line; raises ValueError when malformed."""
    found = _STAMP.fullmatch(line.value.strip())
    if not found:
        raise ValueError(line.value)
    year, month, day, hour, minute, second, utc = found.groups()
    if hour is None:
        return datetime(int(year), int(month), int(day)), True
    zone = line.params.get("TZID")
    tzinfo = UTC_ZONE if utc else _zone(zone) if zone else None
    value = datetime(
        int(year), int(month), int(day), int(hour), int(minute), int(second), tzinfo=tzinfo
    )
    return to_minute(value), False


def to_minute(value: datetime) -> datetime:
    """A time as local naive wall-clock, to the minute (floating times are local already).

    fromtimestamp is astimezone().replace(tzinfo=None) at half the cost, which counts
    when a calendar has thousands of events."""
    if value.tzinfo is not None:
        try:
            value = datetime.fromtimestamp(value.timestamp())
        except (OverflowError, OSError) as exc:
            raise ValueError(f"{value} cannot be given in local time") from exc
    if value.second or value.microsecond:
        value = value.replace(second=0, microsecond=0)
    return value


def single_times(lines: list[Line]) -> tuple[datetime, datetime | None, bool]:
    """Start, end and all-day of a single event; NeedsFullParse for what this cannot read."""
    by_name = {line.name: line for line in lines if line.name in ("DTSTART", "DTEND")}
    if any(line.name == "DURATION" for line in lines) or "DTSTART" not in by_name:
        raise NeedsFullParse("duration or no start")
    start, all_day = moment(by_name["DTSTART"])
    if "DTEND" in by_name:
        end = moment(by_name["DTEND"])[0]
    else:
        end = start + timedelta(days=1) if all_day else start
    return start, end, all_day


def in_window(start: datetime, end: datetime | None, first: date, last: date) -> bool:
    """Overlaps [first, last): what recurring-ical-events' between() would return."""
    finish = end if end is not None and end > start else start
    return finish >= datetime.combine(first, datetime.min.time()) and start < datetime.combine(
        last, datetime.min.time()
    )
