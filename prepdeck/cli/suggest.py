"""`prepdeck suggest CLIENT`: the client's most relevant news, with the reasons why."""

from __future__ import annotations

from pathlib import Path

import click

from prepdeck import news
from prepdeck.cli.common import db_option, echo, emit_json, json_option, open_store, whole
from prepdeck.dates import today


@click.command("suggest")
@click.argument("client_ref", metavar="CLIENT")
@click.option(
    "--limit",
    type=whole(1, 200),
    default=news.SUGGEST_LIMIT,
    show_default=True,
    help="How many articles to suggest.",
)
@json_option
@db_option
def suggest(client_ref: str, limit: int, as_json: bool, db_path: Path | None) -> None:
    """Suggest the stored articles that matter most to a client, and why."""
    store = open_store(db_path)
    try:
        client = store.resolve_client(client_ref)
        found = news.suggestions(store, client.id, today(), limit)
    finally:
        store.close()
    if as_json:
        emit_json([s.to_json() for s in found])
        return
    if not found:
        echo(f"No articles to suggest for {client.name} yet; `prepdeck fetch` gets news.")
        return
    for s in found:
        a = s.article
        when = f"{a.published:%d %b}" if a.published else ""
        source = f" · {s.feed_title}" if s.feed_title else ""
        echo(f"[{a.id}] {a.title}")
        echo(f"      {when}{source}".replace("       · ", "      "))  # score: --json only
        for reason in s.reasons:
            echo(f"      - {reason}")
        if a.link:
            echo(f"      {a.link}")
    echo(f"\n`prepdeck share mark {client.name!r} ID` to mark one for sending.")


COMMANDS = [suggest]
