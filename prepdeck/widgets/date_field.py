"""A date (or meeting time) field that shows, as the user types, the day it reads."""

from __future__ import annotations

from datetime import date, datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label

from prepdeck.dates import parse_date, parse_datetime, today
from prepdeck.errors import PrepdeckError
from prepdeck.wording import relative_days


def reading(value: str, with_time: bool = False) -> str:
    """What VALUE means in words ("Fri 27 Nov · in 4 days"), or "" while it means nothing."""
    if not value.strip():
        return ""
    try:
        when = parse_datetime(value) if with_time else parse_date(value)
    except PrepdeckError:
        return "?"
    day = when.date() if isinstance(when, datetime) else when
    shown = f"{day:%a} {day.day} {day:%b}"
    if day.year != today().year:
        shown += f" {day.year}"
    if isinstance(when, datetime) and (when.hour or when.minute):
        shown += f" {when:%H:%M}"
    return f"{shown} · {relative_days((day - today()).days)}"


class DateField(Horizontal):
    """An Input (given the id) with the date it reads beside it; the form validates."""

    DEFAULT_CSS = """
    DateField { height: auto; width: 1fr; }
    DateField Input { width: 1fr; }
    DateField .date-reading { width: auto; min-width: 10; color: $text-muted; padding: 0 1; }
    """

    def __init__(
        self,
        value: date | datetime | None,
        *,
        input_id: str,
        placeholder: str = "",
        with_time: bool = False,
    ) -> None:
        super().__init__(id=f"{input_id}-field")
        self.input_id = input_id
        self.with_time = with_time
        if isinstance(value, datetime):
            shown = f"{value:%Y-%m-%d %H:%M}"
        else:
            shown = value.isoformat() if value else ""
        self.initial = shown
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield Input(self.initial, placeholder=self.placeholder, id=self.input_id, compact=True)
        yield Label(
            reading(self.initial, self.with_time),
            id=f"{self.input_id}-reading",
            classes="date-reading",
            markup=False,
        )

    @on(Input.Changed)
    def _show_reading(self, event: Input.Changed) -> None:
        self.query_one(".date-reading", Label).update(reading(event.value, self.with_time))
