"""`prepdeck demo`: build a fresh demo database from shipped feeds (no network) and open it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from prepdeck.cli.common import db_option, echo, given_db_path
from prepdeck.dates import today


def demo_target(db_path: Path | None) -> Path:
    """--db (on the command or the group), else $PREPDECK_DB, else a new temporary folder.

    Unlike other commands the demo never falls back to the user's own database.
    """
    given = given_db_path(db_path)
    if given is not None:
        return given
    env = os.environ.get("PREPDECK_DB")
    if env:
        return Path(env).expanduser()
    return Path(tempfile.mkdtemp(prefix="prepdeck-demo-")) / "demo.db"


@click.command("demo")
@click.option("--no-open", is_flag=True, help="Only build the database and print where it is.")
@db_option
def demo(no_open: bool, db_path: Path | None) -> None:
    """Open the app on a fresh demo database (invented clients, shipped feeds, no network).

    With --db or PREPDECK_DB the demo is built there (replacing an earlier demo, never
    any other file); otherwise in a new temporary folder.
    """
    from prepdeck.demo import build_demo

    built = build_demo(demo_target(db_path), today())
    if no_open:
        echo(f"Built the demo database {built}; open it with `prepdeck --db {built}`.")
        return
    from prepdeck.app import run_app

    click.get_current_context().exit(run_app(built))


COMMANDS = [demo]
