"""`prepdeck brief`, `due` and `share …` through the real command line, in-process."""

from __future__ import annotations

import email
import json
from pathlib import Path

from markdown_it import MarkdownIt

from prepdeck.models import Client
from prepdeck.store import Store


def test_brief_markdown_and_text(run, store: Store, priya: Client) -> None:
    result = run("brief", "priya")
    assert result.code == 0, result.err
    assert result.out.startswith("# Briefing: Priya Patel")
    html = MarkdownIt("commonmark").enable("table").render(result.out)
    assert "<h2>Promises</h2>" in html and "<table>" in html
    assert "Health worries" not in result.out
    assert "Do not mention:" in result.out
    text = run("brief", "Priya Patel", "--format", "text", "--include-private")
    assert text.code == 0 and text.out.startswith("Briefing: Priya Patel")
    assert "Health worries" in text.out


def test_brief_errors_are_one_line(run, store: Store) -> None:
    result = run("brief", "nobody")
    assert result.code != 0
    assert result.err.startswith("prepdeck: No client matches 'nobody'")
    assert len(result.err.strip().splitlines()) == 1
    bad = run("brief", "x", "--format", "pdf")
    assert bad.code != 0 and "Traceback" not in bad.err


def test_brief_for_an_empty_client(run, store: Store) -> None:
    store.add_client("Nobody Yet")
    result = run("brief", "Nobody")
    assert result.code == 0
    assert "## Not stored yet" in result.out and "No contacts stored" in result.out


def test_due_human_and_json(run, store: Store, priya: Client) -> None:
    run("client", "edit", "Priya", "--next-meeting", "2026-11-24 10:00")
    result = run("due")
    assert result.code == 0, result.err
    out = result.out
    assert out.index("Meetings (1)") < out.index("Promises due or overdue (2)")
    assert out.index("Promises due or overdue") < out.index("Ask about (1)")
    assert out.index("Ask about") < out.index("Clients needing attention (1)")
    assert "OVERDUE 10d" in out and "Send the cabotage report" in out
    assert "Tue 24 Nov 10:00" in out and "(tomorrow)" in out
    data = json.loads(run("due", "--days", "3", "--json").out)
    assert {d["kind"] for d in data} == {"meeting", "promise", "ask", "attention"}
    promise = next(d for d in data if d["kind"] == "promise" and d["days"] == -10)
    assert promise["client"] == "Priya Patel" and promise["on"] == "2026-11-13"
    assert isinstance(promise["id"], int)


def test_due_when_nothing_is_due(run, store: Store) -> None:
    result = run("due", "--days", "2")
    assert result.code == 0 and result.out.strip() == "Nothing due in the next 2 days."
    assert json.loads(run("due", "--json").out) == []


def test_share_commands(run, store: Store, priya: Client, add_article, tmp_path: Path) -> None:
    a = add_article(
        "Poland: warehouse expansion accelerates",
        "https://news.example.org/wh",
        "New warehouses planned across Poland",
    )
    b = add_article("Not for her", "https://news.example.org/nope")
    marked = run("share", "mark", "Priya", str(a))
    assert marked.code == 0, marked.err
    assert "Marked share 1 for Priya Patel" in marked.out
    assert run("share", "dismiss", "Priya", str(b)).code == 0

    listed = json.loads(run("share", "list", "--json").out)
    assert [s["id"] for s in listed] == [1]
    assert listed[0]["client"] == "Priya Patel" and listed[0]["status"] == "marked"
    assert listed[0]["draft"].startswith("Dear Mrs Patel,")
    assert "expand to Poland" in listed[0]["draft"]
    all_shares = json.loads(run("share", "list", "Priya", "--status", "all", "--json").out)
    assert {s["status"] for s in all_shares} == {"marked", "dismissed"}

    out_dir = tmp_path / "drafts"
    written = run("share", "list", "--format", "eml", "--out", str(out_dir))
    assert written.code == 0, written.err
    files = sorted(out_dir.glob("*.eml"))
    assert len(files) == 1 and str(files[0]) in written.out
    msg = email.message_from_bytes(files[0].read_bytes())
    assert msg["To"] == "Priya Patel <priya@vistula.example>"
    assert msg["Subject"] == "Poland: warehouse expansion accelerates"
    assert msg["X-Unsent"] == "1"
    assert run("share", "export", "--out", str(tmp_path / "again")).code == 0
    assert len(list((tmp_path / "again").glob("*.eml"))) == 1

    sent = run("share", "sent", "1")
    assert sent.code == 0 and "Sent share 1 to Priya Patel" in sent.out
    twice = run("share", "sent", "1")
    assert twice.code != 0
    assert twice.err.strip() == "prepdeck: Share 1 was already sent on 2026-11-23."
    log = store.list_interactions(priya.id)
    assert [i.kind for i in log].count("article-sent") == 1
    assert run("share", "list").out.startswith("No shares marked")
    history = run("share", "list", "--status", "sent").out
    assert "sent 2026-11-23" in history and "https://news.example.org/wh" in history


def test_share_errors(run, store: Store, priya: Client, tmp_path: Path) -> None:
    missing = run("share", "mark", "Priya", "42")
    assert missing.code != 0 and missing.err.startswith("prepdeck: No article with id 42")
    assert run("share", "sent", "9").err.startswith("prepdeck: No share with id 9")
    no_out = run("share", "list", "--format", "eml")
    assert no_out.code != 0 and "--out" in no_out.err
    empty = run("share", "list", "--format", "eml", "--out", str(tmp_path / "d"))
    assert empty.code == 0 and "No marked shares" in empty.out


def test_due_rejects_a_negative_window(run, store: Store) -> None:
    result = run("due", "--days", "-1")
    assert result.code != 0
    assert result.err.startswith("prepdeck: ") and len(result.err.strip().splitlines()) == 1


def test_brief_without_news(run, store: Store, priya: Client, add_article) -> None:
    add_article("Poland logistics boom", "https://news.example.org/boom", "Poland logistics")
    result = run("brief", "Priya", "--news", "0")
    assert result.code == 0 and "No matching news stored." in result.out
