"""Exports, so nobody is locked in: everything as JSON, or clients and contacts as CSV or vCard.

What goes out:

- JSON holds every client with its contacts, notes, promises, interactions and
  shares, plus the feeds (articles are not exported: they are the feeds' to
  give again, and a share keeps its article's title and link).
- Private notes are left out unless include_private is set; the JSON says how
  many were left out. Never-mention notes ARE exported: they are cautions the
  user wrote for themselves ("don't bring up the divorce"), and an export
  without them would walk the next tool straight into the subject.
- CSV and vCard hold clients and contacts only (no notes of any kind), in a form
  `prepdeck import clients` reads back without loss: a `type` column (or
  X-PREPDECK-TYPE) says client or contact, and a contact names its client.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from prepdeck.dates import now
from prepdeck.errors import PrepdeckError
from prepdeck.files import write_private
from prepdeck.store import Store
from prepdeck.transfer import vcard
from prepdeck.transfer.formulas import guard_cell
from prepdeck.untrusted import for_terminal, json_for_terminal

FORMAT_VERSION = 1

CSV_COLUMNS = [
    "type",
    "name",
    "company",
    "email",
    "role",
    "authority",
    "address_as",
    "industry",
    "keywords",
    "warmth",
    "status",
    "agreed",
    "cadence_days",
    "next_meeting",
    "client",
]


def _grouped(rows: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row["client_id"], []).append(row)
    return out


def _json_column(rows: list[dict[str, Any]], name: str) -> None:
    for row in rows:
        try:
            row[name] = json.loads(row.get(name) or "[]")
        except ValueError:
            pass


def export_data(store: Store, *, include_private: bool = False) -> dict[str, Any]:
    """Everything the user wrote, as one JSON-ready document (see the module docstring)."""
    contacts = _grouped(store.all_rows("contacts"))
    notes = _grouped(store.all_rows("notes", include_private=include_private))
    promises = _grouped(store.all_rows("promises"))
    interactions = _grouped(store.all_rows("interactions"))
    shares = _grouped(store.all_rows("shares"))
    clients = []
    for row in store.all_rows("clients"):
        cid = row["id"]
        client_shares = shares.get(cid, [])
        _json_column(client_shares, "reasons")
        clients.append(
            {
                **row,
                "contacts": contacts.get(cid, []),
                "notes": notes.get(cid, []),
                "promises": promises.get(cid, []),
                "interactions": interactions.get(cid, []),
                "shares": client_shares,
            }
        )
    # identity is the store's index of the URL (schema _v4), not something a user keeps.
    feeds = [{k: v for k, v in f.items() if k != "identity"} for f in store.all_rows("feeds")]
    _json_column(feeds, "tags")
    left_out = 0
    if not include_private:
        left_out = store.private_note_count()
    return {
        "prepdeck_export": FORMAT_VERSION,
        "schema_version": store.schema_version(),
        "exported_at": now().isoformat(sep=" "),
        "include_private": include_private,
        "private_notes_left_out": left_out,
        "clients": clients,
        "feeds": feeds,
    }


def export_json(store: Store, *, include_private: bool = False) -> str:
    return (
        json.dumps(
            export_data(store, include_private=include_private), indent=2, ensure_ascii=False
        )
        + "\n"
    )


def _people(store: Store) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each client followed by its contacts: the order re-import needs."""
    contacts = _grouped(store.all_rows("contacts"))
    for client in store.all_rows("clients"):
        yield client, contacts.get(client["id"], [])


def _meeting(value: Any) -> str | None:
    return str(value)[:16] if value else None


def export_csv(store: Store) -> str:
    """Clients and contacts, one row each, with the column names import reads."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for client, contacts in _people(store):
        row = {**client, "type": "client", "next_meeting": _meeting(client["next_meeting"])}
        writer.writerow(_csv_cells(row))
        for contact in contacts:
            row = {
                **contact,
                "type": "contact",
                "company": client["company"],
                "client": client["name"],
            }
            writer.writerow(_csv_cells(row))
    return out.getvalue()


def _csv_cells(row: dict[str, Any]) -> list[Any]:
    return ["" if row.get(c) is None else guard_cell(row.get(c)) for c in CSV_COLUMNS]


def export_vcf(store: Store) -> str:
    """One vCard 4.0 per client and per contact; prepdeck's fields ride as X-PREPDECK-*."""
    cards = []
    for client, contacts in _people(store):
        cards.append(
            vcard.card(
                [
                    ("ORG", client["company"]),
                    ("EMAIL", client["email"]),
                    ("X-PREPDECK-TYPE", "client"),
                    ("X-PREPDECK-ADDRESS-AS", client["address_as"]),
                    ("X-PREPDECK-INDUSTRY", client["industry"]),
                    ("X-PREPDECK-KEYWORDS", client["keywords"]),
                    ("X-PREPDECK-WARMTH", client["warmth"]),
                    ("X-PREPDECK-STATUS", client["status"]),
                    ("X-PREPDECK-AGREED", client["agreed"]),
                    ("X-PREPDECK-CADENCE", client["cadence_days"]),
                    ("X-PREPDECK-NEXT-MEETING", _meeting(client["next_meeting"])),
                ],
                client["name"],
            )
        )
        for contact in contacts:
            cards.append(
                vcard.card(
                    [
                        ("ORG", client["company"]),
                        ("TITLE", contact["role"]),
                        ("EMAIL", contact["email"]),
                        ("X-PREPDECK-TYPE", "contact"),
                        ("X-PREPDECK-CLIENT", client["name"]),
                        ("X-PREPDECK-ADDRESS-AS", contact["address_as"]),
                        ("X-PREPDECK-AUTHORITY", contact["authority"]),
                    ],
                    contact["name"],
                )
            )
    return "".join(cards)


def export_text(store: Store, fmt: str, *, include_private: bool = False) -> str:
    """The export in one of FORMATS, as text.

    Text stored before the store's character rule may still hold escapes: JSON writes
    them as \\u escapes (the data stays exact), CSV and vCard leave them out.
    """
    if fmt == "json":
        return json_for_terminal(export_json(store, include_private=include_private))
    if fmt == "csv":
        return for_terminal(export_csv(store))
    if fmt == "vcf":
        return for_terminal(export_vcf(store))
    raise PrepdeckError(f"Export format must be json, csv or vcf, not {fmt!r}.")


FORMATS = ("json", "csv", "vcf")


def write_private_file(path: Path, text: str) -> None:
    """Write atomically, readable by the owner only: exports hold notes about real people."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise PrepdeckError(f"{path} is a folder; give a file name to export to.")
    try:
        write_private(path, text.encode("utf-8"))
    except FileNotFoundError:
        raise PrepdeckError(f"Cannot write {path}: the folder does not exist.") from None
    except OSError as exc:
        raise PrepdeckError(f"Cannot write {path}: {exc.strerror or exc}.") from None
