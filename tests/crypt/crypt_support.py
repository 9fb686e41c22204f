"""Shared by the encryption tests: a demo database to copy, and what it holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prepdeck.passphrase import PassphraseNeeded, unlock
from prepdeck.store import Store

PASSPHRASE = "correct horse battery"
SEARCHES = ("market", "dental", "birthday", "contract renewal")


def contents(path: Path) -> dict[str, Any]:
    """Every table's row count and what a few searches find (ids by kind), via the store."""
    try:  # as open_unlocked, without refusing a plain file while PREPDECK_PASSPHRASE is set
        store = Store(path)
    except PassphraseNeeded:
        unlock(path)
        store = Store(path)
    try:
        tables = [
            row[0]
            for row in store.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        counts = {
            t: store.conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables
        }
        found = {q: sorted((h.kind, h.id) for h in store.search(q)) for q in SEARCHES}
        version = store.conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        store.close()
    return {"counts": counts, "search": found, "version": version}


def header(path: Path) -> bytes:
    return path.read_bytes()[:16]
