"""Opening the SQLite file safely: owner-only, WAL, busy timeout, versioned schema."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from prepdeck.errors import PrepdeckError
from prepdeck.store import cipher
from prepdeck.store.schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    # sqlite-utils (with click, dateutil, pluggy) costs tens of milliseconds to import:
    # reads go through plain sqlite3 and it is imported on the first write (see `wrap`).
    import sqlite_utils

BUSY_TIMEOUT_S = 5.0


def busy_timeout() -> float:
    """Seconds a write waits for another process's write: PREPDECK_BUSY_TIMEOUT, else 5."""
    raw = os.environ.get("PREPDECK_BUSY_TIMEOUT", "")
    try:
        value = float(raw)
    except ValueError:
        return BUSY_TIMEOUT_S
    return value if 0 <= value <= 3600 else BUSY_TIMEOUT_S


@contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction that waits its busy timeout for the lock, then commits."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        if conn.in_transaction:  # a script (executescript) may have committed already
            conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def default_db_path() -> Path:
    """PREPDECK_DB, else the config file's `db`, else prepdeck.db in the user data directory."""
    import platformdirs

    from prepdeck.config import load_config

    env = os.environ.get("PREPDECK_DB")
    if env:
        return Path(env).expanduser()
    configured = load_config().db
    if configured:
        return configured
    return Path(platformdirs.user_data_dir("prepdeck")) / "prepdeck.db"


def describe_sqlite_error(error: sqlite3.Error, path: Path | str) -> str:
    """One sentence for a user, from whatever sqlite3 raised."""
    text = str(error)
    if "locked" in text or "busy" in text:
        return f"The database {path} is locked by another prepdeck; try again in a moment."
    if "not a database" in text or "malformed" in text:
        return f"{path} is not a prepdeck database (not a SQLite file, or damaged)."
    if "readonly" in text or "read-only" in text:
        return f"The database {path} is read-only; prepdeck cannot save changes there."
    if "unable to open" in text:
        return f"Cannot open the database {path}: check the folder exists and is writable."
    if "disk" in text and "full" in text:
        return f"The disk holding {path} is full; nothing was saved."
    return f"Database error in {path}: {text}."


def _create_private_file(path: Path) -> None:
    """Create the file 0600 before SQLite does: it holds notes about real people."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise PrepdeckError(f"Cannot create the database {path}: {exc.strerror or exc}.") from None
    os.close(fd)


def tighten_permissions(path: Path) -> str | None:
    """Make a database of ours that others could read (copied, made by hand or by an older
    tool) owner-only, with its WAL files; a sentence saying so, the one time it happens."""
    found = None
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            info = file.stat()
        except OSError:
            continue
        if not info.st_mode & 0o077 or info.st_uid != os.geteuid():
            continue
        try:
            os.chmod(file, 0o600)
        except OSError:
            continue
        if file == path:
            found = info.st_mode & 0o777
    if found is None:
        return None
    return (
        f"{path} could be read by others (mode {found:04o}); prepdeck made it 0600, "
        "readable by you alone."
    )


def wrap(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """sqlite-utils over an open connection (it turns on recursive_triggers, as `connect`)."""
    import sqlite_utils

    return sqlite_utils.Database(conn)


def open_database(path: Path | str) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate; refuse files that are not ours or are newer."""
    return wrap(connect(path))


def connect(path: Path | str) -> sqlite3.Connection:
    """open_database with plain sqlite3: sqlite-utils is imported only if a migration runs."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise PrepdeckError(f"{path} is a folder, not a database file.")
    _create_private_file(path)
    try:
        timeout = busy_timeout()
        conn = _open_sqlite(path, timeout)
        conn.execute("PRAGMA recursive_triggers = on")  # what sqlite_utils.Database sets
        # Read before any write: a newer or foreign file must be left untouched. One
        # statement, so one snapshot: another process creating this file at the same time
        # must not be caught between its tables and its version.
        version, tables = conn.execute(
            "SELECT (SELECT user_version FROM pragma_user_version),"
            " EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table')"
        ).fetchone()
        if version > SCHEMA_VERSION:
            conn.close()
            raise PrepdeckError(
                f"{path} was written by a newer prepdeck (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade prepdeck to open it."
            )
        if version == 0 and tables:
            conn.close()
            raise PrepdeckError(f"{path} is a SQLite file from another program, not prepdeck.")
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        if version < SCHEMA_VERSION:
            migrate(wrap(conn), version)
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            _turn_on_wal(conn, timeout)
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as exc:
        raise PrepdeckError(describe_sqlite_error(exc, path)) from None
    return conn


def _turn_on_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Switch a new (or pre-WAL) file to WAL, waiting up to `timeout` for the write lock.

    SQLite does not wait out its busy timeout here: the switch reads the header, then
    writes it, and a read that must become a write gives up at once while another
    connection writes. A process opening a file that another process had just created
    (and was writing its first client to) failed then with "locked".
    """
    deadline = time.monotonic() + timeout
    pause = 0.002
    # As sqlite-utils' enable_wal: the journal mode changes only outside a transaction.
    level, conn.isolation_level = conn.isolation_level, None
    try:
        while True:
            try:
                conn.execute("PRAGMA journal_mode = wal").fetchone()
                return
            except sqlite3.OperationalError as exc:
                text = str(exc)
                if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)
            if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return  # the other process switched it meanwhile
    finally:
        conn.isolation_level = level


def _open_sqlite(path: Path, timeout: float) -> sqlite3.Connection:
    """Plain files through the standard library; SQLCipher files keyed before anything else.

    Nothing extra on the plain path: a file is taken for encrypted only once SQLite refuses
    it as "not a database" (its header is read then, never beside a live connection, which
    would lose its locks), and known by its inode to this process's later connections.
    """
    if not cipher.known_encrypted(path):
        conn = sqlite3.connect(path, timeout=timeout, check_same_thread=False)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
            return conn
        except sqlite3.DatabaseError as exc:
            conn.close()
            if "not a database" not in str(exc) or not cipher.is_encrypted(path):
                raise
    from prepdeck.passphrase import passphrase_for

    return cipher.connect_encrypted(path, passphrase_for(path), timeout=timeout)


def migrate(db: sqlite_utils.Database, version: int) -> None:
    """Apply each pending migration in its own transaction with its version bump."""
    for number in range(version, SCHEMA_VERSION):
        with immediate(db.conn):
            # Another process may have migrated while this one waited for the lock.
            if db.conn.execute("PRAGMA user_version").fetchone()[0] > number:
                continue
            MIGRATIONS[number](db)
            db.execute(f"PRAGMA user_version = {number + 1}")
