"""The briefing's last conversations: date, kind, substance, score and complaints."""

from __future__ import annotations

from textual.content import Content

from prepdeck.briefing import Briefing
from prepdeck.models import Interaction
from prepdeck.widgets.record_list import RecordList


def talk_prompt(talk: Interaction) -> Content:
    parts: list[str | tuple[str, str]] = [
        (f"{talk.happened_on:%d %b} ", "$accent"),
        (f"{talk.kind:<8} ", "$text-muted"),
        talk.text,
    ]
    if talk.satisfaction is not None:
        parts.append((f"  ★{talk.satisfaction}", "$warning"))
    if talk.complaint:
        if talk.resolved_on:
            parts.append((f"  complaint, resolved {talk.resolved_on:%d %b}", "$text-muted"))
        else:
            parts.append(("  open complaint", "$error bold"))
    return Content.assemble(*parts)


class TalkList(RecordList):
    """The last few interactions, newest first."""

    def show_briefing(self, b: Briefing) -> None:
        self.show([(f"talk-{t.id}", t, talk_prompt(t)) for t in b.interactions])
        shown = len(b.interactions)
        more = f" of {b.interaction_count}" if b.interaction_count > shown else ""
        self.border_title = Content(f"Last conversations · {shown}{more}")
        self.caption("l logs one")
