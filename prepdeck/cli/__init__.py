"""The command line: a thin face over the store, feeds, ranking and briefing."""

from __future__ import annotations

import importlib
import sqlite3
from pathlib import Path
from typing import IO, Any

import click

from prepdeck.cli import records
from prepdeck.cli.common import OPENED_DB_KEY, check_database, db_option, echo, resolve_db_path
from prepdeck.errors import PrepdeckError
from prepdeck.store import describe_sqlite_error


class UserError(click.ClickException):
    """Printed as one line, `prepdeck: <sentence>`, with no usage block or traceback."""

    def show(self, file: IO[Any] | None = None) -> None:
        echo(f"prepdeck: {self.format_message()}", err=True)


class PrepdeckGroup(click.Group):
    """Turns anything a user can cause into a UserError, for every subcommand."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UserError:
            raise
        except click.UsageError as exc:
            error = UserError(_usage_sentence(exc))
            error.exit_code = exc.exit_code
            raise error from None
        except PrepdeckError as exc:
            raise UserError(str(exc)) from None
        except sqlite3.Error as exc:
            path = ctx.meta.get(OPENED_DB_KEY) or resolve_db_path(None)
            raise UserError(describe_sqlite_error(exc, path)) from None
        except KeyboardInterrupt:
            error = UserError("Interrupted; everything saved before that is kept.")
            error.exit_code = 130
            raise error from None


def _usage_sentence(exc: click.UsageError) -> str:
    message = exc.format_message().rstrip(".")
    where = exc.ctx.command_path if exc.ctx else "prepdeck"
    return f"{message} (see `{where} --help`)."


@click.group(
    cls=PrepdeckGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@db_option
@click.version_option(package_name="prepdeck")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None) -> None:
    """prepdeck: know your client before you walk in.

    With no command, opens the app on your database.
    """
    if ctx.invoked_subcommand is None:
        from prepdeck.app import run_app

        check_database(db_path)  # fail here, cleanly, on a bad or newer file
        run_app(resolve_db_path(db_path))


@cli.command()
@db_option
def locate(db_path: Path | None) -> None:
    """Print where prepdeck keeps its database and its config file."""
    from prepdeck.config import config_path

    echo(f"database  {resolve_db_path(db_path)}")
    echo(f"config    {config_path()}")


for command in records.COMMANDS:
    cli.add_command(command)

# Areas built as separate modules; each exposes COMMANDS.
for _name in ("demo", "feeds", "suggest", "sharing", "data", "crypto"):
    try:
        _module = importlib.import_module(f"prepdeck.cli.{_name}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"prepdeck.cli.{_name}":
            raise
        continue
    for command in _module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    """Console-script entry point."""
    cli.main(prog_name="prepdeck")
