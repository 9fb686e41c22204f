"""A screen shown again keeps its styles unless the theme changed while it was hidden;
scrolling containers are never Tab stops, so a screen opens on its first field."""

from __future__ import annotations

from pd_sample import Sample  # type: ignore[import-not-found]
from pd_shared import TODAY, settle  # type: ignore[import-not-found]
from test_app_flows import open_priya  # type: ignore[import-not-found]
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widget import Widget

from prepdeck.app import make_app
from prepdeck.screens.clients import ClientsScreen

SIZE = (100, 32)


def holds_stops(widget: Widget | None) -> bool:
    """A scrolling container with Tab stops inside it, which shows no focus itself."""
    return isinstance(widget, ScrollableContainer) and any(
        child.focusable for child in widget.walk_children()
    )


def painted(screen: Screen[object]) -> str:
    """The background the screen's own stylesheet gives it under the app's theme now."""
    return str(screen.styles.background)


async def test_a_theme_chosen_while_a_screen_was_hidden_restyles_it(sample: Sample) -> None:
    """The briefing is kept off the stack between clients, where Textual's restyle for a
    new theme does not reach it."""
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        home = app.screen
        assert isinstance(home, ClientsScreen)
        dark_home = painted(home)
        briefing = await open_priya(app, pilot)
        dark_briefing = painted(briefing)
        await pilot.press("escape")
        await settle(app, pilot)
        app.theme = "textual-light"
        await settle(app, pilot)
        light_home = painted(home)
        assert light_home != dark_home
        await pilot.press("enter")  # the same briefing screen, pushed again
        await settle(app, pilot)
        assert app.screen is briefing and painted(briefing) != dark_briefing
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is home and painted(home) == light_home


async def test_no_scrolling_container_is_a_tab_stop(sample: Sample) -> None:
    """The first focus on each screen is a field or a section, and Tab and shift+tab only
    ever reach those: no container that shows no focus is in the focus chain."""
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        briefing = await open_priya(app, pilot)
        assert briefing.focused is briefing.promises
        assert briefing.query_one("#briefing-body").scroll_y == 0  # opened at the top
        seen = []
        for key in ("e", "c", "a"):  # the client, a new contact, after the meeting
            await pilot.press(key)
            await settle(app, pilot)
            screen = app.screen
            assert screen is not briefing
            assert screen.focused is not None and not holds_stops(screen.focused)
            assert not any(holds_stops(stop) for stop in screen.focus_chain)
            seen.append(type(screen).__name__)
            await pilot.press("escape")
            await settle(app, pilot)
            assert app.screen is briefing
        assert seen == ["ClientFormScreen", "ContactFormScreen", "AfterMeetingScreen"]
        assert not any(holds_stops(stop) for stop in briefing.focus_chain)
