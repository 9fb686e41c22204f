"""Pilot helpers the state tests share: open the first briefing, read toasts and tables."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pd_shared import settle  # type: ignore[import-not-found]
from textual.pilot import Pilot

from prepdeck.app import PrepdeckApp
from prepdeck.screens.briefing import BriefingScreen


async def open_first(app: PrepdeckApp, pilot: Pilot[None]) -> BriefingScreen:
    """Enter on home's first row (in the sample, Priya: the soonest meeting)."""
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, BriefingScreen)
    return app.screen


def toasts(app: PrepdeckApp) -> list[str]:
    """Every notification shown so far, oldest first, expired ones too (kept by the
    kept_toasts fixture in conftest.py)."""
    return list(app.__dict__.get("said", []))


def dump(path: Path, table: str) -> list[tuple[object, ...]]:
    """Every row of a table as stored, to compare whole states before and after."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
    finally:
        conn.close()
