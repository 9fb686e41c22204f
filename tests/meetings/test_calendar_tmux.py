"""`prepdeck --next` in a real terminal under tmux: the app opens on that meeting's briefing."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
from meetings_support import WORK_ICS

from prepdeck.calendar.sync import sync_calendars
from prepdeck.store import Store

PREPDECK = Path(sys.executable).with_name("prepdeck")
pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(not PREPDECK.exists(), reason="the prepdeck script is not installed"),
]


def test_next_flag_opens_the_app_on_the_next_meetings_briefing(
    db_path: Path, tmp_path: Path
) -> None:
    store = Store(db_path)
    patel = store.add_client("Priya Patel", company="Patel & Rowe")
    store.add_contact(patel.id, "Priya Patel", email="priya@patelrowe.example")
    store.add_client("Northwind", email="ceo@northwind.example")
    store.add_calendar("work", str(WORK_ICS), "file")
    sync_calendars(store, today=date(2026, 11, 23))
    store.close()
    name = f"prepdeck-next-{uuid.uuid4().hex[:8]}"
    env = (
        f"PREPDECK_TODAY=2026-11-23T08:00 TZ=Europe/Berlin XDG_DATA_HOME={tmp_path}"
        f" XDG_CONFIG_HOME={tmp_path}"
    )
    command = f"env -u COLUMNS -u LINES {env} {PREPDECK} --next --db {db_path}"

    def tmux(*args: str) -> str:
        run = ["tmux", "-L", name, *args]
        return subprocess.run(run, capture_output=True, text=True, check=False).stdout

    tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", command)
    try:
        # Polled until the whole briefing is drawn: a capture taken between two repaints
        # can hold the header without the sections under it.
        wanted = ("Meeting Quarterly review", "Priya Patel", "i Invitee")  # Tom Newcomer is new
        deadline, screen = time.monotonic() + 30, ""
        while time.monotonic() < deadline and not all(text in screen for text in wanted):
            time.sleep(0.2)
            screen = tmux("capture-pane", "-p", "-t", name)
        assert "Meeting Quarterly review" in screen, screen  # the briefing's header
        assert "Priya Patel" in screen and "i Invitee" in screen, screen
    finally:
        tmux("kill-server")
