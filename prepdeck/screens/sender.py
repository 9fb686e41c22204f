"""Who drafts are from: name, email and signature, kept in the config file's [sender]."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from prepdeck.config import Sender, config_path, load_config, save_sender, sender_problem
from prepdeck.errors import PrepdeckError
from prepdeck.messages import DataChanged
from prepdeck.screens.styled_once import StyledOnce
from prepdeck.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from prepdeck.app import PrepdeckApp


class SenderScreen(StyledOnce, ModalScreen[None]):
    """A small form; ctrl+s writes [sender] into the config file (other settings kept)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="sender.cancel", tooltip="Close, saving nothing"),
        Binding("ctrl+s", "save", "Save", id="sender.save", tooltip="Save", priority=True),
    ]

    def compose(self) -> ComposeResult:
        try:
            sender = load_config().sender
        except PrepdeckError:
            sender = Sender()  # a broken file is reported when saving, not here
        with Vertical(id="sender-form"):
            yield Static("Your name, email and signature", id="sender-title")
            yield Static(f"Kept in {config_path()} under [sender].", markup=False)
            yield Label("Name")
            yield Input(sender.name, placeholder="Jane Smith", id="sender-name", compact=True)
            yield Label("Email (From: in saved drafts)")
            yield Input(
                sender.email, placeholder="jane@example.com", id="sender-email", compact=True
            )
            yield Label("Signature (ends every draft; blank: your name)")
            yield TextArea(sender.signature, id="sender-signature", soft_wrap=True)
            yield Label("", id="sender-error", classes="field-error", markup=False)
            with Horizontal(id="capture-buttons"):
                yield Button("Save  ctrl+s", variant="primary", id="save")
                yield Button("Cancel  esc", id="cancel")
        yield KeyBar()  # this form's own keys, over the screen's below

    def on_mount(self) -> None:
        self.query_one("#sender-name", Input).focus()

    def _error(self, message: str) -> None:
        error = self.query_one("#sender-error", Label)
        error.update(message)
        error.add_class("-shown")

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        sender = Sender(
            self.query_one("#sender-name", Input).value.strip(),
            self.query_one("#sender-email", Input).value.strip(),
            self.query_one("#sender-signature", TextArea).text.strip(),
        )
        problem = sender_problem(sender)
        if problem:
            self._error(problem)
            return
        try:
            path = save_sender(sender)
        except PrepdeckError as exc:
            self._error(str(exc))
            return
        app: PrepdeckApp = self.app  # type: ignore[assignment]  # Textual types self.app as App; it is always PrepdeckApp
        app.post_message(DataChanged(None, f"Saved your sender details in {path}."))
        self.dismiss()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss()
