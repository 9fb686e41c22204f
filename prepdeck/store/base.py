"""The shared core of the store: the connection and small helpers every area uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prepdeck.dates import now
from prepdeck.store.database import connect, immediate, tighten_permissions, wrap

if TYPE_CHECKING:
    import sqlite3

    import sqlite_utils

# Statements that open or close a transaction themselves (never auto-committed by _execute).
_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}


class StoreBase:
    """Holds the open database; area mixins add typed queries on top."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        # Said once (the file is 0600 from then on): the CLI prints it, the app shows it.
        self.notice = tighten_permissions(self.path.expanduser())
        self.conn: sqlite3.Connection = connect(self.path)
        self._db: sqlite_utils.Database | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, made on first use (its import is slow)."""
        if self._db is None:
            self._db = wrap(self.conn)
        return self._db

    def close(self) -> None:
        self.conn.close()

    def _execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        """What sqlite-utils' Database.execute does, without importing it for a read.

        A failed statement that opened an implicit transaction is rolled back; a write
        outside a transaction is committed at once.
        """
        conn = self.conn
        was_in_transaction = conn.in_transaction
        try:
            cursor = conn.execute(sql, params)
        except Exception:
            if not was_in_transaction and conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if (
            not was_in_transaction
            and conn.in_transaction
            and cursor.description is None
            and (sql.split(None, 1) or [""])[0].rstrip(";").upper() not in _TRANSACTION_CONTROL
        ):
            conn.execute("COMMIT")
        return cursor

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """All or nothing: nested calls become savepoints.

        The outermost opens with BEGIN IMMEDIATE, which takes the write lock at once and
        so waits out the busy timeout when another process is writing. A deferred BEGIN
        (what sqlite-utils' atomic() issues) reads table metadata first, and its upgrade
        from read to write fails at once with "database is locked": the busy handler
        never runs for it.
        """
        db = self.db
        if self.conn.in_transaction:
            with db.atomic():
                yield db
            return
        with immediate(self.conn):
            yield db

    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cursor = self._execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def row(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: Any = ()) -> Any:
        result = self._execute(sql, params).fetchone()
        return result[0] if result else None

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        value = self.scalar("SELECT value FROM settings WHERE key = ?", [key])
        return default if value is None else value

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            self.db["settings"].upsert({"key": key, "value": value}, pk="key")

    @staticmethod
    def stamp() -> str:
        return now().isoformat(sep=" ")
