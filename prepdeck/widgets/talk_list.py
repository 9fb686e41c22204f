"""The briefing's last conversations: date, kind, substance, score and complaints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList

from prepdeck.briefing import Briefing
from prepdeck.models import Interaction, Meeting
from prepdeck.store import Store
from prepdeck.widgets.record_list import RecordList

OLDER = "talks-older"  # the option that lists every conversation


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

    def __init__(self, empty: str, **kwargs: object) -> None:
        super().__init__(empty, **kwargs)
        self.briefing: Briefing | None = None
        self.everything: list[Interaction] | None = None  # once the user asked for all

    def show_briefing(self, b: Briefing) -> None:
        if self.briefing is None or self.briefing.client.id != b.client.id:
            self.everything = None
        elif self.everything is not None:  # still expanded: read the whole history again
            self.everything = self._store().list_interactions(b.client.id)
        self.briefing = b
        self._fill(b)

    def _fill(self, b: Briefing) -> None:
        talks = b.interactions if self.everything is None else self.everything
        dated: list[tuple[date, int, str, Interaction | Meeting, Content]]
        dated = [(t.happened_on, 1, f"talk-{t.id}", t, talk_prompt(t)) for t in talks]
        # A meeting already logged on its day is shown once, as the logged conversation.
        logged = {t.happened_on for t in talks}
        dated += [
            (m.start.date(), 0, f"meeting-{m.id}", m, meeting_prompt(m))
            for m in b.calendar_meetings
            if m.start.date() not in logged
        ]
        dated.sort(key=lambda d: (d[0], d[1]), reverse=True)
        items: list[tuple[str, object, Content]] = [
            (key, record, prompt) for _, _, key, record, prompt in dated
        ]
        shown = len(talks)
        if hidden := b.interaction_count - shown:
            older = f"… {hidden} older conversation{'s' if hidden != 1 else ''} (⏎ lists them)"
            items.append((OLDER, None, Content.styled(older, "$text-muted italic")))
        self.show(items, owner=b.client.id)
        more = f" of {b.interaction_count}" if b.interaction_count > shown else ""
        self.border_title = Content(f"Last conversations · {shown}{more}")
        self.caption("l logs one")

    def _store(self) -> Store:
        return self.app.store  # type: ignore[attr-defined]  # Textual types self.app as App; it is always PrepdeckApp

    def reveal(self, key: str) -> bool:
        if key not in self.records and self.everything is None and self.briefing is not None:
            self.everything = self._store().list_interactions(self.briefing.client.id)
            self._fill(self.briefing)  # an older conversation: list them all
        return super().reveal(key)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Runs before RecordList's handler (Textual calls each class's), which edits."""
        if event.option.id == OLDER and self.briefing is not None:
            event.prevent_default()  # not an edit
            event.stop()
            b = self.briefing
            self.everything = self._store().list_interactions(b.client.id)
            first_older = self.everything[len(b.interactions)]
            self._fill(b)
            self.highlighted = self.get_option_index(f"talk-{first_older.id}")
