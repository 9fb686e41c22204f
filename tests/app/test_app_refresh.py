"""Refresh runs the real feed engine in a worker against a feed on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pd_sample import Sample  # type: ignore[import-not-found]
from pd_shared import TODAY  # type: ignore[import-not-found]
from textual.message import Message
from textual.widgets import ProgressBar

from prepdeck.app import make_app
from prepdeck.messages import FeedsFetched, FetchProgressed
from prepdeck.store import Store
from prepdeck.widgets.fetch_bar import FetchBar

RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Warsaw Freight</title><link>http://127.0.0.1/</link>
<item><guid>w1</guid><title>Polish battery rules: [bold]what changes[/]</title>
<link>https://warsaw.example/1</link><description>Logistics in Poland.</description>
<pubDate>Sun, 22 Nov 2026 08:00:00 GMT</pubDate></item>
<item><guid>w2</guid><title>Warsaw hub opens</title><link>https://warsaw.example/2</link>
<description>A new cross-dock.</description><pubDate>Sat, 21 Nov 2026 08:00:00 GMT</pubDate></item>
</channel></rss>"""


class FeedHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(RSS)))
        self.end_headers()
        self.wfile.write(RSS)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feed_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/feed.xml"
    server.shutdown()
    server.server_close()


async def test_refresh_fetches_in_a_worker_with_progress(sample: Sample, feed_url: str) -> None:
    store = Store(sample.path)
    store.db.execute("DELETE FROM feeds")  # only the local feed: no network in tests
    store.add_feed(feed_url, tags=["logistics"])
    store.close()
    seen: list[Message] = []
    app = make_app(sample.path, today=TODAY)
    async with app.run_test(size=(100, 32), message_hook=seen.append) as pilot:
        await app.workers.wait_for_complete()
        bar = app.screen.query_one(FetchBar)
        bar.show((1, 3))  # what a FetchProgressed tick does mid-refresh
        assert bar.display and bar.query_one(ProgressBar).percentage == pytest.approx(1 / 3)
        await pilot.press("ctrl+r")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert not app.screen.query_one(FetchBar).display
        assert any(isinstance(m, FetchProgressed) and m.done == m.total == 1 for m in seen)
        assert any(isinstance(m, FeedsFetched) for m in seen)
        notes = [n.message for n in app._notifications]
        assert any(m.startswith("Refreshed: 2 new articles from 1 feed") for m in notes), notes
    check = Store(sample.path)
    titles = {r["title"] for r in check.rows("SELECT title FROM articles")}
    check.close()
    assert "Warsaw hub opens" in titles


class CountingHandler(FeedHandler):
    """Records how many requests were in flight at once; each waits, up to 10 s, until
    three are in, so a client that sends three at once is seen doing so however loaded
    the machine is (a fixed 0.2 s pause let a slow third request miss the first two).

    A request stops counting before its answer is written: the client may read it and
    send its next request before this thread runs again, which is no breach of its limit.
    """

    lock = threading.Lock()
    together = threading.Barrier(3, timeout=10)
    in_flight = 0
    peak = 0

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        cls = CountingHandler
        with cls.lock:
            cls.in_flight += 1
            cls.peak = max(cls.peak, cls.in_flight)
        try:
            cls.together.wait()
        except threading.BrokenBarrierError:
            pass  # fewer than three came: the peak says so
        finally:
            with cls.lock:
                cls.in_flight -= 1
        super().do_GET()


async def test_refresh_uses_the_configured_concurrency(
    sample: Sample, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("concurrency = 3\nper-host = 3\n")
    CountingHandler.peak = CountingHandler.in_flight = 0
    CountingHandler.together.reset()
    monkeypatch.setenv("PREPDECK_CONFIG", str(config))
    server = ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        store = Store(sample.path)
        store.db.execute("DELETE FROM feeds")
        for n in range(6):
            store.add_feed(f"http://127.0.0.1:{server.server_port}/feed{n}.xml")
        store.close()
        app = make_app(sample.path, today=TODAY)
        async with app.run_test(size=(100, 32)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.press("ctrl+r")
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
    finally:
        server.shutdown()
        server.server_close()
    # Three at once, as configured (the app used to fetch 2 per server whatever it said).
    assert CountingHandler.peak == 3
