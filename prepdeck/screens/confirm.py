"""The one rule for destructive actions: ask in a modal, act only on a yes."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from prepdeck.widgets.key_bar import KeyBar


class ConfirmScreen(ModalScreen[bool]):
    """A question about user data (plain text, never markup); y or Enter says yes."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", tooltip="Keep it as it is"),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="form"):
            yield Static(Content(self.question), id="confirm-question")
            with Horizontal(classes="form-buttons"):
                yield Button(Content(f"{self.yes}  y"), variant="error", id="yes", compact=True)
                yield Button("No  n", id="no", compact=True)
        yield KeyBar()  # this form's own keys, over the screen's below

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
