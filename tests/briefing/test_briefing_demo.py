"""`prepdeck brief` on the demo data: a complete, correct briefing for every demo client."""

from __future__ import annotations

from pathlib import Path

import pytest
from briefing_support import TODAY
from markdown_it import MarkdownIt

from prepdeck.store import Store

demo = pytest.importorskip("prepdeck.demo")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PREPDECK_TODAY", TODAY.isoformat())
        demo.build_demo(path, TODAY)
    return path


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
