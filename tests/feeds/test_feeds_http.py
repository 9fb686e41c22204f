"""Fetching over real HTTP from 127.0.0.1: every kind of bad input the issue lists."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler

import pytest
from feeds_support import FeedServer, http_date, item, rss

from prepdeck.dates import now
from prepdeck.feeds import FAILED, GONE, NOT_MODIFIED, OK, SKIPPED, USER_AGENT, run_fetch
from prepdeck.feeds.fetch import BACKOFF_AFTER, FetchSummary
from prepdeck.store import Store


def fetch(store: Store, **kw: object) -> FetchSummary:
    kw.setdefault("timeout", 2.0)
    return run_fetch(store, **kw)


def only(summary: FetchSummary):
    assert len(summary.results) == 1
    return summary.results[0]


def assert_one_sentence(text: str | None) -> None:
    assert text and text.endswith(".") and "\n" not in text and "Traceback" not in text


def titles(store: Store) -> list[str]:
    return [r["title"] for r in store.rows("SELECT title FROM articles ORDER BY id")]


def test_ok_feed_is_ingested_with_user_agent(store: Store, feed_server: FeedServer) -> None:
    url = feed_server.serve("/f", rss(item("1", "First"), item("2", "Second"), title="News"))
    feed = store.add_feed(url)
    result = only(fetch(store))
    assert (result.status, result.new, result.http_status) == (OK, 2, 200)
    assert titles(store) == ["First", "Second"]
    assert store.get_feed(feed.id).title == "News"  # taken from the feed
    agent = feed_server.hits("/f")[0].headers["User-Agent"]
    assert agent == USER_AGENT and agent.startswith("prepdeck/")


def test_user_title_is_kept(store: Store, feed_server: FeedServer) -> None:
    url = feed_server.serve("/f", rss(item("1"), title="Their title"))
    feed = store.add_feed(url, title="My title")
    fetch(store)
    assert store.get_feed(feed.id).title == "My title"


@pytest.mark.parametrize(
    ("status", "words"),
    [(404, "not found (HTTP 404)"), (500, "server error (HTTP 500"), (403, "access denied")],
)
def test_http_errors_fail_with_a_sentence(
    store: Store, feed_server: FeedServer, status: int, words: str
) -> None:
    url = feed_server.serve("/f", b"nope", status=status, content_type="text/plain")
    feed = store.add_feed(url)
    result = only(fetch(store))
    assert result.status == FAILED and result.http_status == status
    assert words.lower() in result.error.lower()
    assert_one_sentence(result.error)
    saved = store.get_feed(feed.id)
    assert (saved.last_status, saved.error_count, saved.last_error) == (FAILED, 1, result.error)


def test_410_marks_gone_and_stops_polling(store: Store, feed_server: FeedServer) -> None:
    url = feed_server.serve("/f", b"", status=410, content_type="text/plain")
    feed = store.add_feed(url)
    result = only(fetch(store))
    assert result.status == GONE and "gone" in result.error
    assert store.get_feed(feed.id).gone
    again = only(fetch(store))
    assert again.status == GONE
    assert len(feed_server.hits("/f")) == 1  # never requested again
    # Adding the feed again is how a user asks to resume it.
    store.add_feed(url)
    assert not store.get_feed(feed.id).gone


def test_429_retry_after_sets_next_check_and_spares_the_host(
    store: Store, feed_server: FeedServer
) -> None:
    feed_server.serve("/slow", b"", status=429, headers={"Retry-After": "3600"})
    urls = [feed_server.serve(f"/f{i}", rss(item(str(i)))) for i in range(5)]
    first = store.add_feed(feed_server.url("/slow"))
    for url in urls:
        store.add_feed(url)
    # One download at a time, so the 429 comes back before the others start.
    summary = fetch(store, concurrency=1, per_host=1)
    throttled = summary.results[0]
    assert throttled.status == FAILED and throttled.http_status == 429
    assert "slow down" in throttled.error and "retrying after" in throttled.error
    saved = store.get_feed(first.id)
    assert saved.next_check_at is not None
    assert saved.next_check_at - now() > timedelta(minutes=50)
    # The rest of that host waits instead of being hammered.
    assert {r.status for r in summary.results[1:]} == {SKIPPED}
    assert all(len(feed_server.hits(f"/f{i}")) == 0 for i in range(5))
    # The next run does not ask the throttled feed again either.
    assert only(fetch(store, feed_ids=[first.id])).status == SKIPPED
    assert len(feed_server.hits("/slow")) == 1


def test_503_with_http_date_retry_after(store: Store, feed_server: FeedServer) -> None:
    url = feed_server.serve("/f", b"", status=503, headers={"Retry-After": http_date(7200)})
    feed = store.add_feed(url)
    result = only(fetch(store))
    assert result.status == FAILED and "temporarily unavailable" in result.error
    assert store.get_feed(feed.id).next_check_at - now() > timedelta(minutes=100)


def test_timeout(store: Store, feed_server: FeedServer) -> None:
    def stall(h: BaseHTTPRequestHandler) -> None:
        time.sleep(1.5)
        h.send_response(200)
        h.end_headers()

    store.add_feed(feed_server.route("/f", stall))
    result = only(fetch(store, timeout=0.3))
    assert result.status == FAILED and "timed out" in result.error
    assert_one_sentence(result.error)


def test_connection_refused(store: Store, closed_port: int) -> None:
    store.add_feed(f"http://127.0.0.1:{closed_port}/feed")
    summary = fetch(store)
    result = only(summary)
    assert result.status == FAILED and "connection refused" in result.error.lower()
    assert summary.nothing_worked


def test_redirect_loop(store: Store, feed_server: FeedServer) -> None:
    def loop(h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", "/loop")
        h.end_headers()

    store.add_feed(feed_server.route("/loop", loop))
    result = only(fetch(store))
    assert result.status == FAILED and "redirect" in result.error


def _redirect(code: int, to: str):
    def respond(h: BaseHTTPRequestHandler) -> None:
        h.send_response(code)
        h.send_header("Location", to)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return respond


@pytest.mark.parametrize("code", [301, 308])
def test_permanent_redirect_updates_the_url(
    store: Store, feed_server: FeedServer, code: int
) -> None:
    new = feed_server.serve("/new", rss(item("1")))
    old = feed_server.route("/old", _redirect(code, "/new"))
    feed = store.add_feed(old)
    result = only(fetch(store))
    assert result.status == OK and result.new_url == new
    assert store.get_feed(feed.id).url == new
    fetch(store)
    assert len(feed_server.hits("/old")) == 1  # the next run goes straight to /new


def test_temporary_redirect_keeps_the_url(store: Store, feed_server: FeedServer) -> None:
    feed_server.serve("/new", rss(item("1")))
    old = feed_server.route("/old", _redirect(302, "/new"))
    feed = store.add_feed(old)
    assert only(fetch(store)).status == OK
    assert store.get_feed(feed.id).url == old


def test_html_page_instead_of_a_feed(store: Store, feed_server: FeedServer) -> None:
    page = b"<!DOCTYPE html><html><head><title>Shop</title></head><body><p>Hi</p></body></html>"
    store.add_feed(feed_server.serve("/f", page, content_type="text/html; charset=utf-8"))
    result = only(fetch(store))
    assert result.status == FAILED
    assert result.error == "Not a feed: the server sent an HTML page."


def test_malformed_xml_with_entries_is_ingested_with_a_note(
    store: Store, feed_server: FeedServer
) -> None:
    body = rss(item("1", "Good one"), item("2", "Broken & bad")).replace(b"</rss>", b"")
    store.add_feed(feed_server.serve("/f", body))
    result = only(fetch(store))
    assert result.status == OK and result.new == 2
    assert "ill-formed" in result.note.lower()


def test_malformed_xml_without_entries_fails(store: Store, feed_server: FeedServer) -> None:
    store.add_feed(feed_server.serve("/f", b"<?xml version='1.0'?><rss><channel><title>x</ti"))
    result = only(fetch(store))
    assert result.status == FAILED
    assert_one_sentence(result.error)


def test_wrong_declared_encoding(store: Store, feed_server: FeedServer) -> None:
    # Declared UTF-8 but written in Latin-1: the bytes are not valid UTF-8.
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Caf\xe9</title>'
        "<item><guid>1</guid><title>Cr\xe8me br\xfbl\xe9e</title></item></channel></rss>"
    ).encode("latin-1")
    store.add_feed(feed_server.serve("/f", body, content_type="application/xml"))
    result = only(fetch(store))
    assert result.status == OK and result.new == 1
    assert titles(store) == ["Crème brûlée"]


def test_empty_body_is_an_error(store: Store, feed_server: FeedServer) -> None:
    store.add_feed(feed_server.serve("/f", b""))
    result = only(fetch(store))
    assert result.status == FAILED and result.error == "The server sent an empty response."


def test_50_mb_body_is_cut_off(store: Store, feed_server: FeedServer) -> None:
    chunk = b"<item><title>x</title></item>" * 2048  # ~60 KB, generated as it is sent

    def huge(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.end_headers()  # no Content-Length: the client must count
        h.wfile.write(b"<rss><channel>")
        total = 0
        while total < 50 * 1024 * 1024:
            h.wfile.write(chunk)
            total += len(chunk)

    store.add_feed(feed_server.route("/huge", huge))
    result = only(fetch(store))
    assert result.status == FAILED and result.error == "Response larger than 10 MB."
    assert store.article_count() == 0


def test_declared_huge_length_is_refused_before_reading(
    store: Store, feed_server: FeedServer
) -> None:
    def declared(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(50 * 1024 * 1024))
        h.end_headers()
        h.wfile.write(b"<rss>")

    store.add_feed(feed_server.route("/f", declared))
    result = only(fetch(store, max_bytes=1024 * 1024))
    assert result.error == "Response larger than 1 MB."


def test_entries_without_links_or_dates(store: Store, feed_server: FeedServer) -> None:
    body = rss(
        item(None, "No guid, no link, no date", link=None, date=None, description="Alpha"),
        item("g2", "Guid only", link=None, date=None),
        item(None, "Link only", link="https://example.com/x", date=None),
        item("g4", "Relative link", link="/rel/4"),
        item("g5", "Script link", link="javascript:alert(1)"),
    )
    store.add_feed(feed_server.serve("/f", body))
    assert only(fetch(store)).new == 5
    rows = {r["title"]: r for r in store.rows("SELECT * FROM articles")}
    assert rows["No guid, no link, no date"]["guid"].startswith("sha1:")
    assert rows["No guid, no link, no date"]["link"] is None
    assert rows["Link only"]["guid"] == "https://example.com/x"
    assert rows["Relative link"]["link"] == feed_server.url("/rel/4")
    assert rows["Script link"]["link"] is None
    first_seen = rows["Guid only"]["published"]
    assert datetime.fromisoformat(first_seen).date() == now().date() or first_seen
    # Fetching again stores nothing twice, and a first-seen date does not move.
    feed_server.routes.clear()
    feed_server.serve("/f", body)
    assert only(fetch(store)).new == 0
    assert store.article_count() == 5
    assert store.row("SELECT published FROM articles WHERE guid = 'g2'")["published"] == first_seen


def test_duplicate_guids_within_a_feed(store: Store, feed_server: FeedServer) -> None:
    body = rss(item("same", "One"), item("same", "Two"), item("other", "Three"))
    store.add_feed(feed_server.serve("/f", body))
    result = only(fetch(store))
    assert result.new == 2 and "1 duplicate" in result.note
    assert store.article_count() == 2


def test_escape_sequences_are_removed_and_markup_kept_as_text(
    store: Store, feed_server: FeedServer
) -> None:
    hostile = [
        "[bold red]Alarm[/bold red] at the plant",
        "Read [link=https://evil.example]this[/link] now",
        "Title \x1b]8;;https://evil.example\x1b\\hidden\x1b]8;;\x1b\\ text",
        "Clear \x1b[2J\x1b[31mscreen",
        "Click [@click=app.quit]here[/]",
    ]
    items = [
        item(str(i), t.replace("\x1b", "&#x1b;").replace("\\", "&#92;"))
        for i, t in enumerate(hostile)
    ]
    # Literal ESC bytes are not allowed in XML 1.0; a feed can still carry them raw.
    raw = rss(item("raw", "Raw \x1b]0;pwned\x07title", description="x\x1b[31my"))
    store.add_feed(feed_server.serve("/a", rss(*items)))
    store.add_feed(feed_server.serve("/b", raw))
    fetch(store)
    stored = {r["guid"]: (r["title"], r["summary"]) for r in store.rows("SELECT * FROM articles")}
    # Markup is only text: every screen renders it as plain Content (tests/hostile).
    assert stored["0"][0] == "[bold red]Alarm[/bold red] at the plant"
    assert stored["1"][0] == "Read [link=https://evil.example]this[/link] now"
    assert stored["2"][0] == "Title hidden text"
    assert stored["3"][0] == "Clear screen"
    assert stored["4"][0] == "Click [@click=app.quit]here[/]"
    assert stored["raw"] == ("Raw title", "xy")  # read by feedparser's lenient parser
    for title, summary in stored.values():
        assert "\x1b" not in title + summary


def test_conditional_get_304_writes_only_checked_at(store: Store, feed_server: FeedServer) -> None:
    stamp = http_date(-3600)
    url = feed_server.serve("/f", rss(item("1")), etag='"v1"', last_modified=stamp)
    feed = store.add_feed(url)
    assert only(fetch(store)).status == OK
    before = store.get_feed(feed.id)
    assert (before.etag, before.last_modified) == ('"v1"', stamp)
    articles_before = store.rows("SELECT * FROM articles")
    store.update_feed(feed.id, checked_at="2000-01-01 00:00:00")
    result = only(fetch(store))
    assert result.status == NOT_MODIFIED and result.http_status == 304
    request = feed_server.hits("/f")[-1].headers
    assert request["If-None-Match"] == '"v1"' and request["If-Modified-Since"] == stamp
    after = store.get_feed(feed.id)
    assert after.checked_at != datetime(2000, 1, 1)
    before.checked_at = after.checked_at
    assert after == before
    assert store.rows("SELECT * FROM articles") == articles_before


def test_stored_articles_survive_a_failed_fetch(store: Store, feed_server: FeedServer) -> None:
    url = feed_server.serve("/f", rss(item("1", "Kept"), item("2", "Also kept")))
    feed = store.add_feed(url)
    fetch(store)
    for broken in (b"", b"<html><body>maintenance</body></html>"):
        feed_server.routes.clear()
        feed_server.serve("/f", broken, content_type="text/html")
        assert only(fetch(store)).status == FAILED
    assert titles(store) == ["Kept", "Also kept"]
    assert store.get_feed(feed.id).error_count == 2


def test_failing_feed_backs_off_stays_listed_and_recovers(
    store: Store, feed_server: FeedServer
) -> None:
    feed_server.serve("/f", b"", status=500)
    feed = store.add_feed(feed_server.url("/f"))
    for _ in range(BACKOFF_AFTER):
        assert only(fetch(store)).status == FAILED
    saved = store.get_feed(feed.id)
    assert saved.error_count == BACKOFF_AFTER and saved.next_check_at > now()
    skipped = only(fetch(store))
    assert skipped.status == SKIPPED and "backed off" in skipped.error.lower()
    assert len(feed_server.hits("/f")) == BACKOFF_AFTER
    assert store.list_feeds()[0].error_count == BACKOFF_AFTER  # still visible
    # The site recovers; once the wait is over the feed comes back on its own.
    feed_server.routes.clear()
    feed_server.serve("/f", rss(item("1")))
    store.update_feed(feed.id, next_check_at=(now() - timedelta(minutes=1)).isoformat(" "))
    assert only(fetch(store)).status == OK
    healthy = store.get_feed(feed.id)
    assert (healthy.error_count, healthy.last_error, healthy.next_check_at) == (0, None, None)


def test_per_host_limit_is_respected(store: Store, feed_server: FeedServer) -> None:
    feed_server.delay = 0.05
    for i in range(12):
        store.add_feed(feed_server.serve(f"/f{i}", rss(item(str(i)))))
    summary = fetch(store, concurrency=10, per_host=3)
    assert summary.count(OK) == 12
    assert feed_server.peak <= 3


def test_progress_is_reported_per_feed(store: Store, feed_server: FeedServer) -> None:
    for i in range(4):
        store.add_feed(feed_server.serve(f"/f{i}", rss(item(str(i)))))
    seen: list[tuple[int, int]] = []
    fetch(store, progress=lambda done, total, result: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_interrupted_run_keeps_whole_feeds(store: Store, feed_server: FeedServer) -> None:
    for i in range(3):
        store.add_feed(feed_server.serve(f"/f{i}", rss(item(f"{i}a"), item(f"{i}b"))))

    class Stop(Exception):
        pass

    def stop(done: int, total: int, result: object) -> None:
        raise Stop

    with pytest.raises(Stop):
        fetch(store, concurrency=1, progress=stop)
    per_feed = store.rows("SELECT feed_id, count(*) AS n FROM articles GROUP BY feed_id")
    assert per_feed and all(row["n"] == 2 for row in per_feed)


def test_gzip_response(store: Store, feed_server: FeedServer) -> None:
    import gzip

    body = gzip.compress(rss(item("1", "Zipped")))
    url = feed_server.serve("/f", body, headers={"Content-Encoding": "gzip"})
    store.add_feed(url)
    assert only(fetch(store)).new == 1
    assert titles(store) == ["Zipped"]
    assert "gzip" in feed_server.hits("/f")[0].headers.get("Accept-Encoding", "")
