"""Rows as they were: snapshots taken before a write, put back to undo it, and the
counter that tells a reader another connection has written."""

from __future__ import annotations

from typing import Any, NamedTuple

from prepdeck.errors import PrepdeckError
from prepdeck.store.base import StoreBase

# The tables an app write can touch, and for each the rows that point at one of its
# rows: deleting a client cascades to these, deleting a contact clears their contact_id,
# so taking a delete back has to put them back too.
DEPENDENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "clients": (
        ("contacts", "client_id"),
        ("notes", "client_id"),
        ("promises", "client_id"),
        ("interactions", "client_id"),
        ("shares", "client_id"),
        ("feeds", "client_id"),
    ),
    "contacts": (
        ("notes", "contact_id"),
        ("promises", "contact_id"),
        ("interactions", "contact_id"),
    ),
    "feeds": (("articles", "feed_id"),),
    "notes": (),
    "promises": (),
    "interactions": (),
    "shares": (),
    "articles": (("shares", "article_id"),),
    "meetings": (),
}

# A sync replaces these rows under new ids: putting one back replaces the row that now
# holds its (calendar, uid, start), rather than failing on the unique key.
REPLACED_BY_SYNC = frozenset({"meetings"})


class RowSnapshot(NamedTuple):
    """One row as it stood before a write; `values` None: the write created it."""

    table: str
    row_id: int
    values: dict[str, Any] | None


class HistoryMixin(StoreBase):
    def data_version(self) -> int:
        """SQLite's count of commits by other connections to this file: reading it costs
        microseconds and no lock, so the app can poll it to notice a CLI or cron write."""
        return int(self._execute("PRAGMA data_version").fetchone()[0])

    def _raw_row(self, table: str, row_id: int) -> dict[str, Any] | None:
        """The row exactly as stored (no read-side cleaning: it must go back byte for byte)."""
        cursor = self._execute(f"SELECT * FROM {_table(table)} WHERE id = ?", [row_id])
        found = cursor.fetchone()
        if found is None:
            return None
        return dict(zip([d[0] for d in cursor.description], found, strict=True))

    def snapshot(self, table: str, row_id: int, *, dependents: bool = False) -> list[RowSnapshot]:
        """The row (and, before a delete, every row that points at it), parents first."""
        values = self._raw_row(table, row_id)
        taken = [RowSnapshot(table, row_id, values)]
        if dependents and values is not None:
            for child, column in DEPENDENTS[_table(table)]:
                ids = [
                    r[0]
                    for r in self._execute(
                        f"SELECT id FROM {child} WHERE {column} = ? ORDER BY id", [row_id]
                    ).fetchall()
                ]
                for child_id in ids:
                    taken += self.snapshot(child, child_id, dependents=True)
        return taken

    def delete_row(self, table: str, row_id: int) -> None:
        """Delete one row by id (its dependents cascade as the schema says)."""
        with self.transaction():
            self._execute(f"DELETE FROM {_table(table)} WHERE id = ?", [row_id])

    def last_id(self, table: str) -> int:
        """The highest id in the table (0 when empty), to find the rows a write adds."""
        return int(self.scalar(f"SELECT coalesce(max(id), 0) FROM {_table(table)}"))

    def ids_after(self, table: str, last: int) -> list[int]:
        """Ids added since `last_id` said `last`."""
        found = self._execute(f"SELECT id FROM {_table(table)} WHERE id > ? ORDER BY id", [last])
        return [r[0] for r in found.fetchall()]

    @staticmethod
    def created(table: str, row_id: int) -> RowSnapshot:
        """A row the write is about to add: putting things back removes it."""
        return RowSnapshot(_table(table), row_id, None)

    def restore(self, snapshots: list[RowSnapshot] | tuple[RowSnapshot, ...]) -> None:
        """Put every row back as it was, all or nothing: created rows go first (newest
        first), then each snapshot is written back under its own id, parents first."""
        with self.transaction():
            for snap in reversed(snapshots):
                if snap.values is None:
                    self._execute(f"DELETE FROM {_table(snap.table)} WHERE id = ?", [snap.row_id])
            for snap in snapshots:
                if snap.values is not None:
                    self._put_back(snap.table, snap.row_id, snap.values)

    def _put_back(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        table = _table(table)
        columns = [c for c in values if c != "id"]
        if self._raw_row(table, row_id) is not None:
            sets = ", ".join(f"[{c}] = ?" for c in columns)
            self._execute(
                f"UPDATE {table} SET {sets} WHERE id = ?", [values[c] for c in columns] + [row_id]
            )
        else:
            names = ", ".join(f"[{c}]" for c in ["id", *columns])
            marks = ", ".join("?" * (len(columns) + 1))
            verb = "INSERT OR REPLACE" if table in REPLACED_BY_SYNC else "INSERT"
            self._execute(
                f"{verb} INTO {table} ({names}) VALUES ({marks})",
                [row_id] + [values[c] for c in columns],
            )


def _table(name: str) -> str:
    """Only the app's own tables are ever named in these statements."""
    if name not in DEPENDENTS:
        raise PrepdeckError(f"Cannot take back a change to {name!r}.")
    return name
