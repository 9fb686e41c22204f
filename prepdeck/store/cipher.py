"""SQLCipher connections: told from plain files by their first bytes, keyed before anything else.

Plain databases never reach the heavy half of this module: sqlcipher3 is imported only
once a file turns out to be encrypted (or is being encrypted).
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from prepdeck.errors import PrepdeckError

HEADER = b"SQLite format 3\x00"
# SQLCipher 4's defaults (PBKDF2-HMAC-SHA512, 256,000 rounds, a 32-byte key salted by the
# file's first 16 bytes): deriving the key once per process lets every later connection
# skip the half-second derivation.
KDF_ROUNDS = 256_000
# For the test suite alone: fewer rounds, set for the whole run, so that the encryption tests
# do not spend most of their time deriving keys (a derivation is ~0.5 s of CPU). Both
# derivations follow it, ours and SQLCipher's own (ATTACH ... KEY, PRAGMA key); a file written
# under it opens only under the same setting. Never set it outside the tests.
TEST_KDF_ENV = "PREPDECK_TEST_KDF_ROUNDS"
INSTALL_HINT = "pip install 'prepdeck[encryption]'"


class WrongPassphrase(PrepdeckError):
    """The passphrase does not open the file (or the file is not a database at all)."""


class PassphraseNeeded(PrepdeckError):
    """The file is encrypted and no passphrase was found without asking."""


def read_header(path: Path | str) -> bytes:
    """The file's first 16 bytes (empty for a missing or empty file).

    Only where no connection of this process holds the file: closing any descriptor on a
    file drops every POSIX lock the process holds on it, SQLite's included.
    """
    try:
        with open(path, "rb") as handle:
            return handle.read(16)
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        return b""


def looks_encrypted(header: bytes, size: int) -> bool:
    """Not SQLite's magic string, yet whole pages: what SQLCipher writes (random salt first)."""
    return len(header) == 16 and header != HEADER and size > 0 and size % 1024 == 0


def _identity(path: Path | str) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


# What this process learnt about encrypted files, by inode (a stat, never an open): each
# one's salt (its first 16 bytes) and the passphrase checked on it. A rewritten file is a
# new inode, and `forget` clears everything after a rewrite.
_salts: dict[tuple[int, int], bytes] = {}
_passphrases: dict[tuple[int, int], str] = {}
_raw_keys: dict[tuple[bytes, str], str] = {}
_cache_lock = threading.Lock()


def known_encrypted(path: Path | str) -> bool:
    """Already opened as SQLCipher in this process: checked with a stat alone."""
    return _identity(path) in _salts


def is_encrypted(path: Path | str) -> bool:
    """Whether `path` is a SQLCipher file (a plain one starts with "SQLite format 3\\0").

    Reads the header unless the file is known already: call it before this process opens
    the file, or once SQLite has refused it as "not a database".
    """
    identity = _identity(path)
    if identity is None:
        return False
    if identity in _salts:
        return True
    header = read_header(path)
    if not looks_encrypted(header, Path(path).stat().st_size):
        return False
    with _cache_lock:
        _salts[identity] = header
    return True


def sqlcipher() -> Any:
    """The sqlcipher3 DB-API module, or one line on how to get it."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise PrepdeckError(
            "Encrypted databases need the sqlcipher3-wheels package, which is not installed "
            f"here (or has no build for this platform): {INSTALL_HINT}."
        ) from None
    return dbapi2


def known_passphrase(path: Path | str) -> str | None:
    """The passphrase already checked on this file in this process, if any."""
    return _passphrases.get(_identity(path))  # type: ignore[arg-type]


def remember(path: Path | str, passphrase: str) -> None:
    identity = _identity(path)
    if identity is not None:
        with _cache_lock:
            _passphrases[identity] = passphrase


def forget() -> None:
    """Ask again next time: every passphrase, salt and derived key this process holds goes."""
    with _cache_lock:
        _salts.clear()
        _passphrases.clear()
        _raw_keys.clear()


def _salt(path: Path | str) -> bytes:
    identity = _identity(path)
    found = _salts.get(identity) if identity is not None else None
    if found is None:  # first sight, before any connection of ours to it
        found = read_header(path)
        if identity is not None:
            with _cache_lock:
                _salts[identity] = found
    return found


@functools.cache
def kdf_rounds() -> int:
    """SQLCipher 4's default, unless the test suite lowered it (TEST_KDF_ENV); read once."""
    return int(os.environ.get(TEST_KDF_ENV) or KDF_ROUNDS)


def _raw_key(salt: bytes, passphrase: str) -> str:
    with _cache_lock:
        found = _raw_keys.get((salt, passphrase))
    if found is None:
        import hashlib  # OpenSSL's start-up (~4 ms) only for an encrypted file

        key = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, kdf_rounds(), 32)
        found = f"x'{key.hex()}'"
        with _cache_lock:
            _raw_keys[(salt, passphrase)] = found
    return found


def quote(text: str) -> str:
    """A SQL string literal (PRAGMA key takes no bound parameters)."""
    return "'" + text.replace("'", "''") + "'"


def connect_encrypted(
    path: Path | str, passphrase: str, *, timeout: float = 5.0, allow_old_format: bool = False
) -> sqlite3.Connection:
    """A keyed SQLCipher connection that raises the standard library's sqlite3 errors.

    The key is the first statement; the file is read at once so that a wrong passphrase
    fails here, as one WrongPassphrase, with nothing written. A file from SQLCipher 3 opens
    only for a rewrite (`allow_old_format`); otherwise the user is told how to upgrade it.
    """
    if not passphrase:
        raise WrongPassphrase(f"The passphrase for {path} is empty; nothing was changed.")
    salt = _salt(path)
    conn = _connect(path, timeout)
    conn.execute(f"PRAGMA key = {quote(_raw_key(salt, passphrase))}")
    if _readable(conn):
        return conn
    conn.close()
    old = _connect(path, timeout)
    old.execute(f"PRAGMA key = {quote(passphrase)}")
    old.execute("PRAGMA cipher_compatibility = 3")
    if not _readable(old):
        old.close()
        raise WrongPassphrase(
            f"Wrong passphrase for {path} (or it is not a prepdeck database); nothing was changed."
        )
    if allow_old_format:
        return old
    old.close()
    raise PrepdeckError(
        f"{path} is encrypted in SQLCipher 3's older format; run `prepdeck passphrase` once "
        "to rewrite it in the current one (you may keep the same passphrase)."
    )


def connect_plain(path: Path | str, *, timeout: float = 5.0) -> sqlite3.Connection:
    """An unkeyed connection through SQLCipher, for ATTACH ... KEY during a rewrite."""
    return _connect(path, timeout)


def _readable(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            return False
        raise
    return True


def _connect(path: Path | str, timeout: float) -> sqlite3.Connection:
    dbapi2, connection_class = _classes()
    try:
        return dbapi2.connect(
            str(path), timeout=timeout, check_same_thread=False, factory=connection_class
        )
    except dbapi2.Error as exc:
        raise _translated(exc) from None


def _translated(exc: Exception) -> sqlite3.Error:
    """The same error as the standard library's class, so every `except sqlite3.Error` (ours
    and sqlite-utils') handles an encrypted database exactly as a plain one."""
    found = getattr(sqlite3, type(exc).__name__, None)
    cls = found if isinstance(found, type) and issubclass(found, sqlite3.Error) else None
    error = (cls or sqlite3.DatabaseError)(*exc.args)
    for attribute in ("sqlite_errorcode", "sqlite_errorname"):
        if hasattr(exc, attribute):
            setattr(error, attribute, getattr(exc, attribute))
    return error


@functools.cache
def _classes() -> tuple[Any, type]:
    """sqlcipher3's Connection and Cursor, their errors translated; built on first use."""
    dbapi2 = sqlcipher()
    # SQLCipher logs a failed key to stderr by default: a wrong passphrase must stay one line.
    dbapi2.connect(":memory:").execute("PRAGMA cipher_log_level = NONE")
    if kdf_rounds() != KDF_ROUNDS:  # the tests' setting, for SQLCipher's own derivations too
        dbapi2.connect(":memory:").execute(f"PRAGMA cipher_default_kdf_iter = {kdf_rounds()}")

    def guard(method: Any) -> Any:
        @functools.wraps(method)
        def call(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except dbapi2.Error as exc:
                raise _translated(exc) from None

        return call

    cursor_methods = ("execute", "executemany", "executescript", "fetchone", "fetchmany")
    cursor_class = type(
        "CipherCursor",
        (dbapi2.Cursor,),
        {name: guard(getattr(dbapi2.Cursor, name)) for name in (*cursor_methods, "fetchall")}
        | {"__next__": guard(dbapi2.Cursor.__next__)},
    )

    def cursor(self: Any, factory: Any = cursor_class) -> Any:
        return dbapi2.Connection.cursor(self, factory)

    connection_methods = ("execute", "executemany", "executescript", "commit", "rollback")
    connection_class = type(
        "CipherConnection",
        (dbapi2.Connection,),
        {name: guard(getattr(dbapi2.Connection, name)) for name in connection_methods}
        | {
            "cursor": cursor,
            "backup": guard(dbapi2.Connection.backup),
            "__exit__": guard(dbapi2.Connection.__exit__),
        },
    )
    return dbapi2, connection_class
