"""Snapshots of the home, briefing and share queue screens on the demo data, two sizes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from prepdeck.app import make_app

TODAY = date(2026, 11, 23)  # the demo is built for this day too (see conftest)

SIZES = [pytest.param((100, 32), id="100x32"), pytest.param((80, 24), id="80x24")]


async def settle(pilot: Pilot[None]) -> None:
    """Every screen loads in a worker: wait for the data, not for a clock."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(demo_db, today=TODAY), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_briefing(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def open_first(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    app = make_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=open_first)


@pytest.mark.parametrize("size", SIZES)
def test_share_queue(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def open_queue(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)

    app = make_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=open_queue)
