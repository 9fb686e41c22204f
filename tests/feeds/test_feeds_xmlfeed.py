"""The C-parser reader (feeds/xmlfeed.py) against feedparser: same articles, same safety.

feedparser runs with sanitize_html=False and resolve_relative_uris=False, and the fast
reader never sanitises at all: prepdeck's own clean_text / safe_link at ingestion are
what make feed text safe. These tests hold both paths to that, on hostile documents.
"""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest

from prepdeck.feeds import parse
from prepdeck.feeds.parse import FeedError, ParsedFeed, parse_feed
from prepdeck.feeds.xmlfeed import read_xml_feed

REALWORLD = Path(__file__).resolve().parents[3] / "shared" / "feeds" / "realworld"
URL = "https://news.example/feed.xml"
XML = {"content-type": "application/xml"}


def by_feedparser(body: bytes, headers: dict[str, str], url: str = URL) -> ParsedFeed:
    with mock.patch.object(parse, "read_xml_feed", lambda *_: None):
        return parse_feed(body, headers, url)


def both(body: bytes) -> list[ParsedFeed]:
    assert read_xml_feed(body, XML["content-type"]) is not None, "the fast reader declined"
    return [parse_feed(body, XML, URL), by_feedparser(body, XML)]


HOSTILE_RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>[bold]Evil[/bold] &lt;b&gt;news&lt;/b&gt;</title><link>https://news.example/</link>
<item><guid>1</guid><title>Alarm &#x9b;2J&#x9b;31mnow [link=https://evil.example]x[/link]</title>
<link>javascript:alert(1)</link>
<description>&lt;script&gt;alert("x")&lt;/script&gt;&lt;style&gt;p{}&lt;/style&gt;&lt;p
 onclick="steal()"&gt;Visible &lt;iframe src="https://evil.example"&gt;&lt;/iframe&gt;text
 &#x202e;reversed&lt;/p&gt;</description></item>
<item><guid isPermaLink="false">2</guid><title>Second</title><link>/relative/story</link>
<content:encoded><![CDATA[<p>Body <a href="javascript:x()">[@click=app.quit]here[/]</a></p>
<script>document.cookie</script>]]></content:encoded></item>
</channel></rss>"""

HOSTILE_ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/blog/">
<title type="html">&lt;i&gt;Atom&lt;/i&gt; [red]feed[/red]</title>
<entry><id>tag:news.example,2026:1</id><title type="text">&lt;b&gt;literal&lt;/b&gt;</title>
<link href="post/1"/><updated>2026-11-20T10:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Safe
<script>alert(1)</script><img src="x" onerror="alert(2)" alt="[bold]pic[/bold]"/></p>
</div></content></entry>
<entry><id>tag:news.example,2026:2</id><title>Data link</title>
<link rel="alternate" href="data:text/html,evil"/><summary type="html">&lt;a
 href="vbscript:x"&gt;ok&lt;/a&gt;&#x9d;8;;https://evil.example&#x9c;</summary></entry>
</feed>"""


@pytest.mark.parametrize("body", [HOSTILE_RSS, HOSTILE_ATOM], ids=["rss", "atom"])
def test_hostile_feeds_are_made_safe_by_either_reader(body: bytes) -> None:
    for parsed in both(body):
        texts = [parsed.title] + [e.title + "\n" + e.summary for e in parsed.entries]
        for text in texts:
            assert not any(0x80 <= ord(c) < 0xA0 or c in "\x1b\u202e" for c in text)
            assert "<" not in text.replace("<b>literal</b>", "")  # no tag survives as markup
            # Bracketed words are kept as the text they are: every screen draws plain Content.
            assert "alert" not in text and "document.cookie" not in text and "p{}" not in text
        for entry in parsed.entries:
            assert entry.link is None or entry.link.startswith("https://news.example/")
    fast, slow = both(body)
    assert fast.entries == slow.entries and fast.title == slow.title


def test_atom_plain_text_title_stays_literal_and_xml_base_resolves_links() -> None:
    fast, slow = both(HOSTILE_ATOM)
    assert fast.entries[0].title == "<b>literal</b>" == slow.entries[0].title
    assert fast.entries[0].link == "https://news.example/blog/post/1"
    assert fast.entries[1].link is None  # data: links are never kept


@pytest.mark.parametrize(
    "body",
    [
        # Entity expansion ("billion laughs") and external entities: left to feedparser,
        # which neither expands nor fetches them.
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;'
        b'&a;&a;&a;&a;&a;&a;&a;">]><rss version="2.0"><channel><title>&b;</title><item>'
        b"<title>x</title></item></channel></rss>",
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><item><title>&x;</title></item></channel></rss>',
        # The response's charset contradicts the document's: feedparser's rules decide.
        b'<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><item>'
        b"<title>caf\xe9</title></item></channel></rss>",
        b"<rss version='2.0'><channel><item><title>broken</item></channel></rss>",
        b"<rss version='0.91'><channel><item><title>old</title></item></channel></rss>",
        b"<rss version='2.0'><channel><item><description>"
        + b"<b>" * 5000
        + b"deep"
        + b"</b>" * 5000
        + b"</description></item></channel></rss>",
    ],
    ids=["entity-expansion", "external-entity", "charset-conflict", "broken", "rss091", "deep"],
)
def test_documents_the_fast_reader_leaves_to_feedparser(body: bytes) -> None:
    assert read_xml_feed(body, "application/xml; charset=utf-8") is None
    try:
        parsed = parse_feed(body, {"content-type": "application/xml; charset=utf-8"}, URL)
    except FeedError:
        return
    for entry in parsed.entries:
        assert "root:" not in entry.title and len(entry.title) < 500


@pytest.mark.corpus
@pytest.mark.skipif(not REALWORLD.is_dir(), reason=f"real-world captures not found at {REALWORLD}")
def test_real_world_captures_read_the_same_by_both_readers() -> None:
    """Identity (guid), link, date and title of every article agree; a feed that flips
    from one reader to the other (it broke, say) must not duplicate its articles."""
    files = sorted(p for p in REALWORLD.iterdir() if p.suffix in (".xml", ".atom", ".rss"))
    read_fast = entries = same_summary = 0
    for path in files:
        body = path.read_bytes()
        if read_xml_feed(body, XML["content-type"]) is None:
            continue
        read_fast += 1
        fast, slow = parse_feed(body, XML, URL), by_feedparser(body, XML)
        assert (fast.title, fast.link) == (slow.title, slow.link), path.name
        assert len(fast.entries) == len(slow.entries), path.name
        for mine, theirs in zip(fast.entries, slow.entries, strict=True):
            assert (mine.guid, mine.link, mine.published, mine.title) == (
                theirs.guid,
                theirs.link,
                theirs.published,
                theirs.title,
            ), path.name
            entries += 1
            same_summary += mine.summary == theirs.summary
    assert read_fast >= len(files) * 3 // 4  # the fast reader is the common case
    # Summaries differ only where a feed has several summary-like elements and
    # feedparser's pick depends on their nesting.
    assert same_summary >= entries * 0.97
