"""Spreadsheet formula injection: the cells CSV export guards, and import reads back.

A spreadsheet runs a cell that starts with "=", "+", "-" or "@" (or a tab or CR before
one) as a formula: a client named '=HYPERLINK("http://evil.example", "x")' becomes a
link, '+cmd|...' a command. The OWASP rule: such a cell is written with a leading
single quote, which spreadsheets show as text; import drops that quote again, so an
export re-imports unchanged.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(value: Any) -> Any:
    """The value to write in a CSV cell: text a spreadsheet would run gets a "'" first."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unguard_cell(text: str) -> str:
    """A CSV cell as read: the quote guard_cell added is dropped."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
