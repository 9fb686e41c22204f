"""The command line: a thin face over the store, feeds, ranking and briefing."""

from __future__ import annotations

import importlib
import os
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import IO, Any

import click

from prepdeck.cli.common import (
    OPENED_DB_KEY,
    check_database,
    db_option,
    echo,
    open_store,
    resolve_db_path,
)
from prepdeck.errors import PrepdeckError
from prepdeck.store import describe_sqlite_error


class UserError(click.ClickException):
    """Printed as one line, `prepdeck: <sentence>`, with no usage block or traceback."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click types it ClassVar; per error here

    def show(self, file: IO[Any] | None = None) -> None:
        echo(f"prepdeck: {self.format_message()}", err=True)


# Areas built as separate modules under prepdeck.cli; each exposes COMMANDS.
AREAS = (
    "records",
    "demo",
    "feeds",
    "suggest",
    "sharing",
    "due",
    "data",
    "search",
    "calendar",
    "crypto",
)
# Which area holds each top-level command, so a command imports only its own module
# (click's LazyGroup pattern): `prepdeck due` never pays for httpx, feedparser or
# Textual. A command missing here is still found, by importing every area.
LAZY_COMMANDS = {
    "client": "records",
    "contact": "records",
    "note": "records",
    "promise": "records",
    "log": "records",
    "demo": "demo",
    "feed": "feeds",
    "fetch": "feeds",
    "suggest": "suggest",
    "brief": "sharing",
    "due": "due",
    "share": "sharing",
    "import": "data",
    "export": "data",
    "search": "search",
    "calendar": "calendar",
    "next": "calendar",
    "encrypt": "crypto",
    "decrypt": "crypto",
    "passphrase": "crypto",
    "backup": "crypto",
}


def _area(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"prepdeck.cli.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"prepdeck.cli.{name}":
            raise
        return None


def _area_commands(name: str) -> dict[str, click.Command]:
    module = _area(name)
    commands = getattr(module, "COMMANDS", []) if module else []
    return {command.name: command for command in commands if command.name}


class PrepdeckGroup(click.Group):
    """Turns anything a user can cause into a UserError, for every subcommand.

    Subcommands load lazily from their area module (LAZY_COMMANDS).
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(super().list_commands(ctx))
        for area in AREAS:
            names.update(_area_commands(area))
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is not None:
            return found
        areas = [LAZY_COMMANDS[cmd_name]] if cmd_name in LAZY_COMMANDS else list(AREAS)
        for area in areas:
            command = _area_commands(area).get(cmd_name)
            if command is not None:
                return command
        return None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for arg in args:
            _refuse_undecodable(arg)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UserError:
            raise
        except click.UsageError as exc:
            raise UserError(_usage_sentence(exc), exc.exit_code) from None
        except PrepdeckError as exc:
            raise UserError(str(exc)) from None
        except sqlite3.Error as exc:
            path = ctx.meta.get(OPENED_DB_KEY) or resolve_db_path(None)
            raise UserError(describe_sqlite_error(exc, path)) from None
        except UnicodeError:
            raise UserError(
                "Some text given to prepdeck is not valid UTF-8; check the terminal's encoding."
            ) from None
        except KeyboardInterrupt:
            raise UserError("Interrupted; everything saved before that is kept.", 130) from None


def _refuse_undecodable(arg: str) -> None:
    """Refuse an argument whose bytes are not UTF-8 (Python keeps them as lone surrogates,
    which SQLite and the terminal then refuse with a traceback); a path that exists is fine.
    """
    try:
        arg.encode("utf-8")
        return
    except UnicodeEncodeError:
        pass
    value = arg.split("=", 1)[1] if arg.startswith("--") and "=" in arg else arg
    if os.path.lexists(value):
        return
    shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    raise UserError(
        f"The argument '{shown}' is not valid UTF-8 text; check the terminal's encoding "
        "(for example LANG=en_GB.UTF-8)."
    )


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
@click.option("--next", "open_next", is_flag=True, help="Open on the next meeting's briefing.")
@click.version_option(package_name="prepdeck")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, open_next: bool) -> None:
    """prepdeck: know your client before you walk in.

    With no command, opens the app on your database.
    """
    if ctx.invoked_subcommand is None:
        from prepdeck.app import run_app

        client_id = None
        if open_next:  # an encrypted file's passphrase is asked here, in the terminal
            store = open_store(db_path)  # fail here, cleanly, on a bad or newer file
            client_id = _next_client(store)
            store.close()
        else:
            check_database(db_path)  # the same; the app asks for an encrypted file's passphrase
        ctx.exit(run_app(resolve_db_path(db_path), client_id=client_id))


def _next_client(store: Any) -> int:
    """The client of the next meeting, for `prepdeck --next`."""
    from prepdeck.calendar.upcoming import next_meeting
    from prepdeck.dates import now

    found = next_meeting(store, now())
    if found is None:
        raise PrepdeckError("No upcoming client meeting to open (see `prepdeck next`).")
    return found.client_id


@cli.command()
@db_option
def locate(db_path: Path | None) -> None:
    """Print where prepdeck keeps its database and its config file."""
    from prepdeck.config import config_path

    echo(f"database  {resolve_db_path(db_path)}")
    echo(f"config    {config_path()}")


def main() -> None:
    """Console-script entry point."""
    cli.main(prog_name="prepdeck")
