"""`brief`, `due` and `share …`: the briefing printed, what needs doing, articles to send."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from prepdeck import export
from prepdeck.briefing import Briefing, DueItem, build_briefing, due_items
from prepdeck.cli.common import RECORD_ID, db_option, emit_json, json_option, open_store, whole
from prepdeck.dates import now, relative_days, today
from prepdeck.errors import PrepdeckError
from prepdeck.models import Share
from prepdeck.store import Store


@click.command("brief")
@click.argument("client_ref", metavar="CLIENT")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "text"], case_sensitive=False),
    default="markdown",
    show_default=True,
    help="Markdown (renders in mail clients and notes apps) or plain text.",
)
@click.option("--include-private", is_flag=True, help="Include notes marked private.")
@click.option(
    "--news",
    "news_limit",
    type=whole(0, 50),
    default=5,
    show_default=True,
    help="How many news suggestions to include.",
)
@db_option
def brief(
    client_ref: str, fmt: str, include_private: bool, news_limit: int, db_path: Path | None
) -> None:
    """Print the whole briefing for one client."""
    store = open_store(db_path)
    client = store.resolve_client(client_ref)
    briefing = build_briefing(store, client.id, today(), news_limit=news_limit)
    click.echo(
        export.render_briefing(briefing, fmt.lower(), include_private=include_private), nl=False
    )


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


def _relative(days: int | None) -> str:
    return "" if days is None else relative_days(days)


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
        click.echo(f"Nothing due in the next {days} days.")
        return
    for kind, heading in DUE_HEADINGS.items():
        group = [i for i in items if i.kind == kind]
        if not group:
            continue
        click.echo(f"{heading} ({len(group)})")
        for i in group:
            if kind == "meeting":
                when = f"{i.at:%a %d %b %H:%M}" if i.at else ""
                click.echo(f"  {when:<16} {i.client_name} ({_relative(i.days)})")
            elif kind == "promise":
                state = (
                    f"OVERDUE {-(i.days or 0)}d"
                    if (i.days or 0) < 0
                    else f"due {_relative(i.days)}"
                )
                click.echo(f"  {state:<16} {i.client_name}: {i.text}  [promise {i.ref_id}]")
            elif kind == "ask":
                click.echo(f"  {_relative(i.days):<16} {i.client_name}: {i.text}")
            else:
                click.echo(f"  {i.client_name}")
                for reason in i.reasons:
                    click.echo(f"    - {reason}")
        click.echo("")


@click.group("share")
def share() -> None:
    """Articles to send to a client: mark, list (or draft as .eml), sent, dismiss."""


@share.command("mark")
@click.argument("client_ref", metavar="CLIENT")
@click.argument("article_id", type=RECORD_ID)
@click.option("--note", help="Why it relates to them, in your words (used in the draft).")
@db_option
def share_mark(client_ref: str, article_id: int, note: str | None, db_path: Path | None) -> None:
    """Mark an article to send to a client."""
    store = open_store(db_path)
    client = store.resolve_client(client_ref)
    store.get_article(article_id)
    marked = store.mark_share(client.id, article_id, note=note)
    click.echo(f"Marked share {marked.id} for {client.name}: {marked.title}")


@share.command("dismiss")
@click.argument("client_ref", metavar="CLIENT")
@click.argument("article_id", type=RECORD_ID)
@db_option
def share_dismiss(client_ref: str, article_id: int, db_path: Path | None) -> None:
    """Not for this client: hide the article from their suggestions."""
    store = open_store(db_path)
    client = store.resolve_client(client_ref)
    dismissed = store.dismiss_share(client.id, article_id)
    click.echo(f"Dismissed article {article_id} for {client.name}: {dismissed.title}")


@share.command("sent")
@click.argument("share_id", type=RECORD_ID)
@db_option
def share_sent(share_id: int, db_path: Path | None) -> None:
    """Record that a share was sent (logs an "article-sent" interaction)."""
    store = open_store(db_path)
    sent = store.mark_sent(share_id)
    name = store.get_client(sent.client_id).name
    click.echo(f"Sent share {sent.id} to {name}: {sent.title} (logged as an interaction).")


STATUS_CHOICES = ["marked", "sent", "dismissed", "all"]


def _briefings(store: Store, shares: list[Share]) -> dict[int, Briefing]:
    """One briefing (without news) per client in the list, for drafts and addresses."""
    day = today()
    return {
        cid: build_briefing(store, cid, day, news_limit=0)
        for cid in dict.fromkeys(s.client_id for s in shares)
    }


def _write_drafts(store: Store, shares: list[Share], out_dir: Path) -> None:
    drafts = [s for s in shares if s.status == "marked"]
    if not drafts:
        click.echo("No marked shares to draft; `prepdeck share mark CLIENT ARTICLE_ID` adds one.")
        return
    briefings = _briefings(store, drafts)
    stamp = now()
    refused: list[str] = []
    for s in drafts:
        # One bad draft (say an email address with a line break) must not stop the others.
        b = briefings[s.client_id]
        try:
            msg = export.share_email(b, s, when=stamp)
        except (PrepdeckError, ValueError) as exc:
            refused.append(f"share {s.id} for {b.client.name}: {str(exc).rstrip('.')}")
            continue
        try:
            path = export.write_eml(msg, out_dir, s)
        except OSError as exc:
            raise PrepdeckError(
                f"Cannot write drafts to {out_dir}: {exc.strerror or exc}."
            ) from None
        to = "" if msg["To"] else "  (no email stored: fill in To)"
        click.echo(f"{path}{to}")
    if refused:
        written = len(drafts) - len(refused)
        raise PrepdeckError(
            f"Not drafted: {'; '.join(refused)} (fix it with `prepdeck client edit`; "
            f"{written} other draft{'s' if written != 1 else ''} written)."
        )


def _list_shares(
    client_ref: str | None,
    status: str,
    as_json: bool,
    fmt: str,
    out_dir: Path | None,
    db_path: Path | None,
) -> None:
    store = open_store(db_path)
    client_id = store.resolve_client(client_ref).id if client_ref else None
    if fmt == "eml":
        if out_dir is None:
            raise PrepdeckError("Give --out DIR: the folder to write one .eml draft per share.")
        _write_drafts(store, store.list_shares(client_id, "marked"), out_dir)
        return
    wanted = None if status == "all" else status
    shares = store.list_shares(client_id, wanted)
    names = {c.id: c.name for c in store.list_clients()}
    if as_json:
        briefings = _briefings(store, [s for s in shares if s.status == "marked"])
        rows = []
        for s in shares:
            row = s.to_json()
            row["client"] = names.get(s.client_id)
            b = briefings.get(s.client_id)
            row["draft"] = export.draft_note(b, s) if b and s.status == "marked" else None
            rows.append(row)
        emit_json(rows)
        return
    if not shares:
        click.echo(
            "No shares"
            + ("" if status == "all" else f" {status}")
            + "; `prepdeck share mark CLIENT ARTICLE_ID` marks an article to send."
        )
        return
    for s in shares:
        when = f" {s.sent_at:%Y-%m-%d}" if s.sent_at else ""
        who = "" if client_id else f"  [{names.get(s.client_id, '?')}]"
        click.echo(f"{s.id:>4}  {s.status + when:<16} {s.title}{who}")
        if s.link:
            click.echo(f"{'':>22}{s.link}")


@share.command("list")
@click.argument("client_ref", metavar="[CLIENT]", required=False)
@click.option(
    "--status",
    type=click.Choice(STATUS_CHOICES),
    default="marked",
    show_default=True,
    help="Which shares to list.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["list", "eml"]),
    default="list",
    show_default=True,
    help="eml: write one RFC 5322 draft per marked share into --out.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for --format eml.",
)
@json_option
@db_option
def share_list(
    client_ref: str | None,
    status: str,
    fmt: str,
    out_dir: Path | None,
    as_json: bool,
    db_path: Path | None,
) -> None:
    """List shares (marked ones by default), or write them as .eml drafts."""
    _list_shares(client_ref, status, as_json, fmt, out_dir, db_path)


@share.command("export")
@click.argument("client_ref", metavar="[CLIENT]", required=False)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder to write the .eml drafts into.",
)
@db_option
def share_export(client_ref: str | None, out_dir: Path, db_path: Path | None) -> None:
    """Write one .eml draft (opens as a draft in mail clients) per marked share."""
    _list_shares(client_ref, "marked", False, "eml", out_dir, db_path)


COMMANDS = [brief, due, share]
