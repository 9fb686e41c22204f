"""The highlighted home row's briefing is built ahead in a thread: Enter uses it only
while the database is as it was, and waits for a build under way rather than racing it."""

from __future__ import annotations

from pd_sample import Sample  # type: ignore[import-not-found]
from pd_shared import TODAY, settle  # type: ignore[import-not-found]

from prepdeck.app import make_app
from prepdeck.briefing import build_briefing
from prepdeck.screens.briefing import BriefingScreen
from prepdeck.screens.clients import ClientsScreen
from prepdeck.store import Store
from prepdeck.widgets.note_list import NoteList

SIZE = (100, 32)


def note_prompts(screen: BriefingScreen) -> list[str]:
    notes = screen.query_one(NoteList)
    return [str(notes.get_option_at_index(i).prompt) for i in range(notes.option_count)]


async def test_enter_shows_the_briefing_built_ahead(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        version = app.store.data_version()
        ahead = app._ahead.ready(sample.priya, version, TODAY)
        assert ahead is not None and ahead.client.id == sample.priya
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, BriefingScreen)
        assert screen.briefing is ahead
        # The same briefing a build on the spot gives.
        assert ahead == build_briefing(app.store, sample.priya, TODAY)


async def test_a_commit_elsewhere_after_the_build_is_not_missed(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        ahead = app._ahead.ready(sample.priya, app.store.data_version(), TODAY)
        assert ahead is not None
        other = Store(sample.path)  # another process's connection: the CLI, a cron job
        try:
            other.add_note(sample.priya, "Ask how the marathon went")
        finally:
            other.close()
        await pilot.press("enter")  # before the app's poll has noticed the change
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, BriefingScreen)
        assert screen.briefing is not ahead
        assert any("marathon" in prompt for prompt in note_prompts(screen))


async def test_enter_waits_for_the_build_under_way(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        with app._lock:  # the worker threads' store is busy: Bob's build waits for it
            await pilot.press("down")  # Bob highlighted
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ClientsScreen)  # not built twice side by side
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, BriefingScreen)
        assert screen.client_id == sample.bob
        assert screen.briefing is app._ahead.ready(sample.bob, app.store.data_version(), TODAY)
