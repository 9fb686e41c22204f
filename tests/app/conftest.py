"""Fixtures for the Pilot tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pd_sample import Sample, build_sample  # type: ignore[import-not-found]

from prepdeck.app import PrepdeckApp


@pytest.fixture
def sample(db_path: Path) -> Sample:
    return build_sample(db_path)


@pytest.fixture(autouse=True)
def kept_toasts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every toast's text on the app (pd_pilot.toasts reads it): on a loaded machine
    a toast's few seconds can run out before the test reads the screen's own list."""
    shown = PrepdeckApp.notify

    def notify(self: PrepdeckApp, message: str, *args: Any, **kwargs: Any) -> None:
        self.__dict__.setdefault("said", []).append(message)
        shown(self, message, *args, **kwargs)

    monkeypatch.setattr(PrepdeckApp, "notify", notify)
