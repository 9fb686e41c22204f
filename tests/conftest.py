"""Shared fixtures: real database files in tmp_path, a pinned today, the CLI in-process."""

from __future__ import annotations

import gc
import inspect
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from pd_css_cache import install as share_parsed_css  # type: ignore[import-not-found]
from pd_shared import PINNED_NOW, TODAY  # type: ignore[import-not-found]

from prepdeck.cli import cli
from prepdeck.store import Store, cipher

SHARED_FEEDS = Path(__file__).resolve().parents[2] / "shared" / "feeds"


# Encrypted files in the tests derive their keys in 1,000 rounds instead of SQLCipher's
# 256,000 (~0.5 s of CPU each, several per encryption test); test_crypt_defaults.py checks
# that without the setting files are written and read with the full default.
TEST_KDF_ROUNDS = "1000"
# Not the app's (prepdeck.app.GC_THRESHOLDS, set only where the app runs): a test asserts
# that building an app leaves the collector as it found it.
TEST_GC_THRESHOLDS = (20_000, 20, 20)


def pytest_configure(config: pytest.Config) -> None:
    """The run's environment, set here so that xdist workers and the processes tests start
    inherit it; and bytecode reused even where PYTHONDONTWRITEBYTECODE is set.

    Without the bytecode prefix every xdist worker and every `python -m prepdeck` compiles
    prepdeck and the test modules again (~0.4 s a process). The bytecode goes under
    .pytest_cache, so the tree stays free of __pycache__ folders as the setting wants.
    Also: xdist's scheduling, stylesheets parsed once per process (pd_css_cache.py), and
    the garbage collector (below).
    """
    os.environ[cipher.TEST_KDF_ENV] = TEST_KDF_ROUNDS
    # Collecting at the default 700 allocations took 12-15% of a Pilot test's CPU (2,400
    # collections, most walking Textual's render caches). What the imports made is kept for
    # the run; the rest is collected less often, and fully every ~8M allocations, so a
    # worker's memory stays bounded (~140 MB against ~105 MB at the default).
    gc.freeze()
    gc.set_threshold(*TEST_GC_THRESHOLDS)
    if getattr(config.option, "maxschedchunk", 0) is None:
        # xdist first hands each worker a block of a quarter of its share (~55 tests) and
        # never takes them back: the workers whose blocks were Pilot tests ran alone for
        # the last 30-60 s of a run. Two at a time, the workers take the tests in the
        # order below as they free up, and the run ends on short ones.
        config.option.maxschedchunk = 2
    share_parsed_css()
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return
    prefix = str(config.rootpath / ".pytest_cache" / "pycache")
    del os.environ["PYTHONDONTWRITEBYTECODE"]  # workers and subprocesses inherit these two
    os.environ["PYTHONPYCACHEPREFIX"] = prefix
    sys.dont_write_bytecode = False
    sys.pycache_prefix = prefix


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` starts two workers a core: half of a Pilot test's time is spent waiting
    (for idle, for a real process, for a held lock). On 2 cores, 2 workers kept ~1.1 cores
    busy and took 248 s; 4 workers took 189 s."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 * (cores or 1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long tests first, so that a parallel run ends on short ones: xdist hands tests
    out in this order, two at a time (pytest_configure). First the corpus tests (each runs
    for seconds) and those that mostly wait (marked `waits`, or driving a terminal), then
    those that start the app (Pilot, snapshots), then the rest; a sort that keeps the
    files' order within each. Among the last, the waiting ones could leave both cores
    idle while the run ended."""
    items.sort(key=_weight)


def _weight(item: pytest.Item) -> int:
    """0 for the longest kind of test, 2 for the shortest."""
    if any(item.get_closest_marker(name) for name in ("corpus", "waits", "tmux")):
        return 0
    function = getattr(item, "function", None)
    starts_the_app = inspect.iscoroutinefunction(function) or "snap_compare" in getattr(
        item, "fixturenames", ()
    )
    return 1 if starts_the_app else 2


@pytest.fixture(autouse=True)
def _hermetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the developer's files; pin today."""
    monkeypatch.setenv("PREPDECK_TODAY", PINNED_NOW)
    monkeypatch.delenv("PREPDECK_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once per worker with today pinned: tests copy the file
    (a copy takes milliseconds, a build ~0.7 s). Its feeds stay in the template's folder."""
    from prepdeck.demo import build_demo

    with pytest.MonkeyPatch.context() as patch:  # the session outlives a test's monkeypatch
        patch.setenv("PREPDECK_TODAY", PINNED_NOW)
        patch.delenv("PREPDECK_DB", raising=False)
        return build_demo(tmp_path_factory.mktemp("demo") / "demo.db", TODAY)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "prepdeck.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = Store(db_path)
    yield opened
    opened.close()


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run(db_path: Path):
    """Run `prepdeck ARGS --db <tmp db>` in-process; returns exit code, stdout, stderr."""

    def invoke(*args: str, db: Path | None = None, input: str | None = None) -> Result:
        runner = CliRunner()
        result = runner.invoke(cli, [*args, "--db", str(db or db_path)], input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def opener(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real program named xdg-open (open on macOS) first on PATH, standing in for the
    system's: it writes its argument to the returned file, and refuses "refuse"."""
    bin_dir = tmp_path / "opener-bin"
    bin_dir.mkdir()
    record = tmp_path / "opened.txt"
    script = bin_dir / ("open" if sys.platform == "darwin" else "xdg-open")
    script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{record}"\n[ "$1" != refuse ]\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return record
