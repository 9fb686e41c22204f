"""The share lifecycle in the store: mark, dismiss, sent (with its interaction), purges."""

from __future__ import annotations

import pytest
from briefing_support import TODAY

from prepdeck.errors import NotFound, PrepdeckError
from prepdeck.models import Client
from prepdeck.store import Store


def test_mark_copies_title_and_link(store: Store, priya: Client, add_article) -> None:
    a = add_article("Freight rates fall", "https://news.example.org/rates")
    share = store.mark_share(priya.id, a, note="for the Q1 plan", reasons=["logistics"])
    assert (share.status, share.title, share.link) == (
        "marked",
        "Freight rates fall",
        "https://news.example.org/rates",
    )
    assert share.note == "for the Q1 plan" and share.reasons == ["logistics"]
    again = store.mark_share(priya.id, a)  # marking twice keeps one row and its note
    assert again.id == share.id and again.note == "for the Q1 plan"
    assert store.list_shares(priya.id) == [again]
    assert store.share_statuses(priya.id) == {a: "marked"}


def test_mark_unknown_article_or_client(store: Store, priya: Client, add_article) -> None:
    with pytest.raises(NotFound):
        store.mark_share(priya.id, 999)
    with pytest.raises(NotFound):
        store.mark_share(999, add_article("x"))
    assert store.list_shares() == []


def test_dismiss_then_mark_again(store: Store, priya: Client, add_article) -> None:
    a = add_article("Gossip")
    dismissed = store.dismiss_share(priya.id, a)
    assert dismissed.status == "dismissed"
    assert store.list_shares(priya.id, "marked") == []
    assert store.mark_share(priya.id, a).status == "marked"


def test_sent_logs_an_interaction_once(store: Store, priya: Client, add_article) -> None:
    a = add_article("Cold chain rules", "https://news.example.org/cc")
    share = store.mark_share(priya.id, a)
    before = len(store.list_interactions(priya.id))
    sent = store.mark_sent(share.id)
    assert sent.status == "sent" and sent.sent_at is not None
    assert sent.sent_at.date() == TODAY
    logged = store.list_interactions(priya.id)
    assert len(logged) == before + 1
    assert logged[0].kind == "article-sent" and "Cold chain rules" in logged[0].text
    assert logged[0].happened_on == TODAY
    with pytest.raises(PrepdeckError, match=r"already sent on 2026-11-23"):
        store.mark_sent(share.id)
    assert len(store.list_interactions(priya.id)) == before + 1
    with pytest.raises(PrepdeckError, match="already sent"):
        store.mark_share(priya.id, a)
    with pytest.raises(PrepdeckError, match="already sent"):
        store.dismiss_share(priya.id, a)


def test_sent_is_all_or_nothing(
    store: Store, priya: Client, add_article, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = store.mark_share(priya.id, add_article("Atomic"))

    def broken(*args, **kwargs):
        raise PrepdeckError("disk full")

    monkeypatch.setattr(store, "log_interaction", broken)
    with pytest.raises(PrepdeckError):
        store.mark_sent(share.id)
    assert store.get_share(share.id).status == "marked"
    assert store.get_share(share.id).sent_at is None


def test_purged_article_keeps_title_and_link(store: Store, priya: Client, add_article) -> None:
    a = add_article("Soon gone", "https://news.example.org/gone")
    share = store.mark_share(priya.id, a)
    store.db.execute("DELETE FROM articles WHERE id = ?", [a])
    kept = store.get_share(share.id)
    assert kept.article_id is None
    assert (kept.title, kept.link) == ("Soon gone", "https://news.example.org/gone")
    assert store.mark_sent(share.id).status == "sent"
    assert "Soon gone" in store.list_interactions(priya.id)[0].text


def test_a_purged_articles_share_can_leave_the_queue(
    store: Store, priya: Client, add_article
) -> None:
    a = add_article("Soon gone", "https://news.example.org/gone")
    share = store.mark_share(priya.id, a)
    store.db.execute("DELETE FROM articles WHERE id = ?", [a])
    assert store.unqueue_share(share.id).status == "dismissed"
    assert store.list_shares(statuses="marked") == []
    sent = store.mark_share(priya.id, add_article("Sent one"))
    store.mark_sent(sent.id)
    with pytest.raises(PrepdeckError, match="already sent"):
        store.unqueue_share(sent.id)


def test_list_filters(store: Store, priya: Client, add_article) -> None:
    other = store.add_client("Bo")
    s1 = store.mark_share(priya.id, add_article("one"))
    s2 = store.mark_share(other.id, add_article("two"))
    store.mark_sent(s2.id)
    assert [s.id for s in store.list_shares(statuses="marked")] == [s1.id]
    assert [s.id for s in store.list_shares(statuses=("marked", "sent"))] == [s2.id, s1.id]
    assert [s.id for s in store.list_shares(other.id)] == [s2.id]
    note = store.set_share_note(s1.id, "  edited draft  ")
    assert note.note == "edited draft"
    with pytest.raises(NotFound):
        store.get_share(999)
