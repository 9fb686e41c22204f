"""Snapshots of every key screen on the demo data, two sizes: home, briefing, share queue,
the capture form, search and help."""

from __future__ import annotations

from pathlib import Path

import pytest
from pd_shared import TODAY, fill, settle  # type: ignore[import-not-found]
from textual.pilot import Pilot
from textual.widgets import Input

from prepdeck.app import make_app

SIZES = [pytest.param((100, 32), id="100x32"), pytest.param((80, 24), id="80x24")]


async def loaded(pilot: Pilot[None]) -> None:
    """Every screen loads in a worker: wait for the data, not for a clock. A text field's
    cursor would blink on a timer: it is held still (hidden) so the picture is stable."""
    await settle(pilot.app, pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def press(pilot: Pilot[None], *keys: str) -> None:
    await loaded(pilot)
    await pilot.press(*keys)
    await loaded(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(demo_db, today=TODAY), terminal_size=size, run_before=loaded)


@pytest.mark.parametrize("size", [*SIZES, pytest.param((120, 40), id="120x40")])
def test_briefing(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def open_first(pilot: Pilot[None]) -> None:
        await press(pilot, "enter")

    app = make_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=open_first)


@pytest.mark.parametrize("size", SIZES)
def test_share_queue(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def open_queue(pilot: Pilot[None]) -> None:
        await press(pilot, "ctrl+t")

    app = make_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=open_queue)


@pytest.mark.parametrize("size", SIZES)
def test_capture_note(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def write_note(pilot: Pilot[None]) -> None:
        await press(pilot, "enter", "n")
        fill(pilot.app.screen, text="Daughter starts university in York", when="2026-12-01")
        await loaded(pilot)

    app = make_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=write_note)


@pytest.mark.parametrize("size", SIZES)
def test_search(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def search(pilot: Pilot[None]) -> None:
        await press(pilot, "slash")
        fill(pilot.app.screen, query="freight")
        await loaded(pilot)

    app = make_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=search)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def help_on_briefing(pilot: Pilot[None]) -> None:
        await press(pilot, "enter", "question_mark")

    app = make_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=help_on_briefing)
