"""Every write the app makes, kept newest first with the rows it changed, so `u` takes
back exactly the newest one: a deleted note returns with its id and fields, a "sent"
share loses the conversation it logged.

Each operation below makes one write through the store and returns the Change that
undoes it; the rows are read and written in one transaction, so what is put back is
what the write replaced. No Textual here: the app and the tests drive the same code.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from prepdeck.store import RowSnapshot, Store
from prepdeck.untrusted import clean_chars
from prepdeck.wording import counted, join_and

HISTORY_LIMIT = 200
QUOTE_LENGTH = 48


@dataclass(frozen=True)
class Change:
    """One write made in the app: what it was, in words, and the rows it replaced."""

    description: str  # lower case, to follow "Undone: " — e.g. kept promise “Send the lease”
    client_id: int | None
    snapshots: tuple[RowSnapshot, ...]

    @property
    def done(self) -> str:
        """The description as a sentence of its own, for the toast after the write."""
        return self.description[:1].upper() + self.description[1:]


class UndoHistory:
    """The app's writes, newest last; shared by the UI thread and the write workers."""

    def __init__(self, limit: int = HISTORY_LIMIT) -> None:
        self._changes: deque[Change] = deque(maxlen=limit)
        self._lock = threading.Lock()

    def record(self, change: Change) -> None:
        with self._lock:
            self._changes.append(change)

    def pop(self) -> Change | None:
        """The newest change, taken off the history (None when there is none)."""
        with self._lock:
            return self._changes.pop() if self._changes else None

    def entries(self) -> list[Change]:
        """Newest first."""
        with self._lock:
            return list(reversed(self._changes))

    def __len__(self) -> int:
        return len(self._changes)


def undo(store: Store, change: Change) -> None:
    """Put back every row the change replaced, and remove the rows it added."""
    store.restore(change.snapshots)


def quote(text: str | None) -> str:
    """A record's text, short and on one line, in curly quotes (and under the character
    rule: it is shown in a toast, and may be anything a user typed or a feed sent)."""
    line = " ".join(clean_chars(text or "untitled", multiline=True).split())
    if len(line) > QUOTE_LENGTH:
        line = line[: QUOTE_LENGTH - 1].rstrip() + "…"
    return f"“{line}”"


# -- the generic shapes: any table the store knows -----------------------------
def created(
    store: Store, table: str, description: str, client_id: int | None, make: Callable[[], int]
) -> Change:
    """Add a row (`make` returns its id); undoing deletes it again."""
    with store.transaction():
        row_id = make()
    return Change(description, client_id, (store.created(table, row_id),))


def edited(
    store: Store,
    table: str,
    row_id: int,
    description: str,
    client_id: int | None,
    write: Callable[[], Any],
) -> Change:
    """Change a row in place; undoing writes every column back as it was."""
    with store.transaction():
        before = store.snapshot(table, row_id)
        write()
    return Change(description, client_id, tuple(before))


def deleted(
    store: Store, table: str, row_id: int, description: str, client_id: int | None
) -> Change:
    """Delete a row; undoing re-inserts it, and what pointed at it, under the same ids."""
    with store.transaction():
        before = store.snapshot(table, row_id, dependents=True)
        store.delete_row(table, row_id)
    return Change(description, client_id, tuple(before))


def tracked(
    store: Store,
    client_id: int | None,
    *,
    touched: Callable[[], list[tuple[str, int]]],
    adds: tuple[str, ...],
    write: Callable[[], Any],
    describe: Callable[[Any], str],
) -> Change:
    """A write of several rows as one unit (an after-meeting record, an import): the rows
    `touched` names are kept as they were and every row it adds to the tables `adds`
    names (parents first) is noted, all in the write's own transaction.
    `describe` turns what `write` returned into the words of the toast."""
    with store.transaction():
        before = [snap for table, row_id in touched() for snap in store.snapshot(table, row_id)]
        last = {table: store.last_id(table) for table in adds}
        result = write()
        added = [store.created(t, i) for t in adds for i in store.ids_after(t, last[t])]
    return Change(describe(result), client_id, (*before, *added))


# -- promises -------------------------------------------------------------------
PROMISE_VERBS = {"kept": "kept", "open": "reopened", "dropped": "dropped"}


def set_promise_status(store: Store, promise_id: int, status: str, on: date) -> Change:
    """Keep (on `on`, the app's today), reopen or drop a promise, by the store's rules
    (a dropped promise is reopened before it is kept; a kept one is not dropped)."""
    promise = store.get_promise(promise_id)
    writes: dict[str, Callable[[], Any]] = {
        "kept": lambda: store.keep_promise(promise_id, on, today=on),
        "open": lambda: store.reopen_promise(promise_id),
        "dropped": lambda: store.drop_promise(promise_id),
    }
    return edited(
        store,
        "promises",
        promise_id,
        f"{PROMISE_VERBS[status]} promise {quote(promise.text)}",
        promise.client_id,
        writes[status],
    )


# -- notes, promises, conversations: the quick-capture forms ----------------------
RECORD_TABLES = {"note": "notes", "promise": "promises", "interaction": "interactions"}
RECORD_WORDS = {"note": "note", "promise": "promise", "interaction": "conversation"}
# `what` below is one of these keys ("kind" is an interaction's own field).


def add_record(store: Store, what: str, client_id: int, text: str, **fields: Any) -> Change:
    """Add a note, promise or conversation (fields as the store's add call takes them)."""
    adders: dict[str, Callable[..., Any]] = {
        "note": store.add_note,
        "promise": store.add_promise,
        "interaction": store.log_interaction,
    }
    verb = "logged" if what == "interaction" else "added"
    with store.transaction():
        record = adders[what](client_id, text, **fields)
    description = f"{verb} {RECORD_WORDS[what]} {quote(record.text)}"  # as stored
    return Change(description, client_id, (store.created(RECORD_TABLES[what], record.id),))


def edit_record(store: Store, what: str, record_id: int, client_id: int, **fields: Any) -> Change:
    """Edit a note, promise or conversation (fields as the store's update call takes them)."""
    updaters: dict[str, Callable[..., Any]] = {
        "note": store.update_note,
        "promise": store.update_promise,
        "interaction": store.update_interaction,
    }
    change = edited(
        store,
        RECORD_TABLES[what],
        record_id,
        "",
        client_id,
        lambda: updaters[what](record_id, **fields),
    )
    text = _record_text(store, what, record_id)  # as stored
    return replace(change, description=f"edited {RECORD_WORDS[what]} {quote(text)}")


def delete_record(store: Store, what: str, record_id: int, client_id: int) -> Change:
    """Delete a note, promise or conversation."""
    text = _record_text(store, what, record_id)
    description = f"deleted {RECORD_WORDS[what]} {quote(text)}"
    return deleted(store, RECORD_TABLES[what], record_id, description, client_id)


def _record_text(store: Store, what: str, record_id: int) -> str:
    getters: dict[str, Callable[[int], Any]] = {
        "note": store.get_note,
        "promise": store.get_promise,
        "interaction": store.get_interaction,
    }
    return str(getters[what](record_id).text)


def resolve_complaint(store: Store, interaction_id: int, on: date) -> Change:
    """Mark a complaint resolved."""
    talk = store.get_interaction(interaction_id)
    return edited(
        store,
        "interactions",
        interaction_id,
        f"resolved complaint {quote(talk.text)}",
        talk.client_id,
        lambda: store.resolve_complaint(interaction_id, on),
    )


# -- shares ------------------------------------------------------------------------
def _share_change(
    store: Store, client_id: int, article_id: int, description: str, write: Callable[[], Any]
) -> Change:
    """Mark or dismiss: the share row is created or changed."""
    with store.transaction():
        existing = store.find_share(client_id, article_id)
        before = store.snapshot("shares", existing.id) if existing else []
        share = write()
        if existing is None:
            before = [store.created("shares", share.id)]
    return Change(description, client_id, tuple(before))


def mark_share(
    store: Store, client_id: int, article_id: int, title: str, reasons: list[str]
) -> Change:
    """Mark an article to send to a client."""
    return _share_change(
        store,
        client_id,
        article_id,
        f"marked {quote(title)} to send",
        lambda: store.mark_share(client_id, article_id, reasons=reasons),
    )


def dismiss_share(store: Store, client_id: int, article_id: int, title: str) -> Change:
    """Not for this client."""
    return _share_change(
        store,
        client_id,
        article_id,
        f"dismissed {quote(title)}",
        lambda: store.dismiss_share(client_id, article_id),
    )


def unqueue_share(store: Store, share_id: int) -> Change:
    """Take a marked share off the send queue."""
    share = store.get_share(share_id)
    return edited(
        store,
        "shares",
        share_id,
        f"took {quote(share.title or share.link)} off the queue",
        share.client_id,
        lambda: store.unqueue_share(share_id),
    )


def mark_sent(store: Store, share_id: int, on: date) -> Change:
    """Sent: the share is stamped and an article-sent conversation logged; undoing
    takes back both."""
    share = store.get_share(share_id)
    with store.transaction():
        before = store.snapshot("shares", share_id)
        last = store.last_id("interactions")
        store.mark_sent(share_id, on=on)
        logged = [store.created("interactions", i) for i in store.ids_after("interactions", last)]
    return Change(
        f"marked {quote(share.title or share.link)} sent (and its logged conversation)",
        share.client_id,
        (*before, *logged),
    )


def set_share_note(store: Store, share_id: int, note: str | None) -> Change:
    """Keep an edited draft with the share."""
    share = store.get_share(share_id)
    return edited(
        store,
        "shares",
        share_id,
        f"edited the note to send with {quote(share.title or share.link)}",
        share.client_id,
        lambda: store.set_share_note(share_id, note),
    )


# -- calendar meetings ---------------------------------------------------------------
def attach_meeting(
    store: Store,
    meeting_id: int,
    client_id: int,
    remember: Sequence[tuple[str, str]] = (),
) -> Change:
    """Attach a meeting that matched no client (as `calendar attach` does), and remember
    the chosen attendees, (name, email) each, as contacts of that client; their other
    meetings are matched at once, not at the next sync. Undoing takes back all of it."""
    from prepdeck.calendar.sync import matcher_for, rematch_changes

    with store.transaction():
        before = store.snapshot("meetings", meeting_id)
        meeting = store.attach_meeting(meeting_id, client_id)
        added = [
            store.add_contact(client_id, name or email, email=email) for name, email in remember
        ]
        matched_now = 0
        if added:
            matcher = matcher_for(store)
            # A stored email changes the matches of meetings at its domain, and no others.
            domains = [email.rpartition("@")[2] for _, email in remember]
            for calendar in store.list_calendars():
                changes, _, _ = rematch_changes(store, calendar.id, matcher, domains)
                for _, _, changed_id in changes:
                    before += store.snapshot("meetings", changed_id)
                store.set_meeting_matches(changes)
                matched_now += sum(1 for change in changes if change[0] == client_id)
    description = f"attached {quote(meeting.title)} to {meeting.client_name}"
    if added:
        names = join_and([c.name for c in added])
        description += f" and remembered {names} as {'contacts' if len(added) > 1 else 'a contact'}"
    if matched_now:
        description += f" ({counted(matched_now, 'more meeting')} now theirs)"
    created = tuple(store.created("contacts", c.id) for c in added)
    return Change(description, client_id, (*before, *created))
