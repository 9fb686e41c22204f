"""Helpers for the transfer tests: writing import files and fingerprinting a database."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

GOOGLE_HEADER = [
    "Name",
    "Given Name",
    "Family Name",
    "Nickname",
    "E-mail 1 - Type",
    "E-mail 1 - Value",
    "Organization 1 - Name",
    "Organization 1 - Title",
    "Notes",
    "Phone 1 - Value",
    "Birthday",
    "Group Membership",
]


def write_csv(
    path: Path,
    header: list[str],
    rows: list[list[str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def fingerprint(db_path: Path) -> list[str]:
    """Every row of every table, as SQL: equal fingerprints mean nothing was written."""
    conn = sqlite3.connect(db_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def count(db_path: Path, table: str) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()
