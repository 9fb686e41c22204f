"""Commands that move data in and out: import clients and contacts, export everything."""

from __future__ import annotations

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
from prepdeck.cli.mail import import_mail_command
from prepdeck.transfer import (
    FORMATS,
    export_text,
    import_people,
    read_people,
    summary_lines,
    write_private_file,
)


@click.group("import")
def import_group() -> None:
    """Import clients and contacts from other tools, and conversations from mail."""


import_group.add_command(import_mail_command)


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
        private = store.private_note_count()
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


COMMANDS = [import_group, export]
