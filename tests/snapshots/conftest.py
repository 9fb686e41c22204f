"""The demo database, built once per session with today pinned, copied for each test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pd_shared import TODAY  # type: ignore[import-not-found]


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from prepdeck.demo import build_demo

    saved = os.environ.get("PREPDECK_TODAY")
    os.environ["PREPDECK_TODAY"] = TODAY.isoformat()  # the session outlives monkeypatch
    try:
        return build_demo(tmp_path_factory.mktemp("demo") / "demo.db", TODAY)
    finally:
        if saved is None:
            del os.environ["PREPDECK_TODAY"]
        else:
            os.environ["PREPDECK_TODAY"] = saved


@pytest.fixture
def demo_db(demo_master: Path, tmp_path: Path) -> Path:
    """A private copy, so no test sees another's changes."""
    target = tmp_path / "demo.db"
    shutil.copy(demo_master, target)  # with its 0600 mode: a 0644 copy is tightened, with a toast
    return target
