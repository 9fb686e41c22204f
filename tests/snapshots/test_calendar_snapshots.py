"""Snapshots of the unmatched meetings screen and its attach form, at two sizes each."""

from __future__ import annotations

from pathlib import Path

import pytest
from pd_shared import TODAY  # type: ignore[import-not-found]
from test_manage_snapshots import SIZES, keys  # type: ignore[import-not-found]
from textual.pilot import Pilot
from textual.widgets import DataTable

from prepdeck.app import make_app

PIOTR = "Cross-dock walkthrough with Piotr"


@pytest.mark.parametrize("size", SIZES)
def test_unmatched_meetings(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=keys("ctrl+l"))


@pytest.mark.parametrize("size", SIZES)
def test_attach_meeting_form(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    # The demo's walkthrough with Piotr (a new address at Northway's Polish arm), picked.
    app = make_app(demo_db, today=TODAY)

    async def pick(pilot: Pilot[None]) -> None:
        await keys("ctrl+l")(pilot)
        screen = pilot.app.screen
        titles = [m.title for m in screen.meetings]  # type: ignore[attr-defined]
        screen.query_one(DataTable).move_cursor(row=titles.index(PIOTR))
        await keys("enter", "n", "o", "r", "tab", "tab", "space")(pilot)

    assert snap_compare(app, terminal_size=size, run_before=pick)
