"""Every screen, title, toast and palette entry of the app with hostile values in every field."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_catalogue import ESCAPES, unsafe_characters  # type: ignore[import-not-found]
from hostile_catalogue import hostile as hostile_text  # type: ignore[import-not-found]
from hostile_catalogue_db import catalogue_db  # type: ignore[import-not-found]
from hostile_data import TODAY, Hostile  # type: ignore[import-not-found]
from hostile_support import store_raw  # type: ignore[import-not-found]
from pd_shared import settle  # type: ignore[import-not-found]
from textual.command import CommandPalette
from textual.widgets import Input

from prepdeck.app import PrepdeckApp, make_app
from prepdeck.messages import ClientOpenRequested
from prepdeck.screens.article import ArticleScreen
from prepdeck.screens.briefing import BriefingScreen
from prepdeck.screens.capture import CaptureScreen
from prepdeck.screens.help import HelpScreen
from prepdeck.screens.search import SearchScreen
from prepdeck.screens.share_queue import ShareQueueScreen
from prepdeck.widgets.news_list import NewsList
from prepdeck.widgets.promise_list import PromiseList

SIZE = (180, 50)


def screen_text(app: PrepdeckApp) -> str:
    """What the screen shows, after checking that no part of it carries a click action.

    Parsed markup would leave an "@click" in a segment's meta (a click then runs it);
    reading the compositor's strips is the one way to see every painted cell, toasts
    and border titles included.
    """
    strips = app.screen._compositor.render_strips()
    actions = [
        str(seg.style.meta.get("@click"))
        for strip in strips
        for seg in strip
        if seg.style is not None and seg.style.meta.get("@click")
    ]
    assert not [a for a in actions if "screenshot" in a or "quit" in a], actions
    text = "\n".join(strip.text for strip in strips)
    unsafe_lines = [line for line in text.splitlines() if unsafe_characters(line)]
    assert unsafe_lines == []
    return text


@pytest.fixture
def hostile(
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> Hostile:
    """The whole catalogue through every input path (markup in every field, escapes too)."""
    monkeypatch.chdir(tmp_path)  # where the screenshot action would write "shots/x.svg"
    return catalogue_db(db_path, tmp_path_factory.getbasetemp() / "catalogue")


async def test_every_screen_shows_hostile_text_as_text(hostile: Hostile, tmp_path: Path) -> None:
    app = make_app(hostile.path, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        home = screen_text(app)
        assert "[UK]" in home and "[@click=app.quit]Q[/] second" in home

        await pilot.press("ctrl+p")  # names and companies, as the palette lists them
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        app.screen.query_one(Input).value = "Cat0"
        await settle(app, pilot)
        palette = screen_text(app)
        assert "client: Open Cat01 Eve [@click=app.quit]Q[/]" in palette
        assert "Briefing for Cat03 Acme [UK] Ltd (Acme [UK] Ltd)" in palette
        app.screen.query_one(Input).value = "Mal"
        await settle(app, pilot)
        found = screen_text(app)
        assert "[@click=app.screenshot('x.svg','shots')]Smith[/]" in found
        assert "Acme [ref=ABC:123] Acme [UK] Ltd" in found
        await pilot.press("escape")

        app.post_message(ClientOpenRequested(hostile.client_id))
        await settle(app, pilot)
        assert isinstance(app.screen, BriefingScreen)
        briefing = screen_text(app)
        for shown in (
            "for Mal [@click=app.screenshot('x.svg','shots')]Smith[/] [UK]",
            "Promise Eve [@click=app.quit]Q[/] Acme [UK] Ltd",
            "Talk Acme [ref=ABC:123]",
            "[sic]",
            "Feed Eve [@click=app.quit]Q[/] [UK]",
        ):
            assert shown in briefing, shown

        await pilot.press("ctrl+p")  # the briefing's own palette entries name the client
        await settle(app, pilot)
        app.screen.query_one(Input).value = "note"
        await settle(app, pilot)
        assert "note: Add a note for Mal [@click=app.screenshot" in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)

        for key in ("n", "p", "l"):
            await pilot.press(key)
            await settle(app, pilot)
            assert isinstance(app.screen, CaptureScreen)
            assert "· Mal [@click=app.screenshot('x.svg','shots')]Smith[/] [UK]" in screen_text(app)
            await pilot.press("escape")
            await settle(app, pilot)

        await pilot.press("n")  # a form saving the catalogue: its toast and the notes
        await settle(app, pilot)
        app.screen.query_one("#text", Input).value = hostile_text("form")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert "Added note “" in screen_text(app)

        app.screen.query_one(PromiseList).focus()
        await pilot.press("space")  # keeps it: the toast quotes the promise
        await settle(app, pilot)
        shown = screen_text(app)  # the toast wraps at the client's name: each piece literal
        assert "Kept promise “Promise Eve [@click=app.quit]Q[/] Acme [UK]" in shown, shown

        news = app.screen.query_one(NewsList)
        news.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert "Summary Acme [ref=ABC:123] Eve [@click=app.quit]Q[/] [pdf]" in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)
        app.screen.query_one(NewsList).focus()
        await pilot.press("m")
        await settle(app, pilot)
        assert "Marked “Battery Poland" in screen_text(app)

        app.clear_notifications()  # toasts would cover the draft's border
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert isinstance(app.screen, ShareQueueScreen)
        queue = screen_text(app)
        assert "to Mal [@click=app.screenshot" in queue and "[sic]" in queue
        await pilot.press("c")  # copy: a toast
        await settle(app, pilot)
        assert "Sent to your terminal's clipboard" in screen_text(app)
        await pilot.press("i")  # the sender form
        await settle(app, pilot)
        screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        assert "Note to Mal [@click=app.screenshot" in screen_text(app)
        await pilot.press("escape", "escape")
        await settle(app, pilot)

        await pilot.press("slash")
        await settle(app, pilot)
        assert isinstance(app.screen, SearchScreen)
        app.screen.query_one("#query", Input).value = "battery"
        await settle(app, pilot)
        assert "[@click=app.quit]" in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)

        await pilot.press("question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.is_running
    assert app.return_code in (0, None)
    assert not (tmp_path / "shots").exists()


async def test_text_stored_raw_by_an_older_release_never_reaches_the_screen(
    hostile: Hostile,
) -> None:
    """Escapes written straight into the database: shown without them, and no crash
    (Textual's renderer raised on an ESC in a note)."""
    store_raw(hostile.path, hostile_text("raw", *ESCAPES))
    app = make_app(hostile.path, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        screen_text(app)  # checks every painted cell
        app.post_message(ClientOpenRequested(hostile.client_id))
        await settle(app, pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert "invoicegnp.exe isonulbyteraw" in screen_text(app)
        await pilot.press("slash")
        await settle(app, pilot)
        app.screen.query_one("#query", Input).value = "invoicegnp"
        await settle(app, pilot)
        assert "invoicegnp" in screen_text(app)
        assert app.is_running
