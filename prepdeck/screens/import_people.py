"""Import clients and contacts from a CSV or vCard file: a path, a dry-run preview, then import.

The same functions as `prepdeck import clients FILE [--dry-run]`, so the preview here is
exactly what the command would print.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Static

from prepdeck import undo_manage
from prepdeck.screens.form import FormScreen


def _import(store: Any, path: Path, dry_run: bool) -> Any:
    from prepdeck.transfer import import_people

    return import_people(store, path, dry_run=dry_run)


class ImportScreen(FormScreen):
    """Enter (or Preview) shows what would happen; Import (ctrl+s) is offered only after."""

    form_id = "import-form"
    title_text = "Import clients and contacts from a CSV or vCard file"
    BINDINGS = [
        Binding("ctrl+s", "submit", "Import", id="import.run", tooltip="Import", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.previewed: Path | None = None

    def fields(self) -> ComposeResult:
        yield from self.text_row("File", "path", "", "e.g. ~/Downloads/contacts.csv")
        with VerticalScroll(id="import-preview"):
            yield Static(
                Content.styled("Enter previews the import: nothing is written.", "$text-muted"),
                id="import-report",
            )

    def buttons(self) -> ComposeResult:
        yield Button("Preview  ⏎", id="preview", compact=True)
        yield Button("Import  ctrl+s", variant="primary", id="save", disabled=True, compact=True)
        yield Button("Cancel  esc", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#path").focus()

    def _path(self) -> Path | None:
        raw = self.value("path")
        if not raw:
            self.fail("path", "Give the path of a .csv or .vcf file.")
            return None
        return Path(raw).expanduser()

    @on(Input.Changed, "#path")
    def _path_changed(self) -> None:
        self.previewed = None
        self.query_one("#save", Button).disabled = True
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit":
            return self.previewed is not None
        return True

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#preview")
    def action_preview(self, event: Any = None) -> None:
        if event is not None:  # Enter in the path previews; it never imports
            event.stop()
            event.prevent_default()
        path = self._path()
        if path is not None:
            self._preview(path)

    @work(thread=True, exclusive=True, group="import-preview", exit_on_error=False)
    def _preview(self, path: Path) -> None:
        from prepdeck.transfer import summary_lines

        app = self.prepdeck
        try:
            with app.db() as store:
                report = _import(store, path, dry_run=True)
        except Exception as error:
            self.app.call_from_thread(self._preview_failed, app.describe(error))
            return
        lines = summary_lines(report, every_action=True)
        self.app.call_from_thread(self._previewed, path, lines)

    def _previewed(self, path: Path, lines: list[str]) -> None:
        self.query_one("#import-report", Static).update(Content("\n".join(lines)))
        self.previewed = path
        self.query_one("#save", Button).disabled = False
        self.refresh_bindings()

    def _preview_failed(self, reason: str) -> None:
        self.fail("path", reason)
        self.query_one("#import-report", Static).update("")

    def submit(self) -> None:
        path = self.previewed
        if path is None:
            return

        self.write(partial(undo_manage.import_people, path=path))
