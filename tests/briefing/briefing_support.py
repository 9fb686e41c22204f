"""Dates the briefing tests share (conftest pins today to 2026-11-23)."""

from __future__ import annotations

from datetime import date, timedelta

TODAY = date(2026, 11, 23)


def days(n: int) -> date:
    """TODAY shifted by n days."""
    return TODAY + timedelta(days=n)
