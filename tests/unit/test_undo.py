"""prepdeck.undo without the app: each operation's Change puts back exactly what was there."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from prepdeck import undo, undo_manage
from prepdeck.errors import PrepdeckError
from prepdeck.store import Store

TABLES = ("clients", "contacts", "notes", "promises", "interactions", "shares", "feeds")


def everything(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    finally:
        conn.close()


@pytest.fixture
def filled(store: Store) -> dict[str, int]:
    client = store.add_client("Ann Lee", company="Lee & Co")
    contact = store.add_contact(client.id, "Bo Lee", role="CFO")
    note = store.add_note(client.id, "Ask about the move", contact_id=contact.id, pinned=True)
    promise = store.add_promise(client.id, "Send the lease draft", due_on=date(2026, 12, 1))
    talk = store.log_interaction(client.id, "Unhappy with the invoice", complaint=True)
    return {
        "client": client.id,
        "contact": contact.id,
        "note": note.id,
        "promise": promise.id,
        "talk": talk.id,
    }


def test_drop_and_resolve_are_taken_back(store: Store, filled: dict[str, int]) -> None:
    before = everything(store.path)
    dropped = undo.set_promise_status(store, filled["promise"], "dropped", date(2026, 11, 23))
    resolved = undo.resolve_complaint(store, filled["talk"], date(2026, 11, 23))
    assert dropped.description == "dropped promise “Send the lease draft”"
    assert resolved.description == "resolved complaint “Unhappy with the invoice”"
    assert store.get_interaction(filled["talk"]).resolved_on == date(2026, 11, 23)
    undo.undo(store, resolved)
    undo.undo(store, dropped)
    assert everything(store.path) == before


def test_deleting_a_client_comes_back_with_everything_it_held(
    store: Store, filled: dict[str, int]
) -> None:
    before = everything(store.path)
    change = undo.deleted(store, "clients", filled["client"], "deleted client “Ann Lee”", None)
    assert everything(store.path)["notes"] == []  # the schema cascaded
    undo.undo(store, change)
    assert everything(store.path) == before


def test_deleting_a_contact_gives_its_notes_their_contact_back(
    store: Store, filled: dict[str, int]
) -> None:
    before = everything(store.path)
    change = undo.deleted(store, "contacts", filled["contact"], "removed contact", None)
    assert store.get_note(filled["note"]).contact_id is None
    undo.undo(store, change)
    assert everything(store.path) == before


def test_a_created_row_is_removed_again(store: Store, filled: dict[str, int]) -> None:
    before = everything(store.path)
    change = undo.add_record(store, "promise", filled["client"], "Call back", due_on=None)
    assert change.done == "Added promise “Call back”"
    undo.undo(store, change)
    assert everything(store.path) == before


def test_history_is_newest_first_and_bounded() -> None:
    history = undo.UndoHistory(limit=2)
    for n in range(3):
        history.record(undo.Change(f"change {n}", None, ()))
    assert [c.description for c in history.entries()] == ["change 2", "change 1"]
    popped = history.pop()
    assert popped is not None and popped.description == "change 2"
    assert len(history) == 1


def test_only_the_app_tables_can_be_named(store: Store) -> None:
    with pytest.raises(PrepdeckError):
        store.snapshot("sqlite_master", 1)


def test_long_text_is_quoted_short_on_one_line() -> None:
    quoted = undo.quote("a\nvery " + "long " * 20)
    assert quoted.startswith("“a very long") and quoted.endswith("…”")
    assert len(quoted) <= undo.QUOTE_LENGTH + 2


def test_adding_a_stored_feed_again_merges_and_undo_puts_its_tags_back(store: Store) -> None:
    feed = store.add_feed("https://news.example/feed", title="Wire", tags=["rail"])
    before = everything(store.path)
    change = undo_manage.add_feed(store, "HTTPS://news.example/feed/", tags=["ports"])
    assert change.description == "merged tags into the stored feed “Wire”"
    assert store.get_feed(feed.id).tags == ["rail", "ports"]
    assert len(store.list_feeds()) == 1
    undo.undo(store, change)
    assert everything(store.path) == before


def test_a_failed_import_leaves_nothing_to_undo(store: Store, tmp_path: Path) -> None:
    """A .vcf file with no vCard in it: the one-line error, and nothing written."""
    people = tmp_path / "people.vcf"
    people.write_text("no vcard here")
    before = everything(store.path)
    with pytest.raises(PrepdeckError):
        undo_manage.import_people(store, people)
    assert everything(store.path) == before
