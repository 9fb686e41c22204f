"""The briefing's news: ranked suggestions with their reasons; m marks, d dismisses, o opens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message

from prepdeck.briefing import Briefing
from prepdeck.models import Suggestion
from prepdeck.widgets.record_list import RecordList


def news_prompt(s: Suggestion, marked: bool) -> Content:
    """Feed text is untrusted: it goes in as plain text, so "[bold]" stays literal."""
    a = s.article
    meta = " · ".join(
        part for part in (s.feed_title, f"{a.published:%d %b}" if a.published else None) if part
    )
    return Content.assemble(
        ("★ marked to send  ", "$accent bold") if marked else "",
        (a.title or a.link or "untitled", "bold"),
        "\n",
        ("  " + " · ".join(s.reasons), "$text-muted") if s.reasons else "",
        "\n" if s.reasons else "",
        ("  " + meta, "$text-muted italic") if meta else "",
    )


class NewsList(RecordList):
    """Enter shows the summary; the letters act on the highlighted article."""

    BINDINGS = [
        Binding("enter", "select", "Summary", id="news.summary", tooltip="Read the summary"),
        Binding("m", "share('mark')", "Mark to send", id="news.mark", tooltip="Queue it to send"),
        Binding("d", "share('dismiss')", "Dismiss", id="news.dismiss", tooltip="Not for them"),
        Binding("o", "open_link", "Open", id="news.open", tooltip="Open it in the browser"),
    ]

    @dataclass
    class ShareRequested(Message):
        """m or d on an article: mark it to send, or dismiss it for this client."""

        suggestion: Suggestion
        action: str

    def show_briefing(self, b: Briefing) -> None:
        marked = {share.article_id for share in b.marked_shares}
        items: list[tuple[str, Suggestion, Content] | None] = []
        for s in b.news:
            items.append((f"news-{s.article.id}", s, news_prompt(s, s.article.id in marked)))
            items.append(None)
        self.show(items, owner=b.client.id)
        self.border_title = Content(f"News · {len(b.news)} for {b.client.name}")
        waiting = len(b.marked_shares)
        self.caption(f"{waiting} marked to send" if waiting else "m marks one to send")

    def action_share(self, action: str) -> None:
        if isinstance(self.current, Suggestion):
            self.post_message(self.ShareRequested(self.current, action))

    def action_open_link(self) -> None:
        if isinstance(self.current, Suggestion) and self.current.article.link:
            self.app.open_url(self.current.article.link)
