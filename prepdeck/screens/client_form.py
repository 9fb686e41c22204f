"""Add a client or edit every field `prepdeck client add/edit` has; the name comes first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Select, TextArea

from prepdeck.dates import parse_datetime
from prepdeck.errors import PrepdeckError
from prepdeck.models import STATUSES, Client
from prepdeck.screens.form import FormScreen

WARMTH_CHOICES = [
    ("1 cold", 1),
    ("2 cool", 2),
    ("3 neutral", 3),
    ("4 warm", 4),
    ("5 very warm", 5),
]
STATUS_CHOICES = [(s if s != "ended" else "ended (archived)", s) for s in STATUSES]


class ClientFormScreen(FormScreen):
    """Dismissed with the saved Client (the caller opens its briefing), or None."""

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
        yield from self.row("Warmth", warmth, "warmth")
        status = Select(
            STATUS_CHOICES,
            value=c.status if c else "active",
            allow_blank=False,
            id="status",
            compact=True,
        )
        yield from self.row("Status", status, "status")
        yield from self.text_row(
            "Cadence (days)", "cadence", str(c.cadence_days if c else 30), "days between contacts"
        )
        meeting = f"{c.next_meeting:%Y-%m-%d %H:%M}" if c and c.next_meeting else ""
        yield from self.text_row("Next meeting", "next_meeting", meeting, "YYYY-MM-DD HH:MM")
        agreed = TextArea(c.agreed or "" if c else "", id="agreed", compact=True)
        yield from self.row("Agreed", agreed, "agreed")

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
            self.save(f"Added {name}.", lambda s: s.add_client(name, **fields))
            return
        client_id = self.client.id
        self.save(
            f"Saved {fields['name']}.",
            lambda s: s.update_client(client_id, **fields),
            client_id=client_id,
        )


def new_client(app: Any) -> None:
    """Open the New client form; once saved, open the new client's briefing."""
    from prepdeck.messages import ClientOpenRequested

    def saved(client: Client | None) -> None:
        if client is not None:
            app.post_message(ClientOpenRequested(client.id))

    app.push_screen(ClientFormScreen(), saved)
