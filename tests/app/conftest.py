"""Fixtures for the Pilot tests."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pd_sample import Sample, build_sample  # type: ignore[import-not-found]
from pd_shared import PINNED_NOW  # type: ignore[import-not-found]

from prepdeck.app import PrepdeckApp


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    """The sample database, built once per worker through the store API."""
    with pytest.MonkeyPatch.context() as patch:  # the session outlives a test's monkeypatch
        patch.setenv("PREPDECK_TODAY", PINNED_NOW)
        return build_sample(tmp_path_factory.mktemp("sample") / "sample.db")


@pytest.fixture
def sample(db_path: Path, sample_template: Sample) -> Sample:
    """A private copy of the sample (same ids), so no test sees another's changes."""
    shutil.copy(sample_template.path, db_path)
    return replace(sample_template, path=db_path)


@pytest.fixture(autouse=True)
def kept_toasts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every toast's text on the app (pd_pilot.toasts reads it): on a loaded machine
    a toast's few seconds can run out before the test reads the screen's own list."""
    shown = PrepdeckApp.notify

    def notify(self: PrepdeckApp, message: str, *args: Any, **kwargs: Any) -> None:
        self.__dict__.setdefault("said", []).append(message)
        shown(self, message, *args, **kwargs)

    monkeypatch.setattr(PrepdeckApp, "notify", notify)
