"""Writes wait for another process's write lock instead of failing (issue 10, part 1).

A real second process holds the write lock for two seconds; every write path (a CLI
command, a fetch, an app form) must wait it out and succeed, and past the busy
timeout fail with one sentence while the form keeps what was typed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from feeds_support import FeedServer, item, rss  # type: ignore[import-not-found]
from lock_holder import write_lock_held  # type: ignore[import-not-found]
from pd_sample import Sample, build_sample  # type: ignore[import-not-found]
from pd_shared import TODAY  # type: ignore[import-not-found]
from textual.widgets import Input, Label
from trust_support import open_form  # type: ignore[import-not-found]

from prepdeck.app import make_app
from prepdeck.screens.capture import CaptureScreen
from prepdeck.store import Store

pytestmark = pytest.mark.waits  # a real second process holds the lock for seconds
HOLD_S = 2.0


def _notes(path: Path) -> list[str]:
    store = Store(path)
    try:
        return [row["text"] for row in store.rows("SELECT text FROM notes ORDER BY id")]
    finally:
        store.close()


def test_cli_write_waits_for_another_process(run, db_path: Path) -> None:
    assert run("client", "add", "Anna Kowalski").code == 0
    with write_lock_held(db_path, HOLD_S):
        result = run("note", "add", "Anna", "Daughter Mia starts school")
    assert result.code == 0, result.err
    assert _notes(db_path) == ["Daughter Mia starts school"]


def test_cli_write_past_the_timeout_is_one_sentence(
    run, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("client", "add", "Anna Kowalski").code == 0
    monkeypatch.setenv("PREPDECK_BUSY_TIMEOUT", "0.3")
    with write_lock_held(db_path, HOLD_S):
        result = run("note", "add", "Anna", "Lost?")
    assert result.code != 0
    assert "locked" in result.err and len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
    assert _notes(db_path) == []


def test_fetch_waits_rather_than_failing_a_feed(
    run, db_path: Path, feed_server: FeedServer
) -> None:
    urls = [
        feed_server.serve(
            f"/f{n}.xml", rss(*(item(f"g{n}-{i}", f"Story {n}.{i}") for i in range(3)))
        )
        for n in range(4)
    ]
    for url in urls:
        assert run("feed", "add", url).code == 0
    with write_lock_held(db_path, HOLD_S):
        result = run("fetch", "--json")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    statuses = [feed["status"] for feed in summary["results"]]
    assert statuses == ["ok"] * 4, summary
    store = Store(db_path)
    try:
        assert store.scalar("SELECT count(*) FROM articles") == 12
    finally:
        store.close()


def test_fetch_past_the_timeout_stops_with_one_sentence(
    run, db_path: Path, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("feed", "add", feed_server.serve("/f.xml", rss(item("g1")))).code == 0
    monkeypatch.setenv("PREPDECK_BUSY_TIMEOUT", "0.3")
    with write_lock_held(db_path, HOLD_S):
        result = run("fetch")
    assert result.code != 0 and "locked" in result.err
    assert len(result.err.strip().splitlines()) == 1
    listed = run("feed", "list", "--json")
    assert json.loads(listed.out)[0]["last_error"] is None  # the feed is not blamed


async def test_app_form_waits_then_closes(db_path: Path) -> None:
    sample: Sample = build_sample(db_path)
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        form = await open_form(app, pilot, "n")
        form.query_one("#text", Input).value = "Saved while fetch writes"
        with write_lock_held(db_path, HOLD_S):
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form  # not closed before the save committed
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, CaptureScreen)
    assert "Saved while fetch writes" in _notes(db_path)


async def test_app_form_keeps_text_when_save_fails(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample: Sample = build_sample(db_path)
    monkeypatch.setenv("PREPDECK_BUSY_TIMEOUT", "0.3")
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        form = await open_form(app, pilot, "n")
        form.query_one("#text", Input).value = "Do not lose me"
        with write_lock_held(db_path, HOLD_S):
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert app.screen is form
        assert form.query_one("#text", Input).value == "Do not lose me"
        reason = str(form.query_one("#capture-error", Label).render())
        assert "locked" in reason and "\n" not in reason.strip()
        await pilot.press("ctrl+s")  # the lock is gone: the same text saves now
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, CaptureScreen)
    assert "Do not lose me" in _notes(db_path)


def test_processes_creating_one_new_database_at_once_all_succeed(tmp_path: Path) -> None:
    """The first write creates and migrates the file: the others that start at the same
    moment wait for it and never take the half-made file for another program's."""
    import subprocess
    import sys

    path = tmp_path / "new.db"
    names = [f"Client {n}" for n in range(6)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "prepdeck", "--db", str(path), "client", "add", name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in names
    ]
    errors = [proc.communicate(timeout=60)[1] for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * len(names), errors
    store = Store(path)
    try:
        stored = sorted(row["name"] for row in store.rows("SELECT name FROM clients"))
    finally:
        store.close()
    assert stored == names


def test_opening_a_file_not_yet_in_wal_waits_for_another_process_writing(
    db_path: Path,
) -> None:
    """A file another process has just created is in SQLite's default journal until that
    process switches it to WAL; opening it then while that process writes its first row
    must wait for the write (SQLite's busy timeout does not cover the switch), not fail
    with "locked" as one of six processes creating one database did under load."""
    import sqlite3

    Store(db_path).close()
    plain = sqlite3.connect(db_path, isolation_level=None)
    plain.execute("PRAGMA journal_mode = delete")  # as before the creating process's switch
    plain.close()
    with write_lock_held(db_path, 0.5):
        store = Store(db_path)
    try:
        assert store.scalar("PRAGMA journal_mode") == "wal"
    finally:
        store.close()
