"""`due`: what needs doing across all clients, quick enough for a shell prompt (issue 18)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from prepdeck.cli.common import db_option, echo, emit_json, json_option, open_store, whole
from prepdeck.dates import today
from prepdeck.due import DueItem, due_items
from prepdeck.wording import counted, relative_days


def _due_json(item: DueItem) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "client_id": item.client_id,
        "client": item.client_name,
        "text": item.text,
        "on": item.on.isoformat() if item.on else None,
        "at": item.at.isoformat(sep=" ", timespec="minutes") if item.at else None,
        "days": item.days,
        "id": item.ref_id,
        "reasons": item.reasons,
    }


DUE_HEADINGS = {
    "meeting": "Meetings",
    "promise": "Promises due or overdue",
    "ask": "Ask about",
    "attention": "Clients needing attention",
}


@click.command("due")
@click.option(
    "--days", type=whole(0, 366), default=7, show_default=True, help="Look this far ahead."
)
@click.option("--include-private", is_flag=True, help="Include private notes to ask about.")
@json_option
@db_option
def due(days: int, include_private: bool, as_json: bool, db_path: Path | None) -> None:
    """What needs doing: meetings, promises, things to ask about, clients slipping."""
    store = open_store(db_path)
    items = due_items(store, today(), days, include_private=include_private)
    if as_json:
        emit_json([_due_json(i) for i in items])
        return
    if not items:
        echo(f"Nothing due in the next {counted(days, 'day')}.")
        return
    for kind, heading in DUE_HEADINGS.items():
        group = [i for i in items if i.kind == kind]
        if not group:
            continue
        echo(f"{heading} ({len(group)})")
        for i in group:
            if kind == "meeting":
                when = f"{i.at:%a %d %b %H:%M}" if i.at else ""
                echo(f"  {when:<16} {i.client_name} ({relative_days(i.days)})")
            elif kind == "promise":
                state = (
                    f"OVERDUE {-(i.days or 0)}d"
                    if (i.days or 0) < 0
                    else f"due {relative_days(i.days)}"
                )
                echo(f"  {state:<16} {i.client_name}: {i.text}  [promise {i.ref_id}]")
            elif kind == "ask":
                echo(f"  {relative_days(i.days):<16} {i.client_name}: {i.text}")
            else:
                echo(f"  {i.client_name}")
                for reason in i.reasons:
                    echo(f"    - {reason}")
        echo("")


COMMANDS = [due]
