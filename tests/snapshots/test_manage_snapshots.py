"""Snapshots of the screens that change data: forms, feeds, import, welcome; two sizes each."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pd_shared import TODAY, settle  # type: ignore[import-not-found]
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from prepdeck.app import make_app
from prepdeck.store import Store

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def steady(pilot: Pilot[None]) -> None:
    """Workers done, and text cursors held still: a blink timer would move the picture."""
    await settle(pilot.app, pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


def keys(*pressed: str):  # type: ignore[no-untyped-def]
    """Settle, press these keys (settling after each), settle."""

    async def run(pilot: Pilot[None]) -> None:
        await steady(pilot)
        for key in pressed:
            await pilot.press(key)
            await steady(pilot)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_edit_client_form(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=keys("enter", "e"))


@pytest.mark.parametrize("size", SIZES)
def test_new_contact_form(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=keys("enter", "c"))


@pytest.mark.parametrize("size", SIZES)
def test_drop_promise_offers_undo(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """x drops at once (no question); the toast names the promise and the key that undoes."""
    app = make_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=keys("enter", "x"))


@pytest.mark.parametrize("size", SIZES)
def test_feeds_screen(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(demo_db)  # fetched at the clock's time from a temporary folder
    with conn:
        conn.execute("UPDATE feeds SET checked_at = '2026-11-23 07:00:00'")
        conn.execute(
            "UPDATE feeds SET url = 'file:///demo-feeds/' || substr(url, instr(url, 'demo-feeds/')"
            " + 11) WHERE url LIKE 'file:%'"
        )
    conn.close()
    app = make_app(demo_db, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=keys("ctrl+g"))


@pytest.mark.parametrize("size", SIZES)
def test_welcome(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    Store(tmp_path / "empty.db").close()
    app = make_app(tmp_path / "empty.db", today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_import_preview(  # type: ignore[no-untyped-def]
    snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    monkeypatch.chdir(tmp_path)  # a relative path, so the preview reads the same anywhere
    Path("people.csv").write_text(
        "name,company,email,title\n"
        "Lena Berg,Berg AB,lena@berg.example,CFO\n"
        "Ivo Berg,Berg AB,ivo@berg.example,COO\n"
        "Sam Ortiz,,sam@ortiz.example,\n"
    )
    Store(tmp_path / "empty.db").close()
    app = make_app(tmp_path / "empty.db", today=TODAY)

    async def preview(pilot: Pilot[None]) -> None:
        await keys("tab", "enter")(pilot)
        pilot.app.screen.query_one("#path", Input).value = "people.csv"
        await pilot.press("enter")
        await steady(pilot)

    assert snap_compare(app, terminal_size=size, run_before=preview)
