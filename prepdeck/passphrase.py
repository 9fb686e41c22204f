"""Where an encrypted database's passphrase comes from, in order: the system keyring (when
the user chose to keep it there), PREPDECK_PASSPHRASE (for cron), else the face asks.

No UI here: the CLI passes its no-echo prompt, the app its passphrase screen.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from prepdeck.errors import PrepdeckError
from prepdeck.store import cipher
from prepdeck.store.cipher import PassphraseNeeded, WrongPassphrase

if TYPE_CHECKING:
    from prepdeck.store import Store

ENV = "PREPDECK_PASSPHRASE"
NEW_ENV = "PREPDECK_NEW_PASSPHRASE"
SERVICE = "prepdeck"

Ask = Callable[[Path], str]
Notice = Callable[[str], None]


def _ignore(_message: str) -> None:
    return None


def passphrase_for(path: Path) -> str:
    """What connect() keys an encrypted file with: the passphrase checked already in this
    process (`unlock`), else PassphraseNeeded, which the faces answer with `unlock`."""
    known = cipher.known_passphrase(path)
    if known:
        return known
    raise PassphraseNeeded(needed_sentence(path))


def needed_sentence(path: Path) -> str:
    return (
        f"{path} is encrypted: set PREPDECK_PASSPHRASE, keep the passphrase in the keyring "
        "(`prepdeck passphrase --keyring`), or run prepdeck in a terminal to be asked."
    )


def open_unlocked(path: Path, ask: Ask | None = None, notice: Notice = _ignore) -> Store:
    """Store(path), unlocking an encrypted file on the way; PassphraseNeeded when nobody can
    be asked. Nothing extra happens for a plain file, but one is refused while
    PREPDECK_PASSPHRASE is set: whoever set it believes the file is encrypted."""
    from prepdeck.store import Store

    existed = path.exists() and path.stat().st_size > 0
    try:
        store = Store(path)
    except PassphraseNeeded:
        unlock(path, ask, notice)
        store = Store(path)
    if existed and os.environ.get(ENV) and not cipher.known_encrypted(path):
        store.close()
        raise PrepdeckError(
            f"{path} is not encrypted, but PREPDECK_PASSPHRASE is set: run `prepdeck "
            "encrypt` to encrypt it, or unset PREPDECK_PASSPHRASE."
        )
    return store


def unlock(
    path: Path, ask: Ask | None = None, notice: Notice = _ignore, *, old_format: bool = False
) -> None:
    """Find and check an encrypted file's passphrase once, so every connection of this
    process opens: the keyring (when chosen), PREPDECK_PASSPHRASE, else `ask`.

    `old_format` accepts a SQLCipher 3 file, for the commands that rewrite it.
    """
    if cipher.known_passphrase(path):
        return
    kept = from_keyring(path, notice)
    if kept:
        try:
            return check(path, kept, old_format=old_format)
        except WrongPassphrase:
            notice(f"The passphrase kept in the keyring does not open {path}.")
    from_env = os.environ.get(ENV)
    if from_env:
        try:
            return check(path, from_env, old_format=old_format)
        except WrongPassphrase:
            raise WrongPassphrase(
                f"PREPDECK_PASSPHRASE does not open {path}; nothing was changed."
            ) from None
    if ask is None:
        raise PassphraseNeeded(needed_sentence(path))
    check(path, ask(path), old_format=old_format)


def check(path: Path, passphrase: str, *, old_format: bool = False) -> None:
    """Open the file with this passphrase (WrongPassphrase if it does not) and remember it."""
    cipher.connect_encrypted(path, passphrase, allow_old_format=old_format).close()
    cipher.remember(path, passphrase)


def _account(path: Path) -> str:
    return str(path.expanduser().resolve())


def from_keyring(path: Path, notice: Notice = _ignore) -> str | None:
    """The kept passphrase, when the user keeps passphrases there; a notice if unreachable."""
    from prepdeck.config import load_config

    if not load_config().keyring:
        return None
    try:
        return _keyring().get_password(SERVICE, _account(path))
    except PrepdeckError as exc:
        notice(f"{exc} Trying PREPDECK_PASSPHRASE, then asking.")
        return None


def keep_in_keyring(path: Path, passphrase: str) -> None:
    """Store the passphrase and remember that the user keeps it there."""
    from prepdeck.config import save_keyring_choice

    _keyring().set_password(SERVICE, _account(path), passphrase)
    save_keyring_choice(True)


def forget_in_keyring(path: Path) -> None:
    """Drop this file's kept passphrase, if there is one (decrypt, or a changed passphrase)."""
    from prepdeck.config import load_config

    if not load_config().keyring:
        return
    try:
        keyring = _keyring()
        if keyring.get_password(SERVICE, _account(path)) is not None:
            keyring.delete_password(SERVICE, _account(path))
    except (PrepdeckError, RuntimeError):
        return


def require_keyring() -> None:
    """One line before anything is changed when `--keyring` cannot be honoured."""
    _keyring().get_password(SERVICE, "(probe)")


class _Keyring:
    """The keyring package behind one error type: unavailable becomes a PrepdeckError."""

    def __init__(self) -> None:
        try:
            import keyring
            import keyring.errors
        except ImportError:
            raise PrepdeckError(
                "Keeping the passphrase in the system keyring needs the keyring package: "
                f"{cipher.INSTALL_HINT}."
            ) from None
        self._keyring = keyring
        self._errors = (keyring.errors.KeyringError, RuntimeError)

    def _call(self, name: str, *args: str) -> str | None:
        try:
            return getattr(self._keyring, name)(*args)
        except self._errors as exc:
            reason = str(exc).split(".")[0].strip() or type(exc).__name__
            raise PrepdeckError(f"The system keyring is not available ({reason}).") from None

    def get_password(self, service: str, account: str) -> str | None:
        return self._call("get_password", service, account)

    def set_password(self, service: str, account: str, value: str) -> None:
        self._call("set_password", service, account, value)

    def delete_password(self, service: str, account: str) -> None:
        self._call("delete_password", service, account)


def _keyring() -> _Keyring:
    return _Keyring()
