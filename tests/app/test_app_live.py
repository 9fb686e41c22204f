"""Live: writes by another process show up in the running app, and today rolls over."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from pd_pilot import open_first  # type: ignore[import-not-found]
from pd_sample import Sample  # type: ignore[import-not-found]
from pd_shared import TODAY, settle  # type: ignore[import-not-found]

from prepdeck.app import make_app
from prepdeck.screens.clients import ClientsScreen
from prepdeck.store import Store
from prepdeck.widgets.client_table import ClientTable
from prepdeck.widgets.note_list import NoteList
from prepdeck.widgets.promise_list import PromiseList

SIZE = (100, 32)


def names(table: ClientTable) -> list[str]:
    return [str(table.get_row_at(i)[0]).split(" (")[0] for i in range(table.row_count)]


async def test_a_client_added_by_another_process_appears_on_home(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(ClientTable)
        await pilot.press("down")  # the cursor on Bob, the second row
        assert table.current_key() == str(sample.bob)
        app.poll()  # nothing written: nothing to do
        command = [
            sys.executable,
            "-m",
            "prepdeck",
            "client",
            "add",
            "Aaron Able",
            "--db",
            str(sample.path),
        ]
        subprocess.run(command, check=True, capture_output=True)
        app.poll()  # what the interval runs every second
        await settle(app, pilot)
        assert "Aaron Able" in names(table)
        assert table.current_key() == str(sample.bob)  # the cursor stayed on Bob


async def test_an_open_briefing_redraws_a_note_written_elsewhere(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(app, pilot)
        promises = screen.query_one(PromiseList)
        await pilot.press("down")
        kept_on = promises.highlighted
        other = Store(sample.path)
        other.add_note(sample.priya, "Ask about the Gdansk depot", ask_on=TODAY)
        other.close()
        app.poll()
        await settle(app, pilot)
        texts = [n.text for n in screen.query_one(NoteList).records.values()]
        assert "Ask about the Gdansk depot" in texts
        assert promises.highlighted == kept_on and promises.has_focus


async def test_own_writes_are_not_redrawn_twice(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await open_first(app, pilot)
        await pilot.press("space")
        await settle(app, pilot)
        version = app._seen_version
        app.poll()
        assert app._seen_version == version  # the keep was ours: already drawn


async def test_today_rolls_over_at_midnight(sample: Sample) -> None:
    clock = [TODAY]  # what the app's clock reads (the interval may poll it at any time)
    app = make_app(sample.path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ClientsScreen)
        table = app.screen.query_one(ClientTable)
        assert "today" in str(table.get_row_at(0)[2])
        app.clock = lambda: clock[0]
        app.poll()  # still the 23rd
        assert app.today == TODAY
        clock[0] = date(2026, 11, 24)
        app.poll()  # past midnight
        await settle(app, pilot)
        assert app.today == date(2026, 11, 24)
        meeting = str(table.get_row_at(0)[2])  # Priya's meeting was "today 10:00"
        assert "today" not in meeting
