"""The highlighted home row's briefing is built ahead in a thread: Enter uses it only
while the database is as it was, and waits for a build under way rather than racing it."""

from __future__ import annotations

from pd_sample import Sample  # type: ignore[import-not-found]
from pd_shared import TODAY, settle  # type: ignore[import-not-found]
from textual.pilot import Pilot

from prepdeck.app import BUILD_AHEAD_AFTER, PrepdeckApp, make_app
from prepdeck.briefing import Briefing, build_briefing
from prepdeck.messages import ClientOpenRequested
from prepdeck.screens.briefing import BriefingScreen
from prepdeck.screens.clients import ClientsScreen
from prepdeck.store import Store
from prepdeck.widgets.note_list import NoteList

SIZE = (100, 32)


async def built_ahead(app: PrepdeckApp, pilot: Pilot[None], client_id: int) -> Briefing:
    """Wait for the highlighted client's briefing to be built ahead (the cursor rests first)."""
    for _ in range(500):
        ahead = app._ahead.ready(client_id, app.store.data_version(), TODAY)
        if ahead is not None:
            return ahead
        await pilot.pause(0.01)
    raise AssertionError("the briefing was never built ahead")


def note_prompts(screen: BriefingScreen) -> list[str]:
    notes = screen.query_one(NoteList)
    return [str(notes.get_option_at_index(i).prompt) for i in range(notes.option_count)]


async def test_enter_shows_the_briefing_built_ahead(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        ahead = await built_ahead(app, pilot, sample.priya)
        assert ahead.client.id == sample.priya
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
        ahead = await built_ahead(app, pilot, sample.priya)
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
        await built_ahead(app, pilot, sample.priya)
        with app._lock:  # the worker threads' store is busy: Bob's build waits for it
            await pilot.press("down")  # Bob highlighted
            for _ in range(500):  # until the cursor has rested long enough to start it
                job = app._ahead.current
                if job is not None and job.client_id == sample.bob:
                    break
                await pilot.pause(0.01)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ClientsScreen)  # not built twice side by side
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, BriefingScreen)
        assert screen.client_id == sample.bob
        assert screen.briefing is app._ahead.ready(sample.bob, app.store.data_version(), TODAY)


async def test_enter_before_the_cursor_rests_builds_once_on_the_spot(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await built_ahead(app, pilot, sample.priya)
        # Bob highlighted and opened in one go: the cursor never rested on him.
        app.build_ahead(sample.bob)
        app.open_client(ClientOpenRequested(sample.bob))
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, BriefingScreen) and screen.client_id == sample.bob
        await pilot.pause(2 * BUILD_AHEAD_AFTER)  # past the rest that would start a build
        await settle(app, pilot)
        job = app._ahead.current
        assert job is not None and job.client_id == sample.priya  # none for Bob after all
