"""Deadlines over real sockets: a trickling server, a stalled host, a run's own bound."""

from __future__ import annotations

import importlib
import json
import re
import time
from http.server import BaseHTTPRequestHandler

import pytest
from feeds_support import FeedServer, item, rss

from prepdeck.feeds import FAILED, OK, SKIPPED, run_fetch
from prepdeck.store import Store

pytestmark = pytest.mark.waits  # on deadlines of real seconds


def trickle(h: BaseHTTPRequestHandler) -> None:
    """Headers at once, then one byte a second: never idle long enough for a read timeout."""
    body = rss(item("t-1"))
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    for byte in body[:30]:
        h.wfile.write(bytes([byte]))
        h.wfile.flush()
        time.sleep(1)


def hang(h: BaseHTTPRequestHandler) -> None:
    time.sleep(30)


def test_a_trickling_feed_is_cut_at_its_deadline_and_says_when(
    store: Store, feed_server: FeedServer
) -> None:
    store.add_feed(feed_server.route("/trickle", trickle))
    ok = store.add_feed(feed_server.serve("/ok", rss(item("ok-1"))))
    summary = run_fetch(store, timeout=2.5)
    slow, fine = summary.results
    assert fine.status == OK and fine.feed_id == ok.id
    assert slow.status == FAILED and slow.seconds < 10  # not the 30 s the trickle lasts
    found = re.search(r"after (\d+(?:\.\d)?) s", slow.error or "")
    assert found and 2.5 <= float(found.group(1)) < 10, slow.error  # the real figure
    assert "timed out" in (slow.error or "")


def test_a_stalled_host_costs_one_deadline_not_one_per_batch(
    store: Store, feed_server: FeedServer
) -> None:
    for n in range(16):
        store.add_feed(feed_server.route(f"/slow{n}", hang))
    summary = run_fetch(store, timeout=1.0, per_host=8)
    failed = [r for r in summary.results if r.status == FAILED]
    skipped = [r for r in summary.results if r.status == SKIPPED]
    # The first batch of 8 times out together; the other 8 are not even asked.
    assert len(failed) == 8 and len(skipped) == 8
    assert all("timed out" in (r.error or "") for r in failed)
    assert all("ran out of time on" in (r.error or "") for r in skipped)
    assert len(feed_server.requests) == 8
    for result in skipped:  # waiting is not failing: no back-off, tried next run
        feed = store.get_feed(result.feed_id)
        assert feed.error_count == 0 and feed.checked_at is None


def test_a_run_stops_at_its_own_bound_and_lists_what_it_did_not_reach(
    run, feed_server: FeedServer
) -> None:
    for n in range(3):
        assert run("feed", "add", feed_server.route(f"/slow{n}", hang)).code == 0
    assert run("feed", "add", feed_server.serve("/ok", rss(item("ok-1")))).code == 0
    # The parser is imported on a run's first body, inside the run's bound: loaded here,
    # the one feed that answers needs milliseconds of the 1 s (the least the CLI takes),
    # where its import alone could take a second on a loaded machine.
    importlib.import_module("prepdeck.feeds.parse")
    done = run("fetch", "--run-timeout", "1")
    assert done.code == 0, done.err
    assert "stopped at its limit of 1 s before 3 feeds were done" in done.out
    assert done.out.count("Not reached: the run stopped at its limit of 1 s") == 3
    listed = run("feed", "list", "--json")
    states = {f["url"].rsplit("/", 1)[1]: f for f in json.loads(listed.out)}
    assert states["ok"]["last_status"] == OK
    assert all(states[f"slow{n}"]["checked_at"] is None for n in range(3))


def test_one_slow_feed_does_not_stop_the_rest_of_its_host(
    store: Store, feed_server: FeedServer
) -> None:
    store.add_feed(feed_server.route("/slow", hang))
    for n in range(4):
        store.add_feed(feed_server.serve(f"/ok{n}", rss(item(f"{n}-1"))))
    store.add_feed(feed_server.route("/slow-too", hang))
    summary = run_fetch(store, timeout=1.0, per_host=2)
    assert [r.status for r in summary.results] == [FAILED, OK, OK, OK, OK, FAILED]
