"""The shared core of the store: the connection and small helpers every area uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from prepdeck.dates import now
from prepdeck.store.database import open_database


class StoreBase:
    """Holds the open database; area mixins add typed queries on top."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.db: sqlite_utils.Database = open_database(self.path)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """All or nothing: nested calls become savepoints."""
        with self.db.atomic() as db:
            yield db

    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cursor = self.db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def row(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: Any = ()) -> Any:
        result = self.db.execute(sql, params).fetchone()
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
