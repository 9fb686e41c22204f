"""The share queue: articles marked to send, grouped by client, each with a drafted note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static

from prepdeck import undo
from prepdeck.config import load_config
from prepdeck.export import drafts_folder, mailto_url, save_draft
from prepdeck.export.launch import open_with_system
from prepdeck.export.queue import queue_drafts
from prepdeck.messages import ClientOpenRequested, DataChanged
from prepdeck.screens.styled_once import StyledOnce
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


COPIED = (
    "Sent to your terminal's clipboard; if nothing arrived, your terminal does not support "
    "it — save or open as mail instead."
)


def queued(store: Store, today: date) -> list[QueuedShare]:
    """Every marked share with its draft, from the one draft builder, in queue order."""
    sender = load_config().sender
    names = {c.id: c.name for c in store.list_clients()}
    return [
        QueuedShare(share, names.get(share.client_id, "?"), draft, sender)
        for share, draft in queue_drafts(store, today, sender)
    ]


class ShareQueueScreen(StyledOnce, Screen[None]):
    """The list on one side, the highlighted share's draft on the other."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="queue.back", tooltip="Back"),
        Binding(
            "u",
            "app.undo",
            "Undo",
            id="queue.undo",
            tooltip="Undo the newest change made in the app, whichever it was",
            show=False,
        ),
        Binding(
            "i", "sender", "Sender", id="queue.sender", tooltip="Your name, email and signature"
        ),
    ]

    @dataclass
    class Loaded(Message):
        """The queue was read from the store."""

        items: list[QueuedShare]

    @property
    def prepdeck(self) -> PrepdeckApp:
        return self.app  # type: ignore[return-value]  # Textual types self.app as App; it is always PrepdeckApp

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
            items = queued(store, self.prepdeck.today)
        self.post_message(self.Loaded(items))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.query_one("#queue").display = bool(event.items)
        self.query_one("#queue-empty").display = not event.items
        share_list = self.query_one(ShareList)
        share_list.show(event.items)
        if event.items and self.focused is None:  # hidden while empty, it lost the focus
            share_list.focus()
        self._show_draft()

    @on(OptionList.OptionHighlighted)
    def _show_draft(self) -> None:
        item = self.query_one(ShareList).current
        draft = self.query_one("#draft", Static)
        if item is None:
            draft.update("")
            return
        d = item.draft
        parts: list[str | tuple[str, str]] = [
            ("To: ", "$text-muted"),
            (d.to_line, "" if d.to_email else "$text-warning"),
            "\n",
            ("Subject: ", "$text-muted"),
            d.subject,
            "\n",
        ]
        for caution in d.cautions:
            parts += [("⚠ " + caution, "$text-warning"), "\n"]
        if not item.sender.sign_off:
            parts += [("Unsigned: press i to set your name and signature.", "$text-muted"), "\n"]
        parts += ["\n", d.body]
        draft.update(Content.assemble(*parts))
        self.query_one("#draft-box").border_subtitle = Content(f"to {item.client_name}")

    @on(ShareList.ActionRequested)
    def _act(self, event: ShareList.ActionRequested) -> None:
        item, app = event.item, self.prepdeck
        share_id, client_id = item.share.id, item.share.client_id
        if event.action == "copy":
            app.copy_to_clipboard(item.draft.body)
            self.notify(COPIED, markup=False, timeout=6)
        elif event.action in ("mail", "link", "save"):
            self.send(item, event.action)
        elif event.action == "sent":
            app.write(partial(undo.mark_sent, share_id=share_id, on=app.today))
        elif event.action == "dismiss":
            app.write(partial(undo.unqueue_share, share_id=share_id))
        elif event.action == "edit":
            from prepdeck.screens.share_edit import ShareEditScreen

            app.push_screen(ShareEditScreen(item))
        elif event.action == "brief":
            app.post_message(ClientOpenRequested(client_id))

    @work(thread=True, group="send", exit_on_error=False)
    def send(self, item: QueuedShare, how: str) -> None:
        """Save the .eml (and open it), or open a mailto: link: off the UI thread, since a
        mail client can take seconds to start. Marking sent stays a separate key."""
        if how == "link":
            url, shortened = mailto_url(item.draft)
            problem = open_with_system(url)
            note = (
                " The note was shortened to fit; save the .eml for all of it." if shortened else ""
            )
            self._tell(
                f"Could not open a mail link: {problem}"
                if problem
                else f"Opened a new message.{note}"
            )
            return
        folder = drafts_folder(self.prepdeck.db_path)
        try:
            path = save_draft(item.draft, folder, item.sender)
        except OSError as exc:
            self._tell(f"Could not save the draft in {folder}: {exc.strerror or exc}.")
            return
        if how == "save":
            self._tell(f"Saved the draft as {path}.")
            return
        problem = open_with_system(str(path))
        self._tell(
            f"Saved {path}, but it could not be opened: {problem}"
            if problem
            else f"Opened the draft in your mail app (saved as {path})."
        )

    def _tell(self, message: str) -> None:
        self.app.notify(message, markup=False, timeout=8)  # thread-safe

    def action_sender(self) -> None:
        from prepdeck.screens.sender import SenderScreen

        self.app.push_screen(SenderScreen())

    def _act_on_current(self, action: str) -> None:
        self.query_one(ShareList).action_act(action)

    def palette_commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        """What the command palette offers while the queue is open."""
        act = self._act_on_current
        return [
            ("share: Open the draft in your mail app", partial(act, "mail"), "Saves an .eml"),
            ("share: Open as a mail link", partial(act, "link"), "A mailto: link"),
            ("share: Save the draft as .eml", partial(act, "save"), "Beside the database"),
            ("share: Copy the draft", partial(act, "copy"), "Through the terminal"),
            ("share: Mark sent", partial(act, "sent"), "Logs the conversation"),
        ]
