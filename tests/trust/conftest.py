"""Fixtures for the trust tests (concurrent writers, hostile input, integrity)."""

from __future__ import annotations

import sys
from pathlib import Path

# The app fixtures (pd_sample) and the feed server live beside their own tests.
for _folder in ("app", "feeds"):
    _path = str(Path(__file__).resolve().parents[1] / _folder)
    if _path not in sys.path:
        sys.path.insert(0, _path)

from feeds_support import feed_server  # type: ignore[import-not-found]  # noqa: E402, F401
