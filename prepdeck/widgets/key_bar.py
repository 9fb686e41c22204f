"""The footer: the keys that matter on this screen, drawn as one line of text.

Textual's Footer rebuilds a widget per key whenever focus moves, which costs more
than the whole briefing; this draws the same information with a single update.
"""

from __future__ import annotations

from textual.content import Content, Span
from textual.screen import Screen
from textual.widgets import Static


class KeyBar(Static):
    """Shown bindings of the focused chain (first binding per action), then the palette."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    _drawn: tuple[str, list[Span]] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._draw()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self._draw()

    def _draw(self) -> None:
        parts: list[str | tuple[str, str]] = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen or not binding.description:
                continue
            seen.add(binding.action)
            style = "" if enabled else "$text-disabled"
            parts += [
                (f" {self.app.get_key_display(binding)} ", f"bold $footer-key-foreground {style}"),
                (binding.description + " ", style),
            ]
        parts.append((" ^p ", "bold $footer-key-foreground"))
        parts.append("palette")
        content = Content.assemble(*parts)
        drawn = (content.plain, content.spans)  # Content's own == compares the text alone
        if drawn != self._drawn:  # unchanged, as on each open of a briefing: no repaint
            self._drawn = drawn
            self.update(content)
