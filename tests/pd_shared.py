"""What every test folder shares: the pinned today and the Pilot helpers."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import WorkerCancelled

# Every test runs on this day (conftest pins PREPDECK_TODAY to it; the demo is built for it).
TODAY = date(2026, 11, 23)
# ...at this time of day, so "a meeting today at 10:00" is ahead whenever the suite runs.
PINNED_NOW = f"{TODAY.isoformat()}T08:00"


async def settle(app: App[None], pilot: Pilot[None]) -> None:
    """Let workers finish and their messages land: wait for the data, not for a clock.

    An exclusive worker replaced by a newer one ends cancelled; waiting on it raises, so
    the loop waits again for the one that replaced it (seen on a loaded machine).
    """
    for _ in range(3):
        while True:
            try:
                await app.workers.wait_for_complete()
                break
            except WorkerCancelled:  # an exclusive worker replaced by a newer one: wait again
                continue
        await pilot.pause()


def fill(screen: Screen[object], **values: str) -> None:
    """Set form fields by id, as typing them would but without a key press per letter."""
    for field_id, value in values.items():
        screen.query_one(f"#{field_id}", Input).value = value


def copy_demo(template: Path, target: Path) -> Path:
    """A private copy of the session's demo database (conftest's demo_template), with its
    0600 mode, so that no test sees another's changes."""
    shutil.copy(template, target)
    return target
