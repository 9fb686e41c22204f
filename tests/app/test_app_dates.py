"""Pilot tests for typed dates in the app's forms (issue 12 §3): the reading beside the
field, the error that clears once fixed, a past due date asked about once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pd_sample import Sample  # type: ignore[import-not-found]
from pd_shared import TODAY, fill, settle  # type: ignore[import-not-found]
from textual.widgets import Input, Label, Static

from prepdeck.app import PrepdeckApp, make_app
from prepdeck.screens.briefing import BriefingScreen
from prepdeck.screens.capture import CaptureScreen

SIZE = (100, 32)


def due_dates(path: Path, text: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT due_on FROM promises WHERE text = ?", (text,)).fetchall()
    finally:
        conn.close()


async def promise_form(app: PrepdeckApp, pilot) -> CaptureScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, BriefingScreen)
    await pilot.press("p")
    await pilot.pause()
    assert isinstance(app.screen, CaptureScreen)
    return app.screen


def reading(screen: CaptureScreen) -> str:
    return str(screen.query_one("#when-reading", Label).render())


async def test_the_field_shows_the_day_it_reads_while_typing(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        form = await promise_form(app, pilot)
        fill(form, text="Send the deck", when="friday")
        await pilot.pause()
        assert reading(form) == "Fri 27 Nov · in 4 days"
        form.query_one("#when", Input).value = "next tue 10"
        await pilot.pause()
        assert reading(form) == "?"
        form.query_one("#when", Input).value = "5 Dec"
        await pilot.pause()
        assert reading(form) == "Sat 5 Dec · in 12 days"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert due_dates(sample.path, "Send the deck") == [("2026-12-05",)]


async def test_the_error_clears_as_soon_as_the_value_is_fixed(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        form = await promise_form(app, pilot)
        fill(form, text="Call back", when="2026-02-30")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = form.query_one("#when-error", Static)
        assert error.has_class("-shown")
        assert "30 February 2026 does not exist" in str(error.render())
        form.query_one("#when", Input).focus()
        await pilot.press("end", "backspace")  # the user starts fixing it
        await pilot.pause()
        assert not error.has_class("-shown"), "the reason goes once the value changes"
        assert not form.query_one("#when", Input).has_class("-invalid")


async def test_a_past_due_date_is_asked_about_once(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        form = await promise_form(app, pilot)
        fill(form, text="Send the minutes", when="3 days ago")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form, "the first save asks"
        error = form.query_one("#when-error", Static)
        assert "Fri 20 Nov 2026 is in the past" in str(error.render())
        assert due_dates(sample.path, "Send the minutes") == []
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is not form, "saving again keeps it"
        assert due_dates(sample.path, "Send the minutes") == [("2026-11-20",)]
