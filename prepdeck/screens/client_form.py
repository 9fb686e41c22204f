"""Add a client or edit every field `prepdeck client add/edit` has; the name comes first."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Select, TextArea

from prepdeck import undo_manage
from prepdeck.dates import parse_datetime
from prepdeck.errors import PrepdeckError
from prepdeck.models import STATUSES, Client
from prepdeck.screens.form import FormScreen
from prepdeck.undo import Change
from prepdeck.widgets.date_field import DateField

WARMTH_CHOICES = [
    ("1 cold", 1),
    ("2 cool", 2),
    ("3 neutral", 3),
    ("4 warm", 4),
    ("5 very warm", 5),
]
STATUS_CHOICES = [(s if s != "ended" else "ended (archived)", s) for s in STATUSES]


class ClientFormScreen(FormScreen):
    """Dismissed with the saved Change (its client_id: the briefing to open), or None."""

    form_id = "client-form"

    def __init__(self, client: Client | None = None) -> None:
        super().__init__()
        self.client = client
        self.title_text = f"Edit {client.name}" if client else "New client"

    def fields(self) -> ComposeResult:
        c = self.client
        yield from self.text_row("Name", "name", c.name if c else "", "e.g. Priya Patel")
        yield from self.text_row("Company", "company", c.company if c else "", "the organisation")
        yield from self.text_row("Industry", "industry", c.industry if c else "", "e.g. logistics")
        yield from self.text_row(
            "Keywords", "keywords", c.keywords if c else "", "topics they care about: a, b, c"
        )
        yield from self.text_row(
            "Address as", "address_as", c.address_as if c else "", 'e.g. "Mrs Patel"'
        )
        yield from self.text_row("Email", "email", c.email if c else "", "name@example.com")
        warmth = Select(
            WARMTH_CHOICES, value=c.warmth if c else 3, allow_blank=False, id="warmth", compact=True
        )
        yield from self.row("Warmth", warmth)
        status = Select(
            STATUS_CHOICES,
            value=c.status if c else "active",
            allow_blank=False,
            id="status",
            compact=True,
        )
        yield from self.row("Status", status)
        yield from self.text_row(
            "Cadence (days)", "cadence", str(c.cadence_days if c else 30), "days between contacts"
        )
        meeting = DateField(
            c.next_meeting if c else None,
            input_id="next_meeting",
            placeholder="tomorrow 10:00, fri 2pm, 2026-12-05 14:30",
            with_time=True,
        )
        yield from self.row("Next meeting", meeting)
        agreed = TextArea(c.agreed or "" if c else "", id="agreed", compact=True)
        yield from self.row("Agreed", agreed)

    def on_mount(self) -> None:
        self.query_one("#name").focus()

    def values(self) -> dict[str, Any] | None:
        """The client's fields as the store takes them, or None after marking what is wrong."""
        ok = True
        if not self.value("name"):
            self.fail("name", "A client needs a name.")
            ok = False
        raw_cadence = self.value("cadence")
        cadence = int(raw_cadence) if raw_cadence.isdigit() and raw_cadence.isascii() else 0
        if cadence < 1:
            self.fail("cadence", f"A positive number of days, not {raw_cadence!r}.")
            ok = False
        meeting: datetime | None = None
        if self.value("next_meeting"):
            try:
                meeting = parse_datetime(self.value("next_meeting"), "meeting time")
            except PrepdeckError as exc:
                self.fail("next_meeting", str(exc))
                ok = False
        if not ok:
            return None
        fields: dict[str, Any] = {
            name: self.value(name)
            for name in ("name", "company", "industry", "keywords", "address_as", "email")
        }
        fields["warmth"] = self.query_one("#warmth", Select).value
        fields["status"] = self.query_one("#status", Select).value
        fields["cadence_days"] = cadence
        fields["next_meeting"] = meeting
        fields["agreed"] = self.query_one("#agreed", TextArea).text
        return fields

    def submit(self) -> None:
        fields = self.values()
        if fields is None:
            return
        if self.client is None:
            name = fields.pop("name")
            self.write(partial(undo_manage.add_client, name=name, **fields))
            return
        self.write(partial(undo_manage.edit_client, client_id=self.client.id, **fields))


def new_client(app: Any) -> None:
    """Open the New client form; once saved, open the new client's briefing."""
    from prepdeck.messages import ClientOpenRequested

    def saved(change: Change | None) -> None:
        if change is not None and change.client_id is not None:
            app.post_message(ClientOpenRequested(change.client_id))

    app.push_screen(ClientFormScreen(), saved)
