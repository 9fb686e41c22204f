"""Every feed with its state, last error in words and next retry; add, edit and remove them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from prepdeck import undo_manage
from prepdeck.feeds.state import describe_state, next_retry
from prepdeck.messages import DataChanged
from prepdeck.models import Feed
from prepdeck.screens.styled_once import StyledOnce
from prepdeck.widgets.fetch_bar import FetchBar
from prepdeck.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from prepdeck.app import PrepdeckApp

EMPTY = (
    "No feeds yet. Press a to add one: a web address (https://…/feed) or the path of a "
    "feed file. Tag it with the industries it covers; tie it to a client for their newsroom."
)


@dataclass
class FeedRow:
    """One feed as the screen lists it."""

    feed: Feed
    client: str
    articles: int


class FeedsScreen(StyledOnce, Screen[None]):
    """A table of feeds; the highlighted feed's last error and next retry below it."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="feeds.back", tooltip="Back"),
        Binding("a", "add", "Add", id="feeds.add", tooltip="Add a feed by URL or file"),
        Binding(
            "e,t", "edit", "Tags/client", id="feeds.edit", tooltip="Tag it, tie it to a client"
        ),
        Binding(
            "delete,x",
            "remove",
            "Remove",
            id="feeds.remove",
            tooltip="Remove it and its articles (undo brings them back)",
        ),
        Binding(
            "u",
            "app.undo",
            "Undo",
            id="feeds.undo",
            tooltip="Undo the newest change made in the app, whichever it was",
            show=False,
        ),
    ]
    GLOBAL_KEYS_SHOWN = ("refresh",)  # the App's, in this footer too

    @dataclass
    class Loaded(Message):
        """The feeds were read from the store."""

        rows: list[FeedRow]
        clients: list[tuple[str, int]]

    def __init__(self, *, failing_first: bool = False) -> None:
        super().__init__()
        self.failing_first = failing_first  # opened by a refresh: the cursor on a failure
        self.rows: list[FeedRow] = []
        self.clients: list[tuple[str, int]] = []

    @property
    def prepdeck(self) -> PrepdeckApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        table: DataTable[Text] = DataTable(id="feeds-table", cursor_type="row")
        table.border_title = "Feeds"
        yield table
        yield Static("", id="feed-detail")
        yield FetchBar()
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Feeds"
        self.load()

    @on(DataChanged)
    def _changed(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="feeds", exit_on_error=False)
    def load(self) -> None:
        with self.prepdeck.db() as store:
            names = {c.id: c.name for c in store.list_clients()}
            counts = store.article_counts_by_feed()
            rows = [
                FeedRow(f, names.get(f.client_id, "") if f.client_id else "", counts.get(f.id, 0))
                for f in store.list_feeds()
            ]
        clients = sorted(((name, cid) for cid, name in names.items()), key=lambda c: c[0].lower())
        self.post_message(self.Loaded(rows, clients))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.rows, self.clients = event.rows, event.clients
        table = self.query_one(DataTable)
        current = table.cursor_row
        table.clear(columns=True)
        # The name is cut at 36 cells so the state still shows at 80 columns.
        longest = max((len(r.feed.title or r.feed.url) for r in self.rows), default=4)
        table.add_column("Feed", width=max(4, min(36, longest)))
        table.add_columns("State", "Next try", "Articles", "Tags", "Client")
        for row in self.rows:
            f = row.feed
            failing = bool(f.error_count or f.gone)
            # rich Text, never str: a DataTable parses a str cell as markup.
            table.add_row(
                Text(f.title or f.url, no_wrap=True, overflow="ellipsis"),
                Text(describe_state(f), style="bold red" if failing else ""),
                Text(next_retry(f)),
                Text(str(row.articles), justify="right"),
                Text(", ".join(f.tags)),
                Text(row.client),
                key=str(f.id),
            )
        table.border_title = Content(f"Feeds · {len(self.rows)}")
        if self.rows:
            table.move_cursor(row=min(current, len(self.rows) - 1))
        failures = [i for i, r in enumerate(self.rows) if r.feed.error_count or r.feed.gone]
        if self.failing_first and failures:
            table.move_cursor(row=failures[0])
        self.failing_first = False
        self._show_detail()
        self.refresh_bindings()  # edit and remove need a feed

    def show_failing(self) -> None:
        """Read the feeds again and put the cursor on the first failing one."""
        self.failing_first = True
        self.load()

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        detail = self.query_one("#feed-detail", Static)
        feed = self.current
        if feed is None:
            detail.update(Content(EMPTY) if not self.rows else "")
            return
        lines = [Content.assemble(("URL ", "$text-muted"), feed.url)]
        if feed.last_error and (feed.error_count or feed.gone):
            lines.append(Content.assemble(("Last error ", "$error"), feed.last_error))
        retry = next_retry(feed)
        if retry:
            lines.append(Content.assemble(("Next try ", "$text-muted"), retry))
        checked = f"{feed.checked_at:%Y-%m-%d %H:%M}" if feed.checked_at else "never"
        lines.append(Content.styled(f"Checked {checked}", "$text-muted"))
        detail.update(Content("\n").join(lines))

    @property
    def current(self) -> Feed | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row].feed

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "remove"):
            return self.current is not None
        return True

    def palette_commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        """The palette's entries on this screen: add, and edit or remove the highlighted feed."""
        found: list[tuple[str, Callable[[], Any], str]] = [
            ("feeds: Add a feed", self.action_add, "A URL or a feed file (a)")
        ]
        if self.current is not None:
            name = self.current.title or self.current.url
            found += [
                (f"feeds: Tags and client of {name}", self.action_edit, "(t)"),
                (f"feeds: Remove {name}", self.action_remove, "Undo brings it back (x)"),
            ]
        return found

    def action_add(self) -> None:
        from prepdeck.screens.feed_form import FeedFormScreen

        self.app.push_screen(FeedFormScreen(self.clients))

    @on(DataTable.RowSelected)
    def action_edit(self) -> None:
        from prepdeck.screens.feed_form import FeedFormScreen

        if self.current is not None:
            self.app.push_screen(FeedFormScreen(self.clients, self.current))

    def action_remove(self) -> None:
        """Removes the feed and its stored articles at once; the toast offers undo, which
        puts them all back (the app's one rule for destructive keys)."""
        feed = self.current
        if feed is not None:
            self.prepdeck.write(partial(undo_manage.remove_feed, feed_id=feed.id))


def open_feeds(app: PrepdeckApp, *, failing_first: bool = False) -> None:
    """The feeds screen, once: from the palette, home, or a refresh that failed."""
    if not isinstance(app.screen, FeedsScreen):
        app.push_screen(FeedsScreen(failing_first=failing_first))
