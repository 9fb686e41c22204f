"""The share queue: articles marked to send, grouped by client, each with a drafted note."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static

from prepdeck.export import draft_note
from prepdeck.messages import ClientOpenRequested, DataChanged
from prepdeck.models import Share
from prepdeck.store import Store
from prepdeck.widgets.fetch_bar import FetchBar
from prepdeck.widgets.key_bar import KeyBar
from prepdeck.widgets.share_list import QueuedShare, ShareList

if TYPE_CHECKING:
    from prepdeck.app import PrepdeckApp

EMPTY = (
    "Nothing is waiting to be sent. In a briefing, highlight an article under News "
    "and press m to mark it for the client; it appears here with a drafted note."
)


def draft_for(store: Store, share: Share) -> str:
    """The note to send: the user's edited text when there is one, else a fresh draft."""
    client = store.get_client(share.client_id)
    contacts = store.list_contacts(share.client_id)
    contact = next((c for c in contacts if c.email), None) if not client.email else None
    return draft_note(client, share, store.list_notes(share.client_id), contact=contact)


def queued(store: Store) -> list[QueuedShare]:
    """Every marked share, grouped by client name, newest first within each client."""
    names = {c.id: c.name for c in store.list_clients()}
    shares = store.list_shares(None, "marked")
    shares.sort(key=lambda s: names.get(s.client_id, "").lower())  # stable: keeps newest first
    return [QueuedShare(s, names.get(s.client_id, "?"), draft_for(store, s)) for s in shares]


class ShareQueueScreen(Screen[None]):
    """The list on one side, the highlighted share's draft on the other."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="queue.back", tooltip="Back"),
    ]

    @dataclass
    class Loaded(Message):
        """The queue was read from the store."""

        items: list[QueuedShare]

    @property
    def prepdeck(self) -> PrepdeckApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with Container(id="queue"):
            yield ShareList(id="share-list")
            with VerticalScroll(id="draft-box"):
                yield Static("", id="draft")
        yield Static(EMPTY, id="queue-empty")
        yield FetchBar()
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "To send"
        self.query_one("#share-list").border_title = "Marked to send"
        self.query_one("#draft-box").border_title = "Draft"
        self.query_one("#queue-empty").display = False
        self.query_one(ShareList).focus()
        self.load()

    @on(DataChanged)
    def _changed(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="queue", exit_on_error=False)
    def load(self) -> None:
        with self.prepdeck.db() as store:
            items = queued(store)
        self.post_message(self.Loaded(items))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.query_one("#queue").display = bool(event.items)
        self.query_one("#queue-empty").display = not event.items
        self.query_one(ShareList).show(event.items)
        self._show_draft()

    @on(OptionList.OptionHighlighted)
    def _show_draft(self) -> None:
        item = self.query_one(ShareList).current
        draft = self.query_one("#draft", Static)
        if item is None:
            draft.update("")
            return
        parts: list[str | tuple[str, str]] = [(item.share.title or "", "bold"), "\n"]
        if item.share.reasons:
            parts += [("Why: " + "; ".join(item.share.reasons), "$text-muted"), "\n"]
        parts += ["\n", item.draft]
        draft.update(Content.assemble(*parts))
        self.query_one("#draft-box").border_subtitle = Content(f"to {item.client_name}")

    @on(ShareList.ActionRequested)
    def _act(self, event: ShareList.ActionRequested) -> None:
        item, app = event.item, self.prepdeck
        share_id, client_id = item.share.id, item.share.client_id
        if event.action == "copy":
            app.copy_to_clipboard(item.draft)
            self.notify(f"Copied the note for {item.client_name}.", markup=False, timeout=3)
        elif event.action == "sent":
            today = app.today
            app.save(
                f"Sent to {item.client_name}; logged as a conversation.",
                lambda s: s.mark_sent(share_id, on=today),
                client_id=client_id,
            )
        elif event.action == "dismiss":
            app.save(
                "Taken off the queue.", lambda s: s.unqueue_share(share_id), client_id=client_id
            )
        elif event.action == "edit":
            from prepdeck.screens.share_edit import ShareEditScreen

            app.push_screen(ShareEditScreen(item))
        elif event.action == "brief":
            app.post_message(ClientOpenRequested(client_id))
