"""The empty database's welcome: add the first client, import people, or try the demo."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

WELCOME = (
    "Welcome to prepdeck.\n\n"
    "There are no clients in this database yet. Add your first, import people from a "
    "CSV or vCard file (Google, Outlook or prepdeck columns; a preview shows what would "
    "happen first), or look around a demo full of made-up clients: your own database "
    "stays as it is.\n\n"
    "ctrl+q quits; ? lists the keys; ctrl+p finds every action by name."
)


class Welcome(Vertical):
    """Three buttons whose ids name the home screen's actions (new_client, import, demo)."""

    def compose(self) -> ComposeResult:
        yield Static(Content(WELCOME), id="welcome-text")
        with Horizontal(id="welcome-buttons"):
            yield Button("Add your first client", variant="primary", id="welcome-new-client")
            yield Button("Import contacts…", id="welcome-import")
            yield Button("Open the demo", id="welcome-demo")
