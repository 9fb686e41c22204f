"""The "today" strip over the client table: meetings, promises due, people to ask about."""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.widgets import Static

from prepdeck.due import DueItem

MAX_NAMES = 3


def _names(items: list[DueItem], label: str) -> list[str | tuple[str, str]]:
    """'label  A (text) · B …' with at most MAX_NAMES entries shown."""
    parts: list[str | tuple[str, str]] = [(f"{label} ", "bold")]
    for n, item in enumerate(items[:MAX_NAMES]):
        if n:
            parts.append(" · ")
        parts.append(item.client_name)
        if item.kind == "meeting" and item.at is not None and item.at.hour + item.at.minute:
            parts.append((f" {item.at:%H:%M}", "$text-muted"))
        elif item.kind == "ask":
            parts.append(
                (f" ({item.text[:28]}{'…' if len(item.text) > 28 else ''})", "$text-muted")
            )
    if len(items) > MAX_NAMES:
        parts.append((f" +{len(items) - MAX_NAMES} more", "$text-muted"))
    if not items:
        parts.append(("none", "$text-muted"))
    return parts


def strip_content(items: list[DueItem], today: date) -> Content:
    """Three short lines; all user text goes in as plain text, never as markup."""
    meetings = [i for i in items if i.kind == "meeting" and i.days == 0]
    week = [i for i in items if i.kind == "promise" and (i.days or 0) <= 7]
    overdue = [i for i in week if (i.days or 0) < 0]
    ask = [i for i in items if i.kind == "ask" and (i.days or 0) <= 0]
    promise_line: list[str | tuple[str, str]] = [("Promises this week ", "bold")]
    if week:
        promise_line.append(f"{len(week)} due")
        if overdue:
            promise_line.append((f", {len(overdue)} overdue", "$error bold"))
        promise_line.append(("  " + ", ".join(sorted({i.client_name for i in week}))[:60], ""))
    else:
        promise_line.append(("none due", "$text-muted"))
    return Content.assemble(
        (f"{today:%A %d %B %Y}  ", "$accent bold"),
        *_names(meetings, "Meetings today"),
        "\n",
        *promise_line,
        "\n",
        *_names(ask, "Ask about"),
    )


class TodayStrip(Static):
    """What today holds across every client, drawn from `due_items`."""

    def show(self, items: list[DueItem], today: date) -> None:
        self.update(strip_content(items, today))
