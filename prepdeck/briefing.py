"""The briefing: one plain object built from the store, drawn by the app and printed by `brief`.

Everything here is pure: it reads the store and takes `today` as an argument,
so the same inputs always give the same briefing (and tests can pin the date).
Private notes are included (the app shows them); printouts filter them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from prepdeck import health as health_mod
from prepdeck import news
from prepdeck.calendar.upcoming import NextMeeting, next_meetings
from prepdeck.dates import now
from prepdeck.due import ASK_BEFORE_DAYS
from prepdeck.health import Health, HealthFigure
from prepdeck.models import (
    Client,
    Contact,
    Interaction,
    Meeting,
    Note,
    Promise,
    Share,
    Suggestion,
)
from prepdeck.plain import Plain
from prepdeck.store import Store
from prepdeck.wording import relative_days

ASK_AHEAD_DAYS = 7  # an ask-on date within the coming week is worth preparing for (past: due.py)
KEPT_RECENT_DAYS = 90
RECENT_INTERACTIONS = 5
NEWS_LIMIT = 5

__all__ = [
    "AskAbout",
    "Briefing",
    "ClientRow",
    "Health",
    "HealthFigure",
    "OpenPromise",
    "build_briefing",
    "client_rows",
]


@dataclass(eq=False, repr=False)
class AskAbout(Plain):
    """A note whose ask-on date is near: what to ask, about whom, and when it fell due."""

    note: Note
    contact: Contact | None
    days: int  # ask_on - today: negative means that many days ago

    @property
    def when(self) -> str:
        return relative_days(self.days)


@dataclass(eq=False, repr=False)
class OpenPromise(Plain):
    """An open promise with how late it is (0 when not yet due)."""

    promise: Promise
    days_overdue: int
    days_until_due: int | None  # None when it has no due date
    contact: Contact | None = None

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(eq=False, repr=False)
class MeetingPerson(Plain):
    """Someone invited to the next meeting: a known contact (with role) or a new face."""

    email: str
    name: str
    role: str | None = None
    contact_id: int | None = None

    @property
    def known(self) -> bool:
        return self.contact_id is not None or self.role == "client"


@dataclass(eq=False, repr=False)
class Briefing(Plain):
    """Everything to know before meeting one client; the single contract every face draws."""

    client: Client
    today: date
    salutation: str  # how to address them: "Mrs Patel" or "Priya"
    formal: bool  # True when the salutation is a title + surname
    email: str | None  # the client's email, else the first contact's that has one
    next_meeting: datetime | None
    days_to_meeting: int | None
    last_contact: date | None
    days_since_contact: int | None
    ask_about: list[AskAbout]
    pinned: list[Note]  # pinned notes (never-mention ones are in `cautions` instead)
    cautions: list[Note]  # never-mention notes: shown as "Do not mention", never drafted
    other_notes: list[Note]  # the remaining notes, newest first
    open_promises: list[OpenPromise]  # overdue first (most overdue first), then by due date
    kept_recently: list[Promise]  # kept in the last 90 days, newest first
    kept_on_time_rate: float | None
    interactions: list[Interaction]  # the last few, newest first
    interaction_count: int
    agreed: str | None
    contacts: list[Contact]
    health: Health
    news: list[Suggestion]
    marked_shares: list[Share]  # articles marked to send, waiting
    missing: list[str]  # sentences naming what is not stored yet
    notes_by_contact: dict[int, str] = field(default_factory=dict)  # contact id -> name
    # What changed in their world: the client's newsroom and articles naming its company.
    # Shown under its own label; never among the news to send (a client's own press
    # release is no thoughtful share).
    their_news: list[Suggestion] = field(default_factory=list)
    meeting: NextMeeting | None = None  # the next meeting's what, where and how it matched
    meeting_people: list[MeetingPerson] = field(default_factory=list)
    calendar_meetings: list[Meeting] = field(default_factory=list)  # past ones, newest first

    @property
    def name(self) -> str:
        return self.client.name

    @property
    def overdue_promises(self) -> list[OpenPromise]:
        return [p for p in self.open_promises if p.overdue]

    @property
    def all_notes(self) -> list[Note]:
        """Every note once: ask-about, pinned, cautions, others."""
        seen: dict[int, Note] = {}
        for note in [
            *(a.note for a in self.ask_about),
            *self.pinned,
            *self.cautions,
            *self.other_notes,
        ]:
            seen.setdefault(note.id, note)
        return list(seen.values())


@dataclass(eq=False, repr=False)
class ClientRow(Plain):
    """One line of the client table: cheap to build for hundreds of clients at once."""

    client_id: int
    name: str
    company: str | None
    industry: str | None
    status: str
    warmth: int
    next_meeting: datetime | None
    # The figures: until read (the app lists names first, health after), none of them.
    last_contact: date | None = None
    days_since_contact: int | None = None
    open_promises: int = 0
    overdue_promises: int = 0
    marked_shares: int = 0  # articles waiting to be sent
    needs_attention: bool = False
    attention_reasons: list[str] = field(default_factory=list)
    health: Health | None = None

    @classmethod
    def of(cls, client: Client, **figures: Any) -> ClientRow:
        """The row for a client record, with whichever figures are known."""
        return cls(
            client_id=client.id,
            name=client.name,
            company=client.company,
            industry=client.industry,
            status=client.status,
            warmth=client.warmth,
            next_meeting=client.next_meeting,
            **figures,
        )

    @property
    def sign(self) -> str:
        """A one-character health sign for narrow tables: "!" needs attention."""
        return "!" if self.needs_attention else "·"


HONORIFICS = frozenset("mr mrs ms miss mx dr prof professor sir dame lady lord".split())


def is_formal(address_as: str | None) -> bool:
    """True for "Mrs Patel", "Dr. Okafor": a title followed by a name."""
    if not address_as:
        return False
    words = address_as.replace(".", " ").split()
    return len(words) >= 2 and words[0].lower() in HONORIFICS


def _next_meeting_days(meeting: datetime | None, today: date) -> int | None:
    return (meeting.date() - today).days if meeting else None


def _meeting_people(
    meeting: NextMeeting | None, client: Client, contacts: list[Contact]
) -> list[MeetingPerson]:
    """The invited, each as a contact with a role where one has that email."""
    if meeting is None:
        return []
    by_email = {c.email.lower(): c for c in contacts if c.email}
    by_name = {c.name.casefold(): c for c in contacts}
    people = []
    for attendee in meeting.attendees:
        email, name = attendee.get("email", ""), attendee.get("name") or ""
        # The stored email first; a contact stored without one is known by the invite's name.
        contact = by_email.get(email) or by_name.get(name.casefold())
        if contact is not None:
            people.append(MeetingPerson(email, contact.name, contact.role, contact.id))
        elif email == (client.email or "").lower() or name.casefold() == client.name.casefold():
            people.append(MeetingPerson(email, client.name, "client"))
        else:
            people.append(MeetingPerson(email, name or email))
    return people


def _missing(
    client: Client,
    contacts: list[Contact],
    email: str | None,
    notes: list[Note],
    interaction_count: int,
    promise_count: int,
    next_meeting: datetime | None = None,
) -> list[str]:
    out: list[str] = []
    if not contacts:
        out.append("No contacts stored: who else do you know there, and in what role?")
    if not email:
        out.append("No email address stored for the client or any contact.")
    if not notes:
        out.append("No notes stored yet: nothing personal or business to ask about.")
    if not interaction_count:
        out.append("No interactions logged yet: no contact history or satisfaction trend.")
    if not promise_count:
        out.append("No promises recorded.")
    if not (client.agreed or "").strip():
        out.append("No agreed expectations or account plan recorded.")
    if not next_meeting:
        out.append("No next meeting scheduled.")
    if not (client.keywords or client.industry or client.company):
        out.append("No company, industry or keywords stored, so news cannot be matched.")
    return out


THEIR_NEWS_LIMIT = 3


def build_briefing(
    store: Store,
    client_id: int,
    today: date,
    *,
    news_limit: int = NEWS_LIMIT,
    remember: bool = True,
) -> Briefing:
    """Build the whole briefing for one client from the store, as of `today`.

    `remember=False` for the app: its rankings are read back but never written (news.py).
    """
    client = store.get_client(client_id)
    contacts = store.list_contacts(client_id)
    by_id = {c.id: c for c in contacts}
    notes = store.list_notes(client_id)  # pinned first, newest first

    start = today - timedelta(days=ASK_BEFORE_DAYS)
    end = today + timedelta(days=ASK_AHEAD_DAYS)
    cautions = [n for n in notes if n.sensitivity == "never"]
    speakable = [n for n in notes if n.sensitivity != "never"]
    ask = [
        AskAbout(n, by_id.get(n.contact_id or -1), (n.ask_on - today).days)
        for n in speakable
        if n.ask_on is not None and start <= n.ask_on <= end
    ]
    ask.sort(key=lambda a: (a.note.ask_on, a.note.id))
    asked = {a.note.id for a in ask}
    pinned = [n for n in speakable if n.pinned and n.id not in asked]
    others = [n for n in speakable if not n.pinned and n.id not in asked]
    others.sort(key=lambda n: (n.created_at or datetime.min, n.id), reverse=True)

    promises = store.list_promises(client_id)
    open_promises = []
    for p in promises:
        if p.status != "open":
            continue
        until = (p.due_on - today).days if p.due_on else None
        open_promises.append(
            OpenPromise(p, p.days_overdue(today), until, by_id.get(p.contact_id or -1))
        )
    open_promises.sort(
        key=lambda o: (
            not o.overdue,
            -o.days_overdue,
            o.days_until_due is None,
            o.days_until_due or 0,
            o.promise.id,
        )
    )
    kept_since = today - timedelta(days=KEPT_RECENT_DAYS)
    kept = [
        p for p in promises if p.status == "kept" and p.kept_on and kept_since <= p.kept_on <= today
    ]
    kept.sort(key=lambda p: (p.kept_on, p.id), reverse=True)

    interactions = store.list_interactions(client_id, limit=RECENT_INTERACTIONS)
    interaction_count = store.interaction_count(client_id)
    health = health_mod.health_for(store, client_id, today)

    email = client.email or next((c.email for c in contacts if c.email), None)
    last_contact = (
        today - timedelta(days=health.days_since_contact)
        if health.days_since_contact is not None
        else None
    )
    salutation = client.salutation_name
    moment = datetime.combine(today, now().time())
    meeting = next_meetings(store, moment, [client]).get(client_id)
    next_at = meeting.start if meeting else None
    return Briefing(
        client=client,
        today=today,
        salutation=salutation,
        formal=is_formal(client.address_as),
        email=email,
        next_meeting=next_at,
        days_to_meeting=_next_meeting_days(next_at, today),
        last_contact=last_contact,
        days_since_contact=health.days_since_contact,
        ask_about=ask,
        pinned=pinned,
        cautions=cautions,
        other_notes=others,
        open_promises=open_promises,
        kept_recently=kept,
        kept_on_time_rate=health.kept_on_time_rate,
        interactions=interactions,
        interaction_count=interaction_count,
        agreed=(client.agreed or "").strip() or None,
        contacts=contacts,
        health=health,
        news=news.suggestions(store, client_id, today, news_limit, remember=remember),
        their_news=news.their_news(
            store, client_id, today, min(news_limit, THEIR_NEWS_LIMIT), remember=remember
        ),
        marked_shares=store.list_shares(client_id, "marked"),
        missing=_missing(client, contacts, email, notes, interaction_count, len(promises), next_at),
        notes_by_contact={c.id: c.name for c in contacts},
        meeting=meeting,
        meeting_people=_meeting_people(meeting, client, contacts),
        calendar_meetings=store.recent_meetings(client_id, moment, RECENT_INTERACTIONS),
    )


RANK_AHEAD_DAYS = 7


def rank_ahead(store: Store, moment: datetime, *, days: int = RANK_AHEAD_DAYS) -> int:
    """Rank and remember the news of each client met within `days`, as `prepdeck brief`
    and `prepdeck suggest` ask for it by default; how many clients.

    `prepdeck fetch` ends with this: a fetch that stored anything new forgot every
    remembered ranking, and the first briefing after a morning's fetch would otherwise
    rank again (a third of its time).
    """
    today = moment.date()
    horizon = today + timedelta(days=days)
    upcoming = next_meetings(store, moment)
    ahead = [cid for cid, meeting in upcoming.items() if meeting.start.date() <= horizon]
    for client_id in ahead:
        news.suggestions(store, client_id, today, NEWS_LIMIT)
        news.their_news(store, client_id, today, min(NEWS_LIMIT, THEIR_NEWS_LIMIT))
        news.suggestions(store, client_id, today, news.SUGGEST_LIMIT)
    return len(ahead)


def client_rows(store: Store, today: date) -> list[ClientRow]:
    """One row per client, by name, from a handful of aggregate queries (not N briefings)."""
    healths = health_mod.health_all(store, today)
    promise_counts = store.open_promise_counts(today)
    marked = store.marked_share_counts()
    clients = store.list_clients()
    upcoming = next_meetings(store, datetime.combine(today, now().time()), clients)
    rows = []
    for client in clients:
        h = healths[client.id]
        counts = promise_counts.get(client.id, {})
        last = (
            today - timedelta(days=h.days_since_contact)
            if h.days_since_contact is not None
            else None
        )
        rows.append(
            ClientRow.of(
                client,
                last_contact=last,
                days_since_contact=h.days_since_contact,
                open_promises=int(counts.get("open") or 0),
                overdue_promises=int(counts.get("overdue") or 0),
                marked_shares=int(marked.get(client.id, 0)),
                needs_attention=h.needs_attention,
                attention_reasons=h.attention_reasons,
                health=h,
            )
        )
        rows[-1].next_meeting = upcoming[client.id].start if client.id in upcoming else None
    return rows
