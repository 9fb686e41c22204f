"""A progress bar shown while the feeds refresh in the background."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class FetchBar(Horizontal):
    """Hidden when idle; shows done/total while a refresh runs.

    It sits in the screen's flow just above the footer (not docked: two widgets docked
    at the bottom share one row, and the bar was drawn under the footer)."""

    def compose(self) -> ComposeResult:
        yield Label("Refreshing feeds", id="fetch-label")
        yield ProgressBar(show_eta=False, id="fetch-progress")

    def on_mount(self) -> None:
        self.show(getattr(self.app, "fetch_progress", None))

    def show(self, progress: tuple[int, int] | None) -> None:
        """None hides the bar; (done, total) with total 0 means 'starting'."""
        self.display = progress is not None
        if progress is None:
            return
        done, total = progress
        label = f"Refreshing feeds {done} / {total}" if total else "Refreshing feeds…"
        self.query_one("#fetch-label", Label).update(label)
        bar = self.query_one(ProgressBar)
        bar.update(total=total or None, progress=done)
