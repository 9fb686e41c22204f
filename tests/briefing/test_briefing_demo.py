"""`prepdeck brief` on the demo data: a complete, correct briefing for every demo client."""

from __future__ import annotations

import email
import json
from email import policy
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from pd_shared import copy_demo  # type: ignore[import-not-found]

from prepdeck.store import Store


@pytest.fixture(scope="module")
def demo_db(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_demo(demo_template, tmp_path_factory.mktemp("demo") / "demo.db")


def test_every_demo_client_gets_a_complete_briefing(run, demo_db: Path) -> None:
    store = Store(demo_db)
    try:
        clients = store.list_clients()
        sensitive = store.rows("SELECT client_id, sensitivity, text FROM notes")
    finally:
        store.close()
    assert clients
    md = MarkdownIt("commonmark").enable("table")
    for client in clients:
        result = run("brief", str(client.id), db=demo_db)
        assert result.code == 0, result.err
        out = result.out
        assert out.startswith(f"# Briefing: {client.name}")
        html = md.render(out)
        for section in ("Ask about", "Promises", "Last interactions", "Relationship health"):
            assert f"<h2>{section}</h2>" in html, (client.name, section)
        assert "<table>" in html
        mine = [n for n in sensitive if n["client_id"] == client.id]
        for note in mine:
            text = md.render(note["text"]).strip()[3:-4]  # as the briefing escapes it
            if note["sensitivity"] == "private":
                assert text not in html
            elif note["sensitivity"] == "never":
                assert "Do not mention:" in out
        text = run("brief", str(client.id), "--format", "text", "--include-private", db=demo_db)
        assert text.code == 0 and text.out.startswith(f"Briefing: {client.name}")
        for note in mine:
            if note["sensitivity"] == "private":
                assert note["text"] in text.out


def test_due_and_share_drafts_on_the_demo(run, demo_db: Path, tmp_path: Path) -> None:
    due = run("due", db=demo_db)
    assert due.code == 0 and "Meetings" in due.out
    drafts = run("share", "list", "--format", "eml", "--out", str(tmp_path), db=demo_db)
    assert drafts.code == 0, drafts.err
    for path in tmp_path.glob("*.eml"):
        raw = path.read_bytes().decode()
        assert "X-Unsent: 1" in raw and "To: " in raw


def _queue(run, demo_db: Path, *client: str) -> list[dict]:
    result = run("share", "list", *client, "--json", db=demo_db)
    assert result.code == 0, result.err
    return json.loads(result.out)


def _words(draft: str) -> int:
    """Words a reader reads: not the greeting, the link or the sign-off."""
    paragraphs = draft.split("\n\n")[1:]
    return sum(len(p.split()) for p in paragraphs if not p.startswith(("http", "Best wishes")))


def test_demo_drafts_read_like_a_person_wrote_them(run, demo_db: Path) -> None:
    rows = _queue(run, demo_db)
    assert len(rows) >= 8 and len({r["client"] for r in rows}) >= 7
    store = Store(demo_db)
    try:
        hidden = [
            r["text"] for r in store.rows("SELECT text FROM notes WHERE sensitivity != 'normal'")
        ]
    finally:
        store.close()
    openings = [" ".join(r["draft"].split("\n\n")[1].split()[:3]) for r in rows]
    assert len(set(openings)) == len(openings), openings
    for r in rows:
        assert {"id", "client", "article_id", "status", "reasons", "to", "subject", "draft"} <= set(
            r
        )
        assert isinstance(r["cautions"], list)
        assert r["to"] and "@" in r["to"] and r["subject"]
        assert _words(r["draft"]) <= 80, r["draft"]
        assert "thought of you" not in r["draft"] and "in the news" not in r["draft"]
        for text in hidden:
            assert text[:20] not in r["draft"]
            assert not any(text[:20] in c for c in r["cautions"])
    priya = next(r for r in rows if r["client"] == "Priya Patel")
    assert any("open complaint" in c for c in priya["cautions"])
    assert any("2 promises to Mrs Patel are overdue" in c for c in priya["cautions"])
    lena = next(r for r in rows if r["client"] == "Lena Fischer")
    assert "Threadline" in lena["subject"] and "ongratulat" in lena["draft"]
    # One client's list reads the same as the whole queue's.
    anna = [r for r in rows if r["client"] == "Anna Kowalski"]
    assert _queue(run, demo_db, "Anna") == anna and len(anna) == 2


def test_share_export_writes_the_queue_text(run, demo_db: Path, tmp_path: Path) -> None:
    rows = {r["id"]: r for r in _queue(run, demo_db)}
    out = tmp_path / "one-each"
    result = run("share", "export", "--out", str(out), db=demo_db)
    assert result.code == 0, result.err
    files = sorted(out.glob("*.eml"))
    assert len(files) == len(rows)
    for path in files:
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        row = rows[int(msg["X-Prepdeck-Share"])]
        assert str(msg["To"]) == row["to"] and msg["Subject"] == row["subject"]
        assert msg.get_body(("plain",)).get_content().replace("\r\n", "\n") == row["draft"]
    together = tmp_path / "combined"
    result = run("share", "export", "--combine", "--out", str(together), db=demo_db)
    assert result.code == 0, result.err
    files = sorted(together.glob("*.eml"))
    assert len(files) == len({r["client_id"] for r in rows.values()})
    anna = next(p for p in files if "anna-kowalski" in p.name)
    msg = email.message_from_bytes(anna.read_bytes(), policy=policy.default)
    assert msg["Subject"] == "Two articles you may find useful"
    body = msg.get_body(("plain",)).get_content()
    for r in rows.values():
        if r["client"] == "Anna Kowalski":
            assert r["title"] in body and r["link"] in body
