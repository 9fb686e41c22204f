"""One article's summary, opened from a briefing's news; m, d and o act on it from here."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from prepdeck.models import Suggestion
from prepdeck.screens.styled_once import StyledOnce
from prepdeck.widgets.key_bar import KeyBar


class ArticleScreen(StyledOnce, ModalScreen[str | None]):
    """Returns "mark" or "dismiss" when the user acts, None when they just close it."""

    BINDINGS = [
        Binding("escape,enter", "dismiss", "Close", id="article.close", tooltip="Back"),
        Binding("m", "dismiss('mark')", "Mark to send", id="article.mark", tooltip="Queue it"),
        Binding("d", "dismiss('dismiss')", "Dismiss", id="article.dismiss", tooltip="Not for them"),
        Binding("o", "open_link", "Open", id="article.open", tooltip="Open it in the browser"),
    ]

    def __init__(self, suggestion: Suggestion, *, for_client: bool = True) -> None:
        super().__init__()
        self.suggestion = suggestion
        self.for_client = for_client

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Marking and dismissing need a client: hide them when opened from search.
        if action == "dismiss" and parameters and not self.for_client:
            return False
        return True

    def compose(self) -> ComposeResult:
        s, a = self.suggestion, self.suggestion.article
        meta = " · ".join(
            p for p in (s.feed_title, f"{a.published:%d %b %Y %H:%M}" if a.published else None) if p
        )
        with Vertical(id="article"):
            yield Static(Content.styled(a.title or "untitled", "bold $accent"), id="article-title")
            yield Static(Content.styled(meta, "$text-muted"), id="article-meta")
            if s.reasons:
                why = Content.assemble(("Why: ", "bold"), "; ".join(s.reasons))
                yield Static(why, id="article-reasons")
            with VerticalScroll(id="article-summary"):
                yield Static(Content(a.summary or "No summary in the feed."))
            yield Static(Content.styled(a.link or "", "$text-muted underline"), id="article-link")
        yield KeyBar()

    def action_open_link(self) -> None:
        if self.suggestion.article.link:
            self.app.open_url(self.suggestion.article.link)
