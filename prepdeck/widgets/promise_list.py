"""The briefing's promises: open ones with a checkbox (overdue in $error), kept ones below."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message

from prepdeck.briefing import Briefing, OpenPromise
from prepdeck.models import Promise
from prepdeck.widgets.record_list import RecordList
from prepdeck.wording import counted, relative_days


def due_text(item: OpenPromise) -> tuple[str, str]:
    """(words, style) for how soon or how late an open promise is."""
    if item.overdue:
        days = item.days_overdue
        return (f"{counted(days, 'day')} overdue", "$error bold")
    if item.days_until_due is None:
        return ("no due date", "$text-muted")
    n = item.days_until_due
    style = "$warning bold" if n == 0 else "$warning" if n == 1 else "$text-muted"
    return (f"due {relative_days(n)}", style)


def open_prompt(item: OpenPromise) -> Content:
    p = item.promise
    style = "$error" if item.overdue else ""
    parts: list[str | tuple[str, str]] = [("☐ ", style), (p.text, style), "  ", due_text(item)]
    if p.due_on:
        parts.append((f" ({p.due_on:%d %b})", "$text-muted"))
    if item.contact:
        parts.append((f" · {item.contact.name}", "$text-muted"))
    return Content.assemble(*parts)


def kept_prompt(p: Promise) -> Content:
    when = f"  kept {p.kept_on:%d %b}" if p.kept_on else "  kept"
    timing = " on time" if p.kept_on_time else (" late" if p.due_on else "")
    return Content.assemble(
        ("☑ ", "$success"), (p.text, "$text-muted"), (when + timing, "$text-muted")
    )


class PromiseList(RecordList):
    """Space keeps the highlighted promise (or reopens a kept one); Enter edits it."""

    BINDINGS = [
        Binding(
            "space",
            "keep",
            "Keep",
            id="promise.keep",
            tooltip="Mark the promise kept today (space again or u undoes)",
        ),
        Binding("x", "drop", "Drop", id="promise.drop", tooltip="No longer owed (u undoes)"),
    ]

    @dataclass
    class DropRequested(Message):
        """x on a promise: mark it dropped (at once; undo takes it back)."""

        promise: Promise

    @dataclass
    class ToggleRequested(Message):
        """Space on a promise: keep it if open, reopen it if kept."""

        promise: Promise

    def show_briefing(self, briefing: Briefing) -> None:
        items: list[tuple[str, object, Content] | None] = [
            (f"promise-{o.promise.id}", o.promise, open_prompt(o)) for o in briefing.open_promises
        ]
        items.append(None)
        items.extend((f"promise-{p.id}", p, kept_prompt(p)) for p in briefing.kept_recently)
        self.show(items, owner=briefing.client.id)
        n_open, n_late = len(briefing.open_promises), len(briefing.overdue_promises)
        title = f"Promises · {n_open} open"
        self.border_title = Content(title + (f", {n_late} overdue" if n_late else ""))
        rate = briefing.kept_on_time_rate
        h = briefing.health
        self.caption(
            f"kept on time {rate:.0%} ({h.kept_on_time} of {h.promises_counted})"
            if rate is not None
            else ""
        )

    def action_drop(self) -> None:
        if isinstance(self.current, Promise) and self.current.status != "dropped":
            self.post_message(self.DropRequested(self.current))

    def action_keep(self) -> None:
        """Space: keep an open promise or reopen a kept one (named so as not to shadow
        Textual's own `toggle` action)."""
        if isinstance(self.current, Promise):
            self.post_message(self.ToggleRequested(self.current))
