"""The shared core of the store: the connection and small helpers every area uses."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prepdeck.dates import now
from prepdeck.store.database import connect, wrap

if TYPE_CHECKING:
    import sqlite3

    import sqlite_utils

# Statements that open or close a transaction themselves (never auto-committed by _execute).
_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
_SAVEPOINTS = itertools.count(1)


class StoreBase:
    """Holds the open database; area mixins add typed queries on top."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
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
    def transaction(self) -> Iterator[None]:
        """All or nothing: nested calls become savepoints (as sqlite-utils' `atomic`).

        Plain sqlite3, so a command that writes one row never imports sqlite-utils.
        """
        conn = self.conn
        if conn.in_transaction:
            savepoint = f"prepdeck_{next(_SAVEPOINTS)}"
            conn.execute(f"SAVEPOINT {savepoint}")
            try:
                yield
            except BaseException:
                # A RAISE(ROLLBACK) trigger may have ended the whole transaction already.
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                    conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                raise
            conn.execute(f"RELEASE SAVEPOINT {savepoint}")
            return
        conn.execute("BEGIN")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def insert_row(self, table: str, values: dict[str, Any]) -> int:
        """INSERT one row of plain values; returns its id (sqlite-utils' insert, cheaper)."""
        columns = ", ".join(f"[{name}]" for name in values)
        marks = ", ".join("?" * len(values))
        cursor = self._execute(
            f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(values.values())
        )
        return int(cursor.lastrowid or 0)

    def update_row(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        """UPDATE one row's columns by id (sqlite-utils' update, cheaper)."""
        if not values:
            return
        assignments = ", ".join(f"[{name}] = ?" for name in values)
        self._execute(
            f"UPDATE [{table}] SET {assignments} WHERE id = ?", [*values.values(), row_id]
        )

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
