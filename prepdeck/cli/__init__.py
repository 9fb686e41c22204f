"""The command line: a thin face over the store, feeds, ranking and briefing."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click

from prepdeck.cli import records
from prepdeck.cli.common import db_option, open_store, resolve_db_path
from prepdeck.errors import PrepdeckError
from prepdeck.store import describe_sqlite_error


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@db_option
@click.version_option(package_name="prepdeck")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None) -> None:
    """prepdeck: know your client before you walk in.

    With no command, opens the app on your database.
    """
    if ctx.invoked_subcommand is None:
        from prepdeck.app import run_app

        open_store(db_path).close()  # fail here, cleanly, on a bad or newer file
        run_app(resolve_db_path(db_path))


for command in records.COMMANDS:
    cli.add_command(command)


def _register_optional() -> None:
    """Areas built as separate modules register themselves here when present."""
    import importlib

    for name in ("demo", "feeds", "sharing", "data"):
        try:
            module = importlib.import_module(f"prepdeck.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"prepdeck.cli.{name}":
                raise
            continue
        for command in module.COMMANDS:
            cli.add_command(command)


_register_optional()


def main() -> None:
    """Entry point: user errors become one line on stderr and a non-zero exit."""
    try:
        code = cli.main(standalone_mode=False, prog_name="prepdeck")
    except click.ClickException as exc:
        click.echo(f"prepdeck: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("prepdeck: aborted.", err=True)
        sys.exit(130)
    except PrepdeckError as exc:
        click.echo(f"prepdeck: {exc}", err=True)
        sys.exit(1)
    except sqlite3.Error as exc:
        click.echo(f"prepdeck: {describe_sqlite_error(exc, 'the database')}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("prepdeck: interrupted; everything saved so far is kept.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(code if isinstance(code, int) else 0)
