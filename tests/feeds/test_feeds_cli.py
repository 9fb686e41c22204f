"""The feed commands end to end: add, list, import, export, fetch (--json)."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from feeds_support import FeedServer, item, rss


def test_feed_add_and_list(run, feed_server: FeedServer) -> None:
    url = feed_server.serve("/f", rss(item("1")))
    result = run("feed", "add", url, "--tag", "Energy", "--tag", "oil, gas")
    assert result.code == 0 and "Feed 1" in result.out and "energy, oil, gas" in result.out
    assert run("client", "add", "Acme Ltd").code == 0
    again = run("feed", "add", url, "--tag", "grid", "--client", "acme")
    assert again.code == 0
    listed = json.loads(run("feed", "list", "--json").out)
    assert len(listed) == 1
    assert listed[0]["tags"] == ["energy", "oil", "gas", "grid"]
    assert listed[0]["client_id"] == 1 and listed[0]["articles"] == 0
    assert "never fetched" in run("feed", "list").out


def test_feed_add_rejects_bad_urls(run) -> None:
    result = run("feed", "add", "ftp://e.example/feed")
    assert result.code != 0
    assert result.err.startswith("prepdeck: ") and result.err.count("\n") == 1
    missing_client = run("feed", "add", "https://e.example/rss", "--client", "Nobody")
    assert missing_client.code != 0 and "Traceback" not in missing_client.err


def test_empty_list_and_fetch_say_so(run) -> None:
    assert "No feeds yet" in run("feed", "list").out
    result = run("fetch")
    assert result.code == 0 and "No feeds to fetch" in result.out
    assert json.loads(run("fetch", "--json").out)["feeds"] == 0


def test_fetch_json_and_failing_feeds_in_list(run, feed_server: FeedServer) -> None:
    good = feed_server.serve(
        "/good", rss(item("1", "Hello"), item("2"), title="Good News"), etag='"g1"'
    )
    bad = feed_server.serve("/bad", b"", status=500)
    run("feed", "add", good)
    run("feed", "add", bad)
    result = run("fetch", "--json", "--concurrency", "4", "--per-host", "2")
    assert result.code == 0  # one feed failing is not a failed run
    summary = json.loads(result.out)
    assert (summary["feeds"], summary["ok"], summary["failed"], summary["new_articles"]) == (
        2,
        1,
        1,
        2,
    )
    statuses = {r["url"]: (r["status"], r["error"]) for r in summary["results"]}
    assert statuses[good] == ("ok", None)
    assert statuses[bad][0] == "failed" and "HTTP 500" in statuses[bad][1]
    listing = run("feed", "list").out
    assert "Good News" in listing and "failing ×1" in listing
    assert "last error: Server error (HTTP 500" in listing
    listed = {f["url"]: f for f in json.loads(run("feed", "list", "--json").out)}
    assert listed[bad]["error_count"] == 1 and listed[good]["articles"] == 2
    text = run("fetch").out
    assert "Fetched 2 feeds" in text and "1 not modified" in text
    assert "feed 2" in text and "HTTP 500" in text


def test_fetch_exits_non_zero_when_nothing_could_be_fetched(run, closed_port: int) -> None:
    run("feed", "add", f"http://127.0.0.1:{closed_port}/a")
    run("feed", "add", f"http://127.0.0.1:{closed_port}/b")
    result = run("fetch")
    assert result.code == 1
    assert "None of the 2 feeds tried could be fetched" in result.err
    assert "Connection refused" in result.out


def test_fetch_without_a_terminal_prints_a_closing_summary(
    run, db_path: Path, feed_server: FeedServer
) -> None:
    """A real `python -m prepdeck fetch` with pipes, as from cron: no progress bar, one summary."""
    good = feed_server.serve("/good", rss(item("1"), item("2"), item("3")), etag='"g1"')
    run("feed", "add", good)
    run("feed", "add", feed_server.serve("/bad", b"", status=500))
    command = [sys.executable, "-m", "prepdeck", "fetch", "--db", str(db_path)]
    summary = re.compile(
        r"^Fetched 2 feeds in \d+\.\d s: (\d+) ok, (\d+) not modified, (\d+) failed; "
        r"(\d+) new articles\.$"
    )
    seen = []
    for _ in range(2):
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""  # no progress bar drawn on a pipe
        lines = done.stdout.splitlines()
        match = summary.match(lines[0])
        assert match, done.stdout
        seen.append(tuple(int(n) for n in match.groups()))
        assert lines[1:] == [
            f"  feed 2 ({feed_server.url('/bad')}): Server error (HTTP 500 Internal Server Error)."
        ]
    assert seen == [(1, 0, 1, 3), (0, 1, 1, 0)]


def test_opml_export_then_import(run, tmp_path: Path, db_path: Path) -> None:
    run("feed", "add", "https://a.example/rss", "--tag", "energy")
    run("feed", "add", "https://b.example/atom")
    exported = run("feed", "export")
    assert exported.code == 0 and exported.out.startswith("<?xml")
    opml = tmp_path / "feeds.opml"
    opml.write_text(exported.out)
    other = tmp_path / "other.db"
    first = run("feed", "import", str(opml), db=other)
    assert first.code == 0 and "Imported 2 feeds" in first.out and "2 new" in first.out
    second = run("feed", "import", str(opml), db=other)
    assert "0 new, 2 already there" in second.out
    listed = json.loads(run("feed", "list", "--json", db=other).out)
    assert [(f["url"], f["tags"]) for f in listed] == [
        ("https://a.example/rss", ["energy"]),
        ("https://b.example/atom", []),
    ]


def test_import_bad_file(run, tmp_path: Path) -> None:
    bad = tmp_path / "x.opml"
    bad.write_text("not xml at all <")
    result = run("feed", "import", str(bad))
    assert result.code != 0 and "is not valid OPML" in result.err
    missing = run("feed", "import", str(tmp_path / "none.opml"))
    assert missing.code != 0 and "Cannot read" in missing.err


def test_fetch_ranks_ahead_for_the_clients_met_this_week(
    run, db_path: Path, feed_server: FeedServer
) -> None:
    """A fetch that stored news forgot every remembered ranking; it ends by ranking again
    for whoever the user meets within a week, as `brief` and `suggest` will ask."""
    url = feed_server.serve(
        "/f", rss(item("1", "Cold chain depots expand"), item("2", "Cold chain rules"))
    )
    run("client", "add", "Dana Reed", "--company", "Acme Freight", "--keywords", "cold chain")
    run("client", "edit", "Dana Reed", "--next-meeting", "tomorrow 10:00")
    run("client", "add", "Lee Moss", "--keywords", "cold chain")  # no meeting: not ranked
    run("feed", "add", url)
    assert run("fetch").code == 0
    conn = sqlite3.connect(db_path)
    try:
        kept = conn.execute(
            "SELECT client_id, kind, news_limit FROM ranking_memo ORDER BY 1, 2, 3"
        ).fetchall()
    finally:
        conn.close()
    assert kept == [(1, "own", 3), (1, "suggest", 5), (1, "suggest", 10)]
    remembered = run("suggest", "Dana Reed", "--json").out
    assert json.loads(remembered)  # read back: the same as ranking again
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("DELETE FROM ranking_memo")
    conn.close()
    assert run("suggest", "Dana Reed", "--json").out == remembered
