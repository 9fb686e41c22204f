"""Edit a drafted share note before copying or sending it."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from prepdeck import undo
from prepdeck.screens.styled_once import StyledOnce
from prepdeck.widgets.key_bar import KeyBar
from prepdeck.widgets.share_list import QueuedShare

if TYPE_CHECKING:
    from prepdeck.app import PrepdeckApp


class ShareEditScreen(StyledOnce, ModalScreen[None]):
    """The whole message in a text area; ctrl+s keeps it with the share."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="edit.cancel", tooltip="Close, saving nothing"),
        Binding("ctrl+s", "save", "Save", id="edit.save", tooltip="Keep this text"),
    ]

    def __init__(self, item: QueuedShare) -> None:
        super().__init__()
        self.item = item
        self.saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="share-edit"):
            yield Static(Content(f"Note to {self.item.client_name}"), id="share-edit-title")
            yield TextArea(self.item.draft.body, id="share-edit-text", soft_wrap=True)
            yield Label("", id="share-edit-error", classes="field-error", markup=False)
            with Horizontal(id="capture-buttons"):
                yield Button("Save  ctrl+s", variant="primary", id="save")
                yield Button("Cancel  esc", id="cancel")
        yield KeyBar()  # this form's own keys, over the screen's below

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def _error(self, reason: str) -> None:
        error = self.query_one("#share-edit-error", Label)
        error.update(reason)
        error.add_class("-shown")

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if not text:
            self._error("The note is empty; write something or press esc.")
            return
        if self.saving:
            return
        self.saving = True
        app: PrepdeckApp = self.app  # type: ignore[assignment]  # Textual types self.app as App; it is always PrepdeckApp
        share_id = self.item.share.id
        app.write(
            partial(undo.set_share_note, share_id=share_id, note=text + "\n"), done=self._saved
        )

    def _saved(self, reason: str | None) -> None:
        """Close once the note has committed; a failed save keeps the text and says why."""
        self.saving = False
        if self not in self.app.screen_stack:
            if reason is not None:
                self.notify(reason, severity="error", markup=False, timeout=8)
        elif reason is None:
            self.dismiss()
        else:
            self._error(f"Not saved: {reason}")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss()
