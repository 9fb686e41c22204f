"""Sanitising, parsing, OPML, URLs, local files, the store's upserts/retention."""

from __future__ import annotations

import os
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from feeds_support import item, rss

from prepdeck.dates import today
from prepdeck.errors import PrepdeckError
from prepdeck.feeds import FAILED, NOT_MODIFIED, OK, feed_url, run_fetch, sanitize
from prepdeck.feeds import fetch as fetch_module
from prepdeck.feeds import parse as parse_module
from prepdeck.feeds.local import canonical_url, feed_identity
from prepdeck.feeds.opml import build_opml, parse_opml
from prepdeck.feeds.parse import Entry, FeedError, ParsedFeed, parse_feed
from prepdeck.feeds.sanitize import clean_line, clean_text
from prepdeck.store import Store
from prepdeck.wording import safe_link

# --- sanitising --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # Markup stays text: screens render stored text as plain Content (tests/hostile).
        ("[bold red]Alarm[/bold red]", "[bold red]Alarm[/bold red]"),
        ("[@click=app.quit]quit[/] [sic] [pdf]", "[@click=app.quit]quit[/] [sic] [pdf]"),
        ("a\x1b]8;;https://evil\x1b\\b\x1b]8;;\x07c", "abc"),
        ("a\x1b[31;1mb\x1b[0m", "ab"),
        ("bell\x07 and nul\x00 and c1\x9b31m", "bell and nul and c1"),
        ("right\u202eto-left", "rightto-left"),
        ("<p>One &amp; <b>two</b></p><script>alert(1)</script><p>three</p>", "One & two\n\nthree"),
        ("Price [USD] and [Video] and a[1]", "Price [USD] and [Video] and a[1]"),
        ("  lots   of\t\tspace  ", "lots of space"),
        # A ">" inside a quoted attribute does not end the tag; attributes never show.
        ('<a title="a > b" href="x">link</a> after', "link after"),
        ("<p>one<br>two<p>three", "one\ntwo\n\nthree"),
        ('<img alt="A chart" src="c.png">below', "A chart below"),
        # Raw-text elements hold markup as text: none of it reaches the reader.
        ("<textarea><b>x</b></textarea>kept", "kept"),
        ("<xmp><i>y</i></xmp>kept", "kept"),
        ("<style>p { color: red }</style><title>t</title>kept<plaintext><b>z", "kept"),
        ("<!-- note --><svg><title>t</title></svg>&#x41;&nbsp;&eacute;", "A é"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_plain_text_is_not_html_decoded_twice() -> None:
    assert clean_text("AT&amp;T &lt;b&gt;", html_input=False) == "AT&amp;T &lt;b&gt;"
    assert clean_text("AT&amp;T &lt;b&gt;") == "AT&T <b>"


def test_clean_text_cuts_long_text() -> None:
    assert clean_text("word " * 100, max_chars=20) == "word word word word…"


def test_plain_text_shortcut_gives_what_the_whole_cleaning_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """clean_line hands plain ASCII text back untouched: only when cleaning it would too."""
    import random

    pieces = ["a", "Z", " ", "  ", "\t", "\n", "\x1b[31m", "&amp;", "<b>", "[sic]", "é", "…"]
    chance = random.Random(7)
    texts = ["", " lead", "trail ", "Quarterly review", "x" * 40, "two  spaces"]
    texts += ["".join(chance.choices(pieces, k=chance.randint(1, 12))) for _ in range(3000)]
    limits = (None, 5, 30, 300)
    quick = [clean_line(t, html_input=False, max_chars=m) for t in texts for m in limits]
    monkeypatch.setattr(sanitize, "_already_one_line", lambda text, max_chars: False)
    whole = [clean_line(t, html_input=False, max_chars=m) for t in texts for m in limits]
    assert quick == whole


def test_a_long_summary_is_cut_from_the_start_of_its_cleaned_text() -> None:
    """Only the lines a cut can see are cleaned: the same start as cleaning it all, also
    when the first lines are only blanks and spaces."""
    paragraphs = "\n".join(f"  line {n}   with  spaces \t" for n in range(400))
    whole = clean_text(paragraphs)
    for text in (paragraphs, "\n \n  \t\n" * 200 + paragraphs):
        cut = clean_text(text, max_chars=100)
        assert len(cut) <= 101 and cut.endswith("…")
        assert whole.startswith(cut.removesuffix("…"))


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.com/a?b=1", True),
        ("http://example.com", True),
        ("javascript:alert(1)", False),
        ("data:text/html,hi", False),
        ("file:///etc/passwd", False),
        ("/relative", False),
        ("https:///nohost", False),
        ("https://exa mple.com", False),
        ("https://example.com/\x1b[31m", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_link(url: str | None, kept: bool) -> None:
    assert (safe_link(url) is not None) is kept


# --- parsing -----------------------------------------------------------------------


def test_parse_feed_dates_fall_back_to_updated() -> None:
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
    <entry><id>urn:1</id><title>T</title><updated>2026-11-20T08:30:00+02:00</updated></entry>
    </feed>"""
    parsed = parse_feed(atom, {"content-type": "application/atom+xml"}, "https://e.example/")
    assert parsed.entries[0].published == "2026-11-20 06:30:00"  # UTC, naive


def test_guid_does_not_depend_on_the_feed_url() -> None:
    body = rss(item("42"))
    one = parse_feed(body, {}, "https://a.example/feed").entries[0].guid
    two = parse_feed(body, {}, "https://b.example/moved").entries[0].guid
    assert one == two == "42"


def test_json_feed() -> None:
    body = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": ['
        b'{"id": "1", "title": "Hello", "url": "https://e.example/1", '
        b'"content_html": "<p>Hi</p>", "date_published": "2026-11-20T10:00:00Z"}]}'
    )
    parsed = parse_feed(body, {"content-type": "application/feed+json"}, "https://e.example/")
    assert parsed.title == "J"
    hello = Entry("1", "Hello", "https://e.example/1", "Hi", "2026-11-20 10:00:00")
    assert parsed.entries == [hello]
    with pytest.raises(FeedError, match="not a JSON Feed"):
        parse_feed(b'{"a": 1}', {}, "https://e.example/")


def test_not_a_feed() -> None:
    with pytest.raises(FeedError, match="not a readable feed"):
        parse_feed(b"just some text", {"content-type": "text/plain"}, "https://e.example/")
    with pytest.raises(FeedError, match="HTML page"):
        parse_feed(b"<html><p>hi", {"content-type": "text/html"}, "https://e.example/")


# --- OPML --------------------------------------------------------------------------

OPML = b"""<?xml version="1.0"?>
<opml version="1.0"><head><title>mine</title></head><body>
  <outline text="Energy">
    <outline text="Grid News" type="rss" xmlUrl="https://grid.example/rss" category="utilities"/>
    <outline text="Oil" xmlUrl="https://oil.example/feed"/>
  </outline>
  <outline text="Loose" type="rss" xmlUrl="https://loose.example/atom" category="/Tech/AI"/>
  <outline text="No url here"/>
</body></opml>"""


def test_parse_opml_folders_become_tags() -> None:
    found = parse_opml(OPML)
    assert [(f.url, f.title, f.tags) for f in found] == [
        ("https://grid.example/rss", "Grid News", ["Energy", "utilities"]),
        ("https://oil.example/feed", "Oil", ["Energy"]),
        ("https://loose.example/atom", "Loose", ["Tech", "AI"]),
    ]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"<opml><body>", "not valid OPML"),
        (b"<rss></rss>", "root element is <rss>"),
        (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><opml/>', "declares XML entities"),
    ],
)
def test_bad_opml(data: bytes, words: str) -> None:
    with pytest.raises(PrepdeckError, match=words):
        parse_opml(data)


def test_opml_round_trip(store: Store) -> None:
    store.add_feed("https://a.example/rss", title="A & B <news>", tags=["energy", "oil"])
    store.add_feed("https://b.example/feed")
    back = parse_opml(build_opml(store.list_feeds()).encode())
    assert [(f.url, f.title, f.tags) for f in back] == [
        ("https://a.example/rss", "A & B <news>", ["energy", "oil"]),
        ("https://b.example/feed", None, []),
    ]


# --- URLs and local files ---------------------------------------------------------


def test_feed_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    local = tmp_path / "f.xml"
    local.write_bytes(rss())
    monkeypatch.chdir(tmp_path)
    assert feed_url("https://e.example/rss") == "https://e.example/rss"
    assert feed_url("f.xml") == local.resolve().as_uri()
    assert feed_url("e.example/rss") == "https://e.example/rss"
    assert feed_url("file:///x/y.xml") == "file:///x/y.xml"
    for bad in ("ftp://e.example/x", "javascript:alert(1)", "nothing-here", "", "http:///x"):
        with pytest.raises(PrepdeckError):
            feed_url(bad)


def test_local_files_and_plain_paths(store: Store, tmp_path: Path) -> None:
    good = tmp_path / "good.xml"
    good.write_bytes(rss(item("1"), item("2")))
    big = tmp_path / "big.xml"
    big.write_bytes(b" " * 2048)
    store.add_feed(good.as_uri())
    store.add_feed(str(tmp_path / "missing.xml"))
    store.add_feed(str(tmp_path))
    store.add_feed(str(big))
    results = {r.url: r for r in run_fetch(store, max_bytes=1024).results}
    assert results[good.as_uri()].status == OK and results[good.as_uri()].new == 2
    assert results[str(tmp_path / "missing.xml")].error.startswith("File not found")
    assert "is a folder" in results[str(tmp_path)].error
    assert results[str(big)].error == "The file is larger than 1 KB."
    # Unchanged file: nothing is parsed or written beyond checked_at.
    again = {r.url: r for r in run_fetch(store).results}
    assert again[good.as_uri()].status == NOT_MODIFIED
    good.write_bytes(rss(item("1"), item("2"), item("3")))
    os.utime(good, (1, 1))  # a different mtime even on coarse clocks
    assert {r.url: r for r in run_fetch(store).results}[good.as_uri()].new == 1


# --- the store: upserts, retention ------------------------------------------------


def _entry(guid: str, title: str = "T", published: str | None = None) -> Entry:
    return Entry(guid=guid, title=title, link=None, summary="s", published=published)


def test_upsert_keeps_ids_and_updates_text(store: Store) -> None:
    feed = store.add_feed("https://e.example/rss")
    stamp = "2026-11-20 10:00:00"
    store.ingest_articles(feed.id, [_entry("a", "Old title")], first_seen=stamp)
    first = store.row("SELECT * FROM articles WHERE guid = 'a'")
    result = store.ingest_articles(
        feed.id, [_entry("a", "New title"), _entry("b")], first_seen="2026-11-21 10:00:00"
    )
    assert (result.new, result.updated) == (1, 1)
    second = store.row("SELECT * FROM articles WHERE guid = 'a'")
    assert second["id"] == first["id"] and second["title"] == "New title"
    assert second["published"] == stamp  # a first-seen date never moves
    hits = store.rows("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'new'")
    assert [h["rowid"] for h in hits] == [first["id"]]


def test_retention_skips_and_purges_but_keeps_shared(store: Store) -> None:
    feed = store.add_feed("https://e.example/rss")
    old = (today() - timedelta(days=400)).isoformat() + " 00:00:00"
    recent = (today() - timedelta(days=3)).isoformat() + " 00:00:00"
    # Old entries offered by a feed are not stored at all.
    result = store.ingest_articles(
        feed.id, [_entry("old", published=old), _entry("new", published=recent)], first_seen=recent
    )
    assert (result.new, result.too_old) == (1, 1)
    # Articles that aged in the store are purged, unless they were ever shared.
    store.set_setting("retention_days", "0")
    store.ingest_articles(
        feed.id,
        [_entry("aged", published=old), _entry("aged-shared", published=old)],
        first_seen=recent,
    )
    client = store.add_client("Acme")
    shared = store.scalar("SELECT id FROM articles WHERE guid = 'aged-shared'")
    store.db["shares"].insert({"client_id": client.id, "article_id": shared, "status": "sent"})
    assert store.purge_old_articles() == 0  # retention 0 keeps everything
    store.set_setting("retention_days", "180")
    assert store.purge_old_articles() == 1
    left = {r["guid"] for r in store.rows("SELECT guid FROM articles")}
    assert left == {"new", "aged-shared"}


def test_fetch_purges_after_the_run(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "f.xml"
    path.write_bytes(rss(item("1")))
    feed = store.add_feed(path.as_uri())
    old = (today() - timedelta(days=365)).isoformat() + " 00:00:00"
    store.db["articles"].insert({"feed_id": feed.id, "guid": "ancient", "published": old})
    summary = run_fetch(store)
    assert summary.purged == 1 and summary.to_json()["purged"] == 1


def test_unchanged_feeds_state_is_written_in_batches(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch_module, "STATE_BATCH", 2)
    for n in range(5):
        path = tmp_path / f"f{n}.xml"
        path.write_bytes(rss(item(f"{n}-1")))
        store.add_feed(path.as_uri())
    assert run_fetch(store).count(OK) == 5
    for feed in store.list_feeds():
        store.update_feed(feed.id, checked_at="2000-01-01 00:00:00")
    summary = run_fetch(store)
    assert summary.count(NOT_MODIFIED) == 5
    # Two full batches during the run, the fifth feed's state when it ends.
    assert all(feed.checked_at and feed.checked_at.year > 2000 for feed in store.list_feeds())


# --- parsing off the event loop ------------------------------------------------------


def test_parsing_runs_in_a_thread_and_a_parser_crash_fails_one_feed(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []

    def parse_and_record(body: bytes, headers: dict[str, str], url: str) -> ParsedFeed:
        threads.append(threading.current_thread().name)
        if url.endswith("crash.xml"):
            raise RuntimeError("parser blew up")
        return parse_feed(body, headers, url)

    monkeypatch.setattr(parse_module, "parse_feed", parse_and_record)
    for name in ("a", "crash", "b"):
        path = tmp_path / f"{name}.xml"
        path.write_bytes(rss(item(f"{name}-1"), item(f"{name}-2")))
        store.add_feed(path.as_uri())
    store.add_feed(str(tmp_path / "nope.xml"))
    summary = run_fetch(store)
    assert [r.status for r in summary.results] == [OK, FAILED, OK, FAILED]
    assert summary.results[1].error == "Unexpected error (RuntimeError: parser blew up)."
    assert store.article_count() == 4
    assert len(threads) == 3 and all(name.startswith("prepdeck-parse") for name in threads)


# --- one feed, however its URL is spelled ---------------------------------------------


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("HTTPS://News.Example.COM/Feed.xml", "https://news.example.com/Feed.xml"),
        ("http://news.example:80/rss", "http://news.example/rss"),
        ("https://news.example:443/rss?Page=2", "https://news.example/rss?Page=2"),
        ("https://news.example:8443/rss", "https://news.example:8443/rss"),
        ("https://news.example", "https://news.example/"),
        ("http://[::1]:80/feed", "http://[::1]/feed"),
        ("https://User:Pw@News.Example/x", "https://User:Pw@news.example/x"),
    ],
)
def test_canonical_url(given: str, stored: str) -> None:
    assert canonical_url(given) == stored
    assert feed_url(given) == stored


def test_spellings_of_one_url_are_one_feed(store: Store) -> None:
    first = store.add_feed("https://news.example.com/feed/", tags=["a"])
    for spelling in (
        "HTTPS://NEWS.EXAMPLE.COM/feed/",
        "https://news.example.com:443/feed",
        "https://News.Example.com/feed",
    ):
        again = store.add_feed(spelling, tags=["b"])
        assert again.id == first.id
    assert len(store.list_feeds()) == 1
    assert store.get_feed(first.id).tags == ["a", "b"]
    # Paths and queries are the server's business: these are other feeds.
    for other in ("https://news.example.com/Feed", "https://news.example.com/feed?x=1"):
        assert store.add_feed(other).id != first.id
    assert feed_identity("http://a.example/") == feed_identity("HTTP://A.EXAMPLE:80")


def test_existing_spellings_are_matched_on_add(store: Store) -> None:
    """A database written before URLs were normalised: the URL itself if stored, else the
    oldest feed that names the same one."""
    store.db["feeds"].insert({"url": "HTTP://Old.Example:80/rss/", "tags": "[]"})
    store.db["feeds"].insert({"url": "http://old.example/rss", "tags": "[]"})
    oldest, exact = store.list_feeds()
    assert store.add_feed("http://OLD.example/rss").id == exact.id
    assert store.add_feed("http://OLD.example:80/rss/").id == oldest.id
    assert len(store.list_feeds()) == 2


def test_feeds_of_a_version_three_database_get_their_identity_on_upgrade(tmp_path: Path) -> None:
    """Feeds stored before the identity column are found by it once the file is opened,
    and a URL changed by the store (an edit, a permanent redirect) keeps it in step."""
    import sqlite3

    import sqlite_utils

    from prepdeck.store.schema import MIGRATIONS, SCHEMA_VERSION

    path = tmp_path / "v3.db"
    db = sqlite_utils.Database(path)
    for migration in MIGRATIONS[:3]:
        migration(db)
    db.execute("PRAGMA user_version = 3")
    db["feeds"].insert({"url": "HTTP://Old.Example:80/rss/", "tags": '["a"]'})
    db.conn.commit()
    db.close()
    store = Store(path)
    assert store.scalar("PRAGMA user_version") == SCHEMA_VERSION
    [old] = store.list_feeds()
    assert store.add_feed("http://old.example/rss", tags=["b"]).id == old.id
    assert store.get_feed(old.id).tags == ["a", "b"]
    store.update_feed(old.id, url="https://moved.example/rss/")
    store.record_feed_state(old.id, {"url": "https://moved-again.example/rss"})
    assert store.add_feed("HTTPS://MOVED-AGAIN.example/rss/").id == old.id
    assert len(store.list_feeds()) == 1
    store.close()
    with sqlite3.connect(path) as conn:
        [(identity,)] = conn.execute("SELECT identity FROM feeds").fetchall()
    assert identity == "https://moved-again.example/rss"


def test_opml_import_counts_other_spellings_as_already_there(run, tmp_path: Path) -> None:
    assert run("feed", "add", "https://news.example/feed").code == 0
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline type="rss" xmlUrl="HTTPS://NEWS.EXAMPLE:443/feed/"/>'
        '<outline type="rss" xmlUrl="https://other.example/feed"/></body></opml>'
    )
    done = run("feed", "import", str(opml))
    assert done.code == 0 and "(1 new, 1 already there)" in done.out
