"""Helpers shared by the trust tests: one-line errors and driving the app to a form."""

from __future__ import annotations

from typing import Any

from pd_shared import settle  # type: ignore[import-not-found]

from prepdeck.app import PrepdeckApp
from prepdeck.screens.briefing import BriefingScreen
from prepdeck.screens.capture import CaptureScreen


def one_line(result: Any) -> str:
    """The single `prepdeck: …` line a failed command must print, and nothing else."""
    assert result.code != 0, result.out
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("prepdeck: "), result.err
    return lines[0]


async def open_first_briefing(app: PrepdeckApp, pilot: Any) -> BriefingScreen:
    """Home, then Enter on the first client (Priya Patel in the sample)."""
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, BriefingScreen)
    return app.screen


async def open_form(app: PrepdeckApp, pilot: Any, key: str) -> CaptureScreen:
    """The first client's capture form for `key` (n: note, p: promise, l: conversation)."""
    await open_first_briefing(app, pilot)
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, CaptureScreen)
    return app.screen
