"""A briefing section of plain text (health, agreed, people) that Tab reaches and arrows scroll."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget


def more_mark(hidden: int, unit: str) -> str:
    """The bottom border's word on what is out of sight: "▼ 3 more" (or "▼ 3 more lines")."""
    if hidden <= 0:
        return ""
    return f"▼ {hidden} more{unit and ' ' + unit + ('s' if hidden != 1 else '')}"


class ScrollSection(VerticalScroll):
    """Focusable and scrollable like the lists; "▼ N more lines" while text is out of sight."""

    def __init__(self, *children: Widget, **kwargs: Any) -> None:
        super().__init__(*children, **kwargs)
        self._caption = ""

    def caption(self, text: str) -> None:
        self._caption = text
        self.mark_overflow()

    def mark_overflow(self, focused: bool | None = None) -> None:
        if focused is None:
            focused = self.has_focus
        hidden = 0 if focused else self.virtual_size.height - self.scrollable_content_region.height
        mark = more_mark(hidden - int(self.scroll_y), "line")
        self.border_subtitle = Content(" · ".join(part for part in (mark, self._caption) if part))

    def on_resize(self, _: events.Resize) -> None:
        self.mark_overflow()

    def on_focus(self, _: events.Focus) -> None:
        self.mark_overflow(focused=True)

    def on_blur(self, _: events.Blur) -> None:
        self.mark_overflow(focused=False)
