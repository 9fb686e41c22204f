"""encrypt, decrypt, passphrase, backup: the database's privacy commands.

sqlcipher3 and keyring are imported inside the commands alone, never at start-up.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from prepdeck.cli.common import ask_passphrase, db_option, echo, resolve_db_path, warn
from prepdeck.errors import PrepdeckError
from prepdeck.passphrase import ENV, NEW_ENV, unlock
from prepdeck.store import cipher

KEYRING_HELP = "Keep the passphrase in the system keyring, so prepdeck need not ask."


def _existing(db_path: Path | None) -> Path:
    path = resolve_db_path(db_path)
    if not path.exists() or path.stat().st_size == 0:
        raise PrepdeckError(f"There is no database at {path} yet.")
    if path.is_dir():
        raise PrepdeckError(f"{path} is a folder, not a database file.")
    return path


def _new_passphrase(path: Path, variable: str) -> str:
    """From the environment (scripts), else typed twice without echo; never empty."""
    chosen = os.environ.get(variable) or ask_passphrase(path, "New passphrase", confirm=True)
    if not chosen:
        raise PrepdeckError("The passphrase is empty; nothing was changed.")
    return chosen


def _current_passphrase(path: Path, *, old_format: bool = False) -> str:
    unlock(path, ask=ask_passphrase, notice=warn, old_format=old_format)
    known = cipher.known_passphrase(path)
    assert known is not None  # unlock either remembered it or raised
    return known


def _rewrite(path: Path, *, old: str | None, new: str | None) -> None:
    """The store's rewrite, a full disk or a read-only folder as one line."""
    from prepdeck.store.recrypt import rewrite

    try:
        rewrite(path, old=old, new=new)
    except OSError as exc:
        raise PrepdeckError(
            f"Cannot write the new copy beside {path}: {exc.strerror or exc}."
        ) from None


def _keyring_first(keep: bool) -> None:
    """With --keyring, find out before anything changes that the keyring can be used."""
    if keep:
        from prepdeck.passphrase import require_keyring

        require_keyring()


@click.command()
@click.option("--keyring", "keep", is_flag=True, help=KEYRING_HELP)
@db_option
def encrypt(keep: bool, db_path: Path | None) -> None:
    """Encrypt the database with a passphrase (SQLCipher); the plain file is removed."""
    from prepdeck.store import Store

    path = _existing(db_path)
    if cipher.is_encrypted(path):
        raise PrepdeckError(
            f"{path} is already encrypted; `prepdeck passphrase` changes its passphrase."
        )
    cipher.sqlcipher()  # one line now, before any question, if SQLCipher is missing
    Store(path).close()  # a prepdeck database, migrated to this version, before it is copied
    _keyring_first(keep)
    passphrase = _new_passphrase(path, ENV)
    _rewrite(path, old=None, new=passphrase)
    _keep(path, passphrase, keep)
    echo(f"Encrypted {path}. Keep the passphrase safe: without it the data cannot be read.")


@click.command()
@db_option
def decrypt(db_path: Path | None) -> None:
    """Turn an encrypted database back into a plain SQLite file."""
    from prepdeck.passphrase import forget_in_keyring

    path = _existing(db_path)
    if not cipher.is_encrypted(path):
        raise PrepdeckError(f"{path} is not encrypted.")
    _rewrite(path, old=_current_passphrase(path, old_format=True), new=None)
    forget_in_keyring(path)
    note = " Unset PREPDECK_PASSPHRASE: a plain file is refused while it is set." * bool(
        os.environ.get(ENV)
    )
    echo(f"Decrypted {path}: anyone who can read the file can now read your notes.{note}")


@click.command()
@click.option("--keyring", "keep", is_flag=True, help=KEYRING_HELP)
@db_option
def passphrase(keep: bool, db_path: Path | None) -> None:
    """Change the passphrase of an encrypted database (PREPDECK_NEW_PASSPHRASE, or asked)."""
    from prepdeck.passphrase import from_keyring

    path = _existing(db_path)
    if not cipher.is_encrypted(path):
        raise PrepdeckError(f"{path} is not encrypted; `prepdeck encrypt` encrypts it.")
    old = _current_passphrase(path, old_format=True)
    kept_before = from_keyring(path, warn) is not None
    _keyring_first(keep)
    new = _new_passphrase(path, NEW_ENV)
    _rewrite(path, old=old, new=new)
    _keep(path, new, keep or kept_before)
    echo(f"Changed the passphrase of {path}.")


@click.command()
@click.argument("target", type=click.Path(path_type=Path))
@db_option
def backup(target: Path, db_path: Path | None) -> None:
    """Copy the live database to TARGET (owner-only; encrypted if the database is)."""
    from prepdeck.store.recrypt import backup as copy

    path = _existing(db_path)
    key = _current_passphrase(path) if cipher.is_encrypted(path) else None
    try:
        copy(path, target.expanduser(), key)
    except OSError as exc:
        raise PrepdeckError(f"Cannot write the backup {target}: {exc.strerror or exc}.") from None
    kind = "encrypted with the database's passphrase" if key else "a plain SQLite file"
    echo(f"Backed up {path} to {target} ({kind}).")


def _keep(path: Path, passphrase: str, keep: bool) -> None:
    """Into the keyring after the rewrite; a keyring failing now costs only a warning."""
    if not keep:
        return
    from prepdeck.passphrase import keep_in_keyring

    try:
        keep_in_keyring(path, passphrase)
    except PrepdeckError as exc:
        warn(f"{exc} The passphrase was not kept there.")


COMMANDS = [encrypt, decrypt, passphrase, backup]
