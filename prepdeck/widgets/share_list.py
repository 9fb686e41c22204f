"""The share queue's list: marked articles grouped under each client's name."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from prepdeck.config import Sender
from prepdeck.export import Draft
from prepdeck.models import Share


@dataclass
class QueuedShare:
    """A marked share with its client's name, the draft to send and who it is from."""

    share: Share
    client_name: str
    draft: Draft
    sender: Sender


class ShareList(OptionList):
    """One option per share; client names are disabled headings between groups."""

    BINDINGS = [
        Binding("enter,e", "act('edit')", "Edit note", id="share.edit", tooltip="Edit the draft"),
        Binding("o", "act('mail')", "Mail", id="share.mail", tooltip="Save as .eml and open it"),
        Binding("l", "act('link')", "Link", id="share.link", tooltip="Open a mailto: link"),
        Binding("w", "act('save')", "Save", id="share.save", tooltip="Save as an .eml draft"),
        Binding("c", "act('copy')", "Copy", id="share.copy", tooltip="Copy the draft"),
        Binding("s", "act('sent')", "Sent", id="share.sent", tooltip="Mark sent; logs it"),
        Binding("d", "act('dismiss')", "Drop", id="share.drop", tooltip="Take it off the queue"),
        Binding("b", "act('brief')", "Briefing", id="share.brief", tooltip="Open the client"),
    ]

    @dataclass
    class ActionRequested(Message):
        """A key was pressed on a queued share: edit, mail, link, save, copy, sent, dismiss…"""

        item: QueuedShare
        action: str

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]  # kwargs are OptionList's own keywords, passed on
        self.items: dict[str, QueuedShare] = {}

    def show(self, queued: list[QueuedShare]) -> None:
        current = self.highlighted_option.id if self.highlighted_option else None
        self.items = {f"share-{q.share.id}": q for q in queued}
        self.clear_options()
        options: list[Option | None] = []
        last_client: int | None = None
        for q in queued:
            if q.share.client_id != last_client:
                if options:
                    options.append(None)
                heading = Content.styled(q.client_name, "bold $accent")
                options.append(Option(heading, id=f"client-{q.share.client_id}", disabled=True))
                last_client = q.share.client_id
            title = Content.assemble(("  ★ ", "$accent"), q.share.title or q.share.link or "?")
            options.append(Option(title, id=f"share-{q.share.id}"))
        self.add_options(options)
        if current in self.items:
            self.highlighted = self.get_option_index(current)
        elif self.items:
            self.highlighted = self.get_option_index(next(iter(self.items)))

    @property
    def current(self) -> QueuedShare | None:
        option = self.highlighted_option
        return self.items.get(option.id) if option and option.id else None

    def action_act(self, action: str) -> None:
        if self.current is not None:
            self.post_message(self.ActionRequested(self.current, action))
