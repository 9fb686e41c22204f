"""The App gets its services from make_app; the [keys] keymap remaps any key by binding id."""

from __future__ import annotations

import gc
import importlib
import pkgutil
import re
from pathlib import Path

from pd_sample import Sample  # type: ignore[import-not-found]
from pd_shared import TODAY, settle  # type: ignore[import-not-found]
from textual.binding import Binding

import prepdeck.screens
import prepdeck.widgets
from prepdeck.app import GC_THRESHOLDS, PrepdeckApp, make_app
from prepdeck.config import Config
from prepdeck.messages import ClientOpenRequested
from prepdeck.screens.briefing import BriefingScreen
from prepdeck.screens.clients import ClientsScreen
from prepdeck.screens.share_queue import ShareQueueScreen
from prepdeck.store import Store
from prepdeck.widgets.key_bar import KeyBar

SIZE = (100, 32)
README = Path(__file__).resolve().parents[2] / "README.md"


def test_building_the_app_leaves_the_garbage_collector_alone(sample: Sample) -> None:
    """Only run_app tunes the collector: tests build many apps in one process."""
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()
    make_app(sample.path, today=TODAY).store.close()
    assert gc.get_threshold() == thresholds != GC_THRESHOLDS
    assert gc.get_freeze_count() == frozen


async def test_the_app_uses_the_store_and_config_it_is_given(sample: Sample) -> None:
    store, config = Store(sample.path), Config(keys={"share_queue": "f5"})
    app = PrepdeckApp(store, config, today=TODAY)
    assert app.store is store and app.config is config and app.db_path == sample.path
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        footer = app.screen.query_one(KeyBar).render()
        assert "f5 To send" in str(footer) and "^t" not in str(footer)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert not isinstance(app.screen, ShareQueueScreen)
        await pilot.press("f5")
        await settle(app, pilot)
        assert isinstance(app.screen, ShareQueueScreen)


async def test_the_keymap_reaches_screen_and_widget_keys(sample: Sample) -> None:
    config = Config(keys={"briefing.note": "ctrl+n", "help": "f2"})
    app = make_app(sample.path, today=TODAY, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert gc.isenabled()  # the pause for the paint is over
        footer = str(app.screen.query_one(KeyBar).render())
        assert "^n Note" in footer and "f2 Help" in footer


async def test_a_failed_briefing_load_resumes_the_collector(sample: Sample) -> None:
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.post_message(ClientOpenRequested(9999))  # no such client
        await settle(app, pilot)
        assert gc.isenabled()
        assert [n.message for n in app._notifications][-1] == "No client with id 9999."
        assert isinstance(app.screen, ClientsScreen)  # no empty briefing left open


def binding_ids() -> set[str]:
    """Every binding id prepdeck declares: the App's, every screen's and widget's."""
    classes: list[type] = [PrepdeckApp]
    for package in (prepdeck.screens, prepdeck.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            classes += [v for v in vars(module).values() if isinstance(v, type)]
    ids = set()
    for cls in classes:
        for binding in vars(cls).get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


def test_readme_lists_every_binding_id() -> None:
    section = README.read_text(encoding="utf-8").split("#### Keys", 1)[1].split("\n#", 1)[0]
    documented = set(re.findall(r"`([a-z_.]+)`", section))
    assert binding_ids() <= documented, binding_ids() - documented
