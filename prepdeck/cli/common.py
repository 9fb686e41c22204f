"""What every command shares: --db, opening the store, JSON output, date options."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from prepdeck.dates import parse_date, parse_datetime
from prepdeck.errors import PrepdeckError
from prepdeck.models import Record
from prepdeck.passphrase import PassphraseNeeded, needed_sentence, open_unlocked
from prepdeck.store import Store, default_db_path
from prepdeck.untrusted import for_terminal, json_for_terminal

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    """--db PATH on every command (PREPDECK_DB is read by default_db_path)."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Database file (default: $PREPDECK_DB, else the user data directory).",
    )(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(func)


def given_db_path(db_path: Path | None) -> Path | None:
    """The command's --db, else the group's --db, else None."""
    if db_path is not None:
        return db_path
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    if root is not None and root.params.get("db_path"):
        return Path(root.params["db_path"])
    return None


def resolve_db_path(db_path: Path | None) -> Path:
    """The command's --db, else the group's --db, else the default."""
    return given_db_path(db_path) or default_db_path()


OPENED_DB_KEY = "prepdeck.opened_db"


def open_store(db_path: Path | None, *, ask: bool = True) -> Store:
    """Open the command's database, remembering which so errors can name the right file.

    An encrypted one is unlocked first: keyring, PREPDECK_PASSPHRASE, else a no-echo prompt.
    """
    path = resolve_db_path(db_path)
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.meta[OPENED_DB_KEY] = path  # meta is shared by the whole context chain
    store = open_unlocked(path, ask=ask_passphrase if ask else None, notice=warn)
    if store.notice:
        click.echo(f"prepdeck: {store.notice}", err=True)
    return store


def check_database(db_path: Path | None) -> None:
    """Fail cleanly, before the app starts, on a bad or newer file; an encrypted file whose
    passphrase must be typed is left to the app's own passphrase screen."""
    try:
        open_store(db_path, ask=False).close()
    except PassphraseNeeded:
        pass


def ask_passphrase(path: Path, prompt: str = "Passphrase", *, confirm: bool = False) -> str:
    """Typed at a terminal without echo; piped in, one line each; nothing to read (cron with
    no terminal) is one line on what to set instead."""
    stdin = sys.stdin  # the one text stream: a second wrapper would miss what this one read
    if not stdin.isatty():
        first = stdin.readline()
        if not first:
            raise PassphraseNeeded(needed_sentence(path))
        if confirm and stdin.readline().rstrip("\r\n") != first.rstrip("\r\n"):
            raise PrepdeckError("The two passphrases differ; nothing was changed.")
        return first.rstrip("\r\n")
    try:
        return str(
            click.prompt(
                f"{prompt} for {path.name}",
                hide_input=True,
                confirmation_prompt=confirm,
                default="",
                show_default=False,
                err=True,
            )
        )
    except click.Abort:
        raise PassphraseNeeded(needed_sentence(path)) from None


def warn(message: str) -> None:
    """A notice that is not an error: one line on stderr."""
    echo(f"prepdeck: {message}", err=True)


def _default(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_json()
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Every line the CLI prints: stored text may predate the store's character rule,
    so nothing a terminal would act on (escapes, controls, bidi overrides) gets out."""
    click.echo(for_terminal(message), err=err, nl=nl)


def emit_json(data: Any) -> None:
    """One JSON document on stdout and nothing else (unsafe characters as \\u escapes)."""
    document = json.dumps(data, default=_default, ensure_ascii=False, indent=2)
    click.echo(json_for_terminal(document))


# SQLite's largest integer: a bigger id is refused by sqlite3 with a traceback.
LARGEST_ID = 2**63 - 1


class Whole(click.IntRange):
    """An integer written in ASCII digits (click's int() also reads '١٢' and refuses '²'
    only by luck), within a range; ids are capped at what SQLite can hold."""

    name = "integer"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not re.fullmatch(r"[+-]?[0-9]+", value.strip()):
            self.fail(f"{value!r} is not a whole number written with 0-9", param, ctx)
        return super().convert(value, param, ctx)


def whole(low: int | None = None, high: int | None = None) -> Whole:
    return Whole(low, high)


RECORD_ID = Whole(1, LARGEST_ID)


def date_value(what: str) -> Callable[[click.Context, click.Parameter, str | None], date | None]:
    """A click callback turning a typed date (prepdeck.dates.parse_date) into a date."""

    def convert(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
        return None if value is None else parse_date(value, what)

    return convert


def datetime_value(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> datetime | None:
    return None if value is None else parse_datetime(value, "meeting time")
