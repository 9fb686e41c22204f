"""Commands for clients, contacts, notes, promises and logged interactions."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from prepdeck.cli.common import (
    RECORD_ID,
    date_value,
    datetime_value,
    db_option,
    echo,
    emit_json,
    json_option,
    open_store,
    whole,
)
from prepdeck.models import STATUSES


def _client_options(func: Any) -> Any:
    """The options `client add` and `client edit` share."""
    for option in reversed(
        [
            click.option("--company", help="The organisation."),
            click.option("--industry", help="Its industry, e.g. logistics."),
            click.option("--keywords", help='Topics they care about: "a, b, c".'),
            click.option("--address-as", help='How to address them, e.g. "Mrs Patel".'),
            click.option("--email", help="Their email address."),
        ]
    ):
        func = option(func)
    return func


def _describe_client(client: Any) -> str:
    return f"{client.name} (id {client.id})" + (f", {client.company}" if client.company else "")


@click.group()
def client() -> None:
    """Add, edit and list clients."""


@client.command("add")
@click.argument("name")
@_client_options
@db_option
def client_add(name: str, db_path: Path | None, **fields: Any) -> None:
    """Add a client."""
    store = open_store(db_path)
    added = store.add_client(name, **fields)
    echo(f"Added client {_describe_client(added)}.")


@client.command("edit")
@click.argument("client_ref", metavar="CLIENT")
@click.option("--name", help="Rename the client.")
@_client_options
@click.option("--next-meeting", callback=datetime_value, help='"YYYY-MM-DD HH:MM".')
@click.option("--warmth", type=whole(1, 5), help="1 (cold) to 5 (warm).")
@click.option("--status", type=click.Choice(STATUSES, case_sensitive=False))
@click.option("--agreed", help="Agreed expectations / account plan.")
@click.option(
    "--cadence", "cadence_days", type=whole(1, 3660), help="Target days between contacts."
)
@click.option("--no-meeting", is_flag=True, help="Clear the next meeting.")
@db_option
def client_edit(
    client_ref: str,
    db_path: Path | None,
    next_meeting: datetime | None,
    no_meeting: bool,
    **fields: Any,
) -> None:
    """Change a client's details."""
    store = open_store(db_path)
    found = store.resolve_client(client_ref)
    changes = {k: v for k, v in fields.items() if v is not None}
    if next_meeting is not None:
        changes["next_meeting"] = next_meeting
    if no_meeting:
        changes["next_meeting"] = None
    if not changes:
        raise click.UsageError("Nothing to change: give at least one option, e.g. --warmth 4.")
    updated = store.update_client(found.id, **changes)
    echo(f"Updated client {_describe_client(updated)}.")


@client.command("list")
@json_option
@db_option
def client_list(as_json: bool, db_path: Path | None) -> None:
    """List clients."""
    clients = open_store(db_path).list_clients()
    if as_json:
        emit_json(clients)
        return
    if not clients:
        echo("No clients yet: `prepdeck client add NAME` adds one, `prepdeck demo` shows the app.")
    for c in clients:
        meeting = f"  next meeting {c.next_meeting:%Y-%m-%d %H:%M}" if c.next_meeting else ""
        echo(f"{c.id:>4}  {c.name}" + (f" — {c.company}" if c.company else "") + meeting)


@click.group()
def contact() -> None:
    """People at a client."""


@contact.command("add")
@click.argument("client_ref", metavar="CLIENT")
@click.argument("name")
@click.option("--role", help="Their role, e.g. CFO.")
@click.option("--authority", help="What they decide, e.g. signs contracts.")
@click.option("--address-as", help="How to address them.")
@click.option("--email", help="Their email address.")
@db_option
def contact_add(client_ref: str, name: str, db_path: Path | None, **fields: Any) -> None:
    """Add a person at a client."""
    store = open_store(db_path)
    found = store.resolve_client(client_ref)
    added = store.add_contact(found.id, name, **fields)
    echo(f"Added contact {added.name} (id {added.id}) at {found.name}.")


@contact.command("list")
@click.argument("client_ref", metavar="[CLIENT]", required=False)
@json_option
@db_option
def contact_list(client_ref: str | None, as_json: bool, db_path: Path | None) -> None:
    """List contacts, of one client or all."""
    store = open_store(db_path)
    client_id = store.resolve_client(client_ref).id if client_ref else None
    contacts = store.list_contacts(client_id)
    if as_json:
        emit_json(contacts)
        return
    for c in contacts:
        extra = ", ".join(x for x in (c.role, c.email) if x)
        echo(f"{c.id:>4}  {c.name}" + (f" ({extra})" if extra else ""))


@click.group()
def note() -> None:
    """Personal and business notes about a client."""


@note.command("add")
@click.argument("client_ref", metavar="CLIENT")
@click.argument("text")
@click.option(
    "--ask-on", callback=date_value("ask-on date"), help="Ask about it on/after YYYY-MM-DD."
)
@click.option("--contact", "contact_ref", help="The contact it is about.")
@click.option("--pin", is_flag=True, help="Always show it in the briefing.")
@click.option(
    "--private", "sensitivity", flag_value="private", help="Leave it out of exports and printouts."
)
@click.option(
    "--never-mention",
    "sensitivity",
    flag_value="never",
    help="A caution: never in a drafted message.",
)
@db_option
def note_add(
    client_ref: str,
    text: str,
    ask_on: date | None,
    contact_ref: str | None,
    pin: bool,
    sensitivity: str | None,
    db_path: Path | None,
) -> None:
    """Add a note about a client."""
    store = open_store(db_path)
    found = store.resolve_client(client_ref)
    contact_id = store.resolve_contact(found.id, contact_ref).id if contact_ref else None
    added = store.add_note(
        found.id,
        text,
        contact_id=contact_id,
        ask_on=ask_on,
        pinned=pin,
        sensitivity=sensitivity or "normal",
    )
    when = f", ask about it on {added.ask_on}" if added.ask_on else ""
    echo(f"Added note {added.id} for {found.name}{when}.")


@note.command("list")
@click.argument("client_ref", metavar="CLIENT")
@json_option
@db_option
def note_list(client_ref: str, as_json: bool, db_path: Path | None) -> None:
    """List a client's notes."""
    store = open_store(db_path)
    notes = store.list_notes(store.resolve_client(client_ref).id)
    if as_json:
        emit_json(notes)
        return
    for n in notes:
        flags = " ".join(
            f
            for f in (
                "[pinned]" if n.pinned else "",
                f"[{n.sensitivity}]" if n.sensitivity != "normal" else "",
                f"[ask on {n.ask_on}]" if n.ask_on else "",
            )
            if f
        )
        echo(f"{n.id:>4}  {n.text}" + (f"  {flags}" if flags else ""))


@click.group()
def promise() -> None:
    """Promises made to clients, and keeping them."""


@promise.command("add")
@click.argument("client_ref", metavar="CLIENT")
@click.argument("text")
@click.option("--due", callback=date_value("due date"), help="Due on YYYY-MM-DD.")
@click.option("--contact", "contact_ref", help="The contact it was made to.")
@db_option
def promise_add(
    client_ref: str, text: str, due: date | None, contact_ref: str | None, db_path: Path | None
) -> None:
    """Record a promise made to a client."""
    store = open_store(db_path)
    found = store.resolve_client(client_ref)
    contact_id = store.resolve_contact(found.id, contact_ref).id if contact_ref else None
    added = store.add_promise(found.id, text, due_on=due, contact_id=contact_id)
    due_text = f", due {added.due_on}" if added.due_on else ""
    echo(f"Added promise {added.id} to {found.name}{due_text}.")


@promise.command("keep")
@click.argument("promise_id", type=RECORD_ID, metavar="ID")
@click.option("--on", "kept_on", callback=date_value("date"), help="Kept on (default today).")
@db_option
def promise_keep(promise_id: int, kept_on: date | None, db_path: Path | None) -> None:
    """Mark a promise kept."""
    kept = open_store(db_path).keep_promise(promise_id, kept_on)
    late = " (late)" if not kept.kept_on_time else ""
    echo(f"Kept promise {kept.id} on {kept.kept_on}{late}: {kept.text}")


@promise.command("drop")
@click.argument("promise_id", type=RECORD_ID, metavar="ID")
@db_option
def promise_drop(promise_id: int, db_path: Path | None) -> None:
    """Mark a promise dropped (no longer owed)."""
    dropped = open_store(db_path).drop_promise(promise_id)
    echo(f"Dropped promise {dropped.id}: {dropped.text}")


@promise.command("reopen")
@click.argument("promise_id", type=RECORD_ID, metavar="ID")
@db_option
def promise_reopen(promise_id: int, db_path: Path | None) -> None:
    """Open a kept or dropped promise again (clears its kept date)."""
    reopened = open_store(db_path).reopen_promise(promise_id)
    echo(f"Reopened promise {reopened.id}: {reopened.text}")


@promise.command("list")
@click.argument("client_ref", metavar="[CLIENT]", required=False)
@click.option("--open", "open_only", is_flag=True, help="Only promises not yet kept.")
@json_option
@db_option
def promise_list(
    client_ref: str | None, open_only: bool, as_json: bool, db_path: Path | None
) -> None:
    """List promises, open and overdue first."""
    from prepdeck.dates import today

    store = open_store(db_path)
    client_id = store.resolve_client(client_ref).id if client_ref else None
    promises = store.list_promises(client_id, open_only=open_only)
    if as_json:
        emit_json(promises)
        return
    names = {c.id: c.name for c in store.list_clients()}
    now = today()
    for p in promises:
        if p.status == "open":
            overdue = p.days_overdue(now)
            state = (
                f"OVERDUE {overdue}d" if overdue else (f"due {p.due_on}" if p.due_on else "open")
            )
        else:
            state = f"{p.status} {p.kept_on or ''}".strip()
        who = "" if client_id else f"  [{names.get(p.client_id, '?')}]"
        echo(f"{p.id:>4}  {state:<16} {p.text}{who}")


KIND_HELP = "in-person, meeting, call, email, message, or a kind you name."


@click.command("log")
@click.argument("client_ref", metavar="CLIENT")
@click.argument("text")
@click.option("--kind", default="meeting", show_default=True, help=KIND_HELP)
@click.option("--date", "on", callback=date_value("date"), help="When (default today).")
@click.option("--satisfaction", type=whole(1, 5), help="How satisfied they were, 1-5.")
@click.option("--complaint", is_flag=True, help="They raised a complaint.")
@click.option("--contact", "contact_ref", help="Who it was with.")
@db_option
def log(
    client_ref: str,
    text: str,
    kind: str,
    on: date | None,
    satisfaction: int | None,
    complaint: bool,
    contact_ref: str | None,
    db_path: Path | None,
) -> None:
    """Log an interaction with a client (resets the keep-in-touch clock)."""
    store = open_store(db_path)
    found = store.resolve_client(client_ref)
    contact_id = store.resolve_contact(found.id, contact_ref).id if contact_ref else None
    kind = kind.strip().lower().replace(" ", "-").replace("_", "-")
    logged = store.log_interaction(
        found.id,
        text,
        kind=kind,
        on=on,
        satisfaction=satisfaction,
        complaint=complaint,
        contact_id=contact_id,
    )
    echo(f"Logged {logged.kind} with {found.name} on {logged.happened_on}.")


COMMANDS = [client, contact, note, promise, log]
