"""The passphrase screen: an encrypted database is asked for before anything is read from it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from prepdeck.errors import PrepdeckError
from prepdeck.screens.styled_once import StyledOnce
from prepdeck.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from prepdeck.app import PrepdeckApp


class UnlockScreen(StyledOnce, Screen[None]):
    """One hidden field; a wrong passphrase is one line here, and the field is cleared."""

    BINDINGS = [
        Binding("ctrl+q", "app.quit", "Quit", id="unlock.quit", tooltip="Leave; nothing is read"),
    ]

    class Checked(Message):
        """The passphrase was tried: `error` is None when it opened the database."""

        def __init__(self, error: str | None) -> None:
            super().__init__()
            self.error = error

    app: PrepdeckApp

    def __init__(self, db_path: Path, notices: list[str] | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self.notices = notices or []

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock"):
            yield Static(Content(f"{self.db_path} is encrypted."), id="unlock-title")
            yield Input(password=True, placeholder="Passphrase, then enter", id="unlock-input")
            yield Static(Content("\n".join(self.notices)), id="unlock-error")
        yield KeyBar()

    @on(Input.Submitted, "#unlock-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.input.disabled = True
        self.query_one("#unlock-error", Static).update(Content("Opening…"))
        self._check(event.value)

    @work(thread=True, exclusive=True, group="unlock", exit_on_error=False)
    def _check(self, passphrase: str) -> None:
        """Deriving the key takes a good fraction of a second: off the screen's thread."""
        from prepdeck.passphrase import check

        try:
            check(self.db_path, passphrase)
        except PrepdeckError as exc:
            self.post_message(self.Checked(str(exc)))
        else:
            self.post_message(self.Checked(None))

    @on(Checked)
    def _checked(self, event: Checked) -> None:
        if event.error is None:
            self.app.unlocked()
            return
        field = self.query_one("#unlock-input", Input)
        field.value = ""
        field.disabled = False
        field.focus()
        self.query_one("#unlock-error", Static).update(Content(event.error))
