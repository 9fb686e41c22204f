"""Printed briefings, parsed back with markdown-it (drafts: test_briefing_drafts.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from briefing_support import TODAY, days
from markdown_it import MarkdownIt

from prepdeck import export
from prepdeck.briefing import Briefing, build_briefing
from prepdeck.models import Article, Client, Suggestion
from prepdeck.store import Store


def parse(md: str):
    return MarkdownIt("commonmark").enable("table").parse(md)


def inline_text(tokens) -> list[str]:
    return [t.content for t in tokens if t.type == "inline"]


def links(tokens) -> list[tuple[str, str]]:
    found = []
    for t in tokens:
        if t.type != "inline":
            continue
        children = t.children or []
        for i, child in enumerate(children):
            if child.type == "link_open":
                label = []
                for c in children[i + 1 :]:
                    if c.type == "link_close":
                        break
                    label.append(c.content)
                found.append((child.attrGet("href"), "".join(label)))
    return found


def with_news(b: Briefing, *articles: tuple[str, str | None, list[str]]) -> Briefing:
    news = [
        Suggestion(
            Article(id=100 + n, feed_id=1, guid=f"g{n}", title=t, link=link, summary=""),
            score=1.0 - n / 10,
            reasons=reasons,
            feed_title="Trade News",
        )
        for n, (t, link, reasons) in enumerate(articles)
    ]
    return replace(b, news=news)


@pytest.fixture
def briefing(store: Store, priya: Client) -> Briefing:
    contact = store.add_contact(priya.id, "Marek Zielinski", role="Ops director")
    store.add_note(priya.id, "Marek runs the *Gdansk* depot", contact_id=contact.id)
    kept = store.add_promise(priya.id, "Share the fuel index", due_on=days(-20))
    store.keep_promise(kept.id, days(-21))
    store.update_client(priya.id, next_meeting=datetime(2026, 11, 24, 10, 0))
    return build_briefing(store, priya.id, TODAY, news_limit=0)


def test_markdown_structure_parses(briefing: Briefing) -> None:
    b = with_news(
        briefing,
        ("Poland's freight corridor opens", "https://news.example.org/corridor", ["logistics"]),
        ("No link here", None, []),
    )
    md = export.briefing_markdown(b)
    tokens = parse(md)
    headings = [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h2"
    ]
    assert headings[:4] == ["Needs attention", "Cautions", "Ask about", "Pinned notes"]
    for h in ("Promises", "Last interactions", "Relationship health", "Contacts", "News"):
        assert h in headings
    h1 = [tokens[i + 1].content for i, t in enumerate(tokens) if t.tag == "h1" and t.nesting == 1]
    assert h1 == ["Briefing: Priya Patel — Vistula Freight"]
    texts = inline_text(tokens)
    assert any(
        t.startswith("[ ] Send the cabotage report") and "10 days overdue" in t for t in texts
    )
    assert any(t.startswith("[ ] Intro to a Warsaw lawyer") for t in texts)
    assert any(t.startswith("[x] Share the fuel index — kept 2026-11-02") for t in texts)
    assert ("https://news.example.org/corridor", "Poland's freight corridor opens") in links(tokens)
    assert any(t.type == "table_open" for t in tokens)
    assert "Do not mention:" in md and "Divorce proceedings in Poland" in md
    html = MarkdownIt("commonmark").render(md)
    assert "Marek runs the *Gdansk* depot" in html and "<em>Gdansk</em>" not in html
    assert "about Marek Zielinski" in md


def test_hostile_text_renders_literally(store: Store) -> None:
    c = store.add_client("Eve [x](javascript:alert(1))", company="<script>Co</script>")
    store.add_note(c.id, "# not a heading | and *not emphasis* & `code` &amp;")
    store.add_note(c.id, "1. not a list")
    html = (
        MarkdownIt("commonmark")
        .enable("table")
        .render(export.briefing_markdown(build_briefing(store, c.id, TODAY, news_limit=0)))
    )
    assert "<script>" not in html and "<a href" not in html
    assert "<em>not emphasis</em>" not in html and "<code>" not in html and "<ol>" not in html
    assert "# not a heading | and *not emphasis* &amp; `code` &amp;amp;" in html
    assert "1. not a list" in html


def test_private_notes_left_out_unless_asked(store: Store, priya: Client) -> None:
    store.add_note(priya.id, "Private ask", ask_on=days(-1), sensitivity="private")
    b = build_briefing(store, priya.id, TODAY, news_limit=0)
    for render in (export.briefing_markdown, export.briefing_text):
        out = render(b)
        assert "Health worries" not in out and "Private ask" not in out
        assert "2 private notes left out" in out
        assert "Divorce proceedings" in out  # never-mention: always shown, as a caution
        full = render(b, include_private=True)
        assert "Health worries" in full and "Private ask" in full
        assert "left out" not in full
    text = export.briefing_text(b)
    assert "DO NOT MENTION: Divorce proceedings in Poland" in text


def test_text_briefing_reads_plainly(briefing: Briefing) -> None:
    out = export.render_briefing(briefing, "text")
    assert out.startswith("Briefing: Priya Patel — Vistula Freight\n")
    assert "Address as:" in out and "Mrs Patel" in out
    assert "[ ] Send the cabotage report — DUE 2026-11-13, 10 DAYS OVERDUE" in out
    assert "[x] Share the fuel index — kept 2026-11-02" in out
    assert "Next meeting:" in out and "(tomorrow)" in out
    assert "**" not in out and "##" not in out


def test_empty_client_prints_what_is_missing(store: Store) -> None:
    c = store.add_client("Nobody Yet")
    b = build_briefing(store, c.id, TODAY, news_limit=0)
    md = export.briefing_markdown(b)
    assert "## Not stored yet" in md
    assert "No contacts stored" in md and "No interactions logged yet" in md
    parse(md)
    assert "NOT STORED YET" in export.briefing_text(b)


def test_sparkline() -> None:
    assert export.sparkline([0, 0, 0]) == "▁▁▁"
    assert export.sparkline([0, 2, 8]) == "▁▃█"


def test_their_news_is_printed_apart_from_the_news_to_send(
    store: Store, priya: Client, add_article
) -> None:
    add_article(
        "Vistula Freight opens a Poland depot for cold chain logistics",
        "https://news.example.org/vf",
        "Vistula Freight expands its Poland logistics.",
    )
    add_article(
        "Poland cold chain logistics market grows",
        "https://news.example.org/cc",
        "Logistics firms in Poland invest in cold chain.",
    )
    md = export.briefing_markdown(build_briefing(store, priya.id, TODAY))
    headings = [h for h in md.splitlines() if h.startswith("## ")]
    assert headings.index("## What changed in their world") + 1 == headings.index("## News")
    own, news = md.split("## What changed in their world")[1].split("## News")
    assert "Vistula Freight opens" in own and "names Vistula Freight" in own
    assert "Vistula Freight opens" not in news.split("\n## ")[0]
    assert "Poland cold chain logistics market grows" in news
