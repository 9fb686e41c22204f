"""`prepdeck search TEXT`: full text over everything stored (apart from import/export)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from prepdeck.cli.common import db_option, echo, emit_json, json_option, open_store, whole
from prepdeck.store import SearchHit

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _hit_line(hit: SearchHit) -> str:
    who = hit.client_name or ""
    if hit.kind == "article":
        names = ", ".join(c["name"] for c in hit.shared_with)
        who = f"shared with {names}" if names else "not shared"
    head = [f"{hit.kind} {hit.id}"]
    if hit.kind in ("contact", "article") and hit.title:
        head.append(hit.title)
    head.append(who)
    if hit.when:
        head.append(hit.when[:10])
    if hit.kind == "note" and hit.detail in ("private", "never"):
        head.append("private" if hit.detail == "private" else "never mention")
    if hit.kind == "promise" and hit.detail:
        head.append(hit.detail)
    return " · ".join(part for part in head if part)


@click.command("search")
@click.argument("text", nargs=-1, required=True)
@click.option("--limit", type=whole(1, 1000), default=50, show_default=True, help="Most hits.")
@json_option
@db_option
def search(text: tuple[str, ...], limit: int, as_json: bool, db_path: Path | None) -> None:
    """Full-text search over clients, contacts, notes, promises, interactions and articles.

    Words are matched as typed (quotes, AND, OR, *, - are plain text), all of them
    must appear, and the last also matches as a prefix. Your own records rank
    first, then articles. Private notes are searched: this is your own data.
    To search for text starting with "-", put "--" before it.
    """
    query = " ".join(text)
    store = open_store(db_path)
    try:
        hits = store.search(query, limit=limit)
    finally:
        store.close()
    if as_json:
        emit_json([hit.to_json() for hit in hits])
        return
    if not hits:
        echo(f"Nothing matches {query!r}.")
        return
    tty = sys.stdout.isatty()
    for hit in hits:
        echo(_hit_line(hit))
        snippet = _CONTROL.sub(" ", hit.snippet)
        pieces, last = [], 0
        for start, end in hit.spans:
            word = snippet[start:end]
            pieces += [snippet[last:start], click.style(word, bold=True) if tty else f"[{word}]"]
            last = end
        pieces.append(snippet[last:])
        echo("    " + "".join(pieces).replace("\n", " "))


COMMANDS = [search]
