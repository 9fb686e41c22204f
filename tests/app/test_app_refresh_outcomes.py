"""A refresh shows its progress above the footer, then says how it went; failures open the
feeds screen (a toast while the user types in a form); and `o` without a browser shows
the link instead."""

from __future__ import annotations

import socket
import sys
import threading
import webbrowser
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from pd_pilot import open_first, toasts  # type: ignore[import-not-found]
from pd_sample import Sample  # type: ignore[import-not-found]
from pd_shared import TODAY, settle  # type: ignore[import-not-found]
from textual.widgets import Input, Label, Static

from prepdeck.app import PrepdeckApp, make_app
from prepdeck.screens.capture import CaptureScreen
from prepdeck.screens.clients import ClientsScreen
from prepdeck.screens.feeds import FeedsScreen
from prepdeck.store import Store
from prepdeck.widgets.fetch_bar import FetchBar
from prepdeck.widgets.key_bar import KeyBar
from prepdeck.widgets.news_list import NewsList

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "feeds"))
from feeds_support import (  # type: ignore[import-not-found]  # noqa: E402
    FeedServer,
    feed_server,  # noqa: F401 - the scripted server fixture
    item,
    rss,
)


def closed_port() -> int:
    """A port nothing listens on: connecting to it is refused, as when offline."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def only_feeds(sample: Sample, *feeds: tuple[str, str]) -> None:
    store = Store(sample.path)
    store.db.execute("DELETE FROM feeds")
    for url, title in feeds:
        store.add_feed(url, title=title)
    store.close()


async def refresh(app: PrepdeckApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("ctrl+r")
    await settle(app, pilot)


async def test_progress_sits_above_the_footer_and_counts_feeds(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        bar = app.screen.query_one(FetchBar)
        bar.show((3, 10))
        await pilot.pause()
        footer = app.screen.query_one(KeyBar)
        assert bar.region.height == 1 and footer.region.height == 1
        assert bar.region.y == footer.region.y - 1  # its own row, just above the footer
        assert "Refreshing feeds 3 / 10" in str(bar.query_one("#fetch-label", Label).render())


async def test_failed_feeds_open_the_feeds_screen_at_the_first_failure(
    sample: Sample,
    feed_server: FeedServer,  # noqa: F811 - the fixture
) -> None:
    good = feed_server.serve("/feed.xml", rss(item("d1", "Depot opens")))
    only_feeds(sample, (good, "Depot News"), (feed_server.url("/gone.xml"), "Old Wire"))
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        await refresh(app, pilot)
        assert "Refreshed: 1 new article from 2 feeds, 1 failed." in toasts(app)
        screen = app.screen
        assert isinstance(screen, FeedsScreen)
        assert screen.current is not None and screen.current.title == "Old Wire"
        detail = str(screen.query_one("#feed-detail", Static).render())
        assert "Last error" in detail and "404" in detail
        assert not screen.query_one(FetchBar).display
        await pilot.press("escape")  # back where the user was
        await pilot.pause()
        assert isinstance(app.screen, ClientsScreen)


async def test_failures_while_typing_in_a_form_leave_the_focus_there(
    sample: Sample,
    feed_server: FeedServer,  # noqa: F811 - the fixture
) -> None:
    """The refresh starts on the briefing and ends while a form is open over it."""
    answer = threading.Event()

    def held_then_gone(h: BaseHTTPRequestHandler) -> None:
        answer.wait(10)
        h.send_error(404)

    only_feeds(sample, (feed_server.route("/gone.xml", held_then_gone), "Old Wire"))
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        briefing = await open_first(app, pilot)
        app.action_refresh()
        await pilot.pause()
        assert briefing.query_one(FetchBar).display
        await pilot.press("n")  # a note, half typed
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CaptureScreen)
        typing = form.query_one("#text", Input)
        typing.value = "Daughter starts univ"
        answer.set()
        await settle(app, pilot)
        assert app.screen is form and app.focused is typing
        failures = [m for m in toasts(app) if m.startswith("Old Wire: ")]
        assert failures and "404" in failures[0]
        assert failures[0].endswith("The feeds screen (ctrl+p, Feeds) says more.")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is briefing  # and nothing was pushed under the form
        assert not briefing.query_one(FetchBar).display  # its bar, under the form, is done


async def test_every_feed_refused_says_offline(sample: Sample) -> None:
    port = closed_port()
    only_feeds(
        sample,
        (f"http://127.0.0.1:{port}/a.xml", "Wire A"),
        (f"http://127.0.0.1:{port}/b.xml", "Wire B"),
    )
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        await refresh(app, pilot)
        said = toasts(app)
        assert any(m.startswith("You appear to be offline: none of the 2 feeds") for m in said)
        assert not any(m.startswith("Wire A") for m in said)  # no list of the same cause
        assert not isinstance(app.screen, FeedsScreen)  # the network, not the feeds


@pytest.mark.parametrize("broken", ["none", "refuses"])
async def test_o_without_a_browser_shows_the_link(
    sample: Sample, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    class Refusing(webbrowser.BackgroundBrowser):
        def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
            return False

    def get(using: str | None = None) -> webbrowser.BaseBrowser:
        if broken == "none":
            raise webbrowser.Error("could not locate runnable browser")
        return Refusing("true")

    monkeypatch.setattr(webbrowser, "get", get)
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_first(app, pilot)
        news = screen.query_one(NewsList)
        news.focus()
        link = news.current.article.link
        await pilot.press("o")
        await settle(app, pilot)
        said = toasts(app)[-1]
        assert said.startswith("Could not open a browser: ") and said.endswith(f"\n{link}")
