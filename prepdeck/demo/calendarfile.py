"""Copy the shipped demo calendar beside the demo database, its dates moved to `today`.

prepdeck/demo/calendar/demo.ics is written as if today were CALENDAR_BASE. Each
date moves by (today - CALENDAR_BASE) days, and a future meeting that would land
on a weekend moves to the nearest working day ahead, as a real diary would have it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

CALENDAR_BASE = date(2026, 1, 15)
CALENDAR_FILE = "demo.ics"
# The date part of DTSTART, DTEND, RECURRENCE-ID, EXDATE and RDATE values.
_DATED = re.compile(r"^((?:DTSTART|DTEND|RECURRENCE-ID|EXDATE|RDATE)[^:\r\n]*:)(\d{8})", re.M)


def meeting_day(today: date, offset: int) -> date:
    """A weekday for meetings after today: a weekend moves to Friday, or Monday if that's past."""
    day = today + timedelta(days=offset)
    if offset <= 0 or day.weekday() < 5:
        return day
    friday = day - timedelta(days=day.weekday() - 4)
    return friday if friday > today else day + timedelta(days=7 - day.weekday())


def shift_calendar(text: str, today: date) -> str:
    """Every event date moved from CALENDAR_BASE's point of view to today's."""

    def move(match: re.Match[str]) -> str:
        written = date(int(match[2][:4]), int(match[2][4:6]), int(match[2][6:]))
        moved = meeting_day(today, (written - CALENDAR_BASE).days)
        return f"{match[1]}{moved:%Y%m%d}"

    return _DATED.sub(move, text)


def write_calendar(folder: Path, today: date) -> Path:
    """Write the dated copy of the demo calendar into `folder`; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    shipped = resources.files("prepdeck.demo").joinpath("calendar", CALENDAR_FILE)
    target = folder / CALENDAR_FILE
    target.write_text(shift_calendar(shipped.read_text("utf-8"), today), encoding="utf-8")
    return target
