"""Dates the briefing tests share (conftest pins today to 2026-11-23)."""

from __future__ import annotations

from datetime import date, timedelta

from pd_shared import TODAY  # type: ignore[import-not-found]


def days(n: int) -> date:
    """TODAY shifted by n days."""
    return TODAY + timedelta(days=n)
