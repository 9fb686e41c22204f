"""Feed text is kept as text: bracketed words stay, and tags go whole (#11 item 7)."""

from __future__ import annotations

import html
import sqlite3
from pathlib import Path

from hostile_support import serve  # type: ignore[import-not-found]

from prepdeck.feeds.sanitize import clean_text


def test_tags_with_a_quoted_angle_bracket_leave_no_attribute_text() -> None:
    assert clean_text('<a title="a > b" href="https://x.example/">link</a> and <p>more</p>') == (
        "link and\nmore"
    )
    assert clean_text("<img alt='x > y' src=z>Caption") == "x > y Caption"


def test_a_fetched_summary_keeps_its_bracketed_words(run, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    summary = (
        '<p>Sales rose [sic] by 4% [update] — <a href="https://x.example/" title="see > here">'
        "the report</a> [pdf] [bold]not markup[/]</p>"
    )
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        "<link>https://x.example/</link><item><guid>1</guid><title>Results [sic]</title>"
        f"<link>https://x.example/1</link><description>{html.escape(summary)}</description>"
        "</item></channel></rss>"
    ).encode()
    with serve({"/feed": ("application/rss+xml", feed)}) as base:
        assert run("feed", "add", f"{base}/feed").code == 0
        assert run("fetch").code == 0
    conn = sqlite3.connect(db_path)
    title, stored = conn.execute("SELECT title, summary FROM articles").fetchone()
    conn.close()
    assert title == "Results [sic]"
    assert stored == "Sales rose [sic] by 4% [update] — the report [pdf] [bold]not markup[/]"
