"""Quick capture: add, edit or delete a note, a promise or an interaction without a mouse."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from prepdeck import undo
from prepdeck.dates import parse_date, today
from prepdeck.errors import PrepdeckError
from prepdeck.models import INTERACTION_KINDS, Interaction, Note, Promise
from prepdeck.numbers import whole_number
from prepdeck.screens.styled_once import StyledOnce
from prepdeck.store import Store
from prepdeck.undo import Change
from prepdeck.widgets.date_field import DateField
from prepdeck.widgets.field_error import clear_field_error, show_field_error
from prepdeck.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from prepdeck.app import PrepdeckApp

Kind = Literal["note", "promise", "interaction"]
TITLES = {"note": "note", "promise": "promise", "interaction": "conversation"}
SENSITIVITY_CHOICES = [
    ("normal", "normal"),
    ("private (left out of printouts)", "private"),
    ("never mention (a caution)", "never"),
]


@dataclass
class Captured:
    """The validated values of the form, ready for the store."""

    text: str
    when: date | None = None
    pinned: bool = False
    sensitivity: str = "normal"
    kind: str = "meeting"
    satisfaction: int | None = None
    complaint: bool = False
    contact_id: int | None = None


class CaptureScreen(StyledOnce, ModalScreen[None]):
    """One small form per kind; errors appear next to the field that caused them."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="capture.cancel", tooltip="Close, saving nothing"),
        Binding(
            "ctrl+s",
            "submit",
            "Save",
            id="capture.save",
            tooltip="Save and close",
            priority=True,
        ),
        Binding(
            "ctrl+d",
            "delete",
            "Delete",
            id="capture.delete",
            tooltip="Delete this record",
            priority=True,  # over the text field's own ctrl+d (delete right)
        ),
    ]

    def __init__(
        self,
        kind: Kind,
        client_id: int,
        client_name: str,
        record: Note | Promise | Interaction | None = None,
    ) -> None:
        super().__init__()
        self.kind: Kind = kind
        self.client_id = client_id
        self.client_name = client_name
        self.record = record
        self.saving = False
        self.past_due_accepted: str | None = None

    def compose(self) -> ComposeResult:
        verb = "Edit" if self.record else ("Log" if self.kind == "interaction" else "Add")
        with Vertical(id="capture"):
            title = Content(f"{verb} a {TITLES[self.kind]} · {self.client_name}")
            yield Static(title, id="capture-title")
            with Grid(id="capture-fields", classes=f"-{self.kind}"):
                yield from getattr(self, f"_{self.kind}_fields")()
                yield from self._contact_row()
            yield Label("", id="capture-error", classes="field-error", markup=False)
            with Horizontal(id="capture-buttons"):
                yield Button("Save  ctrl+s", variant="primary", id="save")
                if self.record is not None:
                    yield Button("Delete  ctrl+d", variant="error", id="delete")
                yield Button("Cancel  esc", id="cancel")
        yield KeyBar()  # this form's own keys, over the screen's below

    def _row(self, label: str, widget: Any) -> ComposeResult:
        """A label and its widget, two cells of the grid (_fail adds a line under them)."""
        yield Label(Content(label), classes="field-label")
        yield widget

    def _text_row(self, label: str, value: str, placeholder: str) -> ComposeResult:
        text = Input(value, placeholder=placeholder, id="text", compact=True)
        yield from self._row(label, text)

    def _date_row(self, label: str, value: date | None, placeholder: str) -> ComposeResult:
        yield from self._row(label, DateField(value, input_id="when", placeholder=placeholder))

    def _contact_row(self) -> ComposeResult:
        """Who it is about, made to or with (the CLI's --contact); absent with no contacts."""
        app: PrepdeckApp = self.app  # type: ignore[assignment]
        contacts = app.store.list_contacts(self.client_id)
        if contacts:
            current = getattr(self.record, "contact_id", None)
            known = any(c.id == current for c in contacts)
            picker = Select(
                [(c.name + (f" ({c.role})" if c.role else ""), c.id) for c in contacts],
                prompt="nobody in particular",
                value=current if known else Select.NULL,
                id="contact",
                compact=True,
            )
            yield from self._row("Contact", picker)

    def _note_fields(self) -> ComposeResult:
        note = self.record if isinstance(self.record, Note) else None
        yield from self._text_row("Note", note.text if note else "", "e.g. Son Tom starts school")
        yield from self._date_row(
            "Ask on", note.ask_on if note else None, "5 Dec, friday, +7 or blank"
        )
        pinned = Checkbox("Pinned", note.pinned if note else False, id="pinned", compact=True)
        yield from self._row("", pinned)
        sensitivity = Select(
            SENSITIVITY_CHOICES,
            value=note.sensitivity if note else "normal",
            allow_blank=False,
            id="sensitivity",
            compact=True,
        )
        yield from self._row("Sensitivity", sensitivity)

    def _promise_fields(self) -> ComposeResult:
        promise = self.record if isinstance(self.record, Promise) else None
        yield from self._text_row(
            "Promise", promise.text if promise else "", "e.g. Send the pricing sheet"
        )
        yield from self._date_row(
            "Due", promise.due_on if promise else None, "friday, 5 Dec, +3 or blank"
        )

    def _interaction_fields(self) -> ComposeResult:
        done = self.record if isinstance(self.record, Interaction) else None
        kind = Input(
            done.kind if done else "meeting",
            id="kind",
            compact=True,
            suggester=SuggestFromList(INTERACTION_KINDS, case_sensitive=False),
        )
        yield from self._row("Kind", kind)
        app_today = getattr(self.app, "today", None)
        yield from self._date_row(
            "Date", done.happened_on if done else app_today, "yesterday, friday, 2026-11-20"
        )
        yield from self._text_row("What was said", done.text if done else "", "the substance")
        score = "" if done is None or done.satisfaction is None else str(done.satisfaction)
        satisfaction = Input(score, placeholder="1-5 or blank", id="satisfaction", compact=True)
        yield from self._row("Satisfaction", satisfaction)
        complaint = Checkbox(
            "Complaint", done.complaint if done else False, id="complaint", compact=True
        )
        yield from self._row("", complaint)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Delete only applies when editing; hiding it keeps the footer honest.
        return self.record is not None if action == "delete" else True

    def on_mount(self) -> None:
        self.query_one("#kind" if self.kind == "interaction" else "#text", Input).focus()

    # -- validation --------------------------------------------------------
    def _fail(self, name: str, reason: str) -> None:
        show_field_error(self.query_one(f"#{name}"), reason, self.query_one("#capture-fields"))

    @on(Input.Changed)
    def _clear_error(self, event: Input.Changed) -> None:
        clear_field_error(event.input, self.query_one("#capture-fields"))

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def _due_not_past(self, when: date, raw: str) -> bool:
        """A due date in the past is asked about once; saving again with it keeps it."""
        if self.kind != "promise" or when >= today() or self.past_due_accepted == raw:
            return True
        if isinstance(self.record, Promise) and self.record.due_on == when:
            return True  # already overdue: editing its text is no time to ask
        self.past_due_accepted = raw
        self._fail("when", f"{when:%a %d %b %Y} is in the past. Save again to keep it.")
        return False

    def validate(self) -> Captured | None:
        """The form's values, or None after showing each field's reason inline."""
        ok = True
        text = self._value("text")
        if not text:
            self._fail("text", f"Write the {TITLES[self.kind]} itself.")
            ok = False
        when: date | None = None
        raw_when = self._value("when")
        if raw_when:
            try:
                when = parse_date(raw_when, "date")
            except PrepdeckError as exc:
                self._fail("when", str(exc))
                ok = False
            else:
                ok = self._due_not_past(when, raw_when) and ok
        elif self.kind == "interaction":
            self._fail("when", "When did it happen? Use YYYY-MM-DD, today or yesterday.")
            ok = False
        captured = Captured(text=text, when=when)
        for picker in self.query("#contact").results(Select):
            captured.contact_id = picker.value if isinstance(picker.value, int) else None
        if self.kind == "note":
            captured.pinned = self.query_one("#pinned", Checkbox).value
            captured.sensitivity = str(self.query_one("#sensitivity", Select).value)
        if self.kind == "interaction":
            captured.kind = self._value("kind").lower() or "meeting"
            captured.complaint = self.query_one("#complaint", Checkbox).value
            raw_score = self._value("satisfaction")
            if raw_score:
                score = whole_number(raw_score)
                if score is not None and 1 <= score <= 5:
                    captured.satisfaction = score
                else:
                    self._fail("satisfaction", f"A score from 1 to 5, not {raw_score!r}.")
                    ok = False
        return captured if ok else None

    # -- actions -----------------------------------------------------------
    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        captured = self.validate()
        if captured is None:
            return
        self._save(self._change(captured))

    def _save(self, change: Callable[[Store], Change]) -> None:
        """Write, and close only once it has committed: a failed save keeps the text."""
        if self.saving:
            return
        self.saving = True
        self.query_one("#capture-error", Label).remove_class("-shown")
        app: PrepdeckApp = self.app  # type: ignore[assignment]  # Textual types self.app as App; it is always PrepdeckApp
        app.write(change, done=self._saved)

    def _saved(self, reason: str | None) -> None:
        self.saving = False
        if self not in self.app.screen_stack:  # closed meanwhile (another screen opened)
            if reason is not None:
                self.notify(reason, severity="error", markup=False, timeout=8)
            return
        if reason is None:
            self.dismiss()
            return
        error = self.query_one("#capture-error", Label)
        error.update(f"Not saved: {reason}")
        error.add_class("-shown")

    def _change(self, c: Captured) -> Callable[[Store], Change]:
        """The undoable write for this form, to run in a worker thread."""
        client_id, kind = self.client_id, self.kind
        if kind == "note":
            fields: dict[str, Any] = {
                "text": c.text,
                "ask_on": c.when,
                "pinned": c.pinned,
                "sensitivity": c.sensitivity,
                "contact_id": c.contact_id,
            }
        elif kind == "promise":
            fields = {"text": c.text, "due_on": c.when, "contact_id": c.contact_id}
        elif self.record is None:
            fields = {
                "kind": c.kind,
                "on": c.when,
                "satisfaction": c.satisfaction,
                "complaint": c.complaint,
                "contact_id": c.contact_id,
            }
        else:
            fields = {
                "kind": c.kind,
                "happened_on": c.when,
                "text": c.text,
                "satisfaction": c.satisfaction,
                "complaint": int(c.complaint),
                "contact_id": c.contact_id,
            }
        if self.record is None:
            fields.pop("text", None)
            return partial(undo.add_record, what=kind, client_id=client_id, text=c.text, **fields)
        record_id = self.record.id
        return partial(
            undo.edit_record, what=kind, record_id=record_id, client_id=client_id, **fields
        )

    @on(Button.Pressed, "#delete")
    def action_delete(self) -> None:
        """Deletes at once: the toast names what went and offers u to take it back (the
        app's one rule for destructive keys)."""
        if self.record is None:
            return
        self._save(
            partial(
                undo.delete_record,
                what=self.kind,
                record_id=self.record.id,
                client_id=self.client_id,
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if not self.saving:  # a save in flight decides whether the form closes
            self.dismiss()
