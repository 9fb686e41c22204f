"""`brief` and `share …`: the briefing printed, articles to send."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from prepdeck.briefing import NEWS_LIMIT, build_briefing
from prepdeck.cli.common import (
    RECORD_ID,
    db_option,
    echo,
    emit_json,
    json_option,
    open_store,
    whole,
)
from prepdeck.dates import now, today
from prepdeck.errors import PrepdeckError
from prepdeck.models import Share
from prepdeck.store import Store
from prepdeck.wording import counted

if TYPE_CHECKING:
    from prepdeck.export.drafts import Draft

# prepdeck.export (drafts, email) and the config are imported by the commands that use
# them: `due` in a shell prompt and `share mark` never need them (issue 18).


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
    default=NEWS_LIMIT,
    show_default=True,
    help="How many news suggestions to include.",
)
@db_option
def brief(
    client_ref: str, fmt: str, include_private: bool, news_limit: int, db_path: Path | None
) -> None:
    """Print the whole briefing for one client."""
    from prepdeck import export

    store = open_store(db_path)
    client = store.resolve_client(client_ref)
    briefing = build_briefing(store, client.id, today(), news_limit=news_limit)
    echo(export.render_briefing(briefing, fmt.lower(), include_private=include_private), nl=False)


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
    echo(f"Marked share {marked.id} for {client.name}: {marked.title}")


@share.command("dismiss")
@click.argument("client_ref", metavar="CLIENT")
@click.argument("article_id", type=RECORD_ID)
@db_option
def share_dismiss(client_ref: str, article_id: int, db_path: Path | None) -> None:
    """Not for this client: hide the article from their suggestions."""
    store = open_store(db_path)
    client = store.resolve_client(client_ref)
    dismissed = store.dismiss_share(client.id, article_id)
    echo(f"Dismissed article {article_id} for {client.name}: {dismissed.title}")


@share.command("sent")
@click.argument("share_id", type=RECORD_ID)
@db_option
def share_sent(share_id: int, db_path: Path | None) -> None:
    """Record that a share was sent (logs an "article-sent" interaction)."""
    store = open_store(db_path)
    sent = store.mark_sent(share_id)
    name = store.get_client(sent.client_id).name
    echo(f"Sent share {sent.id} to {name}: {sent.title} (logged as an interaction).")


STATUS_CHOICES = ["marked", "sent", "dismissed", "all"]


def _write_drafts(
    store: Store, client_id: int | None, out_dir: Path, *, combine: bool = False
) -> None:
    """One .eml per marked share (or per client with `combine`), the queue's very text."""
    from prepdeck import export
    from prepdeck.config import load_config
    from prepdeck.export import queue as export_queue
    from prepdeck.wording import one_line

    sender = load_config().sender
    if combine:
        drafts = export_queue.combined_drafts(store, today(), sender, client_id)
    else:
        drafts = [d for _, d in export_queue.queue_drafts(store, today(), sender, client_id)]
    if not drafts:
        echo("No marked shares to draft; `prepdeck share mark CLIENT ARTICLE_ID` adds one.")
        return
    stamp = now()
    refused: list[str] = []
    for d in drafts:
        # One bad draft (say an address with a line break) must not stop the others.
        try:
            path = export.save_draft(d, out_dir, sender, when=stamp)
        except (PrepdeckError, ValueError) as exc:
            ids = ", ".join(str(i) for i in d.share_ids)
            refused.append(f"share {ids} for {one_line(d.client_name)}: {str(exc).rstrip('.')}")
            continue
        except OSError as exc:
            raise PrepdeckError(
                f"Cannot write drafts to {out_dir}: {exc.strerror or exc}."
            ) from None
        to = "" if d.to_email else f"  (no email stored for {d.to_name}: fill in To)"
        echo(f"{path}{to}")
    if refused:
        written = len(drafts) - len(refused)
        raise PrepdeckError(
            f"Not drafted: {'; '.join(refused)} (fix it with `prepdeck client edit`; "
            f"{counted(written, 'other draft')} written)."
        )


def _share_json(share: Share, name: str | None, draft: Draft | None) -> dict[str, Any]:
    row = share.to_json()
    row["client"] = name
    row["to"] = draft.to if draft else None
    row["subject"] = draft.subject if draft else None
    row["draft"] = draft.body if draft else None
    row["cautions"] = list(draft.cautions) if draft else []
    return row


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
        _write_drafts(store, client_id, out_dir)
        return
    wanted = None if status == "all" else status
    shares = store.list_shares(client_id, wanted)
    names = {c.id: c.name for c in store.list_clients()}
    if as_json:
        drafts: dict[int, Draft] = {}
        if any(s.status == "marked" for s in shares):
            from prepdeck.config import load_config
            from prepdeck.export import queue as export_queue

            sender = load_config().sender
            queue = export_queue.queue_drafts(store, today(), sender, client_id)
            drafts = {s.id: d for s, d in queue}
        emit_json([_share_json(s, names.get(s.client_id), drafts.get(s.id)) for s in shares])
        return
    if not shares:
        echo(
            "No shares"
            + ("" if status == "all" else f" {status}")
            + "; `prepdeck share mark CLIENT ARTICLE_ID` marks an article to send."
        )
        return
    for s in shares:
        when = f" {s.sent_at:%Y-%m-%d}" if s.sent_at else ""
        who = "" if client_id else f"  [{names.get(s.client_id, '?')}]"
        echo(f"{s.id:>4}  {s.status + when:<16} {s.title}{who}")
        if s.link:
            echo(f"{'':>22}{s.link}")


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
@click.option(
    "--combine",
    is_flag=True,
    help="One message per client holding all of that client's articles.",
)
@db_option
def share_export(
    client_ref: str | None, out_dir: Path, combine: bool, db_path: Path | None
) -> None:
    """Write one .eml draft (opens as a draft in mail clients) per marked share.

    Each draft is addressed and signed (your [sender] in the config file gives From:
    and the signature) and is the same text the app's queue shows.
    """
    store = open_store(db_path)
    client_id = store.resolve_client(client_ref).id if client_ref else None
    _write_drafts(store, client_id, out_dir, combine=combine)


COMMANDS = [brief, share]
