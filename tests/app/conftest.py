"""Fixtures for the Pilot tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from pd_sample import Sample, build_sample  # type: ignore[import-not-found]


@pytest.fixture
def sample(db_path: Path) -> Sample:
    return build_sample(db_path)
