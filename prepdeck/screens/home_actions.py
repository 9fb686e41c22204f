"""Home's ways to change things: new client, archived clients, feeds, import and the demo.

A mixin of ClientsScreen, so the screen file keeps to listing and filtering.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prepdeck.app import PrepdeckApp
    from prepdeck.briefing import ClientRow

PaletteCommand = tuple[str, Callable[[], Any], str]


def archived_note(hidden: int, showing: bool) -> str:
    """The client table title's word on archived (status ended) clients."""
    if showing:
        return " · archived shown (ctrl+o hides)"
    if hidden:
        return f" · {hidden} archived hidden (ctrl+o)"
    return ""


def run_demo() -> None:
    """`prepdeck demo` in a child process on a fresh temporary database, never the user's."""
    env = {k: v for k, v in os.environ.items() if k != "PREPDECK_DB"}
    subprocess.run([sys.executable, "-m", "prepdeck", "demo"], env=env, check=False)


class HomeActionsMixin:
    """Actions and palette entries; the screen supplies rows, redraw and the table."""

    app: Any
    rows: list[ClientRow]
    show_archived: bool
    redraw: Callable[[], None]
    query_one: Any
    notify: Any

    @property
    def _app(self) -> PrepdeckApp:
        return self.app

    def _clients(self) -> list[tuple[str, int]]:
        return sorted(((r.name, r.client_id) for r in self.rows), key=lambda c: c[0].lower())

    def _highlighted(self) -> ClientRow | None:
        from prepdeck.widgets.client_table import ClientTable

        key = self.query_one(ClientTable).current_key()
        return next((r for r in self.rows if str(r.client_id) == str(key)), None)

    def action_new_client(self) -> None:
        from prepdeck.screens.client_form import new_client

        new_client(self._app)

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.redraw()

    def action_feeds(self) -> None:
        from prepdeck.screens.feeds import open_feeds

        open_feeds(self._app)

    def action_meetings(self) -> None:
        from prepdeck.screens.unmatched_meetings import open_unmatched_meetings

        open_unmatched_meetings(self._app)

    def action_import(self) -> None:
        from prepdeck.screens.import_people import ImportScreen

        self._app.push_screen(ImportScreen())

    def action_demo(self) -> None:
        """The demo runs as `prepdeck demo` while this app waits; quitting it comes back."""
        from textual.app import SuspendNotSupported

        try:
            with self._app.suspend():
                run_demo()
        except SuspendNotSupported:
            self.notify("Run `prepdeck demo` in a shell to open the demo.", markup=False)

    def _new_contact(self, client_id: int | None) -> None:
        from prepdeck.screens.contact_form import new_contact

        new_contact(self._app, self._clients(), client_id)

    def _capture(self, kind: str, client_id: int, name: str) -> None:
        from prepdeck.screens.capture import CaptureScreen

        self._app.push_screen(CaptureScreen(kind, client_id, name))  # type: ignore[arg-type]

    def action_capture(self, kind: str) -> None:
        """Quick capture (note, promise, log) for the highlighted client, without opening it."""
        row = self._highlighted()
        if row is None:
            self.notify("Highlight a client first.", timeout=3)
            return
        self._capture(kind, row.client_id, row.name)

    def palette_commands(self) -> list[PaletteCommand]:
        """What the palette offers on home, for the highlighted client first."""
        found: list[PaletteCommand] = []
        row = self._highlighted()
        if row is not None:
            found += [
                (
                    f"log: Log a meeting with {row.name}",
                    partial(self._capture, "interaction", row.client_id, row.name),
                    "The highlighted client",
                ),
                (
                    f"note: Add a note for {row.name}",
                    partial(self._capture, "note", row.client_id, row.name),
                    "The highlighted client",
                ),
                (
                    f"promise: Add a promise to {row.name}",
                    partial(self._capture, "promise", row.client_id, row.name),
                    "The highlighted client",
                ),
                (
                    f"contact: New contact at {row.name}",
                    partial(self._new_contact, row.client_id),
                    "The highlighted client",
                ),
            ]
        shown = "Hide" if self.show_archived else "Show"
        found += [
            (f"home: {shown} archived clients", self.action_toggle_archived, "Status ended"),
            ("import: Import clients from CSV or vCard", self.action_import, "Preview first"),
        ]
        return found
