"""The app on an encrypted database: the passphrase screen first, then everything as usual."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from crypt_support import PASSPHRASE  # type: ignore[import-not-found]
from pd_shared import TODAY, settle  # type: ignore[import-not-found]
from textual.widgets import Input, OptionList, Static

from prepdeck import undo
from prepdeck.app import make_app
from prepdeck.passphrase import open_unlocked
from prepdeck.screens.briefing import BriefingScreen
from prepdeck.screens.clients import ClientsScreen
from prepdeck.screens.search import SearchScreen
from prepdeck.screens.unlock import UnlockScreen
from prepdeck.store import cipher

SIZE = (100, 32)


@pytest.fixture
def encrypted(run, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PREPDECK_PASSPHRASE", PASSPHRASE)
    assert run("encrypt").code == 0
    monkeypatch.delenv("PREPDECK_PASSPHRASE")
    cipher.forget()
    return demo_db


async def test_passphrase_screen_before_anything_loads(encrypted: Path) -> None:
    app = make_app(encrypted, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert not hasattr(app, "store")  # nothing was read
        await pilot.press("ctrl+t", "ctrl+p")  # no other screen, no palette, while locked
        assert isinstance(app.screen, UnlockScreen)
        field = app.screen.query_one("#unlock-input", Input)
        assert field.password and field.has_focus

        field.value = "not it"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, UnlockScreen)
        error = str(app.screen.query_one("#unlock-error", Static).content)
        assert "Wrong passphrase" in error and "\n" not in error
        assert field.value == "" and not field.disabled

        field.value = PASSPHRASE
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ClientsScreen)
        await pilot.press("enter")  # the first client's briefing
        await settle(app, pilot)
        assert isinstance(app.screen, BriefingScreen)


async def test_app_reads_searches_and_writes_an_encrypted_database(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREPDECK_PASSPHRASE", PASSPHRASE)  # found without asking: no screen
    app = make_app(encrypted, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ClientsScreen)
        await pilot.press("slash")
        await settle(app, pilot)
        assert isinstance(app.screen, SearchScreen)
        app.screen.query_one("#query", Input).value = "market"
        await settle(app, pilot)
        assert app.screen.query_one("#hits", OptionList).option_count > 0
        client_id = app.store.scalar("SELECT id FROM clients ORDER BY id LIMIT 1")
        app.write(
            partial(undo.add_record, what="note", client_id=client_id, text="Said in the app")
        )
        await settle(app, pilot)
    store = open_unlocked(encrypted)
    try:
        assert store.scalar("SELECT count(*) FROM notes WHERE text = 'Said in the app'") == 1
    finally:
        store.close()
