"""Dates as users type them, and a `today` that tests (and the demo) can pin."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timedelta

from prepdeck.errors import PrepdeckError

_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Pattern texts, compiled by `re` on first use (and cached there): only commands that
# read a typed date pay for compiling them, not every command that imports this module.
_RELATIVE = (
    r"(?P<in>in )?(?P<n>[0-9]+|an?|one) ?"
    r"(?P<unit>d|w|m|y|days?|weeks?|fortnights?|months?|years?)(?P<ago> ago)?"
)
_SIGNED = r"(?P<sign>[+-]) ?(?P<n>[0-9]+) ?(?P<unit>d|w|m|y)?"
_TIME = r"(?:^| )(?:at )?(?P<h>[0-9]{1,2})(?::(?P<m>[0-9]{2}))? ?(?P<ampm>am|pm)?$"
_ISO = r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"

# Every refusal lists these, so a user learns the forms from the first mistake.
ACCEPTED = "2026-12-05, 5 Dec, friday, next tue, tomorrow, +3 or in 2 weeks"


def today() -> date:
    """The current date; PREPDECK_TODAY=YYYY-MM-DD pins it for tests and screenshots."""
    pinned = _pinned()
    if pinned:
        return pinned.date()
    return date.today()


def now() -> datetime:
    """The current local time, shifted to the pinned day when PREPDECK_TODAY is set (and
    to the pinned time of day too when it carries one, as "2026-11-23T08:00")."""
    current = datetime.now().replace(microsecond=0)
    pinned = _pinned()
    if pinned is None:
        return current
    if len(os.environ["PREPDECK_TODAY"]) > len("YYYY-MM-DD"):  # a moment, not only a day
        return pinned
    return current.replace(year=pinned.year, month=pinned.month, day=pinned.day)


def _pinned() -> datetime | None:
    """PREPDECK_TODAY: a day (YYYY-MM-DD) or a moment (YYYY-MM-DDTHH:MM) that tests pin."""
    pinned = os.environ.get("PREPDECK_TODAY")
    return datetime.fromisoformat(pinned) if pinned else None


def _weekday(word: str) -> int | None:
    """0 for Monday …: a full name, or a prefix of three letters or more ("tue", "thurs")."""
    if len(word) < 3:
        return None
    return next((n for n, name in enumerate(_WEEKDAYS) if name.startswith(word)), None)


def _shift(start: date, count: int, unit: str, text: str, what: str) -> date:
    """START moved COUNT days, weeks, fortnights, months or years; one line when out of range."""
    try:
        if unit[0] in "my":
            from dateutil.relativedelta import relativedelta  # lazy: only months and years

            return start + relativedelta(months=count * (12 if unit[0] == "y" else 1))
        return start + timedelta(days=count * {"w": 7, "f": 14}.get(unit[0], 1))
    except (OverflowError, ValueError):
        words = {"d": "days", "w": "weeks", "f": "fortnights", "m": "months", "y": "years"}
        raise PrepdeckError(
            f"Invalid {what} {text!r}: {abs(count):,} {words[unit[0]]} is out of range "
            "(dates end in 9999)."
        ) from None


def _iso(found: re.Match[str], text: str, what: str) -> date:
    year, month, day = int(found["y"]), int(found["m"]), int(found["d"])
    try:
        return date(year, month, day)
    except ValueError:
        if 1 <= month <= 12 and 1 <= day <= 31:
            name = date(2000, month, 1).strftime("%B")
            raise PrepdeckError(
                f"Invalid {what} {text!r}: {day} {name} {year} does not exist."
            ) from None
        raise PrepdeckError(f"Invalid {what} {text!r}: use {ACCEPTED}.") from None


def _month_day(value: str, start: date) -> date | None:
    """'5 Dec', 'Dec 5', '5 December 2027' (python-dateutil reads the month names): without
    a year, the next such day, today included."""
    if not (re.search(r"[a-z]{3}", value) and re.search(r"[0-9]", value)):
        return None
    from dateutil import parser  # lazy: ~20 ms that commands without such a date never pay

    try:
        found = parser.parse(value, default=datetime(start.year, start.month, 1), dayfirst=True)
    except (ValueError, OverflowError):
        return None
    day = found.date()
    if day < start and not re.search(r"[0-9]{4}", value):
        try:
            day = day.replace(year=day.year + 1)
        except ValueError:  # 29 February: the next one is years away; keep this year's
            pass
    return day


def _day(value: str, text: str, what: str) -> date:
    """The date VALUE (lower case, single spaces) names; errors quote what was typed."""
    start = today()
    if value in _WORDS:
        return start + timedelta(days=_WORDS[value])
    if iso := re.fullmatch(_ISO, value):
        return _iso(iso, text, what)
    if signed := re.fullmatch(_SIGNED, value):
        count = int(signed["n"]) * (-1 if signed["sign"] == "-" else 1)
        return _shift(start, count, signed["unit"] or "d", text, what)
    relative = re.fullmatch(_RELATIVE, value)
    if relative and bool(relative["in"]) != bool(relative["ago"]):
        count = int(relative["n"]) if relative["n"].isdigit() else 1
        return _shift(start, -count if relative["ago"] else count, relative["unit"], text, what)
    words = value.split()
    if words[:1] in (["next"], ["this"], ["on"]):
        words = words[1:]
    if words in (["week"], ["month"], ["year"]) and value.startswith("next"):
        return _shift(start, 1, words[0], text, what)
    if len(words) == 1 and (number := _weekday(words[0])) is not None:
        return start + timedelta(days=(number - start.weekday() - 1) % 7 + 1)
    found = _month_day(value, start)
    if found is None:
        raise PrepdeckError(f"Invalid {what} {text!r}: use {ACCEPTED}.")
    return found


def _clean(text: str) -> str:
    return " ".join(text.strip().lower().replace(",", " ").split())


def parse_date(text: str, what: str = "date") -> date:
    """A date as people type it: ISO, 5 Dec, friday, next tue, tomorrow, +3, in 2 weeks.

    A weekday (with or without "next") is the next such day after today; a day and
    month without a year is the next such day, today included.
    """
    return _day(_clean(text), text, what)


def parse_datetime(text: str, what: str = "date and time") -> datetime:
    """A date as parse_date reads it, then optionally a time ('tomorrow 10:00',
    'friday 2pm', '2026-12-05 14:30'); a bare date means the start of that day."""
    try:
        parsed = datetime.fromisoformat(text.strip())
        return parsed.replace(second=0, microsecond=0, tzinfo=None)
    except ValueError:
        pass
    value = _clean(re.sub(r"^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})[tT]", r"\1 ", text.strip()))
    clock = time()
    found = re.search(_TIME, value)
    if found and (found["m"] or found["ampm"]):
        hour, minute = int(found["h"]), int(found["m"] or 0)
        if found["ampm"]:
            hour = hour % 12 + (12 if found["ampm"] == "pm" else 0)
        if hour > 23 or minute > 59:
            when = found.group().strip()
            raise PrepdeckError(f"Invalid {what} {text!r}: {when} is not a time of day.")
        clock = time(hour, minute)
        value = value[: found.start()].strip()
    try:
        return datetime.combine(_day(value, text, what) if value else today(), clock)
    except PrepdeckError as exc:
        if f"use {ACCEPTED}" not in str(exc):
            raise
        raise PrepdeckError(
            f"Invalid {what} {text!r}: use a date ({ACCEPTED}), with a time if you like "
            "(tomorrow 10:00, friday 2pm)."
        ) from None
