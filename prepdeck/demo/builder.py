"""Build a fresh demo database: invented clients, shipped feeds fetched from local files.

The database is built under a temporary name beside the target and moved into
place only when complete, so an interrupted build never leaves half a demo, and
an existing file is replaced only if it is itself a demo (setting demo=1).
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from prepdeck.demo.calendarfile import write_calendar
from prepdeck.demo.data import CLIENTS, DEMO_FEEDS
from prepdeck.demo.feedfiles import write_feeds
from prepdeck.errors import PrepdeckError
from prepdeck.rank import suggest
from prepdeck.store import Store
from prepdeck.store.reports import peek_setting

DEMO_SETTING = "demo"
# Articles the demo has already marked (and one sent), so the share queue shows a draft
# for each kind of reason: a conversation, a promise, the client's own news, two for one
# client (to send together), and a client with a complaint and overdue promises.
DEMO_SHARES = [
    ("Anna Kowalski", "Warehouse rents near Poznań", None),
    ("Anna Kowalski", "Poland simplifies licences", None),
    ("Margaret Hughes", "How family bakery chains", None),
    ("Priya Patel", "AI legal research tools", None),
    ("Samuel Okafor", "MHRA opens fast-track", None),
    ("Gwen Evans", "Community energy fund reopens", None),
    ("David Mensah", "Riverside Borough Council named", None),
    ("Lena Fischer", "Threadline opens Berlin office", None),
    ("Fatima Khan", "Dental nurse shortage", None),
    ("Lena Fischer", "German online shoppers", -15),
]


def feeds_folder(db_path: Path) -> Path:
    """Where the demo's dated copies of the feed files live: beside the database."""
    return db_path.with_name(f"{db_path.stem}-feeds")


def is_demo_database(path: Path) -> bool:
    """True when `path` is a prepdeck database marked as a demo (read-only check)."""
    return peek_setting(path, DEMO_SETTING) == "1"


def _check_replaceable(path: Path) -> None:
    """Refuse to touch anything that is not a demo: it may hold a user's real notes."""
    if path.is_dir():
        raise PrepdeckError(f"{path} is a folder; give the demo a database file name.")
    if path.exists() and path.stat().st_size > 0 and not is_demo_database(path):
        raise PrepdeckError(
            f"{path} already exists and is not a demo database, so the demo will not "
            "overwrite it; choose another --db path."
        )


def _remove_database(path: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal", ""):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _day(today: date, offset: int) -> date:
    return today + timedelta(days=offset)


def _stamp(today: date, offset: int, hour: int = 9) -> str:
    return datetime.combine(_day(today, offset), time(hour)).isoformat(sep=" ")


def _add_client(store: Store, spec: dict[str, Any], today: date) -> int:
    """One client with its contacts, notes, promises and interactions."""
    client = store.add_client(
        spec["name"],
        company=spec["company"],
        industry=spec["industry"],
        keywords=spec["keywords"],
        address_as=spec.get("address_as"),
        email=spec.get("email"),
        warmth=spec["warmth"],
        status=spec["status"],
        agreed=spec["agreed"],
        cadence_days=spec["cadence_days"],
    )
    created = _stamp(today, spec["created"])
    store.update_row("clients", client.id, {"created_at": created, "updated_at": created})
    contacts: dict[str, int] = {}
    for name, role, authority, address_as, *email in spec["contacts"]:
        contact = store.add_contact(
            client.id,
            name,
            role=role,
            authority=authority,
            address_as=address_as,
            email=email[0] if email else None,
        )
        store.update_row("contacts", contact.id, {"created_at": created})
        contacts[name.split()[0]] = contact.id
        contacts[name.split()[-1]] = contact.id
    for index, (text, ask_on, pinned, sensitivity, who) in enumerate(spec["notes"]):
        note = store.add_note(
            client.id,
            text,
            contact_id=contacts.get(who) if who else None,
            ask_on=_day(today, ask_on) if ask_on is not None else None,
            pinned=pinned,
            sensitivity=sensitivity,
        )
        written = min(-1, (ask_on if ask_on is not None else 0) - 14) - 9 * index
        store.update_row("notes", note.id, {"created_at": _stamp(today, written, 17)})
    for text, made, due, kept, who in spec["promises"]:
        promise = store.add_promise(
            client.id,
            text,
            made_on=_day(today, made),
            due_on=_day(today, due) if due is not None else None,
            contact_id=contacts.get(who) if who else None,
        )
        if kept is not None:
            store.keep_promise(promise.id, _day(today, kept), today=today)
    for offset, kind, text, satisfaction, complaint, resolved, who in spec["interactions"]:
        logged = store.log_interaction(
            client.id,
            text,
            kind=kind,
            on=_day(today, offset),
            satisfaction=satisfaction,
            complaint=complaint,
            contact_id=contacts.get(who) if who else None,
        )
        if resolved is not None:
            store.resolve_complaint(logged.id, _day(today, resolved))
    return client.id


def populate(store: Store, today: date) -> dict[str, int]:
    """Write every demo client in one transaction; returns name -> client id."""
    with store.transaction():
        return {spec["name"]: _add_client(store, spec, today) for spec in CLIENTS}


def add_feeds(store: Store, folder: Path, today: date, clients: dict[str, int]) -> None:
    """Register the dated copies of the shipped feeds as file:// feeds."""
    files = write_feeds(folder, today)
    with store.transaction():
        for spec in DEMO_FEEDS:
            path = files.get(spec["file"])
            if path is None:
                raise PrepdeckError(f"The demo feed file {spec['file']} is missing from prepdeck.")
            store.add_feed(
                path.resolve().as_uri(),
                tags=spec["tags"],
                client_id=clients.get(spec.get("client", "")),
            )


def add_calendar(store: Store, folder: Path, today: date) -> None:
    """The shipped calendar, dated to today: the demo's next meetings come from it."""
    from prepdeck.calendar.sync import sync_calendars

    path = write_calendar(folder, today)
    store.add_calendar("Demo calendar", str(path.resolve()), "file")
    sync_calendars(store, today=today)


def add_shares(store: Store, today: date, clients: dict[str, int]) -> None:
    """Mark one article for a client and show one already sent (if the fetch found them)."""
    for name, title, sent in DEMO_SHARES:
        article_id = store.first_article_titled(title)
        if article_id is None:
            continue
        # The reasons the ranking gives, as when the user marks it in the app.
        ranked = suggest(store, clients[name], today=today, limit=30)
        reasons = next((s.reasons for s in ranked if s.article.id == article_id), None)
        share = store.mark_share(clients[name], article_id, reasons=reasons)
        if sent is not None:
            store.mark_sent(share.id, _day(today, sent))


def build_demo(path: Path, today: date) -> Path:
    """Create a fresh demo database at `path` (replacing only an earlier demo); returns it.

    Raises PrepdeckError, leaving everything as it was, when `path` holds anything but
    a demo, or when the shipped feeds cannot be read.
    """
    from prepdeck.feeds import run_fetch  # the feed engine; imported late to keep startup fast

    path = Path(path).expanduser().absolute()
    _check_replaceable(path)
    building = path.with_name(f".{path.name}.building")
    _remove_database(building)
    store = Store(building)
    try:
        clients = populate(store, today)
        add_feeds(store, feeds_folder(path), today, clients)
        add_calendar(store, feeds_folder(path), today)
        # Fetched as at the end of the demo's day: its feeds are dated up to that day.
        summary = run_fetch(store, concurrency=4, clock=datetime.combine(today, time(23, 59)))
        if not store.article_count():
            problems = "; ".join(r.error for r in summary.results if r.error)
            raise PrepdeckError(
                "The demo feeds could not be read" + (f": {problems}" if problems else ".")
            )
        add_shares(store, today, clients)
        store.set_setting(DEMO_SETTING, "1")
        store.set_setting("demo_built_for", today.isoformat())
        store.checkpoint()
    except BaseException:
        store.close()
        _remove_database(building)
        raise
    store.close()
    _check_replaceable(path)  # still a demo (or absent) after the build
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(building, path)
    for suffix in ("-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    return path
