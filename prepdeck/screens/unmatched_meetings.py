"""Calendar meetings that matched no client, recent and upcoming; Enter attaches one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from prepdeck.calendar.unmatched import AHEAD_DAYS, PAST_DAYS, invitees, unmatched_meetings
from prepdeck.messages import DataChanged
from prepdeck.models import Client, Meeting
from prepdeck.screens.styled_once import StyledOnce
from prepdeck.widgets.fetch_bar import FetchBar
from prepdeck.widgets.key_bar import KeyBar
from prepdeck.wording import relative_days

if TYPE_CHECKING:
    from prepdeck.app import PrepdeckApp

EMPTY = (
    f"Every calendar meeting from {PAST_DAYS} days ago to {AHEAD_DAYS} days ahead is with a "
    "client (or no calendar is added yet: `prepdeck calendar add FILE|FOLDER|URL`)."
)


def when(meeting: Meeting) -> str:
    clock = "all day" if meeting.all_day else f"{meeting.start:%H:%M}"
    return f"{meeting.start:%a %d %b} {clock}"


def who(meeting: Meeting) -> str:
    """The invitees by name, the first two and how many more."""
    names = [i.name for i in invitees(meeting)]
    if len(names) > 2:
        return f"{names[0]}, {names[1]} +{len(names) - 2}"
    return ", ".join(names)


class UnmatchedMeetingsScreen(StyledOnce, Screen[None]):
    """A table of unmatched meetings; the highlighted one's details below it."""

    CSS_PATH = "unmatched_meetings.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="meetings.back", tooltip="Back"),
        Binding(
            "enter,a",
            "attach",
            "Attach",
            id="meetings.attach",
            tooltip="Give the meeting to a client; remember its invitees as contacts",
        ),
    ]
    GLOBAL_KEYS_SHOWN = ("refresh",)  # the App's, in this footer too (it syncs calendars)

    @dataclass
    class Loaded(Message):
        """The unmatched meetings were read from the store."""

        meetings: list[Meeting]
        clients: list[Client]

    def __init__(self) -> None:
        super().__init__()
        self.meetings: list[Meeting] = []
        self.clients: list[Client] = []
        self.loaded = False

    @property
    def prepdeck(self) -> PrepdeckApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        table: DataTable[Text] = DataTable(id="unmatched-table", cursor_type="row")
        table.border_title = "Meetings with no client"
        yield table
        yield Static("", id="unmatched-detail")
        yield FetchBar()
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Unmatched meetings"
        self.load()

    @on(DataChanged)
    def _changed(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="unmatched", exit_on_error=False)
    def load(self) -> None:
        with self.prepdeck.db() as store:
            meetings = unmatched_meetings(store, self.prepdeck.today)
            clients = store.list_clients()
        self.post_message(self.Loaded(meetings, clients))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        first_load = not self.loaded
        self.loaded = True
        table = self.query_one(DataTable)
        current = table.cursor_row
        self.meetings, self.clients = event.meetings, event.clients
        table.clear(columns=True)
        longest = max((len(m.title) for m in self.meetings), default=7)
        table.add_column("When", width=16)
        table.add_column("Day", width=11)
        table.add_column("Meeting", width=max(7, min(34, longest)))
        table.add_column("Invited")
        today = self.prepdeck.today
        for m in self.meetings:
            days = (m.start.date() - today).days
            # rich Text, never str: a DataTable parses a str cell as markup.
            table.add_row(
                Text(when(m)),
                Text(relative_days(days), style="bold" if days == 0 else "dim" if days < 0 else ""),
                Text(m.title or "untitled", no_wrap=True, overflow="ellipsis"),
                Text(who(m), no_wrap=True, overflow="ellipsis"),
                key=str(m.id),
            )
        table.border_title = Content(f"Meetings with no client · {len(self.meetings)}")
        if self.meetings:
            if first_load:  # start on the first one still ahead: the past is for logging
                ahead = (i for i, m in enumerate(self.meetings) if m.start.date() >= today)
                current = next(ahead, len(self.meetings) - 1)
            table.move_cursor(row=min(current, len(self.meetings) - 1))
        self._show_detail()
        self.refresh_bindings()  # attach needs a meeting

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        detail = self.query_one("#unmatched-detail", Static)
        meeting = self.current
        if meeting is None:
            detail.update(Content(EMPTY) if self.loaded and not self.meetings else "")
            return
        lines = [Content.assemble((meeting.title or "untitled", "bold"), "  ", when(meeting))]
        where = meeting.location or meeting.video
        if where:
            lines.append(Content.assemble(("Where ", "$text-muted"), where))
        people = invitees(meeting)
        if people:
            names = ", ".join(p.label for p in people)
            lines.append(Content.assemble(("Invited ", "$text-muted"), names))
        lines.append(
            Content.styled(
                "⏎ gives it to a client, and can remember who is invited.", "$text-muted"
            )
        )
        detail.update(Content("\n").join(lines))

    @property
    def current(self) -> Meeting | None:
        table = self.query_one(DataTable)
        if not self.meetings or table.cursor_row >= len(self.meetings):
            return None
        return self.meetings[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "attach":
            return self.current is not None
        return True

    def palette_commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        """The palette's entry on this screen: attach the highlighted meeting."""
        meeting = self.current
        if meeting is None:
            return []
        title = f"calendar: Attach {meeting.title or 'untitled'} ({when(meeting)}) to a client"
        return [(title, self.action_attach, "And remember its invitees as contacts (⏎)")]

    @on(DataTable.RowSelected)
    def action_attach(self) -> None:
        from prepdeck.screens.attach_meeting import AttachMeetingScreen

        meeting = self.current
        if meeting is not None:
            self.app.push_screen(AttachMeetingScreen(meeting, self.clients))


def open_unmatched_meetings(app: PrepdeckApp) -> None:
    """The unmatched meetings screen, once: from home's key or the palette."""
    if not isinstance(app.screen, UnmatchedMeetingsScreen):
        app.push_screen(UnmatchedMeetingsScreen())
