"""Ranking reads only the newest stored articles (the window), so its work stays bounded."""

from __future__ import annotations

import pytest

from prepdeck.rank import context, engine, suggest
from prepdeck.rank.context import Context, _probe
from prepdeck.rank.stem import porter
from prepdeck.store import Store
from tests.rank.conftest import TODAY, Articles


def test_window_counts_match_the_index_when_the_archive_fits(
    store: Store, articles: Articles
) -> None:
    for n in range(5):
        articles.add(f"Warehouse news {n}", "Warehouses and depots." if n % 2 else "Depots.")
    stems = ["warehous", "depot", "absent"]
    probes = {s: w for s in stems if (w := _probe(s))}
    counted = store.window_document_counts(probes, after=0)
    assert counted == {"warehous": 5, "depot": 5, "absent": 0}
    assert store.term_document_counts(stems) == {"warehous": 5, "depot": 5}  # fts5vocab


def test_window_counts_leave_out_articles_stored_before_the_window(
    store: Store, articles: Articles
) -> None:
    first = articles.add("Depot opens", "A depot.")
    articles.add("Another depot opens", "A depot.")
    articles.add("Cocoa prices", "Cocoa.")
    assert store.window_document_counts({"depot": "depot"}, after=first) == {"depot": 1}


@pytest.mark.parametrize("stem_", ["warehous", "hous", "committe", "univers", "happi", "depot"])
def test_probe_is_a_word_the_tokenizer_stems_back(stem_: str) -> None:
    word = _probe(stem_)
    assert word is not None and porter(word) == stem_


def test_context_counts_only_the_window(
    store: Store, articles: Articles, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [articles.add(f"Story {n}") for n in range(6)]
    monkeypatch.setattr(context, "WINDOW", 4)
    loaded = Context.load(store)
    assert (loaded.total, loaded.after) == (4, ids[-1] - 4)
    monkeypatch.setattr(context, "WINDOW", 100)
    assert (Context.load(store).total, Context.load(store).after) == (ids[-1], 0)


def test_feed_pools_merge_each_feeds_newest(store: Store, articles: Articles) -> None:
    other = store.add_feed("https://other.example/rss", title="Other").id
    for days in (9, 1, 5):
        articles.add(f"general {days}", days_ago=days)
        articles.add(f"other {days}", days_ago=days, feed_id=other)
    found = store.recent_articles(feed_ids=[articles.general, other], limit=3)
    assert [row["title"] for row in found][:1] in (["general 1"], ["other 1"])
    assert sorted(row["title"] for row in found[:2]) == ["general 1", "other 1"]
    assert found[2]["title"] in ("general 5", "other 5")
    since = store.recent_articles(feed_ids=[other], since="2026-11-20", limit=5)
    assert [row["title"] for row in since] == ["other 1"]


def test_a_large_archive_takes_the_newest_matches_in_the_window(
    store: Store, articles: Articles, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the window, with bm25's archive-wide count too dear, the newest matches of the
    client's interest come in; a match stored before the window does not."""
    client = store.add_client("Kofi", keywords="cocoa prices, chocolate makers")
    before = articles.add("Cocoa prices hurt chocolate makers", "Cocoa prices and chocolate.")
    for n in range(40):
        articles.add(f"Unrelated story {n}", "Nothing to see.", days_ago=0)
    inside = articles.add("Chocolate makers face cocoa prices", "Cocoa prices again.", days_ago=2)
    monkeypatch.setattr(context, "WINDOW", 20)
    monkeypatch.setattr(engine, "BM25_WALK", 0)
    calls: list[str] = []
    monkeypatch.setattr(
        type(store),
        "rank_matches",
        lambda self, query, **kw: calls.append(query) or [],
    )
    found = [s.article.id for s in suggest(store, client.id, today=TODAY, limit=3)]
    assert calls == []  # bm25 was not asked
    assert found[0] == inside and before not in found
