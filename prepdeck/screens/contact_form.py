"""Add, edit or remove a person at a client (the fields of `prepdeck contact add`)."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button, Select

from prepdeck import undo_manage
from prepdeck.models import Contact
from prepdeck.screens.form import FormScreen

CONTACT_TEXT_FIELDS = [
    ("Name", "name", "e.g. Tomasz Nowak"),
    ("Role", "role", "e.g. CFO"),
    ("Authority", "authority", "what they decide, e.g. signs contracts"),
    ("Address as", "address_as", 'e.g. "Mr Nowak"'),
    ("Email", "email", "name@example.com"),
]


class ContactFormScreen(FormScreen):
    """With no client given (from home or the palette), the first field picks one."""

    form_id = "contact-form"
    BINDINGS = [
        Binding(
            "ctrl+d",
            "remove",
            "Remove",
            id="contact.remove",
            tooltip="Remove this person at once (undo brings them back)",
            priority=True,
        ),
    ]

    def __init__(
        self,
        client_id: int | None,
        client_name: str = "",
        contact: Contact | None = None,
        clients: list[tuple[str, int]] | None = None,
        prefill: dict[str, str] | None = None,
    ) -> None:
        """`prefill`: a new contact's fields filled in (someone on a meeting's invite)."""
        super().__init__()
        self.client_id = client_id
        self.contact = contact
        self.prefill = prefill or {}
        self.clients = clients or []
        at = f" · {client_name}" if client_name else ""
        self.title_text = (f"Edit {contact.name}" if contact else "New contact") + at

    def fields(self) -> ComposeResult:
        if self.client_id is None:
            picker = Select(self.clients, prompt="Which client?", id="client", compact=True)
            yield from self.row("Client", picker)
        for label, name, placeholder in CONTACT_TEXT_FIELDS:
            value = getattr(self.contact, name) if self.contact else self.prefill.get(name, "")
            yield from self.text_row(label, name, value, placeholder)

    def buttons(self) -> ComposeResult:
        yield from super().buttons()
        if self.contact is not None:
            yield Button("Remove  ctrl+d", variant="error", id="remove", compact=True)

    def on_mount(self) -> None:
        first = "#role" if self.prefill.get("name") else "#name"  # a name came with the invite
        self.query_one("#client" if self.client_id is None else first).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.contact is not None if action == "remove" else True

    def submit(self) -> None:
        client_id = self.client_id
        if client_id is None:
            picked = self.query_one("#client", Select).value
            if not isinstance(picked, int):
                self.fail("client", "Pick the client this person works at.")
                return
            client_id = picked
        if not self.value("name"):
            self.fail("name", "A contact needs a name.")
            return
        fields: dict[str, Any] = {name: self.value(name) for _, name, _ in CONTACT_TEXT_FIELDS}
        if self.contact is None:
            name = fields.pop("name")
            self.write(partial(undo_manage.add_contact, client_id=client_id, name=name, **fields))
            return
        self.write(partial(undo_manage.edit_contact, contact_id=self.contact.id, **fields))

    @on(Button.Pressed, "#remove")
    def action_remove(self) -> None:
        """Removes at once: the toast offers undo, which ties their notes, promises and
        conversations to them again (the app's one rule for destructive keys)."""
        if self.contact is not None:
            self.write(partial(undo_manage.remove_contact, contact_id=self.contact.id))


def new_contact(app: Any, clients: list[tuple[str, int]], client_id: int | None = None) -> None:
    """New contact, at this client or (None) one picked in the form's first field."""
    names = {cid: name for name, cid in clients}
    app.push_screen(ContactFormScreen(client_id, names.get(client_id or -1, ""), None, clients))
