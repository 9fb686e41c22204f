"""Home: the today strip and the client table, filtered as you type; Enter opens a briefing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, DataTable, Header, Input

from prepdeck.briefing import ClientRow, client_rows
from prepdeck.due import DueItem, due_items
from prepdeck.messages import ClientOpenRequested, DataChanged
from prepdeck.screens.home_actions import HomeActionsMixin, archived_note
from prepdeck.screens.styled_once import StyledOnce
from prepdeck.widgets.client_table import ClientTable, matches, quick_row, sort_key
from prepdeck.widgets.fetch_bar import FetchBar
from prepdeck.widgets.key_bar import KeyBar
from prepdeck.widgets.today_strip import TodayStrip
from prepdeck.widgets.welcome import Welcome

if TYPE_CHECKING:
    from prepdeck.app import PrepdeckApp


class ClientsScreen(StyledOnce, HomeActionsMixin, Screen[None]):
    """The home screen: everyone you look after, the soonest meeting first."""

    # Focused as it is composed, before the first frame: focusing it from on_mount restyled
    # the table after it was painted, and each restyle repaints every visible row again.
    AUTO_FOCUS = "#clients"
    LEGEND = (
        "Health: ● last contact within the client's cadence (amber when it has slipped), "
        "○ no contact logged yet; ↗ → ↘ satisfaction trend, · no trend yet (too few scores); "
        "! an open complaint, ⚑ needs attention (the briefing "
        "says why). Promises: how many are open, and how many of them are late. "
        "Send: articles marked to send them."
    )

    BINDINGS = [
        Binding("escape", "clear_filter", "Clear filter", id="home.clear", show=False),
        Binding("ctrl+n", "new_client", "New", id="home.new_client", tooltip="Add a client"),
        Binding(
            "ctrl+o",
            "toggle_archived",
            "Archived",
            id="home.archived",
            tooltip="Show or hide clients whose status is ended",
        ),
        Binding("ctrl+g", "feeds", "Feeds", id="home.feeds", tooltip="Add, tag and remove feeds"),
        Binding(
            "ctrl+l",
            "meetings",
            "Meetings",
            id="home.meetings",
            tooltip="Calendar meetings that matched no client: attach them",
        ),
        # Quick capture for the highlighted client. Alt, because plain letters filter.
        Binding("alt+n", "capture('note')", "Note", id="home.note", tooltip="Add a note"),
        Binding("alt+p", "capture('promise')", "Promise", id="home.promise", tooltip="Add one"),
        Binding("alt+l", "capture('interaction')", "Log", id="home.log", tooltip="Log a talk"),
    ]
    GLOBAL_KEYS_SHOWN = ("share_queue", "refresh", "quit")  # the App's, in this footer too

    @dataclass
    class Loaded(Message):
        """Every client's row, with health and counts, was read from the store."""

        rows: list[ClientRow]

    @dataclass
    class Listed(Message):
        """The table has been painted with every client (tests and the benchmark wait on it)."""

        count: int

    @dataclass
    class DueLoaded(Message):
        """Today's meetings, promises due and people to ask about were read."""

        due: list[DueItem]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ClientRow] = []
        self.stale = False
        self.show_archived = False
        # Briefings are built ahead only once start-up's worker is done: its thread
        # would otherwise compete with the first paint and the health figures.
        self.started = False

    @property
    def prepdeck(self) -> PrepdeckApp:
        return self.app

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield TodayStrip("Reading today's meetings, promises due and follow-ups…", id="today")
        yield Input(
            placeholder="Type to filter clients…", id="filter", compact=True, select_on_focus=False
        )
        yield ClientTable(id="clients")
        yield Welcome(id="welcome")
        yield FetchBar()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#welcome").display = False
        self.watch(self.app, "theme", lambda _: self.redraw(), init=False)
        # Names and meetings first, on this thread (one quick query), so the table is usable
        # at once; health, counts and the today strip follow from a worker.
        app = self.prepdeck
        quick = [quick_row(client) for client in app.store.list_clients()]
        quick.sort(key=lambda row: sort_key(row, app.today))
        self._loaded(self.Loaded(quick))
        # Start the worker after the list is painted: its Python-heavy health figures would
        # otherwise hold the GIL while the first frame waits.
        self.call_after_refresh(self.load)

    def on_screen_resume(self) -> None:
        if self.stale:
            self.load()

    @on(DataChanged)
    def _changed(self) -> None:
        # Hidden under a briefing, only note it: reloading now would slow the screen in use.
        self.stale = True
        if self.is_current:
            self.load()

    @work(thread=True, exclusive=True, group="home", exit_on_error=False)
    def load(self) -> None:
        """Read in a thread: 500 clients with their health is a few dozen queries."""
        self.stale = False
        app = self.prepdeck
        with app.db() as store:
            rows = client_rows(store, app.today)
            rows.sort(key=lambda row: sort_key(row, app.today))
            self.post_message(self.Loaded(rows))
            due = due_items(store, app.today, 7)
        self.post_message(self.DueLoaded(due))

    @on(DueLoaded)
    def _due_loaded(self, event: DueLoaded) -> None:
        self.query_one(TodayStrip).show(event.due, self.prepdeck.today)
        if not self.started:
            self.started = True
            key = self.query_one(ClientTable).current_key()
            if key is not None:
                self.prepdeck.build_ahead(int(key))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.rows = event.rows
        empty = not self.rows
        self.query_one("#welcome").display = empty
        for widget in ("#today", "#filter", "#clients"):
            self.query_one(widget).display = not empty
        if empty:
            self.call_after_refresh(self.query_one("#welcome-new-client").focus)
        elif self.focused is None:
            self.query_one(ClientTable).focus()
        self.redraw()
        self.call_after_refresh(self.post_message, self.Listed(len(self.rows)))

    def redraw(self) -> None:
        needle = self.query_one("#filter", Input).value
        listed = self.rows if self.show_archived else [r for r in self.rows if r.status != "ended"]
        shown = [row for row in listed if matches(row, needle)]
        table = self.query_one(ClientTable)
        table.show(shown, self.prepdeck.today, width=self.size.width)
        title = f"Clients ({len(shown)} of {len(listed)})" if needle else "Clients"
        note = archived_note(len(self.rows) - len(listed), self.show_archived)
        table.border_title = Content(title + note)

    def on_resize(self, event: events.Resize) -> None:
        if self.rows and event.size.width != self.query_one(ClientTable).laid_out_for:
            self.redraw()

    @on(Input.Changed, "#filter")
    def _filter(self) -> None:
        self.redraw()

    def on_key(self, event: events.Key) -> None:
        """Letters typed on the table filter it; arrows in the filter move the table.

        The table keeps focus while the filter fills: moving focus on the first letter raced
        keys typed ahead, which the app had already sent to the table, against the ones sent
        to the filter after it, and lost or reordered them. One receiver keeps them in order.
        """
        table = self.query_one(ClientTable)
        field = self.query_one("#filter", Input)
        bound = event.key in self.active_bindings  # "/" and "?" stay commands
        if self.focused is table and not bound:
            if event.is_printable and event.character:
                field.insert_text_at_cursor(event.character)
                event.stop()
            elif event.key == "backspace":
                field.action_delete_left()
                event.stop()
        elif self.focused is field and event.key in ("down", "up", "pagedown", "pageup"):
            table.focus()
            getattr(table, f"action_{'cursor_' if 'page' not in event.key else ''}{event.key}")()
            event.stop()

    @on(Button.Pressed, "#welcome Button")
    async def _welcome(self, event: Button.Pressed) -> None:
        action = (event.button.id or "").removeprefix("welcome-").replace("-", "_")
        await self.run_action(action)

    @on(Input.Submitted, "#filter")
    def _open_first(self) -> None:
        table = self.query_one(ClientTable)
        key = table.current_key()
        if key is not None:
            self.post_message(ClientOpenRequested(int(key)))

    @on(DataTable.RowHighlighted)
    def _build_ahead(self, event: DataTable.RowHighlighted) -> None:
        # Enter most often follows: its briefing is built while the user reads the row.
        if self.started and event.row_key.value is not None:
            self.prepdeck.build_ahead(int(event.row_key.value))

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(ClientOpenRequested(int(event.row_key.value)))

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = ""
        self.query_one(ClientTable).focus()
