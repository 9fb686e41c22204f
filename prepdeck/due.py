"""What needs doing across all clients: `prepdeck due` and the app's today strip.

Apart from the briefing so a shell-prompt `prepdeck due` never builds the briefing's
records (issue 18). Pure like the briefing: `today` is an argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from prepdeck import health as health_mod
from prepdeck.plain import Plain
from prepdeck.store import Store

ASK_BEFORE_DAYS = 14  # an ask-on date up to two weeks ago is still worth asking about


@dataclass(eq=False, repr=False)
class DueItem(Plain):
    """Something to do now, for `due` and the app's today strip."""

    kind: str  # "meeting", "promise", "ask", "attention"
    client_id: int
    client_name: str
    text: str
    on: date | None  # the meeting, due or ask-on date (None for "attention")
    days: int | None  # on - today (negative: that many days ago / overdue)
    ref_id: int | None = None  # the promise or note id
    at: datetime | None = None  # meeting time
    reasons: list[str] = field(default_factory=list)  # for "attention"


KIND_ORDER = {"meeting": 0, "promise": 1, "ask": 2, "attention": 3}


def _meetings_due(store: Store, today: date, end: date) -> list[DueItem]:
    """Meetings typed by hand and matched calendar meetings from today to `end`, by time.

    A hand-typed meeting at the very time a calendar meeting starts is the same meeting.
    """
    found: dict[tuple[int, datetime], DueItem] = {}
    for r in store.typed_meetings_between(today, end + timedelta(days=1)):
        at = datetime.fromisoformat(r["next_meeting"])
        text = f"Meeting at {at:%H:%M}" if at.time() != time(0) else "Meeting"
        found[(r["id"], at)] = DueItem(
            "meeting", r["id"], r["name"], text, at.date(), (at.date() - today).days, at=at
        )
    for m in store.meetings_between(today, end + timedelta(days=1), matched=True):
        if m.client_id is None or (m.client_id, m.start) in found:
            continue
        clock = "" if m.all_day else f" at {m.start:%H:%M}"
        text = f"Meeting{clock}: {m.title}" if m.title else f"Meeting{clock}"
        at = m.start
        found[(m.client_id, at)] = DueItem(
            "meeting",
            m.client_id,
            m.client_name or "?",
            text,
            at.date(),
            (at.date() - today).days,
            at=at,
        )
    return sorted(found.values(), key=lambda i: (i.at or datetime.min, i.client_name.lower()))


def due_items(
    store: Store, today: date, days: int = 7, *, include_private: bool = True
) -> list[DueItem]:
    """What needs doing across all clients within `days` days.

    Meetings from today to today + days; open promises due by then (overdue ones
    too); notes whose ask-on date is in the last 14 days or comes within the
    window (never-mention notes never; private ones unless excluded); clients
    needing attention. Grouped by kind, most urgent first within each.
    """
    days = max(0, int(days))
    end = today + timedelta(days=days)
    names = store.client_names()
    items: list[DueItem] = []

    items.extend(_meetings_due(store, today, end))

    for p in store.open_promises_due_by(end):
        items.append(
            DueItem(
                "promise",
                p.client_id,
                names.get(p.client_id, "?"),
                p.text,
                p.due_on,
                (p.due_on - today).days if p.due_on else None,
                ref_id=p.id,
            )
        )

    excluded = ("never",) if include_private else ("never", "private")
    for note in store.notes_to_ask_about(today - timedelta(days=ASK_BEFORE_DAYS), end):
        if note.sensitivity in excluded or note.ask_on is None:
            continue
        items.append(
            DueItem(
                "ask",
                note.client_id,
                names.get(note.client_id, "?"),
                note.text,
                note.ask_on,
                (note.ask_on - today).days,
                ref_id=note.id,
            )
        )

    for cid, h in sorted(
        health_mod.health_all(store, today).items(), key=lambda kv: names.get(kv[0], "").lower()
    ):
        if h.needs_attention:
            items.append(
                DueItem(
                    "attention",
                    cid,
                    names.get(cid, "?"),
                    " ".join(h.attention_reasons),
                    None,
                    None,
                    reasons=list(h.attention_reasons),
                )
            )
    # Stable sort keeps each kind's own order (by time, due date, ask-on date, name).
    items.sort(key=lambda i: KIND_ORDER[i.kind])
    return items
