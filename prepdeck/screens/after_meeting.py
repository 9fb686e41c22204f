"""After the meeting, one guided form: what was said, promises made and kept, the next
meeting; saved in one transaction, then on to the articles worth sending."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    Header,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from prepdeck import undo_manage
from prepdeck.dates import parse_date, parse_datetime
from prepdeck.errors import PrepdeckError
from prepdeck.models import Client, Contact, Meeting, Promise
from prepdeck.screens.styled_once import StyledOnce
from prepdeck.store.after_meeting import MeetingRecord, was_the_next_meeting
from prepdeck.widgets.date_field import DateField
from prepdeck.widgets.key_bar import KeyBar
from prepdeck.widgets.scroll_body import ScrollBody

if TYPE_CHECKING:
    from prepdeck.app import PrepdeckApp

NEW_KIND = "\x00new"  # the Select's "another kind…" entry: no real kind can be this
SCORES = [
    ("no score", 0),
    *(
        (f"{n} {w}", n)
        for n, w in enumerate(
            ("very unhappy", "unhappy", "neutral", "happy", "very happy"), start=1
        )
    ),
]
FIRST_PROMISE_ROWS = 2


class AfterMeetingScreen(StyledOnce, Screen[bool]):
    """Dismissed with True once everything has committed (the briefing then goes to the
    news to send); a failed save keeps every field as typed and says why."""

    CSS_PATH = "after_meeting.tcss"
    SUB_TITLE = "After the meeting"
    IS_FORM = True  # a refresh that fails does not take the focus from it
    AUTO_FOCUS = ""  # on_mount focuses what was said
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="after.save", tooltip="Save it all", priority=True),
        Binding("ctrl+n", "add_promise", "Another promise", id="after.promise", priority=True),
        Binding("escape", "cancel", "Cancel", id="after.cancel", tooltip="Close, saving nothing"),
    ]

    def __init__(
        self,
        client: Client,
        contacts: list[Contact],
        open_promises: list[Promise],
        kinds: list[str],
        today: date,
        meeting: Meeting | None = None,
    ) -> None:
        super().__init__()
        self.client = client
        self.contacts = contacts
        self.open_promises = open_promises
        self.kinds = kinds
        self.today = today
        self.meeting = meeting
        self.saving = False
        self.promise_rows = 0
        self.past_accepted: set[str] = set()

    # -- layout ------------------------------------------------------------
    def compose(self) -> ComposeResult:
        meeting = self.meeting
        on = meeting.start.date() if meeting else self.today
        yield Header(icon="◆")
        with ScrollBody(id="after"):
            title = f"After the meeting · {self.client.name}"
            if meeting and meeting.title:
                title += f" · from the calendar: {meeting.title}"
            yield Static(Content(title), id="after-title")
            yield Static("1  The meeting", classes="after-step")
            with Grid(classes="after-fields"):
                yield Label("Kind", classes="field-label")
                with Horizontal(classes="field"):
                    options = [(k, k) for k in self.kinds] + [("another kind…", NEW_KIND)]
                    yield Select(
                        options, value="meeting", allow_blank=False, id="kind", compact=True
                    )
                    new_kind = Input(placeholder="name the kind", id="new-kind", compact=True)
                    new_kind.display = False  # until "another kind…" is chosen
                    yield new_kind
                yield Label("Date", classes="field-label")
                yield DateField(on, input_id="on", placeholder="today, yesterday, fri")
                yield Label("What was said", classes="field-label")
                yield TextArea(self._prefilled_text(), id="said", soft_wrap=True)
                yield Label("Satisfaction", classes="field-label")
                yield Select(SCORES, value=0, allow_blank=False, id="satisfaction", compact=True)
                yield Label("", classes="field-label")
                yield Checkbox("A complaint was raised", id="complaint", compact=True)
                yield Label("Who attended", classes="field-label")
                yield self._attendees()
            yield Static("2  Promises you made", classes="after-step")
            with Vertical(id="promises-made"):
                for _ in range(FIRST_PROMISE_ROWS):
                    yield self._promise_row()[0]
            yield Button("+ another promise  ctrl+n", id="add-promise", compact=True)
            yield Static("3  Promises already kept", classes="after-step")
            yield self._kept()
            yield Static("4  Next meeting", classes="after-step")
            with Grid(classes="after-fields"):
                yield Label("Next meeting", classes="field-label")
                yield DateField(
                    self._next_initial(on),
                    input_id="next",
                    placeholder="e.g. in 2 weeks 10:00, 5 Jan 14:30, or blank",
                    with_time=True,
                )
            yield Label(self._next_hint(on), id="next-hint", markup=False)
            yield Static(
                "5  Then: the articles to send (the briefing's News, m marks one)",
                classes="after-step",
            )
            yield Label("", id="after-error", classes="field-error", markup=False)
            with Horizontal(id="after-buttons"):
                yield Button("Save  ctrl+s", variant="primary", id="save")
                yield Button("Cancel  esc", id="cancel")
        yield KeyBar()

    def _prefilled_text(self) -> str:
        return f"{self.meeting.title}\n" if self.meeting and self.meeting.title else ""

    def _attendees(self) -> SelectionList[int] | Label:
        if not self.contacts:
            return Label("No contacts stored for this client.", classes="after-none")
        invited = {
            a.get("email", "").lower() for a in (self.meeting.attendees if self.meeting else [])
        }
        return SelectionList[int](
            *(
                (
                    Content(c.name + (f" ({c.role})" if c.role else "")),
                    c.id,
                    bool(c.email and c.email.lower() in invited),
                )
                for c in self.contacts
            ),
            id="attendees",
            compact=True,
        )

    def _kept(self) -> SelectionList[int] | Label:
        if not self.open_promises:
            return Label("No open promises.", classes="after-none")
        items = []
        for p in self.open_promises:
            due = f"  due {p.due_on:%a %d %b}" if p.due_on else ""
            items.append((Content(p.text + due), p.id))
        return SelectionList[int](*items, id="kept", compact=True)

    def _next_initial(self, on: date) -> datetime | None:
        """The booked next meeting, unless it is the one being logged."""
        booked = self.client.next_meeting
        if booked is None or was_the_next_meeting(self.client, "meeting", on):
            return None
        return booked

    def _next_hint(self, on: date) -> str:
        booked = self.client.next_meeting
        if booked is not None and was_the_next_meeting(self.client, "meeting", on):
            return (
                f"This was the meeting booked for {booked:%a %d %b %H:%M}: it is cleared "
                "unless you book the next one here."
            )
        return "Leave blank for none."

    def on_mount(self) -> None:
        self.query_one("#said", TextArea).focus()

    # -- the form ----------------------------------------------------------
    def _promise_row(self) -> tuple[Horizontal, Input]:
        """A row for one more promise made. The first rows are composed with the form:
        mounted after it, each cost another pass of styling and layout on every open."""
        n = self.promise_rows = self.promise_rows + 1
        promised = Input(placeholder="what you promised", id=f"promise-{n}", compact=True)
        row = Horizontal(
            promised,
            DateField(None, input_id=f"due-{n}", placeholder="due: fri, +7"),
            classes="promise-row",
        )
        return row, promised

    def action_add_promise(self) -> None:
        row, promised = self._promise_row()
        self.query_one("#promises-made").mount(row)
        self.call_after_refresh(promised.focus)

    @on(Button.Pressed, "#add-promise")
    def _add_promise_pressed(self) -> None:
        self.action_add_promise()

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        new = self.query_one("#new-kind", Input)
        new.display = event.value == NEW_KIND
        if new.display:
            new.focus()

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _clear_error(self) -> None:
        # A fixed value takes its reason away at once (the reason is one line for the form).
        self.query_one("#after-error", Label).remove_class("-shown")

    def _fail(self, reason: str) -> None:
        error = self.query_one("#after-error", Label)
        error.update(reason)
        error.add_class("-shown")
        error.scroll_visible()

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def collect(self) -> MeetingRecord:
        """The form as a record for the store; PrepdeckError says what to fix."""
        said = self.query_one("#said", TextArea).text.strip()
        if not said:
            raise PrepdeckError("Write what was said (1: What was said).")
        kind = str(self.query_one("#kind", Select).value)
        if kind == NEW_KIND:
            kind = self._value("#new-kind").lower().replace(" ", "-")
            if not kind:
                raise PrepdeckError("Name the new kind of conversation, or pick one.")
        raw_on = self._value("#on")
        on = parse_date(raw_on, "meeting date") if raw_on else self.today
        score = int(self.query_one("#satisfaction", Select).value)  # type: ignore[arg-type]
        record = MeetingRecord(
            client_id=self.client.id,
            text=said,
            kind=kind,
            on=on,
            satisfaction=score or None,
            complaint=self.query_one("#complaint", Checkbox).value,
        )
        for found in self.query("#attendees"):
            record.attendee_ids = list(found.selected)  # type: ignore[attr-defined]
        for found in self.query("#kept"):
            record.kept_ids = list(found.selected)  # type: ignore[attr-defined]
        for n in range(1, self.promise_rows + 1):
            promised, raw_due = self._value(f"#promise-{n}"), self._value(f"#due-{n}")
            if promised:
                due = parse_date(raw_due, f"due date of promise {n}") if raw_due else None
                if due is not None and due < self.today and raw_due not in self.past_accepted:
                    self.past_accepted.add(raw_due)  # asked once: saving again keeps it
                    raise PrepdeckError(
                        f"Promise {n} is due {due:%a %d %b %Y}, in the past. Save again to keep it."
                    )
                record.promises.append((promised, due))
            elif raw_due:
                raise PrepdeckError(f"Promise {n} has a due date but no text.")
        raw_next = self._value("#next")
        if raw_next:
            record.next_meeting = parse_datetime(raw_next, "next meeting")
        else:
            record.clear_next = self._next_initial(on) is not None  # emptied on purpose
        return record

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self.saving:
            return
        try:
            record = self.collect()
        except PrepdeckError as error:
            self._fail(str(error))
            return
        self.saving = True
        app: PrepdeckApp = self.app  # type: ignore[assignment]
        app.write(
            partial(undo_manage.record_meeting, record=record, client_name=self.client.name),
            done=self._saved,
        )

    def _saved(self, reason: str | None) -> None:
        self.saving = False
        if reason is None:
            self.dismiss(True)
            return
        if self not in self.app.screen_stack:
            self.notify(reason, severity="error", markup=False, timeout=8)
            return
        self._fail(f"Not saved: {reason}")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss(False)

    def palette_commands(self) -> list[tuple[str, Any, str]]:
        return [
            ("after: Save the meeting", self.action_save, "Log it all in one go"),
            ("after: Add another promise", self.action_add_promise, ""),
        ]
