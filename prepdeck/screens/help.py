"""The help screen: every key that works where help was asked for, with what it does."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from prepdeck.screens.styled_once import StyledOnce
from prepdeck.widgets.key_bar import screen_bindings

INTRO = (
    "prepdeck: know your client before you walk in. Keys below work on the screen "
    "you came from; ctrl+p opens the command palette (clients, themes, actions)."
)


def binding_rows(screen: Screen[Any]) -> list[tuple[str, str, str]]:
    """(key, what, why) for each binding active on `screen`, the screen's own first."""
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    app = screen.app
    for active in screen_bindings(screen):
        binding = active.binding
        key = binding.key
        if binding.system or not binding.description or (key, binding.action) in seen:
            continue
        if not (binding.id or binding.show):
            continue  # a widget's own navigation (arrows, page keys): obvious, and noise here
        seen.add((key, binding.action))  # type: ignore[arg-type]  # action may be typed None; bindings here always name one
        why = binding.tooltip or active.tooltip or ""
        rows.append((app.get_key_display(binding), binding.description, why))
    rows.append(("ctrl+p", "Command palette", "Jump to any client by name; change theme"))
    rows.append(("tab", "Next area", "Move between the lists on a screen"))
    rows.append(("↑ ↓ pgup pgdn", "Move", "Within the focused list or table"))
    return rows


class HelpScreen(StyledOnce, ModalScreen[None]):
    """A table of keys, built from the bindings themselves so it never goes stale."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close", tooltip="Back"),
    ]

    def __init__(self, origin: Screen[Any]) -> None:
        super().__init__()
        self.rows = binding_rows(origin)
        # What the screen's signs mean (its LEGEND), for glyphs no key explains.
        self.legend: str = getattr(origin, "LEGEND", "")

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Static("Keys", id="help-title")
            yield Static(INTRO, id="help-intro")
            table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
            table.add_columns("Key", "Does", "Why")
            for key, what, why in self.rows:
                table.add_row(Text(key, style="bold"), Text(what), Text(why))
            yield table
            if self.legend:
                yield Static(self.legend, id="help-legend", markup=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss()
