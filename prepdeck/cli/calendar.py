"""Calendar commands: add, list, remove and sync calendars; `next` prints the next meeting."""

from __future__ import annotations

from dataclasses import asdict, replace
from pathlib import Path
from urllib.parse import urlsplit

import click

from prepdeck.cli.common import (
    RECORD_ID,
    db_option,
    echo,
    emit_json,
    json_option,
    open_store,
    whole,
)
from prepdeck.errors import PrepdeckError
from prepdeck.wording import counted

MAX_DAYS = 3660  # ten years either way: far past any synced window, and no date overflow


def _default_name(source: str, kind: str) -> str:
    if kind == "url":
        return urlsplit(source).hostname or "calendar"
    path = Path(source)
    return path.stem if kind == "file" else path.name


@click.group("calendar")
def calendar_group() -> None:
    """Calendars (.ics files, vdir folders, secret iCal URLs) that bring meetings in."""


@calendar_group.command("add")
@click.argument("source")
@click.option("--name", help="What to call it (default: the file, folder or host name).")
@db_option
def calendar_add(source: str, name: str | None, db_path: Path | None) -> None:
    """Add an .ics file, a folder of .ics files, or an http(s) iCal URL; then sync it."""
    from prepdeck.calendar.sources import check_local, kind_of, normalise

    kind = kind_of(source)
    source = normalise(source, kind)
    if kind != "url":
        check_local(source, kind)
    store = open_store(db_path)
    calendar = store.add_calendar(name or _default_name(source, kind), source, kind)
    echo(
        f"Added calendar {calendar.name!r} ({kind}); `prepdeck calendar sync` brings its"
        " meetings in."
    )


@calendar_group.command("list")
@json_option
@db_option
def calendar_list(as_json: bool, db_path: Path | None) -> None:
    """List calendars with their last sync."""
    from prepdeck.calendar.sources import masked, without_secret

    calendars = open_store(db_path).list_calendars()
    if as_json:  # the secret part of a URL stays out of JSON too (scripts log their output)
        emit_json(
            [
                replace(
                    c,
                    source=masked(c.source, c.kind),
                    last_error=without_secret(c.last_error, c.source, c.kind),
                )
                for c in calendars
            ]
        )
        return
    if not calendars:
        echo("No calendars yet: add one with `prepdeck calendar add FILE|FOLDER|URL`.")
        return
    for c in calendars:
        when = f"synced {c.synced_at:%Y-%m-%d %H:%M}" if c.synced_at else "never synced"
        failed = c.last_status == "failed"
        error = without_secret(c.last_error, c.source, c.kind)  # stored by an older release
        state = f"failed: {error}" if failed else counted(c.meetings, "meeting")
        echo(f"{c.name}  {masked(c.source, c.kind)}  {when}, {state}")


@calendar_group.command("remove")
@click.argument("name")
@db_option
def calendar_remove(name: str, db_path: Path | None) -> None:
    """Remove a calendar and the meetings synced from it."""
    removed = open_store(db_path).remove_calendar(name)
    echo(f"Removed calendar {removed.name!r} and its meetings.")


@calendar_group.command("sync")
@json_option
@db_option
def calendar_sync(as_json: bool, db_path: Path | None) -> None:
    """Read every calendar again and match its meetings to clients.

    A calendar that fails is one line; the others still sync. Exits non-zero
    only when every calendar failed.
    """
    from prepdeck.calendar.sync import FAILED, sync_calendars

    results = sync_calendars(open_store(db_path))
    if as_json:
        emit_json([r.to_json() for r in results])
    elif not results:
        echo("No calendars yet: add one with `prepdeck calendar add FILE|FOLDER|URL`.")
    for r in results if not as_json else []:
        echo(r.line(), err=r.status == FAILED)
    if results and all(r.status == FAILED for r in results):
        raise PrepdeckError("No calendar could be synced.")


@calendar_group.command("meetings")
@click.option("--unmatched", is_flag=True, help="Only meetings matched to no client.")
@click.option(
    "--days", type=whole(0, MAX_DAYS), default=14, show_default=True, help="How far ahead."
)
@click.option(
    "--past", type=whole(0, MAX_DAYS), default=0, show_default=True, help="How many days back."
)
@json_option
@db_option
def calendar_meetings(
    unmatched: bool, days: int, past: int, as_json: bool, db_path: Path | None
) -> None:
    """List synced meetings, with the client each is with and the rule that matched it."""
    from datetime import timedelta

    from prepdeck.dates import today

    start = today() - timedelta(days=past)
    end = today() + timedelta(days=days + 1)
    meetings = open_store(db_path).meetings_between(
        start, end, matched=False if unmatched else None
    )
    if as_json:  # times as `next --json` writes them: ISO 8601 with the local offset
        emit_json(
            [
                {
                    **asdict(m),
                    "start": m.start.astimezone().isoformat(),
                    "end": m.end.astimezone().isoformat() if m.end else None,
                }
                for m in meetings
            ]
        )
        return
    if not meetings:
        echo("No meetings in that span.")
    for m in meetings:
        clock = "all day" if m.all_day else f"{m.start:%H:%M}"
        who = f"{m.client_name} ({m.matched_by})" if m.client_id else "no client"
        echo(f"{m.id:>6}  {m.start:%a %d %b} {clock:<7}  {m.title}  ·  {who}")


@calendar_group.command("attach")
@click.argument("meeting_id", type=RECORD_ID)
@click.argument("client")
@db_option
def calendar_attach(meeting_id: int, client: str, db_path: Path | None) -> None:
    """Attach a meeting to a client by hand (kept across syncs)."""
    store = open_store(db_path)
    meeting = store.attach_meeting(meeting_id, store.resolve_client(client).id)
    echo(f"Attached {meeting.title!r} on {meeting.start:%Y-%m-%d} to {meeting.client_name}.")


@click.command("next")
@json_option
@db_option
def next_command(as_json: bool, db_path: Path | None) -> None:
    """The next meeting with a client: when, what, where, and how it was matched."""
    from prepdeck.calendar.upcoming import next_meeting
    from prepdeck.dates import now

    found = next_meeting(open_store(db_path), now())
    if as_json:
        emit_json(found.to_json() if found else None)
        return
    if found is None:
        raise PrepdeckError(
            "No upcoming client meeting: add a calendar (`prepdeck calendar add`) or set one"
            " with `prepdeck client edit CLIENT --next-meeting`."
        )
    clock = "all day" if found.all_day else f"{found.start:%H:%M}"
    echo(f"{found.start:%a %d %b} {clock}  {found.client}  {found.title or ''}".rstrip())
    where = found.location or found.video
    if where:
        echo(f"  where: {where}")
    echo(f"  matched by {found.matched_by}")


COMMANDS = [calendar_group, next_command]
