"""Add a feed (a URL or a local file), or change its tags and client: `feed add`'s fields."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widgets import Select

from prepdeck import undo_manage
from prepdeck.errors import PrepdeckError
from prepdeck.models import Feed
from prepdeck.screens.form import FormScreen


class FeedFormScreen(FormScreen):
    """The URL is checked by the same function as `prepdeck feed add` before anything is saved."""

    form_id = "feed-form"

    def __init__(self, clients: list[tuple[str, int]], feed: Feed | None = None) -> None:
        super().__init__()
        self.clients = clients
        self.feed = feed
        self.title_text = f"Feed: {feed.title or feed.url}" if feed else "New feed"

    def fields(self) -> ComposeResult:
        f = self.feed
        if f is None:
            yield from self.text_row("URL or file", "url", "", "https://… or a path to a feed file")
        yield from self.text_row(
            "Tags", "tags", ", ".join(f.tags) if f else "", "industries or topics: a, b"
        )
        client = Select(
            self.clients,
            prompt="no client (industry news)",
            value=f.client_id if f and f.client_id else Select.NULL,
            id="client",
            compact=True,
        )
        yield from self.row("Client", client)

    def on_mount(self) -> None:
        self.query_one("#url" if self.feed is None else "#tags").focus()

    def submit(self) -> None:
        from prepdeck.feeds import feed_url  # what `feed add` calls, so both agree

        tags = [self.value("tags")]
        picked = self.query_one("#client", Select).value
        client_id = picked if isinstance(picked, int) else None
        if self.feed is not None:
            self.write(
                partial(undo_manage.edit_feed, feed_id=self.feed.id, tags=tags, client_id=client_id)
            )
            return
        try:
            url = feed_url(self.value("url"))
        except PrepdeckError as exc:
            self.fail("url", str(exc))
            return
        self.write(partial(undo_manage.add_feed, url=url, tags=tags, client_id=client_id))
