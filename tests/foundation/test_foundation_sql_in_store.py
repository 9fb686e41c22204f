"""All SQL lives in prepdeck/store: no other layer holds a statement in a string."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import prepdeck

PACKAGE = Path(prepdeck.__file__).parent
STATEMENT = re.compile(
    r"^\s*(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|PRAGMA\s|"
    r"CREATE\s+(TABLE|INDEX|VIEW))",
    re.IGNORECASE | re.DOTALL,
)


def sql_strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if STATEMENT.match(node.value):
                found.append((node.lineno, node.value.strip().splitlines()[0]))
    return found


def test_the_check_finds_sql() -> None:
    assert sql_strings(PACKAGE / "store" / "reports.py")


def test_no_sql_outside_the_store() -> None:
    outside = {
        f"{path.relative_to(PACKAGE)}:{line}: {text}"
        for path in PACKAGE.rglob("*.py")
        if "store" not in path.relative_to(PACKAGE).parts
        for line, text in sql_strings(path)
    }
    assert not outside, "\n".join(sorted(outside))
