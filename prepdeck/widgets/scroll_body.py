"""A scrolling container that is never a Tab stop."""

from __future__ import annotations

from textual.containers import VerticalScroll


class ScrollBody(VerticalScroll, can_focus=False):
    """Scrolls a screen's fields or sections, which are the Tab stops themselves.

    A focusable one was what Textual focused first on a new screen, restyling every widget
    inside it, and again as the screen moved focus to its first field; and a stop that
    showed nothing. Its scroll keys still work from a focused child.
    """
