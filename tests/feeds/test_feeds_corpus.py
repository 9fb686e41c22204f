"""feedparser's own corpus (2,116 real-world-shaped files) served over HTTP as feeds."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from feeds_support import FeedServer

from prepdeck.feeds import FAILED, OK, run_fetch
from prepdeck.store import Store

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "feeds" / "feedparser-corpus"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"feedparser corpus not found at {CORPUS}"),
]


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in (".xml", ".json", ".rdf"))


def expectation(path: Path) -> str:
    head = path.read_bytes()[:2000].decode("utf-8", "replace")
    for line in head.splitlines():
        if line.strip().startswith("Expect:"):
            return line.split(":", 1)[1].strip()
    return ""


# In shards, so that parallel test workers share the corpus (one run took 12 s alone).
SHARDS = 4


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_corpus_file_ingests_or_fails_with_a_sentence(
    store: Store, feed_server: FeedServer, shard: int
) -> None:
    feed_server.files = CORPUS
    every = corpus_files()
    assert len(every) > 2000
    files = every[shard::SHARDS]
    store.set_setting("retention_days", "0")  # the corpus dates from the 2000s
    with store.transaction():
        for path in files:
            store.add_feed(feed_server.url("/" + quote(str(path.relative_to(CORPUS)))))
    summary = run_fetch(store, concurrency=64, per_host=64, timeout=10)
    assert len(summary.results) == len(files)
    by_path = {r.url.split("/", 3)[3]: r for r in summary.results}
    for result in summary.results:
        assert result.status in (OK, FAILED), result
        if result.status == FAILED:
            error = result.error or ""
            assert error.endswith(".") and "\n" not in error, result
            assert not error.startswith("Unexpected"), result
    # feedparser's own oracle: a well-formed file that it says has entries must ingest.
    missed = []
    for path in files:
        expect = expectation(path)
        rel = quote(str(path.relative_to(CORPUS)))
        if path.parts[-3] == "wellformed" or "wellformed" in path.parts:
            if "not bozo" in expect and "entries[0]" in expect and by_path[rel].status != OK:
                missed.append((rel, by_path[rel].error))
    assert not missed, missed[:10]
    json_feed = by_path.get("json/example.json")  # JSON Feed, read by prepdeck itself
    assert json_feed is None or (json_feed.status, json_feed.new) == (OK, 2)
    assert any(p.name == "example.json" for p in files) == (json_feed is not None)
    # Nothing unsafe was stored from any of them.
    for row in store.rows("SELECT title, summary, link FROM articles"):
        text = row["title"] + row["summary"]
        assert "\x1b" not in text
        assert row["link"] is None or row["link"].startswith(("http://", "https://"))
    assert store.article_count() > 1000 / SHARDS
