"""The line under a form field that says what is wrong with it.

Mounted only when a save fails: a form's widgets are what opening it costs, and a line
per field, hidden, made the client form 76 widgets instead of 54.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static


def show_field_error(field: Widget, reason: str, fields: Widget) -> None:
    """Mark `field` failed and say why on a line of its own in `fields` (the form's
    container of rows), under the row that holds the field."""
    # Not Textual's "-invalid": an Input drops that itself before Changed arrives, which
    # left the reason on screen after the value was fixed.
    field.add_class("-failed")
    error = next(fields.query(f"#{field.id}-error").results(Static), None)
    if error is None:
        error = Static(id=f"{field.id}-error", classes="field-error row-error")
        fields.mount(error, after=_row_of(field, fields))
    error.update(Content(reason))  # a reason may quote what was typed: never markup
    error.add_class("-shown")


def clear_field_error(field: Widget, fields: Widget) -> None:
    """The value changed: its reason no longer applies."""
    if field.has_class("-failed"):
        field.remove_class("-failed")
        for error in fields.query(f"#{field.id}-error"):
            error.remove_class("-shown")


def _row_of(field: Widget, fields: Widget) -> Widget:
    """The child of `fields` that holds `field` (the field itself in a grid of them)."""
    row = field
    while row.parent is not fields:
        row = row.parent  # type: ignore[assignment]  # fields is an ancestor: never None
    return row
