"""The one place prepdeck reaches into Textual's private state: filling a DataTable fast.

Why: DataTable.add_row re-validates the cursor and schedules an idle pass for every row,
and measures every cell again on the next idle; for 500 clients that was most of the home
screen's start-up. FastTable does what add_row does, once for the lot, and skips the
measuring when no column sizes itself to its content.

The fence: the private attributes it needs are checked once (`has_private_fill`); when a
Textual release renames or reshapes them, it falls back to the public add_row, so a newer
Textual is slower here, never wrong. tests/app/test_fast_table.py fills a table both
ways and compares rows, cells, keys and what is drawn; keep it passing when upgrading.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import Any

from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import CellType, DuplicateKey, Row, RowKey

# Everything below that is not public API (DataTable's own fields and hooks in 8.2).
_PRIVATE = (
    "_row_locations",
    "_data",
    "_new_rows",
    "_require_update_dimensions",
    "_highlight_cursor",
    "_update_count",
    "_update_dimensions",
    "_row_label_column_width",
    "_total_row_height",
)


_ROW_FIELDS = {"key", "height", "label", "auto_height"}
_checked: dict[type, bool] = {}


def has_private_fill(table: DataTable[Any]) -> bool:
    """Whether this table's DataTable still has the private fields the fast fill uses
    (checked once per class)."""
    known = _checked.get(type(table))
    if known is None:
        row_fields = set(getattr(Row, "__dataclass_fields__", ()))
        known = _checked[type(table)] = _ROW_FIELDS <= row_fields and all(
            hasattr(table, name) for name in _PRIVATE
        )
    return known


class FastTable(DataTable[CellType]):
    """A DataTable filled with many rows of height 1, without labels, in one go."""

    def append_rows(self, rows: list[tuple[str, list[CellType]]]) -> None:
        """`add_row(*cells, key=key)` for each (key, cells), with one cursor check and one
        idle pass for the lot."""
        if not has_private_fill(self):
            for key, cells in rows:
                self.add_row(*cells, key=key)
            return
        columns = self.ordered_columns
        start = self.row_count
        for offset, (key, cells) in enumerate(rows):
            if len(cells) > len(columns):
                raise ValueError("More values provided than there are columns.")
            row_key = RowKey(key)
            if row_key in self._row_locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            self._row_locations[row_key] = start + offset
            self._data[row_key] = {column.key: cell for column, cell in zip_longest(columns, cells)}
            self.rows[row_key] = Row(key=row_key, height=1, label=None, auto_height=False)
            self._new_rows.add(row_key)
        if not rows:
            return
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if start == 0 and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()
        self._update_count += 1
        self.check_idle()

    def _update_dimensions(self, new_rows: object) -> None:
        """Skip measuring every cell when no column sizes itself to its content."""
        if (
            not has_private_fill(self)
            or any(column.auto_width for column in self.columns.values())
            or any(row.auto_height or row.label is not None for row in self.rows.values())
        ):
            super()._update_dimensions(new_rows)  # type: ignore[arg-type]  # private method, fenced in this module
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header_height = self.header_height if self.show_header else 0
        self.virtual_size = Size(
            width + self._row_label_column_width, self._total_row_height + header_height
        )
