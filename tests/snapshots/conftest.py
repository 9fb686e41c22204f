"""The demo database (built once per session in tests/conftest.py), copied for each test."""

from __future__ import annotations

from pathlib import Path

import pytest
from pd_shared import copy_demo  # type: ignore[import-not-found]


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy, so no test sees another's changes."""
    # With its 0600 mode: a 0644 copy is tightened, with a toast.
    return copy_demo(demo_template, tmp_path / "demo.db")
