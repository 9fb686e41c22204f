"""Give a meeting that matched no client to one, as `calendar attach` does, and remember
whom it invites as that client's contacts if asked."""

from __future__ import annotations

from functools import partial

from textual import events, on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from prepdeck import undo
from prepdeck.calendar.match import fold
from prepdeck.calendar.unmatched import Invitee, invitees
from prepdeck.models import Client, Meeting
from prepdeck.screens.form import FormScreen
from prepdeck.screens.unmatched_meetings import when


def client_label(client: Client) -> str:
    return client.name + (f" — {client.company}" if client.company else "")


class AttachMeetingScreen(FormScreen):
    """Type to filter the clients, the arrows pick one; tick the invitees to remember."""

    form_id = "attach-form"
    CSS_PATH = "attach_meeting.tcss"

    def __init__(self, meeting: Meeting, clients: list[Client]) -> None:
        super().__init__()
        self.meeting = meeting
        self.clients = clients
        self.invitees: list[Invitee] = invitees(meeting)
        self.title_text = f"Attach “{meeting.title or 'untitled'}” · {when(meeting)}"
        self._folded = {c.id: fold(client_label(c)) for c in clients}

    def fields(self) -> ComposeResult:
        filter_field = Input(placeholder="Type to filter clients", id="client-filter", compact=True)
        yield from self.row("Client", filter_field)
        picker = OptionList(*self._options(""), id="client-list", compact=True)
        yield from self.row("", picker)
        if self.invitees:
            remember = SelectionList[int](
                *((Content(i.label), n) for n, i in enumerate(self.invitees)),
                id="remember",
                compact=True,
            )
            yield from self.row("Remember", remember)
            yield Static(
                Content("Ticked people become contacts of the client (space ticks)."),
                id="remember-note",
                classes="field-note",
            )
        else:
            yield Label(Content("Nobody else is on the invite."), classes="field-note")

    def buttons(self) -> ComposeResult:
        yield Button("Attach  ctrl+s", variant="primary", id="save", compact=True)
        yield Button("Cancel  esc", id="cancel", compact=True)

    def _options(self, needle: str) -> list[Option]:
        wanted = fold(needle.strip())
        return [
            Option(Content(client_label(c)), id=str(c.id))
            for c in self.clients
            if wanted in self._folded[c.id]
        ]

    def on_mount(self) -> None:
        self.query_one("#client-filter").focus()
        self._highlight_first()

    @on(Input.Changed, "#client-filter")
    def _filter(self, event: Input.Changed) -> None:
        picker = self.query_one("#client-list", OptionList)
        picker.clear_options()
        picker.add_options(self._options(event.value))
        self._highlight_first()

    def _highlight_first(self) -> None:
        picker = self.query_one("#client-list", OptionList)
        picker.highlighted = 0 if picker.option_count else None

    def on_key(self, event: events.Key) -> None:
        """The arrows in the filter move the client list, as on home."""
        if self.focused is self.query_one("#client-filter") and event.key in ("down", "up"):
            picker = self.query_one("#client-list", OptionList)
            getattr(picker, f"action_cursor_{event.key}")()
            event.stop()

    @on(OptionList.OptionSelected, "#client-list")
    def _picked(self) -> None:
        self.action_submit()

    @property
    def picked(self) -> int | None:
        picker = self.query_one("#client-list", OptionList)
        if picker.highlighted is None or not picker.option_count:
            return None
        return int(picker.get_option_at_index(picker.highlighted).id or 0)

    def submit(self) -> None:
        client_id = self.picked
        if client_id is None:
            self.fail("client-filter", "No client matches: clear the filter to see them all.")
            return
        remember: list[tuple[str, str]] = []
        if self.invitees:
            chosen = self.query_one("#remember", SelectionList).selected
            remember = [(self.invitees[n].name, self.invitees[n].email) for n in sorted(chosen)]
        self.saving = True
        self.query_one("#form-error").remove_class("-shown")
        self.prepdeck.write(
            partial(
                undo.attach_meeting,
                meeting_id=self.meeting.id,
                client_id=client_id,
                remember=remember,
            ),
            done=lambda reason: self._saved(client_id, reason),
        )
