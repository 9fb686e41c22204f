"""Printed briefings (parsed back with markdown-it), share drafts and .eml drafts."""

from __future__ import annotations

import email
from dataclasses import replace
from datetime import datetime
from email import policy
from pathlib import Path

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


# ------------------------------------------------------------------ drafts


def suggestion(title: str, summary: str = "", reasons: list[str] | None = None) -> Suggestion:
    article = Article(
        id=7, feed_id=1, guid="g", title=title, link="https://news.example.org/7", summary=summary
    )
    return Suggestion(article, 0.9, reasons or [], "Trade News")


def test_draft_is_formal_names_article_and_reason(briefing: Briefing) -> None:
    s = suggestion("Logistics firms eye expansion in Poland", "Warehouses in Poznan")
    body = export.draft_note(briefing, s)
    assert body.startswith("Dear Mrs Patel,\n")
    assert '"Logistics firms eye expansion in Poland"' in body
    assert "our conversation about planning to expand to Poland next year" in body
    assert "https://news.example.org/7" in body
    assert "Divorce" not in body and "Health worries" not in body


def test_draft_informal_and_keyword_reason(store: Store) -> None:
    c = store.add_client("Sam Okafor", keywords="bakery, sourdough", industry="food")
    b = build_briefing(store, c.id, TODAY, news_limit=0)
    body = export.draft_note(b, suggestion("The sourdough boom", "Bakers rejoice"))
    assert body.startswith("Hi Sam,\n")
    assert "Given your interest in bakery and sourdough," in body


def test_draft_never_quotes_never_mention_or_private_notes(store: Store) -> None:
    c = store.add_client("Ruth Kay", address_as="Ms Kay")
    store.add_note(c.id, "Her divorce settlement", sensitivity="never")
    store.add_note(c.id, "Private chemotherapy schedule", sensitivity="private")
    b = build_briefing(store, c.id, TODAY, news_limit=0)
    s = suggestion(
        "Divorce settlement law changes; chemotherapy schedule news",
        reasons=["mentions divorce settlement", "chemotherapy schedule", "industry: law"],
    )
    body = export.draft_note(b, s)
    assert body.startswith("Dear Ms Kay,")
    rest = body.split("\n", 2)[2]
    after_title = rest.split('"')[2]  # the article's own title is named as is
    assert "divorce" not in after_title.lower() and "chemotherapy" not in after_title.lower()
    assert "industry: law" in after_title


def test_draft_uses_the_share_note_as_written(store: Store, priya: Client, add_article) -> None:
    a = add_article("Cold chain rules tighten", "https://news.example.org/cc")
    share = store.mark_share(priya.id, a, note="Relevant to the Gdansk cold store plans")
    body = export.draft_note(store.get_client(priya.id), share)
    assert "Relevant to the Gdansk cold store plans." in body
    assert body.startswith("Dear Mrs Patel,")


def test_draft_edited_as_a_whole_message_is_kept(store: Store, priya: Client, add_article) -> None:
    a = add_article("Cold chain rules tighten", "https://news.example.org/cc")
    edited = "Priya,\n\nThis one is for the Gdansk plans.\n\nBest, Sam"
    share = store.mark_share(priya.id, a, note=edited)
    assert export.draft_note(store.get_client(priya.id), share) == edited + "\n"


def test_greeting_forms() -> None:
    def client(address_as: str | None) -> Client:
        return Client(id=1, name="Priya Patel", address_as=address_as)

    assert export.greeting(client("Mrs Patel")) == "Dear Mrs Patel,"
    assert export.greeting(client("Dr. Patel")) == "Dear Dr. Patel,"
    assert export.greeting(client("Pri")) == "Hi Pri,"
    assert export.greeting(client(None)) == "Hi Priya,"


def test_eml_parses_back(store: Store, priya: Client, add_article, tmp_path: Path) -> None:
    a = add_article("Poland: new cabotage rules", "https://news.example.org/cab")
    share = store.mark_share(priya.id, a, reasons=["logistics"])
    b = build_briefing(store, priya.id, TODAY, news_limit=0)
    msg = export.share_email(b, share, when=datetime(2026, 11, 23, 9, 0))
    path = export.write_eml(msg, tmp_path / "drafts", share)
    assert path.name == f"share-{share.id}-poland-new-cabotage-rules.eml"
    raw = path.read_bytes()
    assert b"\r\n" in raw
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed["To"] == "Priya Patel <priya@vistula.example>"
    assert parsed["Subject"] == "Poland: new cabotage rules"
    assert parsed["X-Unsent"] == "1"
    body = parsed.get_body(("plain",)).get_content()
    assert body.startswith("Dear Mrs Patel,")
    assert "https://news.example.org/cab" in body
    # Plain email.message_from_bytes (compat32) reads the same headers.
    legacy = email.message_from_bytes(raw)
    assert legacy["Subject"] == "Poland: new cabotage rules"


def test_eml_to_primary_contact_when_client_has_no_email(
    store: Store, add_article, tmp_path: Path
) -> None:
    c = store.add_client("Acme Group")
    store.add_contact(c.id, "No Mail")
    store.add_contact(c.id, "Zofia Wrona", address_as="Pani Wrona", email="zofia@acme.example")
    a = add_article("Acme Group wins award", "https://news.example.org/acme")
    share = store.mark_share(c.id, a)
    msg = export.share_email(build_briefing(store, c.id, TODAY, news_limit=0), share)
    parsed = email.message_from_bytes(bytes(msg), policy=policy.default)
    assert parsed["To"] == "Zofia Wrona <zofia@acme.example>"
    assert parsed.get_body(("plain",)).get_content().startswith("Hi Pani Wrona,")


def test_eml_without_any_email_has_no_to(store: Store, add_article) -> None:
    c = store.add_client("Mailless Ltd")
    share = store.mark_share(c.id, add_article("Headline\nwith newline", None))
    msg = export.share_email(build_briefing(store, c.id, TODAY, news_limit=0), share)
    parsed = email.message_from_bytes(bytes(msg))
    assert parsed["To"] is None
    assert parsed["Subject"] == "Headline with newline"


def test_draft_for_the_clients_own_news(store: Store) -> None:
    c = store.add_client("Anna Kowalski", company="Northway Freight Ltd", keywords="Poland")
    b = build_briefing(store, c.id, TODAY, news_limit=0)
    body = export.draft_note(b, suggestion("Northway Freight signs lease in Poland"))
    assert "It is good to see Northway Freight in the news." in body


def test_draft_takes_the_topic_phrase_of_a_long_note(store: Store) -> None:
    c = store.add_client("Fatima Khan", company="BrightSmile Dental Group", industry="dental")
    store.add_note(c.id, "Dental nurse vacancies are the group's biggest risk this winter")
    store.add_note(c.id, "Her daughter is training as a dental nurse")  # personal: never cited
    b = build_briefing(store, c.id, TODAY, news_limit=0)
    body = export.draft_note(b, suggestion("Nurse shortage worsens across practices"))
    assert "our conversation about dental nurse vacancies." in body
    assert "daughter" not in body


def test_draft_topics_are_not_repeated(store: Store) -> None:
    c = store.add_client("David Mensah", keywords="procurement, Procurement Act")
    b = build_briefing(store, c.id, TODAY, news_limit=0)
    body = export.draft_note(b, suggestion("Procurement Act: councils adjust"))
    assert "Given your interest in Procurement Act," in body
