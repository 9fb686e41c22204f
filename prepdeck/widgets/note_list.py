"""The briefing's "Ask about": follow-ups due, pinned notes, cautions, then the other notes."""

from __future__ import annotations

from textual.content import Content

from prepdeck.briefing import Briefing
from prepdeck.models import Note
from prepdeck.widgets.record_list import RecordList


def _sensitivity(note: Note) -> tuple[str, str]:
    return (" (private)", "$text-muted") if note.sensitivity == "private" else ("", "")


class NoteList(RecordList):
    """What to ask about first; every note is here so Enter can edit or delete it."""

    def show_briefing(self, b: Briefing) -> None:
        items: list[tuple[str, Note, Content] | None] = []
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
        for note in b.other_notes:
            prompt = Content.assemble(("· ", "$text-muted"), note.text, _sensitivity(note))
            items.append((f"note-{note.id}", note, prompt))
        self.show(items)  # type: ignore[arg-type]
        self.border_title = "Ask about" if b.ask_about else "Notes"
        self.caption(f"{len(b.all_notes)} notes · n adds one")
