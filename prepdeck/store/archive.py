"""Whole-table reads for exports and imports, and the demo's few special writes."""

from __future__ import annotations

from typing import Any

from prepdeck.store.base import StoreBase
from prepdeck.store.people import _clean_client, _clean_contact
from prepdeck.store.records import _text

# The order each table is exported in (and read back by an import).
_ORDER = {
    "clients": "id",
    "contacts": "id",
    "notes": "id",
    "promises": "id",
    "interactions": "happened_on, id",
    "shares": "id",
    "feeds": "id",
}


class ArchiveMixin(StoreBase):
    def all_rows(self, table: str, *, include_private: bool = True) -> list[dict[str, Any]]:
        """Every row of a user table, in export order (`include_private` False leaves out
        private notes)."""
        if table not in _ORDER:
            raise ValueError(f"not an exported table: {table}")
        where = "" if include_private or table != "notes" else " WHERE sensitivity != 'private'"
        return self.rows(f"SELECT * FROM {table}{where} ORDER BY {_ORDER[table]}")

    # An import writes thousands of people in the caller's one transaction: each row is
    # held to the rules of add_client / add_contact / add_note, and not read back.

    def import_client(self, values: dict[str, Any]) -> int:
        cleaned = _clean_client(values)
        return self.insert_row("clients", {k: v for k, v in cleaned.items() if v is not None})

    def import_contact(self, client_id: int, name: str, **fields: Any) -> int:
        values = {k: v for k, v in _clean_contact({"name": name, **fields}).items() if v}
        return self.insert_row("contacts", {"client_id": client_id, **values})

    def import_note(self, client_id: int, text: str, contact_id: int | None = None) -> int:
        row = {"client_id": client_id, "contact_id": contact_id, "text": _text(text, "note")}
        return self.insert_row("notes", row)

    def schema_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    def first_article_titled(self, prefix: str) -> int | None:
        """The id of the oldest stored article whose title starts with `prefix`."""
        found = self.scalar(
            "SELECT id FROM articles WHERE title LIKE ? ORDER BY id LIMIT 1", [f"{prefix}%"]
        )
        return None if found is None else int(found)

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the file, so a copied file is complete on its own."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
