"""The undoable writes of the manage screens: clients, contacts and feeds added, edited or
removed, a meeting logged with everything it left behind, and an import of people.

Each returns the prepdeck.undo.Change that takes it back, as the operations in
prepdeck.undo do; the app runs them through `PrepdeckApp.write`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from prepdeck.store import Store
from prepdeck.store.after_meeting import MeetingRecord
from prepdeck.undo import Change, deleted, edited, quote, tracked
from prepdeck.wording import counted


# -- clients -----------------------------------------------------------------------
def add_client(store: Store, name: str, **fields: Any) -> Change:
    """A new client; the Change's client_id is the new one's, for its briefing to open."""
    with store.transaction():
        client = store.add_client(name, **fields)
    return Change(
        f"added client {quote(client.name)}", client.id, (store.created("clients", client.id),)
    )


def edit_client(store: Store, client_id: int, **fields: Any) -> Change:
    """Any of the client's fields; status alone is archiving (ended) or restoring."""
    with store.transaction():
        before = store.snapshot("clients", client_id)
        client = store.update_client(client_id, **fields)
    if set(fields) == {"status"}:
        verb = "archived" if client.status == "ended" else f"set to {client.status}"
        what = f"client {quote(client.name)} {verb}"
    else:
        what = f"edited client {quote(client.name)}"
    return Change(what, client_id, tuple(before))


# -- contacts ------------------------------------------------------------------------
def add_contact(store: Store, client_id: int, name: str, **fields: Any) -> Change:
    with store.transaction():
        contact = store.add_contact(client_id, name, **fields)
    return Change(
        f"added contact {quote(contact.name)}",
        client_id,
        (store.created("contacts", contact.id),),
    )


def edit_contact(store: Store, contact_id: int, **fields: Any) -> Change:
    with store.transaction():
        before = store.snapshot("contacts", contact_id)
        contact = store.update_contact(contact_id, **fields)
    return Change(f"edited contact {quote(contact.name)}", contact.client_id, tuple(before))


def remove_contact(store: Store, contact_id: int) -> Change:
    """Their notes, promises and conversations stay with the client; undoing ties them
    to the person again."""
    contact = store.get_contact(contact_id)
    what = f"removed contact {quote(contact.name)}"
    return deleted(store, "contacts", contact_id, what, contact.client_id)


# -- feeds ---------------------------------------------------------------------------
def add_feed(store: Store, url: str, **fields: Any) -> Change:
    """A URL already stored is merged into that feed (its tags added): undoing puts the
    stored feed back as it was."""
    with store.transaction():
        known = store.known_feed(url)
        if known is not None:
            before = store.snapshot("feeds", known.id)
            feed = store.add_feed(url, **fields)
            what = f"merged tags into the stored feed {quote(feed.title or feed.url)}"
            return Change(what, None, tuple(before))
        feed = store.add_feed(url, **fields)
    return Change(f"added feed {quote(feed.url)}", None, (store.created("feeds", feed.id),))


def edit_feed(store: Store, feed_id: int, **fields: Any) -> Change:
    feed = store.get_feed(feed_id)
    what = f"edited feed {quote(feed.title or feed.url)}"
    return edited(store, "feeds", feed_id, what, None, lambda: store.update_feed(feed_id, **fields))


def remove_feed(store: Store, feed_id: int) -> Change:
    """The feed and the articles stored from it (the schema deletes them with it); undoing
    puts every one back under its id, and the shares that pointed at them."""
    feed = store.get_feed(feed_id)
    made = deleted(store, "feeds", feed_id, "", None)
    articles = sum(1 for snap in made.snapshots if snap.table == "articles")
    what = f"removed feed {quote(feed.title or feed.url)}"
    if articles:
        what += f" and its {counted(articles, 'article')}"
    return replace(made, description=what)


# -- after a meeting, an import: many rows, one unit -----------------------------------
def record_meeting(store: Store, record: MeetingRecord, client_name: str) -> Change:
    """The conversation, the promises made and kept and the next meeting, in one
    transaction: undoing takes all of it back at once."""

    def touched() -> list[tuple[str, int]]:
        return [("clients", record.client_id)] + [("promises", i) for i in record.kept_ids]

    def describe(logged: Any) -> str:
        said = [f"logged the {logged.kind} with {client_name}"]
        if record.promises:
            said.append(f"{counted(len(record.promises), 'promise')} added")
        if record.kept_ids:
            said.append(f"{len(record.kept_ids)} kept")
        return ", ".join(said)

    return tracked(
        store,
        record.client_id,
        touched=touched,
        adds=("interactions", "promises"),
        write=lambda: store.record_meeting(record),
        describe=describe,
    )


def import_people(store: Store, path: Path) -> Change:
    """Clients and contacts from a CSV or vCard file (as `import clients`): undoing removes
    the people it added and puts back the fields it changed."""
    from prepdeck.transfer import import_people as run_import
    from prepdeck.transfer import read_people

    read = read_people(path)

    def touched() -> list[tuple[str, int]]:  # in the write's transaction: what it will change
        plan = run_import(store, path, dry_run=True, read=read)
        return [
            ("clients" if a.kind == "client" else "contacts", a.target.id)
            for a in plan.actions
            if a.action == "update" and a.target is not None and a.target.id is not None
        ]

    def describe(report: Any) -> str:
        return f"imported {path.name}: {report.added} added, {report.updated} updated"

    return tracked(
        store,
        None,
        touched=touched,
        adds=("clients", "contacts", "notes"),
        write=lambda: run_import(store, path, read=read),
        describe=describe,
    )
