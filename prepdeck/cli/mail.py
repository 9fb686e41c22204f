"""`prepdeck import mail`: email conversations from an mbox file or a Maildir folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from prepdeck.cli.common import date_value, db_option, echo, emit_json, json_option, open_store


@click.command("mail")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--since", callback=date_value("--since date"), help="Only mail from this date on.")
@click.option("--dry-run", is_flag=True, help="Count what would be imported; store nothing.")
@json_option
@db_option
def import_mail_command(
    path: Path, since: date | None, dry_run: bool, as_json: bool, db_path: Path | None
) -> None:
    """Log mail to or from your clients and contacts as email conversations.

    Only the date, the direction and the subject are kept, never the body.
    Importing the same mailbox again changes nothing (Message-ID).
    """
    from prepdeck.mail.importer import import_mail

    summary = import_mail(open_store(db_path), path, since=since, dry_run=dry_run)
    if as_json:
        emit_json(summary.to_json())
    else:
        echo(summary.line())
