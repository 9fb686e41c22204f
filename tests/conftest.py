"""Shared fixtures: real database files in tmp_path, a pinned today, the CLI in-process."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from pd_shared import TODAY  # type: ignore[import-not-found]

from prepdeck.cli import cli
from prepdeck.store import Store

SHARED_FEEDS = Path(__file__).resolve().parents[2] / "shared" / "feeds"


@pytest.fixture(autouse=True)
def _hermetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the developer's files; pin today."""
    monkeypatch.setenv("PREPDECK_TODAY", TODAY.isoformat())
    monkeypatch.delenv("PREPDECK_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "prepdeck.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = Store(db_path)
    yield opened
    opened.close()


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run(db_path: Path):
    """Run `prepdeck ARGS --db <tmp db>` in-process; returns exit code, stdout, stderr."""

    def invoke(*args: str, db: Path | None = None, input: str | None = None) -> Result:
        runner = CliRunner()
        result = runner.invoke(cli, [*args, "--db", str(db or db_path)], input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke
