"""Screens styled once per theme and laid out once per size, not again each time shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.geometry import Size

if TYPE_CHECKING:
    from prepdeck.app import PrepdeckApp


class StyledOnce:
    """Style a screen's widgets once: skip Textual's restyle of every widget when a screen
    is shown under the theme it was styled in, and give it its -narrow / -wide class
    before its widgets are styled. Put first among a Screen's bases: its handlers must run
    before Screen's.

    Textual restyles a whole screen on each push, the first included, though mounting has
    just styled it: ~40 ms for the home table, ~100 ms for a form, on every open. Classes,
    focus and display changes restyle what they touch as they happen, so a full pass is
    needed only for a theme chosen while the screen was hidden.

    The first Resize adds the breakpoint class, restyling every widget again (~80 ms for
    the client form) unless the screen has it already (PrepdeckApp.breakpoint_classes).

    These override Screen's private _compose, _screen_resized and _on_screen_resume (Textual
    8, as pyproject allows): test_app_styles.py and test_app_layout.py fail if one of them
    is no longer called, or skips a restyle or a layout that was needed.
    """

    _styled_theme: str | None = None

    async def _compose(self) -> None:
        app = _app(self)
        # A mixin: the Screen it is mixed into has both methods.
        self.update_classes(app.breakpoint_classes(app.size.width))  # type: ignore[attr-defined]
        await super()._compose()  # type: ignore[misc]

    def _screen_resized(self, size: Size) -> None:
        # A screen's first layout sends the screen a Resize to the size it was just laid out
        # at, and Textual laid the whole screen out again for it (~20 ms for the briefing,
        # ~15 ms for a form, on each open). Only a new size needs another layout.
        if self._size != size:  # type: ignore[attr-defined]  # the Screen's own size
            super()._screen_resized(size)  # type: ignore[misc]

    def _on_mount(self, event: events.Mount) -> None:
        self._styled_theme = _app(self).theme

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        theme = _app(self).theme
        if self._styled_theme == theme:
            event.refresh_styles = False
        self._styled_theme = theme


def _app(screen: object) -> PrepdeckApp:
    return screen.app  # type: ignore[attr-defined]
