"""A progress bar shown while the feeds refresh in the background."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class FetchBar(Horizontal):
    """Hidden when idle; shows done/total while a refresh runs."""

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
        bar = self.query_one(ProgressBar)
        bar.update(total=total or None, progress=done)
