"""An import writes through the store's own rules, as add_client / add_contact do."""

from __future__ import annotations

import pytest

from prepdeck.errors import PrepdeckError
from prepdeck.store import Store


def test_import_client_is_held_to_add_clients_rules(store: Store) -> None:
    with pytest.raises(PrepdeckError, match="Status must be one of"):
        store.import_client({"name": "Ada Byrne", "status": "asleep"})
    with pytest.raises(PrepdeckError, match="Warmth"):
        store.import_client({"name": "Ada Byrne", "warmth": 9})
    client_id = store.import_client({"name": "  Ada\x1b[31m Byrne ", "status": "Active"})
    client = store.get_client(client_id)
    assert client.name == "Ada Byrne" and client.status == "active"


def test_import_contact_and_note_are_held_to_the_same_rules(store: Store) -> None:
    client_id = store.import_client({"name": "Byrne Bakery"})
    with pytest.raises(PrepdeckError, match="needs a name"):
        store.import_contact(client_id, " \x07 ")
    with pytest.raises(PrepdeckError, match="empty"):
        store.import_note(client_id, "  \n ")
    contact_id = store.import_contact(client_id, " Ada ", role=" Owner ", email="")
    contact = store.get_contact(contact_id)
    assert (contact.name, contact.role, contact.email) == ("Ada", "Owner", None)
    note_id = store.import_note(client_id, "Likes\x1b]0;x\x07 rye", contact_id)
    note = store.get_note(note_id)
    assert "\x1b" not in note.text and note.contact_id == contact_id
