"""The briefing's last conversations: date, kind, substance, score and complaints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.binding import Binding
from textual.content import Content
from textual.message import Message

from prepdeck.briefing import Briefing
from prepdeck.models import Interaction, Meeting
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


def meeting_prompt(meeting: Meeting) -> Content:
    """A calendar meeting that took place: marked as such, never passed off as a logged talk."""
    return Content.assemble(
        (f"{meeting.start:%d %b} ", "$accent"),
        ("calendar ", "$text-muted"),
        meeting.title or "(untitled meeting)",
        ("  from the calendar, nothing logged (⏎ logs it)", "$text-muted italic"),
    )


class TalkList(RecordList):
    """The last few interactions and calendar meetings, newest first; r resolves the
    highlighted conversation's complaint."""

    BINDINGS = [
        Binding(
            "r", "resolve", "Resolve", id="talk.resolve", tooltip="The complaint was resolved today"
        ),
    ]

    @dataclass
    class ResolveRequested(Message):
        """r on a conversation with an open complaint: mark it resolved."""

        interaction: Interaction

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resolve":  # only offered (and in the footer) on an open complaint
            talk = self.current
            return isinstance(talk, Interaction) and talk.complaint and not talk.resolved_on
        return True

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self.refresh_bindings()

    def action_resolve(self) -> None:
        if isinstance(self.current, Interaction) and self.current.complaint:
            self.post_message(self.ResolveRequested(self.current))

    def show_briefing(self, b: Briefing) -> None:
        dated: list[tuple[date, int, str, Interaction | Meeting, Content]]
        dated = [(t.happened_on, 1, f"talk-{t.id}", t, talk_prompt(t)) for t in b.interactions]
        # A meeting already logged on its day is shown once, as the logged conversation.
        logged = {t.happened_on for t in b.interactions}
        dated += [
            (m.start.date(), 0, f"meeting-{m.id}", m, meeting_prompt(m))
            for m in b.calendar_meetings
            if m.start.date() not in logged
        ]
        dated.sort(key=lambda d: (d[0], d[1]), reverse=True)
        self.show([(key, record, prompt) for _, _, key, record, prompt in dated])
        shown = len(b.interactions)
        more = f" of {b.interaction_count}" if b.interaction_count > shown else ""
        self.border_title = Content(f"Last conversations · {shown}{more}")
        self.caption("l logs one")
