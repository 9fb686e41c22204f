"""The briefing's news: what changed in the client's own world (its newsroom, articles
naming it), then ranked suggestions with their reasons; m marks, d dismisses, o opens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.message import Message

from prepdeck.briefing import Briefing
from prepdeck.models import Suggestion
from prepdeck.widgets.record_list import RecordList

THEIR_NEWS = "their news  "


def news_prompt(s: Suggestion, marked: bool, own: bool = False) -> Content:
    """Feed text is untrusted: it goes in as plain text, so "[bold]" stays literal."""
    a = s.article
    meta = " · ".join(
        part for part in (s.feed_title, f"{a.published:%d %b}" if a.published else None) if part
    )
    return Content.assemble(
        (THEIR_NEWS, "$secondary bold") if own else "",
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

    def __init__(self, empty: str, **kwargs: Any) -> None:
        super().__init__(empty, **kwargs)
        self.their_ids: set[int] = set()

    def show_briefing(self, b: Briefing) -> None:
        marked = {share.article_id for share in b.marked_shares}
        items: list[tuple[str, Suggestion, Content] | None] = []
        # What changed in their world comes first: worth knowing before the meeting, but
        # never a share to send them (their own press release is no thoughtful share).
        self.their_ids = {s.article.id for s in b.their_news}
        for s in b.their_news:
            items.append((f"own-{s.article.id}", s, news_prompt(s, False, own=True)))
            items.append(None)
        for s in b.news:
            items.append((f"news-{s.article.id}", s, news_prompt(s, s.article.id in marked)))
            items.append(None)
        self.show(items, owner=b.client.id)
        own = f" · {len(b.their_news)} their own" if b.their_news else ""
        self.border_title = Content(f"News · {len(b.news)} for {b.client.name}{own}")
        waiting = len(b.marked_shares)
        self.caption(f"{waiting} marked to send" if waiting else "m marks one to send")

    def is_their_news(self, record: object) -> bool:
        return isinstance(record, Suggestion) and record.article.id in self.their_ids

    def action_share(self, action: str) -> None:
        if self.is_their_news(self.current):
            self.app.notify("Their own news is for the meeting, not to send them.")
        elif isinstance(self.current, Suggestion):
            self.post_message(self.ShareRequested(self.current, action))

    def action_open_link(self) -> None:
        if isinstance(self.current, Suggestion) and self.current.article.link:
            self.app.open_url(self.current.article.link)
