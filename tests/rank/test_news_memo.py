"""Remembered rankings (prepdeck/news.py): read back only while ranking again would agree."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pd_shared import TODAY  # type: ignore[import-not-found]

from prepdeck import news, rank
from prepdeck.briefing import build_briefing
from prepdeck.models import Client, Suggestion
from prepdeck.store import Store
from tests.rank.conftest import Articles


@pytest.fixture
def acme(store: Store, articles: Articles) -> Client:
    client = store.add_client("Dana Reed", company="Acme Freight", keywords="cold chain, depots")
    store.add_note(client.id, "Board wants the cold chain depots costed before spring")
    articles.add("Cold chain depots expand across the north", "Depots for cold chain freight.")
    articles.add("Cold chain rules tighten", "What the new cold chain rules mean.", days_ago=3)
    articles.add("Acme Freight opens a depot", "Acme Freight named in the news.", days_ago=2)
    articles.add("Football scores", "Sport.")
    return client


@pytest.fixture
def ranks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts each real ranking run (suggest and own_news), so a test sees when one ran."""
    runs: list[str] = []
    for name in ("suggest", "own_news"):
        real = getattr(rank, name)

        def counted(
            *args: object, _real: Callable[..., object] = real, _name: str = name, **kw: object
        ) -> object:
            runs.append(_name)
            return _real(*args, **kw)

        monkeypatch.setattr(rank, name, counted)
    return runs


def as_json(found: list[Suggestion]) -> list[dict[str, object]]:
    return [s.to_json() for s in found]


def memo_rows(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM ranking_memo"))


def test_a_remembered_ranking_is_read_back_as_ranking_again_gives_it(
    store: Store, acme: Client, ranks: list[str]
) -> None:
    first = news.suggestions(store, acme.id, TODAY, 5)
    own = news.their_news(store, acme.id, TODAY, 3)
    assert first and own and ranks == ["suggest", "own_news"]
    assert memo_rows(store) == 2
    again, own_again = (
        news.suggestions(store, acme.id, TODAY, 5),
        news.their_news(store, acme.id, TODAY, 3),
    )
    assert ranks == ["suggest", "own_news"]  # read back, not ranked
    assert (
        as_json(again)
        == as_json(first)
        == as_json(rank.suggest(store, acme.id, today=TODAY, limit=5))
    )
    assert as_json(own_again) == as_json(own)
    assert [s.article for s in again] == [s.article for s in first]


def test_another_day_or_limit_ranks_anew(store: Store, acme: Client, ranks: list[str]) -> None:
    news.suggestions(store, acme.id, TODAY, 5)
    news.suggestions(store, acme.id, TODAY + timedelta(days=1), 5)
    news.suggestions(store, acme.id, TODAY, 2)
    assert ranks == ["suggest"] * 3


def test_other_ranking_code_is_never_read(
    store: Store, acme: Client, ranks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    news.suggestions(store, acme.id, TODAY, 5)
    monkeypatch.setattr(news, "ranking_version", lambda: "another build")
    news.suggestions(store, acme.id, TODAY, 5)
    assert ranks == ["suggest", "suggest"]


def test_the_version_follows_the_ranking_files(tmp_path: Path) -> None:
    """Any edit of a file under prepdeck/rank changes it (size or modification time)."""
    before = news.ranking_version()
    news.ranking_version.cache_clear()
    assert news.ranking_version() == before  # the same files: the same version
    source = Path(news.__file__).with_name("rank") / "stories.py"
    stamp = source.stat()
    try:
        later = stamp.st_mtime_ns + 1_000_000_000
        os.utime(source, ns=(stamp.st_atime_ns, later))
        news.ranking_version.cache_clear()
        assert news.ranking_version() != before
    finally:
        os.utime(source, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        news.ranking_version.cache_clear()


CHANGES: dict[str, Callable[[Store, Client, Articles], object]] = {
    "a note": lambda s, c, a: s.add_note(c.id, "Now also cares about rail freight"),
    "the client's keywords": lambda s, c, a: s.update_client(c.id, keywords="rail"),
    "a contact": lambda s, c, a: s.add_contact(c.id, "Sam Frost"),
    "an interaction": lambda s, c, a: s.log_interaction(c.id, "Talked rail", kind="call", on=TODAY),
    "another client": lambda s, c, a: s.add_client("Rail Co", company="Northern Rail"),
    "a new article": lambda s, c, a: a.add("Rail freight grows", "Rail."),
    "an article dismissed": lambda s, c, a: s.dismiss_share(c.id, 1),
    "a feed retagged": lambda s, c, a: s.update_feed(a.general, tags=["logistics"]),
    "a feed removed": lambda s, c, a: s.delete_feed(a.general),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_to_what_ranking_reads_forgets_every_remembered_ranking(
    store: Store, acme: Client, articles: Articles, ranks: list[str], change: str
) -> None:
    other = store.add_client("Lee Moss", company="Moss Dairy", keywords="cold chain")
    news.suggestions(store, acme.id, TODAY, 5)
    news.suggestions(store, other.id, TODAY, 5)
    assert memo_rows(store) == 2
    CHANGES[change](store, acme, articles)
    assert memo_rows(store) == 0
    news.suggestions(store, acme.id, TODAY, 5)
    assert ranks == ["suggest"] * 3


def test_what_ranking_does_not_read_keeps_them(
    store: Store, acme: Client, articles: Articles, ranks: list[str]
) -> None:
    news.suggestions(store, acme.id, TODAY, 5)
    store.add_promise(acme.id, "Send the depot report")
    store.record_feed_state(articles.general, {"etag": '"v2"', "last_status": "304"})
    assert memo_rows(store) == 1
    news.suggestions(store, acme.id, TODAY, 5)
    assert ranks == ["suggest"]


def test_a_commit_elsewhere_while_ranking_is_never_remembered(
    store: Store, acme: Client, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process adds a note while the ranking runs: what it ranked is already old."""
    real = rank.suggest

    def racing(*args: object, **kw: object) -> list[Suggestion]:
        found = real(*args, **kw)  # type: ignore[arg-type]
        other = Store(db_path)
        try:
            other.add_note(acme.id, "Rail freight is their new line")
        finally:
            other.close()
        return found

    monkeypatch.setattr(rank, "suggest", racing)
    news.suggestions(store, acme.id, TODAY, 5)
    assert memo_rows(store) == 0


@pytest.fixture
def writer_holding_the_lock(db_path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def test_a_briefing_never_waits_for_a_writer_to_remember(
    db_path: Path, acme: Client, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """A fetch holding the write lock: the ranking is shown, not kept, and not waited for."""
    monkeypatch.setenv("PREPDECK_BUSY_TIMEOUT", "120")
    reader = Store(db_path)
    try:
        request.getfixturevalue("writer_holding_the_lock")
        started = time.monotonic()
        found = news.suggestions(reader, acme.id, TODAY, 5)
        assert time.monotonic() - started < 60  # not the two minutes a write would wait
        assert found and memo_rows(reader) == 0
        assert reader.scalar("PRAGMA busy_timeout") == 120_000  # restored for real writes
    finally:
        reader.close()


def test_the_app_reads_remembered_rankings_but_never_writes_one(
    store: Store, acme: Client, ranks: list[str]
) -> None:
    """Each commit redraws the app's screens, so its briefings must not commit."""
    built = build_briefing(store, acme.id, TODAY, remember=False)
    assert built.news and memo_rows(store) == 0
    build_briefing(store, acme.id, TODAY)  # as `prepdeck brief` does
    assert memo_rows(store) == 2
    again = build_briefing(store, acme.id, TODAY, remember=False)
    assert as_json(again.news) == as_json(built.news)
    assert ranks == ["suggest", "own_news", "suggest", "own_news"]


def test_every_table_a_ranking_reads_forgets_remembered_rankings(
    store: Store, acme: Client, articles: Articles
) -> None:
    """A table read by the ranking without a trigger would leave a remembered ranking stale:
    SQLite's authorizer lists every table the ranking reads."""
    from prepdeck.store.schema import RANKING_INPUTS

    read: set[str] = set()

    def note(action: int, table: str | None, *_: object) -> int:
        if action == sqlite3.SQLITE_READ and table:
            read.add(table)
        return sqlite3.SQLITE_OK

    store.mark_share(acme.id, 1)
    store.conn.set_authorizer(note)
    try:
        rank.suggest(store, acme.id, today=TODAY, limit=5)
        rank.own_news(store, acme.id, today=TODAY, limit=3)
    finally:
        store.conn.set_authorizer(None)
    owners = {name.split("_fts")[0].removeprefix("prepdeck_") for name in read}
    owners -= {"sqlite_master", "sqlite_temp_master"}
    assert "articles" in owners and "notes" in owners
    assert owners <= set(RANKING_INPUTS), owners - set(RANKING_INPUTS)


def test_remembered_text_is_held_to_the_character_rule_on_the_way_out(
    store: Store, acme: Client
) -> None:
    """A memo written by anything else (an older build, a hand edit) reaches no screen raw."""
    first = news.suggestions(store, acme.id, TODAY, 5)
    hostile = [
        {**entry, "reasons": ["\x1b]0;owned\x07mentions depots"], "feed_title": "Wire\x1b[2J"}
        for entry in (news._entry(s) for s in first)
    ]
    with store.transaction():
        store.conn.execute("UPDATE ranking_memo SET ranked = ?", [json.dumps(hostile)])
    again = news.suggestions(store, acme.id, TODAY, 5)
    assert [s.reasons for s in again] == [["mentions depots"]] * len(first)
    assert {s.feed_title for s in again} == {"Wire"}
