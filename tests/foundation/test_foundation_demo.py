"""`prepdeck demo --no-open` builds a complete demo from shipped feeds, and never eats user data."""

from __future__ import annotations

import gc
import hashlib
import json
import shutil
import sqlite3
import stat
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from pd_shared import TODAY  # type: ignore[import-not-found]

from prepdeck.calendar.upcoming import next_meetings
from prepdeck.cli import cli
from prepdeck.demo import build_demo, feeds_folder, is_demo_database
from prepdeck.demo.feedfiles import FEEDS_BASE, shift_dates, shipped_feeds
from prepdeck.store import Store


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo built through the CLI, shared by the read-only checks below."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PREPDECK_TODAY", TODAY.isoformat())
        patch.delenv("PREPDECK_DB", raising=False)
        result = CliRunner().invoke(cli, ["demo", "--no-open", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert str(path) in result.stdout
    return path


@pytest.fixture
def demo(demo_db: Path):
    store = Store(demo_db)
    yield store
    store.close()


def test_demo_has_six_to_ten_complete_clients(demo: Store) -> None:
    clients = demo.list_clients()
    assert 6 <= len(clients) <= 10
    assert len({c.industry for c in clients}) == len(clients)
    for client in clients:
        assert demo.list_contacts(client.id), client.name
        assert demo.list_notes(client.id), client.name
        assert demo.list_promises(client.id), client.name
        scores = [i.satisfaction for i in demo.list_interactions(client.id) if i.satisfaction]
        assert scores, client.name
        assert client.agreed and client.keywords and client.company
    assert demo.get_setting("demo") == "1"


def test_demo_covers_what_a_briefing_shows(demo: Store) -> None:
    clients = demo.list_clients()
    # The demo's meetings come from its shipped calendar, not typed by hand.
    assert not any(c.next_meeting for c in clients)
    upcoming = next_meetings(demo, datetime.combine(TODAY, time()))
    assert all(m.from_calendar for m in upcoming.values())
    meetings = [m.start.date() for m in upcoming.values()]
    assert TODAY in meetings
    assert sum(TODAY < day <= TODAY + timedelta(days=7) for day in meetings) >= 3
    assert any(c.address_as and c.address_as.startswith(("Mrs", "Mr", "Dr")) for c in clients)
    assert any(not c.address_as for c in clients)  # first-name clients too

    notes = [n for c in clients for n in demo.list_notes(c.id)]
    asks = [n.ask_on for n in notes if n.ask_on]
    assert any(TODAY - timedelta(days=7) <= d < TODAY for d in asks)
    assert any(TODAY < d <= TODAY + timedelta(days=7) for d in asks)
    assert any(n.pinned for n in notes)
    assert {"private", "never"} <= {n.sensitivity for n in notes}

    promises = [p for c in clients for p in demo.list_promises(c.id)]
    assert any(p.status == "open" and p.days_overdue(TODAY) > 0 for p in promises)
    assert any(p.status == "open" and p.due_on and p.due_on >= TODAY for p in promises)
    assert any(p.kept_on_time for p in promises)
    assert any(p.status == "kept" and not p.kept_on_time for p in promises)

    last = demo.last_contact_dates()
    assert any((TODAY - last[c.id]).days > c.cadence_days for c in clients)  # one overdue
    complaints = demo.rows("SELECT * FROM interactions WHERE complaint = 1 AND resolved_on IS NULL")
    assert complaints
    cooling = complaints[0]["client_id"]
    scores = [i.satisfaction for i in reversed(demo.list_interactions(cooling)) if i.satisfaction]
    assert scores[-1] < scores[0]


def test_demo_feeds_are_local_and_fetched(demo: Store, demo_db: Path) -> None:
    feeds = demo.list_feeds()
    assert 8 <= len(feeds) <= 12
    assert all(f.url.startswith("file://") for f in feeds)
    assert all(f.last_error is None for f in feeds), [f.last_error for f in feeds]
    assert any(f.client_id for f in feeds)  # a client's own newsroom
    per_feed = dict(demo.db.execute("SELECT feed_id, count(*) FROM articles GROUP BY feed_id"))
    assert set(per_feed) == {f.id for f in feeds}
    assert all(15 <= n <= 30 for n in per_feed.values())
    newest = demo.scalar("SELECT max(published) FROM articles")
    oldest = demo.scalar("SELECT min(published) FROM articles")
    assert newest[:10] == TODAY.isoformat()
    assert (TODAY - date.fromisoformat(oldest[:10])).days < 90
    assert feeds_folder(demo_db).is_dir()
    # Some news clearly concerns a demo client (its company or keywords).
    hits = demo.scalar(
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"Northway Freight\"'"
    )
    assert hits >= 5


def test_demo_database_is_private(demo_db: Path) -> None:
    assert stat.S_IMODE(demo_db.stat().st_mode) == 0o600
    assert not Path(f"{demo_db.parent}/.{demo_db.name}.building").exists()


def test_rebuilding_a_demo_starts_fresh(run, db_path: Path) -> None:
    assert run("demo", "--no-open").code == 0
    assert is_demo_database(db_path)
    assert run("client", "add", "Zed Added Later").code == 0
    again = run("demo", "--no-open")
    assert again.code == 0, again.err
    names = [c["name"] for c in json.loads(run("client", "list", "--json").out)]
    assert "Zed Added Later" not in names and 6 <= len(names) <= 10


def test_demo_refuses_a_users_database(run, db_path: Path) -> None:
    assert run("client", "add", "Real Client").code == 0
    # The command ran in this process: its connection closes when collected, and the
    # last connection to close folds the WAL into the file. Close it now, not mid-demo
    # (a collection during `demo` once changed the bytes compared below).
    gc.collect()
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    result = run("demo", "--no-open")
    assert result.code != 0
    assert result.err.count("\n") == 1 and "not a demo database" in result.err
    assert "Traceback" not in result.err
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    assert not feeds_folder(db_path).exists()


def test_demo_refuses_a_file_that_is_not_a_database(run, db_path: Path) -> None:
    db_path.write_text("my notes, not a database\n")
    result = run("demo", "--no-open")
    assert result.code != 0 and "not a demo database" in result.err
    assert db_path.read_text() == "my notes, not a database\n"


def test_demo_uses_prepdeck_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "from-env.db"
    monkeypatch.setenv("PREPDECK_DB", str(target))
    result = CliRunner().invoke(cli, ["demo", "--no-open"])
    assert result.exit_code == 0, result.output
    assert is_demo_database(target)


def test_demo_without_a_path_uses_a_temporary_folder() -> None:
    result = CliRunner().invoke(cli, ["demo", "--no-open"])
    assert result.exit_code == 0, result.output
    built = Path(result.stdout.split("database ", 1)[1].split(";", 1)[0])
    try:
        assert built.name == "demo.db" and "prepdeck-demo-" in built.parent.name
        assert is_demo_database(built)
    finally:
        shutil.rmtree(built.parent)


def test_build_demo_follows_today(tmp_path: Path) -> None:
    later = date(2027, 6, 2)
    path = build_demo(tmp_path / "later.db", later)
    conn = sqlite3.connect(path)
    try:
        newest = conn.execute("SELECT max(published) FROM articles").fetchone()[0]
        meeting = conn.execute(
            "SELECT min(start) FROM meetings WHERE client_id IS NOT NULL AND start >= ?",
            [later.isoformat()],
        ).fetchone()[0]
    finally:
        conn.close()
    assert newest[:10] == later.isoformat()
    assert meeting[:10] == later.isoformat()


def test_shift_dates_moves_rss_and_atom_dates() -> None:
    rss = "<pubDate>Thu, 15 Jan 2026 06:15:00 GMT</pubDate><title>15 Jan 2026</title>"
    atom = "<updated>2026-01-15T06:15:00Z</updated><published>2026-01-01T00:00:00Z</published>"
    assert shift_dates(rss, 3) == (
        "<pubDate>Sun, 18 Jan 2026 06:15:00 GMT</pubDate><title>15 Jan 2026</title>"
    )
    assert shift_dates(atom, -1) == (
        "<updated>2026-01-14T06:15:00Z</updated><published>2025-12-31T00:00:00Z</published>"
    )


def test_shipped_feeds_mix_rss_and_atom() -> None:
    files = shipped_feeds()
    assert 8 <= len(files) <= 12
    kinds = {b"<rss" in data for data in files.values()}
    assert kinds == {True, False}
    assert all(str(FEEDS_BASE.year).encode() in data for data in files.values())
