"""Dates as users type them, and a `today` that tests (and the demo) can pin."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta

from prepdeck.errors import PrepdeckError
from prepdeck.numbers import whole_number

_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}


def today() -> date:
    """The current date; PREPDECK_TODAY=YYYY-MM-DD pins it for tests and screenshots."""
    pinned = os.environ.get("PREPDECK_TODAY")
    if pinned:
        return date.fromisoformat(pinned)
    return date.today()


def now() -> datetime:
    """The current local time, shifted to the pinned day when PREPDECK_TODAY is set."""
    current = datetime.now().replace(microsecond=0)
    pinned = os.environ.get("PREPDECK_TODAY")
    if pinned:
        day = date.fromisoformat(pinned)
        current = current.replace(year=day.year, month=day.month, day=day.day)
    return current


def parse_date(text: str, what: str = "date") -> date:
    """YYYY-MM-DD, or today / tomorrow / yesterday, or +N / -N days from today."""
    value = text.strip().lower()
    if value in _WORDS:
        return today() + timedelta(days=_WORDS[value])
    days = whole_number(value[1:].removesuffix("d")) if value[:1] in "+-" else None
    if days is not None:
        try:
            return today() + timedelta(days=-days if value[0] == "-" else days)
        except OverflowError:
            raise PrepdeckError(
                f"Invalid {what} {text!r}: {days:,} days is out of range (dates end in 9999)."
            ) from None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PrepdeckError(
            f"Invalid {what} {text!r}: use YYYY-MM-DD (for example {today().isoformat()})."
        ) from None


def parse_datetime(text: str, what: str = "date and time") -> datetime:
    """'YYYY-MM-DD HH:MM' (or a bare date, meaning the start of that day)."""
    value = text.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("T", " "))
    except ValueError:
        try:
            return datetime.combine(parse_date(value, what), datetime.min.time())
        except PrepdeckError:
            raise PrepdeckError(
                f"Invalid {what} {text!r}: use 'YYYY-MM-DD HH:MM' (for example "
                f"'{today().isoformat()} 14:30')."
            ) from None
    return parsed.replace(second=0, microsecond=0, tzinfo=None)
