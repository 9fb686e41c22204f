"""The footer: the keys that matter on this screen, drawn as one line of text.

Textual's Footer rebuilds a widget per key whenever focus moves, which costs more
than the whole briefing; this draws the same information with a single update.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import ActiveBinding
from textual.content import Content, Span
from textual.screen import Screen
from textual.widgets import Static


def screen_bindings(screen: Screen[object]) -> list[ActiveBinding]:
    """The bindings active on `screen`, in the order its footer and help list them: its
    own (the focused widget's first), the App's global keys it names in
    GLOBAL_KEYS_SHOWN, then the App's other global keys."""
    app = screen.app
    featured: tuple[str, ...] = getattr(screen, "GLOBAL_KEYS_SHOWN", ())
    own, named, other = [], [], []
    for active in screen.active_bindings.values():
        if active.node is not app:
            own.append(active)
        elif active.binding.id in featured:
            named.append(active)
        else:
            other.append(active)
    named.sort(key=lambda active: featured.index(active.binding.id or ""))
    return own + named + other


def in_footer(screen: Screen[object], active: ActiveBinding) -> bool:
    """Shown bindings, and the App's global keys this screen names in GLOBAL_KEYS_SHOWN."""
    if active.binding.show:
        return True
    featured: tuple[str, ...] = getattr(screen, "GLOBAL_KEYS_SHOWN", ())
    return active.node is screen.app and active.binding.id in featured


class KeyBar(Static):
    """Shown bindings of the focused chain (first binding per action), then the palette."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    _drawn: tuple[str, Sequence[Span]] | None = None

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
        screen = self.screen
        for active in screen_bindings(screen):
            binding, enabled = active.binding, active.enabled
            if not in_footer(screen, active) or binding.action in seen or not binding.description:
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
            self.update(content, layout=False)  # one line, full width: its size never changes
