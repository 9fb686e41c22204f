"""The database file: created private, WAL, migrated from empty, and every bad file refused."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

import prepdeck.store.database as database
from prepdeck.errors import PrepdeckError
from prepdeck.store import Store
from prepdeck.store.schema import SCHEMA_VERSION


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_sentence_error(result, *needles: str) -> None:
    assert result.code != 0
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("prepdeck: ") and "Traceback" not in result.err
    for needle in needles:
        assert needle.lower() in lines[0].lower(), lines[0]


def test_new_database_is_private_wal_and_current(run, db_path: Path) -> None:
    assert run("client", "add", "Anna").code == 0
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()


def test_private_even_with_a_permissive_umask(db_path: Path) -> None:
    old = os.umask(0)
    try:
        Store(db_path).close()
    finally:
        os.umask(old)
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_migration_from_an_empty_file(run, db_path: Path) -> None:
    db_path.touch()
    assert db_path.stat().st_size == 0
    assert run("client", "add", "Anna Kowalski").code == 0
    assert run("promise", "add", "anna", "Send the guide").code == 0
    store = Store(db_path)
    try:
        assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert {"clients", "promises", "articles", "articles_fts", "settings"} <= set(
            store.db.table_names()
        )
        assert store.list_promises()[0].text == "Send the guide"
    finally:
        store.close()


def test_reopening_keeps_data_and_does_not_migrate_again(db_path: Path) -> None:
    first = Store(db_path)
    first.add_client("Anna")
    first.close()
    second = Store(db_path)
    try:
        assert [c.name for c in second.list_clients()] == ["Anna"]
    finally:
        second.close()


def test_newer_database_is_refused_and_untouched(run, db_path: Path) -> None:
    store = Store(db_path)
    store.add_client("Anna")
    store.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    store.close()
    before = _digest(db_path)
    result = run("client", "list")
    _one_sentence_error(result, "newer prepdeck", "upgrade")
    with pytest.raises(PrepdeckError, match="newer prepdeck"):
        Store(db_path)
    assert _digest(db_path) == before
    assert not Path(f"{db_path}-wal").exists() or Path(f"{db_path}-wal").stat().st_size == 0


def test_a_file_that_is_not_sqlite(run, db_path: Path) -> None:
    db_path.write_text("name,email\nAnna,anna@example.com\n" * 50)
    before = _digest(db_path)
    _one_sentence_error(run("client", "add", "Bob"), "not a prepdeck database")
    assert _digest(db_path) == before


def test_a_sqlite_file_from_another_program(run, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    conn.execute("INSERT INTO photos (path) VALUES ('/holiday.jpg')")
    conn.commit()
    conn.close()
    before = _digest(db_path)
    _one_sentence_error(run("client", "add", "Bob"), "another program")
    assert _digest(db_path) == before


def test_a_folder_given_as_the_database(run, tmp_path: Path) -> None:
    folder = tmp_path / "somewhere"
    folder.mkdir()
    result = run("client", "list", db=folder)
    assert result.code != 0 and "Traceback" not in result.err


def _unwritable_folder(tmp_path: Path) -> Path:
    """A folder this process cannot create files in (chmod; as root, /sys)."""
    if os.geteuid() != 0:
        folder = tmp_path / "locked-folder"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    probe = Path("/sys/prepdeck-probe.db")
    try:
        probe.touch()
    except OSError:
        return Path("/sys")
    probe.unlink()
    pytest.skip("running as root with no unwritable folder to test against")


def test_read_only_folder(run, tmp_path: Path) -> None:
    folder = _unwritable_folder(tmp_path)
    try:
        result = run("client", "add", "Anna", db=folder / "prepdeck.db")
        _one_sentence_error(result, "cannot create the database")
        assert not (folder / "prepdeck.db").exists()
    finally:
        if folder.is_relative_to(tmp_path):
            folder.chmod(0o755)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write a read-only file")
def test_read_only_database_file(run, db_path: Path) -> None:
    Store(db_path).close()
    db_path.chmod(0o400)
    try:
        result = run("client", "add", "Anna")
        assert result.code != 0 and "Traceback" not in result.err
        assert "read-only" in result.err or "readonly" in result.err or "locked" in result.err
    finally:
        db_path.chmod(0o600)


def test_locked_database_one_sentence_and_data_intact(
    run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.2)
    assert run("client", "add", "Anna Kowalski").code == 0
    holder = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    try:
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("INSERT INTO settings (key, value) VALUES ('held', '1')")
        result = run("client", "add", "Bob Smith")
        _one_sentence_error(result, "locked", str(db_path))
        listed = run("client", "list")  # reading still works while a writer holds the lock
        assert listed.code == 0 and "Anna Kowalski" in listed.out
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    store = Store(db_path)
    try:
        assert [c.name for c in store.list_clients()] == ["Anna Kowalski"]
        assert store.scalar("PRAGMA integrity_check") == "ok"
    finally:
        store.close()
    assert run("client", "add", "Bob Smith").code == 0  # and works once the lock is gone
