"""Commands that move data in and out and find things: import clients, export, search."""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import click

from prepdeck.cli.common import (
    db_option,
    echo,
    emit_json,
    json_option,
    open_store,
    resolve_db_path,
    warn,
)
from prepdeck.store import SearchHit
from prepdeck.transfer import (
    FORMATS,
    export_text,
    import_people,
    read_people,
    summary_lines,
    write_private_file,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@click.group("import")
def import_group() -> None:
    """Import clients and contacts from other tools."""


@import_group.command("clients")
@click.argument("file", metavar="FILE.csv|FILE.vcf", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be added, updated or skipped.")
@json_option
@db_option
def import_clients(file: Path, dry_run: bool, as_json: bool, db_path: Path | None) -> None:
    """Import people from a CSV (Google, Outlook or prepdeck columns) or vCard file.

    Each person becomes a client named after them, unless their company already
    has a client: then they become a contact there. Someone already stored (same
    email, or same name at the same company) is updated, never duplicated.
    """
    read = read_people(file)  # a bad file fails before any database is touched
    target = resolve_db_path(db_path)
    with tempfile.TemporaryDirectory(prefix="prepdeck-dry-run-") as scratch:
        if dry_run and not target.exists():
            # Preview against an empty database without creating the real one.
            target = Path(scratch) / "preview.db"
        store = open_store(target)
        try:
            report = import_people(store, file, dry_run=dry_run, read=read)
        finally:
            store.close()
    if as_json:
        emit_json(report.to_json())
        return
    # A preview lists everyone; a real run lists everyone only while that stays readable.
    for line in summary_lines(report, every_action=dry_run or len(report.actions) <= 30):
        echo(line)


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    default="json",
    show_default=True,
    help="json: everything; csv / vcf: clients and contacts (re-importable).",
)
@click.option("--include-private", is_flag=True, help="Include notes marked private (JSON).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (owner-only) instead of standard output.",
)
@db_option
def export(fmt: str, include_private: bool, out: Path | None, db_path: Path | None) -> None:
    """Export everything as JSON, or clients and contacts as CSV or vCard."""
    store = open_store(db_path)
    try:
        text = export_text(store, fmt.lower(), include_private=include_private)
        clients = store.client_count()
        private = int(store.scalar("SELECT count(*) FROM notes WHERE sensitivity = 'private'"))
    finally:
        store.close()
    if include_private and private and fmt == "json":
        where = "standard output" if out is None else str(out)
        warn(f"{private} private note(s) go to {where} unencrypted.")
    if out is None:
        echo(text, nl=False)
        return
    write_private_file(out, text)
    message = f"Exported {clients} client{'s' * (clients != 1)} as {fmt.upper()} to {out}."
    if fmt == "json" and private and not include_private:
        message += f" {private} private note(s) left out; add --include-private to include them."
    echo(message)


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
@click.option(
    "--limit", type=click.IntRange(1, 1000), default=50, show_default=True, help="Most hits."
)
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


COMMANDS = [import_group, export, search]
