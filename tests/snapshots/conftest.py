"""The demo database (built once per session in tests/conftest.py), copied for each test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pd_shared import copy_demo  # type: ignore[import-not-found]
from textual.app import App


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy, so no test sees another's changes."""
    # With its 0600 mode: a 0644 copy is tightened, with a toast.
    return copy_demo(demo_template, tmp_path / "demo.db")


@pytest.fixture(autouse=True)
def toasts_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    """A toast shown before the picture is taken stays in it: on a loaded machine the
    seconds between the key press and the capture outlasted a 4 s toast (a snapshot that
    failed once in a full run, the toast gone)."""
    real = App.notify

    def notify(self: App[object], message: str, **options: Any) -> None:
        real(self, message, **{**options, "timeout": 3600})

    monkeypatch.setattr(App, "notify", notify)
