"""The shared core of the store: the connection and small helpers every area uses."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prepdeck.dates import now
from prepdeck.store.database import connect, immediate, tighten_permissions, wrap
from prepdeck.untrusted import already_clean, clean_chars, clean_read

if TYPE_CHECKING:
    import sqlite3

    import sqlite_utils

# The text columns that hold several lines; every other text column is one line.
MULTILINE_COLUMNS: dict[str, frozenset[str]] = {
    "clients": frozenset({"agreed"}),
    "notes": frozenset({"text"}),
    "promises": frozenset({"text"}),
    "interactions": frozenset({"text"}),
    "articles": frozenset({"summary"}),
    "shares": frozenset({"note"}),
}


def clean_value(table: str, column: str, value: Any) -> Any:
    """A value as the store keeps it: text under the character rule for its column."""
    if not isinstance(value, str):
        return value
    return clean_chars(value, multiline=column in MULTILINE_COLUMNS.get(table, ()))


def clean_row(table: str, values: dict[str, Any]) -> dict[str, Any]:
    """The store boundary: every row written, from any source, passes through here."""
    if already_clean([v for v in values.values() if isinstance(v, str)]):
        return dict(values)  # the common case (a calendar's thousands of rows): one scan
    return {column: clean_value(table, column, v) for column, v in values.items()}


def _plain(value: Any) -> Any:
    """A value as sqlite-utils writes it: containers as JSON, dates in ISO 8601."""
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, default=repr, ensure_ascii=False)
    if isinstance(value, date | time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return value


# Statements that open or close a transaction themselves (never auto-committed by _execute).
_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
_SAVEPOINTS = itertools.count(1)


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
    def transaction(self) -> Iterator[None]:
        """All or nothing: nested calls become savepoints (as sqlite-utils' `atomic`).

        The outermost opens with BEGIN IMMEDIATE, which takes the write lock at once and
        so waits out the busy timeout when another process is writing. A deferred BEGIN
        (what sqlite-utils' atomic() issues) reads table metadata first, and its upgrade
        from read to write fails at once with "database is locked": the busy handler
        never runs for it. Plain sqlite3, so a command that writes one row never imports
        sqlite-utils.
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
        with immediate(conn):
            yield

    def insert_row(self, table: str, values: dict[str, Any]) -> int:
        """Insert one row of user or feed text (cleaned); its id.

        Plain sqlite3, values stored as sqlite-utils' insert would store them: a command
        that writes one row never imports sqlite-utils (issue 18).
        """
        row = clean_row(table, values)
        columns = ", ".join(f"[{name}]" for name in row)
        marks = ", ".join("?" * len(row))
        cursor = self._execute(
            f"INSERT INTO [{table}] ({columns}) VALUES ({marks})",
            [_plain(v) for v in row.values()],
        )
        return int(cursor.lastrowid or 0)

    def update_row(self, table: str, pk: Any, values: dict[str, Any]) -> None:
        """Update one row (by id) with user or feed text (cleaned); plain sqlite3 too."""
        row = clean_row(table, values)
        if not row:
            return
        assignments = ", ".join(f"[{name}] = ?" for name in row)
        self._execute(
            f"UPDATE [{table}] SET {assignments} WHERE id = ?",
            [*(_plain(v) for v in row.values()), pk],
        )

    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        """Rows as dicts, their text held to the character rule on the way out too: a
        database written before the rule may still hold escapes, which must reach no
        screen or terminal (an ESC in a note also broke Textual's rendering)."""
        cursor = self._execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [clean_read(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]

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
            self.db.table("settings").upsert({"key": key, "value": value}, pk="key")

    @staticmethod
    def stamp() -> str:
        return now().isoformat(sep=" ")
