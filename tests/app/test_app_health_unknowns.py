"""Health says what it knows: nothing logged is drawn as unknown, in panel and table alike."""

from __future__ import annotations

from pathlib import Path

from pd_shared import TODAY, settle  # type: ignore[import-not-found]

from prepdeck.app import make_app
from prepdeck.screens.briefing import BriefingScreen
from prepdeck.store import Store
from prepdeck.widgets.client_table import ClientTable
from prepdeck.widgets.health_panel import HealthPanel


async def test_a_new_client_gets_no_green_ticks(db_path: Path) -> None:
    store = Store(db_path)
    new = store.add_client("Nadia New")
    known = store.add_client("Kai Known")
    for n, score in enumerate([4, 4, 4, 4, 4, 4]):
        store.log_interaction(
            known.id, "catch-up", on=TODAY.replace(day=20 - n), satisfaction=score
        )
    store.close()
    app = make_app(db_path, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(ClientTable)
        health = {
            key.value: str(table.get_row(key)[-1])
            for key in table.rows  # the Health column
        }
        assert health[str(new.id)].startswith("○ ·")  # unknown contact, no trend
        assert health[str(known.id)].startswith("● →")  # in touch, steady
        table.move_cursor(row=table.get_row_index(str(new.id)))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, BriefingScreen)
        panel = app.screen.query_one(HealthPanel)
        figures = str(panel.figures.render())
        trend = str(panel.trend.render())
        assert "✓" not in figures and "✗" not in figures
        assert "· Last contact: never" in figures
        assert "· Satisfaction: no scores" in figures
        assert "satisfaction · no scores" in trend
