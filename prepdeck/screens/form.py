"""The shared shape of a record form: labelled fields, Ctrl+S saves, closes only once saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from prepdeck.screens.styled_once import StyledOnce
from prepdeck.store import Store
from prepdeck.undo import Change
from prepdeck.widgets.field_error import clear_field_error, show_field_error
from prepdeck.widgets.key_bar import KeyBar
from prepdeck.widgets.scroll_body import ScrollBody

if TYPE_CHECKING:
    from prepdeck.app import PrepdeckApp


class FormScreen(StyledOnce, ModalScreen[Any]):
    """A modal form. Subclasses yield rows from `fields()` and call `write()` on submit.

    The form stays open until its write has committed: a failed save keeps what was
    typed and shows the reason on one line above the buttons.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close, saving nothing"),
        Binding(
            "ctrl+s", "submit", "Save", id="form.save", tooltip="Save and close", priority=True
        ),
    ]
    title_text = ""
    form_id = "form"
    AUTO_FOCUS = ""  # each form focuses its first field on mount

    def __init__(self) -> None:
        super().__init__()
        self.saving = False

    @property
    def prepdeck(self) -> PrepdeckApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id=self.form_id, classes="form"):
            yield Static(Content(self.title_text), classes="form-title")
            with ScrollBody(classes="form-fields"):
                yield from self.fields()
            yield Static("", id="form-error", classes="field-error")
            with Horizontal(classes="form-buttons"):
                yield from self.buttons()
        yield KeyBar()  # this form's own keys, over the screen's below

    def fields(self) -> ComposeResult:
        yield from ()

    def buttons(self) -> ComposeResult:
        yield Button("Save  ctrl+s", variant="primary", id="save", compact=True)
        yield Button("Cancel  esc", id="cancel", compact=True)

    def row(self, label: str, widget: Widget) -> ComposeResult:
        """A label and its widget (`fail` adds a line under them when a save fails)."""
        with Horizontal(classes="form-row"):
            yield Label(Content(label), classes="form-label")
            yield widget

    def text_row(self, label: str, name: str, value: str | None, placeholder: str = "") -> Any:
        field = Input(value or "", placeholder=placeholder, id=name, compact=True)
        return self.row(label, field)

    def value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def fail(self, name: str, reason: str) -> None:
        """Say under the field `name` (a row's) what is wrong with it."""
        show_field_error(self.query_one(f"#{name}"), reason, self.query_one(".form-fields"))

    @on(Input.Changed)
    def _clear_error(self, event: Input.Changed) -> None:
        clear_field_error(event.input, self.query_one(".form-fields"))

    # -- saving --------------------------------------------------------------
    def submit(self) -> None:
        """Validate and save; subclasses implement it."""

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        if not self.saving:
            self.submit()

    def write(self, change: Callable[[Store], Change]) -> None:
        """Write through the app's undo history (a prepdeck.undo operation); close with
        the Change once it has committed."""
        if self.saving:
            return
        self.saving = True
        self.query_one("#form-error").remove_class("-shown")
        made: list[Change] = []

        def run(store: Store) -> Change:
            made.append(change(store))
            return made[0]

        self.prepdeck.write(run, done=lambda reason: self._saved(made[0] if made else None, reason))

    def _saved(self, result: Any, reason: str | None) -> None:
        self.saving = False
        if reason is not None:
            self._failed(reason)
        elif self in self.app.screen_stack:
            self.dismiss(result)

    def _failed(self, reason: str) -> None:
        self.saving = False
        if self not in self.app.screen_stack:
            self.notify(reason, severity="error", markup=False, timeout=8)
            return
        error = self.query_one("#form-error", Static)
        error.update(Content(f"Not saved: {reason}"))
        error.add_class("-shown")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if not self.saving:  # a save in flight decides whether the form closes
            self.dismiss(None)
