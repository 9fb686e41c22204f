"""Clients and the people at them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prepdeck.errors import NotFound, PrepdeckError
from prepdeck.models import CLIENT_FIELDS, STATUSES, Client, Contact
from prepdeck.numbers import whole_number
from prepdeck.store.base import StoreBase, clean_value


def _clean_client(values: dict[str, Any]) -> dict[str, Any]:
    """Validate user-supplied client fields and turn them into column values."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in CLIENT_FIELDS:
            raise PrepdeckError(f"Unknown client field {key!r}.")
        if isinstance(value, str):
            value = clean_value("clients", key, value).strip() or None
        out[key] = value
    if "name" in out and not out["name"]:
        raise PrepdeckError("A client needs a name.")
    warmth = out.get("warmth")
    if warmth is not None and not (isinstance(warmth, int) and 1 <= warmth <= 5):
        raise PrepdeckError(
            f"Warmth must be a whole number from 1 (cold) to 5 (warm), not {warmth}."
        )
    status = out.get("status")
    if status is not None:
        status = str(status).lower()
        if status not in STATUSES:
            raise PrepdeckError(f"Status must be one of {', '.join(STATUSES)}, not {status!r}.")
        out["status"] = status
    cadence = out.get("cadence_days")
    if cadence is not None and (not isinstance(cadence, int) or cadence < 1):
        raise PrepdeckError(f"Cadence must be a positive number of days, not {cadence}.")
    if isinstance(out.get("next_meeting"), datetime):
        out["next_meeting"] = out["next_meeting"].isoformat(sep=" ", timespec="minutes")
    if out.get("warmth", 0) is None:
        out.pop("warmth")
    return out


CONTACT_FIELDS = ("name", "role", "authority", "address_as", "email")


def _clean_contact(values: dict[str, Any]) -> dict[str, Any]:
    """Validate user-supplied contact fields: known names, stripped text, blanks as None."""
    unknown = set(values) - set(CONTACT_FIELDS)
    if unknown:
        raise PrepdeckError(f"Unknown contact field {sorted(unknown)[0]!r}.")
    out = {
        k: (clean_value("contacts", k, v).strip() or None) if isinstance(v, str) else v
        for k, v in values.items()
    }
    if "name" in out and not out["name"]:
        raise PrepdeckError("A contact needs a name.")
    return out


class PeopleMixin(StoreBase):
    # -- clients -----------------------------------------------------------
    def add_client(self, name: str, **fields: Any) -> Client:
        values = _clean_client({"name": name, **fields})
        values = {k: v for k, v in values.items() if v is not None}
        with self.transaction():
            client_id = self.insert_row("clients", values)
        return self.get_client(client_id)

    def update_client(self, client_id: int, **fields: Any) -> Client:
        values = _clean_client(fields)
        if "name" in fields and not values.get("name"):
            raise PrepdeckError("A client needs a name.")
        if values:
            values["updated_at"] = self.stamp()
            with self.transaction():
                self.update_row("clients", client_id, values)
        return self.get_client(client_id)

    def delete_client(self, client_id: int) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM clients WHERE id = ?", [client_id])

    def get_client(self, client_id: int) -> Client:
        row = self.row("SELECT * FROM clients WHERE id = ?", [client_id])
        if row is None:
            raise NotFound(f"No client with id {client_id}.")
        return Client.from_row(row)

    def list_clients(self) -> list[Client]:
        return [
            Client.from_row(r)
            for r in self.rows("SELECT * FROM clients ORDER BY name COLLATE NOCASE")
        ]

    def client_count(self) -> int:
        return int(self.scalar("SELECT count(*) FROM clients"))

    def resolve_client(self, ref: str | int) -> Client:
        """An exact name, then an id, then a unique case-folded prefix of a name."""
        text = str(ref).strip()
        if not text:
            raise PrepdeckError("Name a client (its name, a prefix of it, or its id).")
        names = [(r["id"], r["name"]) for r in self.rows("SELECT id, name FROM clients")]
        found = resolve_name(text, names)
        if not found:
            raise NotFound(f"No client matches {text!r}; `prepdeck client list` shows them all.")
        if len(found) > 1:
            shown = ", ".join(f"{name} (id {i})" for i, name in found[:8])
            more = f" and {len(found) - 8} more" if len(found) > 8 else ""
            raise PrepdeckError(f"{text!r} matches several clients: {shown}{more}.")
        return self.get_client(found[0][0])

    # -- contacts ----------------------------------------------------------
    def add_contact(self, client_id: int, name: str, **fields: Any) -> Contact:
        values = _clean_contact({"name": name, **fields})
        values = {k: v for k, v in values.items() if v}
        self.get_client(client_id)
        with self.transaction():
            contact_id = self.insert_row("contacts", {"client_id": client_id, **values})
        return self.get_contact(contact_id)

    def update_contact(self, contact_id: int, **fields: Any) -> Contact:
        """Change the given fields; a blank one is cleared (the name cannot be)."""
        values = _clean_contact(fields)
        with self.transaction():
            self.update_row("contacts", self.get_contact(contact_id).id, values)
        return self.get_contact(contact_id)

    def delete_contact(self, contact_id: int) -> None:
        """Remove a person; their notes, promises and conversations stay with the client."""
        with self.transaction():
            self.db.execute("DELETE FROM contacts WHERE id = ?", [contact_id])

    def get_contact(self, contact_id: int) -> Contact:
        row = self.row("SELECT * FROM contacts WHERE id = ?", [contact_id])
        if row is None:
            raise NotFound(f"No contact with id {contact_id}.")
        return Contact.from_row(row)

    def list_contacts(self, client_id: int | None = None) -> list[Contact]:
        if client_id is None:
            rows = self.rows("SELECT * FROM contacts ORDER BY client_id, id")
        else:
            rows = self.rows("SELECT * FROM contacts WHERE client_id = ? ORDER BY id", [client_id])
        return [Contact.from_row(r) for r in rows]

    def resolve_contact(self, client_id: int, ref: str) -> Contact:
        """A contact of this client, by the same rule as a client (or a word's prefix)."""
        contacts = {c.id: c for c in self.list_contacts(client_id)}
        text = ref.strip()
        names = [(c.id, c.name) for c in contacts.values()]
        found = resolve_name(text, names)
        if not found:
            # "Tom" for "Dr Tom Reed": a unique prefix of any word of the name.
            folded = text.casefold()
            found = [
                (i, n) for i, n in names if any(w.startswith(folded) for w in n.casefold().split())
            ]
        if len(found) == 1:
            return contacts[found[0][0]]
        if len(found) > 1:
            raise PrepdeckError(
                f"{ref!r} matches several contacts: {', '.join(n for _, n in found)}."
            )
        raise NotFound(f"No contact {ref!r} at this client.")


def resolve_name(text: str, names: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Which (id, name) a typed reference means: one, several (ambiguous) or none.

    The exact name first (so a client named "1" is not client 1), then the same name in
    any case, then an id, then a unique prefix; case is compared Unicode-folded
    (str.casefold: "émi" finds "Émilie", "strasse" finds "Straße").
    """
    exact = [(i, n) for i, n in names if n == text]
    if exact:
        return exact
    folded = text.casefold()
    same = [(i, n) for i, n in names if n.casefold() == folded]
    if same:
        return same
    number = whole_number(text)
    if number is not None:
        by_id = [(i, n) for i, n in names if i == number]
        if by_id:
            return by_id
    return sorted(
        ((i, n) for i, n in names if n.casefold().startswith(folded)),
        key=lambda item: item[1].casefold(),
    )
