"""Snapshots of the after-meeting form on the demo data (issue 12 §2), at 80×24 and 120×40."""

from __future__ import annotations

from pathlib import Path

import pytest
from pd_shared import TODAY, settle  # type: ignore[import-not-found]
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from prepdeck.app import make_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_after_meeting(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def open_flow(pilot: Pilot[None]) -> None:
        app = pilot.app
        await settle(app, pilot)
        await pilot.press("enter", "a")
        await settle(app, pilot)
        app.screen.query_one("#said", TextArea).text = "Agreed the pilot in Poznań."
        for field in app.screen.query(Input):
            field.cursor_blink = False
        for area in app.screen.query(TextArea):
            area.cursor_blink = False
        await settle(app, pilot)

    app = make_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=open_flow)
