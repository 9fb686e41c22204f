"""A list of stored records (notes, promises, conversations) that Enter opens for editing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.css.scalar import Unit
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from prepdeck.widgets.scroll_section import more_mark


class RecordList(OptionList):
    """Options keyed by "kind-id", each holding its record; a separator is None."""

    BINDINGS = [
        Binding("enter", "select", "Edit", id="record.edit", tooltip="Edit or delete this entry"),
    ]

    @dataclass
    class EditRequested(Message):
        """Enter was pressed on a record: open it in quick capture."""

        record: Any

    def __init__(self, empty: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.empty = empty
        self.records: dict[str, Any] = {}
        self._caption = ""
        self._owner: Any = None

    def show(self, items: Sequence[tuple[str, Any, Content] | None], owner: Any = None) -> None:
        """Replace the options, keeping the highlight on the same record when possible.

        `owner` is whose records these are (the client): for another, the cursor starts
        at the top.
        """
        current = self.highlighted_option.id if self.highlighted_option else None
        at = self.highlighted if owner == self._owner else None
        self._owner = owner
        self.records = {key: record for key, record, _ in filter(None, items)}
        options: list[Option | None] = []
        for item in items:
            if item is None:
                if options and options[-1] is not None:
                    options.append(None)
                continue
            key, _record, prompt = item
            options.append(Option(prompt, id=key))
        while options and options[-1] is None:
            options.pop()
        if not options:
            options.append(Option(Content.styled(self.empty, "$text-muted"), id="empty"))
        self.set_options(options)
        if current in self.records:
            self.highlighted = self.get_option_index(current)
        elif at is not None and self.option_count:
            # The entry went (dismissed, dropped): the cursor stays put, on the next one.
            self.highlighted = min(at, self.option_count - 1)
        elif self.option_count:
            self.highlighted = 0

    def caption(self, text: str) -> None:
        """Set the bottom border's text, led by "▼ N more" while entries are out of sight.

        The mark stands in for a scrollbar, drawn on the focused list alone: a scrollbar
        costs about as much to paint as the list it scrolls.
        """
        self._caption = text
        self._mark_overflow()

    def _mark_overflow(self, focused: bool | None = None) -> None:
        limit = self.styles.max_height
        # Resolved here rather than read from the layout, which may not have run yet.
        room = 0
        if limit is not None and limit.unit in (Unit.CELLS, Unit.VIEW_HEIGHT):
            room = int(limit.resolve(self.app.size, self.app.size)) - self.styles.gutter.height
        if focused is None:
            focused = self.has_focus
        hidden = 0
        if room > 0 and not focused:
            lines = self._lines  # laid out anew for the current width
            heights, options = self._heights, self.options
            # Entries not wholly in sight below the first `room` lines (dividers aside).
            hidden = len(
                {
                    index
                    for index, line in lines[room + int(self.scroll_y) :]
                    if not (options[index]._divider and line == heights[index] - 1)
                }
            )
        mark = more_mark(hidden, "")
        self.border_subtitle = Content(" · ".join(part for part in (mark, self._caption) if part))

    def on_resize(self, _: events.Resize) -> None:
        self._mark_overflow()  # a new width wraps the lines anew

    # These run before Widget's own handlers, which set has_focus.
    def on_focus(self, _: events.Focus) -> None:
        self._mark_overflow(focused=True)

    def on_blur(self, _: events.Blur) -> None:
        self._mark_overflow(focused=False)

    def reveal(self, key: str) -> bool:
        """Highlight the record with this key, if listed (subclasses list hidden ones)."""
        if key not in self.records:
            return False
        self.highlighted = self.get_option_index(key)
        return True

    @property
    def current(self) -> Any:
        """The highlighted record, or None."""
        option = self.highlighted_option
        return self.records.get(option.id) if option and option.id else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.current is not None:
            self.post_message(self.EditRequested(self.current))
