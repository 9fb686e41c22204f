"""Encrypt, decrypt, change the passphrase, back up: each writes a new file and checks it
before it takes the old one's place, so a kill at any moment leaves a usable database."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

from prepdeck.errors import PrepdeckError
from prepdeck.store import cipher
from prepdeck.store.database import busy_timeout, connect

SIDE_FILES = ("-wal", "-shm", "-journal")
# Byte 128 of the -shm file: every connection holding the database open in WAL mode keeps a
# shared lock on it (SQLite's unix "dead man switch"), so an exclusive lock there is free
# only when nobody else has the database open.
_SHM_DMS_BYTE = 128
# Tests set PREPDECK_TEST_PAUSE=STAGE:MARKER to stop a rewrite at a stage and kill it there.
PAUSE_ENV = "PREPDECK_TEST_PAUSE"


def rewrite(path: Path, *, old: str | None, new: str | None) -> None:
    """Copy the database under another key (None: plain), check the copy, then swap it in.

    Until the swap the original is untouched and usable; after it, the old file's bytes
    are overwritten before removal, so no plaintext stays behind in that file.
    """
    refuse_if_in_use(path)
    fresh = path.with_name(f".{path.name}.rewrite")
    _remove_with_sides(fresh)
    source = _open_source(path, old)
    try:
        source.isolation_level = None
        # Rollback mode: no WAL may stay beside the file that moves in (it would be replayed
        # into it), and a reserved lock then keeps every other writer out until the swap.
        source.execute("PRAGMA journal_mode = DELETE").fetchone()
        source.execute("BEGIN IMMEDIATE")
        version = source.execute("PRAGMA user_version").fetchone()[0]
        counts = _counts(source)
        _export(path, old, fresh, new, version)
        _pause("exported")
        _verify(fresh, new, version, counts)
        _pause("verified")
        for suffix in SIDE_FILES:
            if Path(f"{path}{suffix}").exists() and suffix != "-shm":
                raise PrepdeckError(f"{path}{suffix} appeared during the rewrite; try again.")
        _swap(path, fresh)
    except BaseException:
        _remove_with_sides(fresh)
        raise
    finally:
        source.close()
    Path(f"{path}-shm").unlink(missing_ok=True)
    cipher.forget()  # all it knew was by inode, and the old file's inode is free now
    if new is not None:
        cipher.remember(path, new)


def backup(path: Path, target: Path, passphrase: str | None) -> None:
    """A consistent copy of the live database with SQLite's online backup, keyed like it.

    Written beside the target and renamed into place, owner-only; checked before the rename.
    """
    if target.exists() and target.resolve() == path.resolve():
        raise PrepdeckError("The backup must go to another file than the database itself.")
    if target.is_dir():
        raise PrepdeckError(f"{target} is a folder; give the backup a file name.")
    partial = target.with_name(f".{target.name}.partial")
    _remove_with_sides(partial)
    _create_private(partial)
    source = connect(path)
    try:
        version = source.execute("PRAGMA user_version").fetchone()[0]
        copy = _open_with_passphrase(partial, passphrase)
        try:
            source.backup(copy)
        finally:
            copy.close()
        _verify(partial, passphrase, version, None)
        os.chmod(partial, 0o600)
        os.replace(partial, target)
        _sync_folder(target.parent)
    except BaseException:
        _remove_with_sides(partial)
        raise
    finally:
        source.close()


def refuse_if_in_use(path: Path) -> None:
    """One line, and nothing done, when another process (the app, a fetch) has it open."""
    shm = Path(f"{path}-shm")
    if not shm.exists() or sys.platform == "win32":
        return
    import fcntl

    fd = os.open(shm, os.O_RDWR)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS_BYTE)
    except OSError:
        raise PrepdeckError(
            f"{path} is open in another prepdeck (the app or a fetch); close it and try again."
        ) from None
    finally:
        os.close(fd)  # releases the probe's lock too


def _export(path: Path, old: str | None, fresh: Path, new: str | None, version: int) -> None:
    """sqlcipher_export on a connection of its own: the source's reserved lock stays held."""
    _create_private(fresh)
    reader = _open_source(path, old)
    try:
        reader.execute(f"ATTACH DATABASE ? AS fresh KEY {cipher.quote(new or '')}", [str(fresh)])
        with reader:
            reader.execute("SELECT sqlcipher_export('fresh')").fetchall()
            reader.execute(f"PRAGMA fresh.user_version = {int(version)}")
        reader.execute("DETACH DATABASE fresh")
    finally:
        reader.close()


def _verify(fresh: Path, key: str | None, version: int, counts: dict[str, int] | None) -> None:
    """The copy opens with its key, passes SQLite's check and holds every row."""
    check = _open_with_passphrase(fresh, key)
    try:
        ok = check.execute("PRAGMA quick_check").fetchone()[0]
        copied = check.execute("PRAGMA user_version").fetchone()[0]
        if ok != "ok" or copied != version or (counts is not None and _counts(check) != counts):
            raise PrepdeckError(f"The new copy of the database did not check out ({ok}).")
    finally:
        check.close()


def _open_source(path: Path, passphrase: str | None) -> sqlite3.Connection:
    """The file being rewritten, through SQLCipher either way (ATTACH ... KEY needs it)."""
    if passphrase is None:
        return cipher.connect_plain(path, timeout=busy_timeout())
    return cipher.connect_encrypted(path, passphrase, timeout=busy_timeout(), allow_old_format=True)


def _open_with_passphrase(path: Path, passphrase: str | None) -> sqlite3.Connection:
    """A new copy: plain through the standard library, or keyed by the passphrase itself
    (not a derived key: the copy has a salt of its own)."""
    if passphrase is None:
        return sqlite3.connect(path)
    conn = cipher.connect_plain(path)
    conn.execute(f"PRAGMA key = {cipher.quote(passphrase)}")
    return conn


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        )
    ]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _swap(path: Path, fresh: Path) -> None:
    """Rename the checked copy over the original, then overwrite the original's bytes.

    A process that opened the old file meanwhile then finds no database there (one error
    line) instead of writing into a file that no longer has a name.
    """
    old_fd = os.open(path, os.O_RDWR)
    try:
        os.chmod(fresh, 0o600)
        os.replace(fresh, path)
        _sync_folder(path.parent)
        _overwrite(old_fd)
    finally:
        os.close(old_fd)


def _overwrite(fd: int) -> None:
    size = os.fstat(fd).st_size
    zeros = bytes(1 << 20)
    os.lseek(fd, 0, os.SEEK_SET)
    written = 0
    while written < size:
        written += os.write(fd, zeros[: min(len(zeros), size - written)])
    os.fsync(fd)


def _pause(stage: str) -> None:
    wanted = os.environ.get(PAUSE_ENV, "")
    if wanted.partition(":")[0] == stage:
        Path(wanted.partition(":")[2]).write_text(stage)
        time.sleep(60)


def _create_private(path: Path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _remove_with_sides(path: Path) -> None:
    for suffix in ("", *SIDE_FILES):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
