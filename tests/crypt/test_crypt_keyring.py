"""The system keyring: used when chosen, and one line (then the fallbacks) when it is not there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from crypt_support import PASSPHRASE, header  # type: ignore[import-not-found]
from keyring.backend import KeyringBackend
from keyring.backends import fail

from prepdeck.config import config_path, load_config
from prepdeck.store import cipher

PLAIN = b"SQLite format 3\x00"


class MemoryKeyring(KeyringBackend):
    """A keyring of the test's own, in memory."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.kept[(service, username)]


@pytest.fixture
def use_keyring() -> Iterator[list[KeyringBackend]]:
    """Swap the process's keyring; `chosen[0] = backend` picks one for the test."""
    previous = keyring.get_keyring()
    chosen: list[KeyringBackend] = []
    yield chosen
    keyring.set_keyring(previous)


def test_passphrase_kept_in_the_keyring(run, demo_db: Path, monkeypatch, use_keyring) -> None:  # type: ignore[no-untyped-def]
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    monkeypatch.setenv("PREPDECK_PASSPHRASE", PASSPHRASE)
    result = run("encrypt", "--keyring")
    assert result.code == 0, result.err
    assert load_config().keyring is True
    assert list(memory.kept.values()) == [PASSPHRASE]
    monkeypatch.delenv("PREPDECK_PASSPHRASE")
    cipher.forget()
    listed = run("client", "list", input="")  # nothing to type: the keyring answers
    assert listed.code == 0 and "Anna Kowalski" in listed.out, listed.err

    cipher.forget()
    monkeypatch.setenv("PREPDECK_NEW_PASSPHRASE", "rotated")
    assert run("passphrase").code == 0  # the kept one follows the change
    assert list(memory.kept.values()) == ["rotated"]
    cipher.forget()
    assert run("decrypt").code == 0
    assert memory.kept == {}
    assert header(demo_db) == PLAIN


def test_keyring_not_available(run, demo_db: Path, monkeypatch, use_keyring) -> None:  # type: ignore[no-untyped-def]
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("PREPDECK_PASSPHRASE", PASSPHRASE)
    refused = run("encrypt", "--keyring")
    assert refused.code != 0
    assert refused.err.count("\n") == 1 and "keyring is not available" in refused.err
    assert header(demo_db) == PLAIN  # nothing changed

    assert run("encrypt").code == 0
    config_path().write_text("keyring = true\n")
    cipher.forget()
    listed = run("client", "list")  # falls back to PREPDECK_PASSPHRASE, saying why once
    assert listed.code == 0 and "Anna Kowalski" in listed.out
    assert listed.err.count("\n") == 1 and "keyring is not available" in listed.err
