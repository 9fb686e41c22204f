"""The app with calendar meetings: `prepdeck --next` opens on that briefing, which shows it."""

from __future__ import annotations

from datetime import date

from meetings_support import WORK_ICS

from prepdeck.app import make_app
from prepdeck.calendar.sync import sync_calendars_async
from prepdeck.screens.briefing import BriefingScreen
from prepdeck.store import Store
from prepdeck.widgets.talk_list import TalkList

TODAY = date(2026, 11, 23)


async def test_opening_on_the_next_meeting_shows_it_and_past_ones(db_path, run) -> None:
    store = Store(db_path)
    patel = store.add_client("Priya Patel", company="Patel & Rowe")
    store.add_contact(
        patel.id, "Priya Patel", role="Finance director", email="priya@patelrowe.example"
    )
    store.add_calendar("work", str(WORK_ICS), "file")
    await sync_calendars_async(store, today=TODAY)
    store.close()
    app = make_app(db_path, today=TODAY, client_id=patel.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        header = str(app.screen.header.render())
        assert "Quarterly review" in header
        assert "https://meet.google.com/abc-defg-hij" in header
        people = str(app.screen.people.render())
        assert "Priya Patel (Finance director)" in people and "Tom Newcomer (new)" in people
        assert "matched by attendee priya@patelrowe.example" in people
        talks = app.screen.query_one(TalkList)
        shown = [str(talks.get_option_at_index(i).prompt) for i in range(talks.option_count)]
        assert any("Catch-up with Patel & Rowe" in s and "from the calendar" in s for s in shown)


def test_next_flag_without_a_meeting_is_one_line(run) -> None:
    result = run("--next")
    assert result.code == 1
    assert result.err == "prepdeck: No upcoming client meeting to open (see `prepdeck next`).\n"
