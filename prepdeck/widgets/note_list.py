"""The briefing's "Ask about": follow-ups due, pinned notes, cautions, then the other notes."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import OptionList

from prepdeck.briefing import Briefing
from prepdeck.models import Note
from prepdeck.widgets.record_list import RecordList
from prepdeck.wording import counted


def _sensitivity(note: Note) -> tuple[str, str]:
    return (" (private)", "$text-muted") if note.sensitivity == "private" else ("", "")


OLDER_SHOWN = 15  # other notes listed before "… N older notes": a briefing is read at a glance
OLDER = "older-notes"


class NoteList(RecordList):
    """What to ask about first, then the newest notes; Enter edits or deletes a note, and
    on the last line lists the older ones too."""

    def __init__(self, empty: str, **kwargs: Any) -> None:
        super().__init__(empty, **kwargs)
        self.briefing: Briefing | None = None
        self.show_older = False

    def show_briefing(self, b: Briefing) -> None:
        if self.briefing is None or self.briefing.client.id != b.client.id:
            self.show_older = False
        self.briefing = b
        items: list[tuple[str, Note | None, Content] | None] = []
        for ask in b.ask_about:
            when_style = "$accent bold" if ask.days <= 0 else "$accent"
            who = f" · {ask.contact.name}" if ask.contact else ""
            prompt = Content.assemble(
                (f"{ask.when:>11} ", when_style),
                ask.note.text,
                (who, "$text-muted"),
                _sensitivity(ask.note),
            )
            items.append((f"note-{ask.note.id}", ask.note, prompt))
        items.append(None)
        for note in b.pinned:
            prompt = Content.assemble(("◆ ", "$accent"), note.text, _sensitivity(note))
            items.append((f"note-{note.id}", note, prompt))
        for note in b.cautions:
            prompt = Content.assemble(("⚠ Do not mention: ", "$warning bold"), note.text)
            items.append((f"note-{note.id}", note, prompt))
        items.append(None)
        shown = b.other_notes if self.show_older else b.other_notes[:OLDER_SHOWN]
        for note in shown:
            prompt = Content.assemble(("· ", "$text-muted"), note.text, _sensitivity(note))
            items.append((f"note-{note.id}", note, prompt))
        if hidden := len(b.other_notes) - len(shown):
            older = f"… {counted(hidden, 'older note')} (⏎ lists them)"
            items.append((OLDER, None, Content.styled(older, "$text-muted italic")))
        self.show(items, owner=b.client.id)
        self.border_title = "Ask about" if b.ask_about else "Notes"
        self.caption(f"{counted(len(b.all_notes), 'note')} · n adds one")

    def reveal(self, key: str) -> bool:
        if key not in self.records and not self.show_older and self.briefing is not None:
            self.show_older = True  # an older note: list them all
            self.show_briefing(self.briefing)
        return super().reveal(key)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Runs before RecordList's handler (Textual calls each class's), which edits."""
        if event.option.id == OLDER and self.briefing is not None:
            event.prevent_default()  # not an edit
            event.stop()
            self.show_older = True
            first_older = self.briefing.other_notes[OLDER_SHOWN]
            self.show_briefing(self.briefing)
            self.highlighted = self.get_option_index(f"note-{first_older.id}")
