"""Fixtures for the encryption tests: a demo database copied per test, a clean keyring."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pd_shared import copy_demo  # type: ignore[import-not-found]

from prepdeck.store import cipher

# The feed tests' real HTTP server on 127.0.0.1.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "feeds"))


@pytest.fixture
def demo_db(db_path: Path, demo_template: Path) -> Path:
    """A plain prepdeck database with clients, notes, articles and their full-text index."""
    return copy_demo(demo_template, db_path)  # its feeds stay in the template's folder


@pytest.fixture(autouse=True)
def _fresh_passphrases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No passphrase carried from another test; config (the keyring choice) in tmp_path."""
    monkeypatch.delenv("PREPDECK_PASSPHRASE", raising=False)
    monkeypatch.delenv("PREPDECK_NEW_PASSPHRASE", raising=False)
    monkeypatch.setenv("PREPDECK_CONFIG", str(tmp_path / "config.toml"))
    cipher.forget()
    yield
    cipher.forget()
