"""build_briefing, client_rows and due_items on real database files, today pinned."""

from __future__ import annotations

from datetime import datetime

import pytest
from briefing_support import TODAY, days

from prepdeck import rank
from prepdeck.briefing import build_briefing, client_rows
from prepdeck.due import due_items
from prepdeck.models import Client
from prepdeck.store import Store


def test_client_with_nothing_stored_gets_a_complete_briefing(store: Store) -> None:
    bare = store.add_client("Nobody Yet")
    b = build_briefing(store, bare.id, TODAY)
    assert b.client.name == "Nobody Yet"
    assert b.salutation == "Nobody" and not b.formal
    assert b.email is None and b.last_contact is None and b.days_since_contact is None
    assert b.ask_about == b.pinned == b.cautions == b.other_notes == []
    assert b.open_promises == b.kept_recently == b.interactions == b.contacts == []
    assert b.kept_on_time_rate is None and b.news == [] and b.marked_shares == []
    missing = " ".join(b.missing)
    for phrase in ("No contacts", "No email", "No notes", "No interactions"):
        assert phrase in missing
    assert all(m.endswith((".", "?")) for m in b.missing)
    # Added today, so not yet "slipping"; every health figure still explains itself.
    assert not b.health.needs_attention
    assert [f.key for f in b.health.figures] == [
        "contact",
        "frequency",
        "satisfaction",
        "complaints",
        "promises",
    ]
    assert all(f.explanation for f in b.health.figures)
    assert b.health.frequency == [0] * 6


def test_ask_about_window_and_order(store: Store) -> None:
    c = store.add_client("Ana Ruiz")
    ids = {n: store.add_note(c.id, f"note {n}", ask_on=days(n)).id for n in (-15, -14, -3, 0, 7, 8)}
    never = store.add_note(c.id, "her illness", ask_on=days(-1), sensitivity="never")
    b = build_briefing(store, c.id, TODAY)
    assert [a.note.id for a in b.ask_about] == [ids[-14], ids[-3], ids[0], ids[7]]
    assert [a.days for a in b.ask_about] == [-14, -3, 0, 7]
    assert [a.when for a in b.ask_about] == ["14 days ago", "3 days ago", "today", "in 7 days"]
    assert never.id not in {a.note.id for a in b.ask_about}
    assert [n.id for n in b.cautions] == [never.id]
    # Notes outside the window are still in the briefing, among the other notes.
    assert {ids[-15], ids[8]} <= {n.id for n in b.other_notes}


def test_notes_split_between_pinned_cautions_and_others(store: Store, priya: Client) -> None:
    b = build_briefing(store, priya.id, TODAY)
    assert [n.text for n in b.pinned] == ["Prefers calls after 10am"]
    assert [n.text for n in b.cautions] == ["Divorce proceedings in Poland"]
    assert [a.note.text for a in b.ask_about] == ["Her son Arjun had knee surgery"]
    others = {n.text for n in b.other_notes}
    assert others == {
        "Planning to expand to Poland next year",
        "Health worries about the warehouse move",
    }
    assert len(b.all_notes) == 5


def test_open_promises_overdue_first_with_days(store: Store) -> None:
    c = store.add_client("Ola Nowak")
    undated = store.add_promise(c.id, "undated", made_on=days(-3))
    soon = store.add_promise(c.id, "soon", due_on=days(2), made_on=days(-3))
    late5 = store.add_promise(c.id, "late 5", due_on=days(-5), made_on=days(-30))
    late20 = store.add_promise(c.id, "late 20", due_on=days(-20), made_on=days(-30))
    today_due = store.add_promise(c.id, "due today", due_on=TODAY, made_on=days(-3))
    kept = store.add_promise(c.id, "kept", due_on=days(-8), made_on=days(-30))
    store.keep_promise(kept.id, days(-9))
    old = store.add_promise(c.id, "kept long ago", due_on=days(-200), made_on=days(-300))
    store.keep_promise(old.id, days(-201))
    b = build_briefing(store, c.id, TODAY)
    assert [o.promise.id for o in b.open_promises] == [
        late20.id,
        late5.id,
        today_due.id,
        soon.id,
        undated.id,
    ]
    assert [o.days_overdue for o in b.open_promises] == [20, 5, 0, 0, 0]
    assert b.open_promises[3].days_until_due == 2
    assert b.open_promises[4].days_until_due is None
    assert [p.promise.id for p in b.overdue_promises] == [late20.id, late5.id]
    assert [p.id for p in b.kept_recently] == [kept.id]
    # 2 kept on time out of 2 kept + 2 overdue.
    assert b.kept_on_time_rate == pytest.approx(0.5)


def test_interactions_header_and_contacts(store: Store) -> None:
    c = store.add_client("Tom Berg", address_as="Dr Berg")
    store.add_contact(c.id, "Lena Berg", role="CFO", email="lena@berg.example")
    store.add_contact(c.id, "Ivo Berg", role="COO")
    for n in range(7):
        store.log_interaction(c.id, f"call {n}", kind="call", on=days(-10 - n))
    store.update_client(c.id, next_meeting=datetime(2026, 11, 25, 9, 30))
    b = build_briefing(store, c.id, TODAY)
    assert b.salutation == "Dr Berg" and b.formal
    assert b.email == "lena@berg.example"  # the client has none: the first contact's
    assert [i.text for i in b.interactions] == [f"call {n}" for n in range(5)]
    assert b.interaction_count == 7
    assert b.last_contact == days(-10) and b.days_since_contact == 10
    assert b.days_to_meeting == 2
    assert [c.name for c in b.contacts] == ["Lena Berg", "Ivo Berg"]
    assert not any("email" in m for m in b.missing)


def test_marked_shares_in_briefing(store: Store, priya: Client, add_article) -> None:
    a1 = add_article("Poland freight corridor opens", "https://news.example.org/1")
    a2 = add_article("Other", "https://news.example.org/2")
    store.mark_share(priya.id, a1)
    store.dismiss_share(priya.id, a2)
    b = build_briefing(store, priya.id, TODAY)
    assert [s.article_id for s in b.marked_shares] == [a1]


def test_news_comes_from_the_relevance_engine(store: Store, priya: Client, add_article) -> None:
    if not hasattr(rank, "suggest"):
        pytest.skip("prepdeck.rank.suggest is not written yet")
    add_article(
        "Vistula Freight expands cold chain logistics into Poland",
        "https://news.example.org/vf",
        "Logistics firm Vistula Freight opens a Poland depot.",
    )
    add_article("Unrelated celebrity gossip", "https://news.example.org/x")
    b = build_briefing(store, priya.id, TODAY, news_limit=3)
    expected = rank.suggest(store, priya.id, today=TODAY, limit=3)
    assert [s.article.id for s in b.news] == [s.article.id for s in expected]
    # Naming the client's own company: what changed in their world, not a share to send.
    assert all("Vistula" not in s.article.title for s in b.news)
    assert [s.article.title for s in b.their_news] == [
        "Vistula Freight expands cold chain logistics into Poland"
    ]
    assert b.their_news[0].reasons == ["names Vistula Freight"]
    assert build_briefing(store, priya.id, TODAY, news_limit=0).news == []


def test_client_rows_agree_with_briefings(store: Store, priya: Client, add_article) -> None:
    quiet = store.add_client("Quiet Ltd", status="paused")
    store.log_interaction(quiet.id, "hello", on=days(-100))
    store.mark_share(priya.id, add_article("A", "https://news.example.org/a"))
    store.mark_share(priya.id, add_article("B", "https://news.example.org/b"))
    rows = {r.client_id: r for r in client_rows(store, TODAY)}
    assert list(rows) == sorted(rows, key=lambda cid: store.get_client(cid).name)
    p = rows[priya.id]
    assert (p.open_promises, p.overdue_promises, p.marked_shares) == (2, 1, 2)
    assert p.days_since_contact == 12 and p.last_contact == days(-12)
    assert p.needs_attention and p.sign == "!"
    q = rows[quiet.id]
    assert q.days_since_contact == 100 and not q.needs_attention  # paused: no cadence
    for cid, row in rows.items():
        h = build_briefing(store, cid, TODAY, news_limit=0).health
        assert row.health == h
        assert row.attention_reasons == h.attention_reasons


def test_due_items_across_clients(store: Store, priya: Client) -> None:
    other = store.add_client("Bo Lind")
    store.update_client(priya.id, next_meeting=datetime(2026, 11, 24, 10, 0))
    store.update_client(other.id, next_meeting=datetime(2026, 12, 20, 10, 0))  # out of window
    store.add_promise(other.id, "far off", due_on=days(30))
    store.add_note(other.id, "moving house", ask_on=days(5), sensitivity="private")
    store.add_note(other.id, "secret", ask_on=days(1), sensitivity="never")
    items = due_items(store, TODAY, 7)
    kinds = [i.kind for i in items]
    assert kinds == sorted(kinds, key=["meeting", "promise", "ask", "attention"].index)
    meetings = [i for i in items if i.kind == "meeting"]
    assert [(m.client_name, m.days) for m in meetings] == [("Priya Patel", 1)]
    promises = [(i.text, i.days) for i in items if i.kind == "promise"]
    assert promises == [("Send the cabotage report", -10), ("Intro to a Warsaw lawyer", 3)]
    asks = [i.text for i in items if i.kind == "ask"]
    assert asks == ["Her son Arjun had knee surgery", "moving house"]
    assert "secret" not in asks
    public = [i.text for i in due_items(store, TODAY, 7, include_private=False) if i.kind == "ask"]
    assert public == ["Her son Arjun had knee surgery"]
    attention = [i for i in items if i.kind == "attention"]
    assert [i.client_id for i in attention] == [priya.id]
    assert any("overdue" in r for r in attention[0].reasons)
    # A longer window picks up the later meeting and promise.
    longer = due_items(store, TODAY, 30)
    assert {i.text for i in longer if i.kind == "promise"} >= {"far off"}
    assert len([i for i in longer if i.kind == "meeting"]) == 2
    # Zero days: only today and before.
    assert [i.kind for i in due_items(store, TODAY, 0) if i.kind == "meeting"] == []
