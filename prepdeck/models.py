"""Domain records as plain dataclasses: what the store returns and every face draws."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, ClassVar, Self

from prepdeck.plain import Plain

STATUSES = ("prospect", "active", "paused", "ended")
# What a client record stores that a user may set (the CLI, the store, imports).
CLIENT_FIELDS = (
    "name",
    "company",
    "email",
    "industry",
    "keywords",
    "address_as",
    "warmth",
    "status",
    "agreed",
    "cadence_days",
    "next_meeting",
)
SENSITIVITIES = ("normal", "private", "never")
PROMISE_STATUSES = ("open", "kept", "dropped")
INTERACTION_KINDS = ("in-person", "meeting", "call", "email", "message", "article-sent")
SHARE_STATUSES = ("suggested", "marked", "sent", "dismissed")


def _to_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _to_datetime(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


class Record(Plain):
    """Builds a dataclass from a sqlite row, converting date columns by field type."""

    _dates: ClassVar[tuple[str, ...]] = ()
    _datetimes: ClassVar[tuple[str, ...]] = ()
    _bools: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]  # called on dataclass subclasses only
        values = {k: v for k, v in row.items() if k in names}
        for name in cls._dates:
            if name in values:
                values[name] = _to_date(values[name])
        for name in cls._datetimes:
            if name in values:
                values[name] = _to_datetime(values[name])
        for name in cls._bools:
            if name in values:
                values[name] = bool(values[name])
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: dates as ISO strings."""
        out: dict[str, Any] = {}
        for f in fields(self):  # type: ignore[arg-type]  # called on dataclass subclasses only
            value = getattr(self, f.name)
            if isinstance(value, date | datetime):
                value = (
                    value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
                )
            out[f.name] = value
        return out


@dataclass(eq=False, repr=False)
class Client(Record):
    """A person prepdeck prepares meetings with, and how the relationship stands."""

    id: int
    name: str
    company: str | None = None
    industry: str | None = None
    keywords: str | None = None
    address_as: str | None = None
    email: str | None = None
    warmth: int = 3
    status: str = "active"
    agreed: str | None = None
    next_meeting: datetime | None = None
    cadence_days: int = 30
    created_at: datetime | None = None

    _datetimes = ("next_meeting", "created_at")

    @property
    def keyword_list(self) -> list[str]:
        return split_keywords(self.keywords)

    @property
    def salutation_name(self) -> str:
        """How to address them: the stored form, else the first name."""
        return self.address_as or self.name.split()[0]


@dataclass(eq=False, repr=False)
class Contact(Record):
    """Someone else at a client's organisation, and how to address them."""

    id: int
    client_id: int
    name: str
    role: str | None = None
    authority: str | None = None
    address_as: str | None = None
    email: str | None = None

    @property
    def salutation_name(self) -> str:
        return self.address_as or self.name.split()[0]


@dataclass(eq=False, repr=False)
class Note(Record):
    """Something learned about a client, maybe to ask about on a given day."""

    id: int
    client_id: int
    text: str
    contact_id: int | None = None
    ask_on: date | None = None
    pinned: bool = False
    sensitivity: str = "normal"
    created_at: datetime | None = None

    _dates = ("ask_on",)
    _datetimes = ("created_at",)
    _bools = ("pinned",)


@dataclass(eq=False, repr=False)
class Promise(Record):
    """Something promised to a client, and whether it was kept in time."""

    id: int
    client_id: int
    text: str
    made_on: date
    contact_id: int | None = None
    due_on: date | None = None
    status: str = "open"
    kept_on: date | None = None

    _dates = ("made_on", "due_on", "kept_on")

    def days_overdue(self, today: date) -> int:
        """Days past due (0 when not due yet or not open)."""
        if self.status != "open" or self.due_on is None:
            return 0
        return max(0, (today - self.due_on).days)

    @property
    def kept_on_time(self) -> bool:
        return (
            self.status == "kept"
            and self.kept_on is not None
            and (self.due_on is None or self.kept_on <= self.due_on)
        )


@dataclass(eq=False, repr=False)
class Interaction(Record):
    """A meeting, call, email or message with a client, and how it went."""

    id: int
    client_id: int
    kind: str
    happened_on: date
    text: str
    contact_id: int | None = None
    satisfaction: int | None = None
    complaint: bool = False
    resolved_on: date | None = None
    message_id: str | None = None  # set for imported mail: what makes re-import a no-op
    direction: str | None = None  # "in" or "out" for imported mail

    _dates = ("happened_on", "resolved_on")
    _bools = ("complaint",)


@dataclass(eq=False, repr=False)
class Calendar(Record):
    """A calendar source: an .ics file, a vdir folder or a URL, with its last sync's state."""

    id: int
    name: str
    source: str
    kind: str  # "file", "vdir" or "url"
    etag: str | None = None
    last_modified: str | None = None
    last_status: str | None = None
    last_error: str | None = None
    synced_at: datetime | None = None
    event_count: int = 0
    meetings: int = 0  # occurrences stored from it (filled by list_calendars)

    _datetimes = ("synced_at",)


@dataclass(eq=False, repr=False)
class Meeting(Record):
    """One occurrence from a calendar, in local wall-clock time, and the client it is with."""

    id: int
    calendar_id: int
    uid: str
    start: datetime
    end: datetime | None = None
    all_day: bool = False
    title: str = ""
    location: str | None = None
    video: str | None = None
    organizer: str | None = None
    attendees: list[dict[str, str]] = field(default_factory=list)  # {"email", "name"}
    client_id: int | None = None
    matched_by: str | None = None
    attached: bool = False
    client_name: str | None = None  # joined in by the queries that list meetings

    _datetimes = ("start", "end")
    _bools = ("all_day", "attached")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        row = dict(row)
        row["attendees"] = json.loads(row.get("attendees") or "[]")
        return super().from_row(row)


@dataclass(eq=False, repr=False)
class Feed(Record):
    """A news feed and the state of its last fetch (conditional headers, failures)."""

    id: int
    url: str
    title: str | None = None
    tags: list[str] = field(default_factory=list)
    client_id: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_status: str | None = None
    last_error: str | None = None
    error_count: int = 0
    checked_at: datetime | None = None
    next_check_at: datetime | None = None
    gone: bool = False

    _datetimes = ("checked_at", "next_check_at")
    _bools = ("gone",)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        row = dict(row)
        row["tags"] = json.loads(row.get("tags") or "[]")
        return super().from_row(row)


@dataclass(eq=False, repr=False)
class Article(Record):
    """One stored entry of a feed."""

    id: int
    feed_id: int
    guid: str
    title: str
    link: str | None = None
    summary: str = ""
    published: datetime | None = None
    fetched_at: datetime | None = None

    _datetimes = ("published", "fetched_at")


@dataclass(eq=False, repr=False)
class Share(Record):
    """An article marked, sent or dismissed for a client."""

    id: int
    client_id: int
    article_id: int | None
    title: str
    link: str | None = None
    status: str = "marked"
    note: str | None = None
    reasons: list[str] = field(default_factory=list)
    created_at: datetime | None = None
    sent_at: datetime | None = None

    _datetimes = ("created_at", "sent_at")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        row = dict(row)
        row["reasons"] = json.loads(row.get("reasons") or "[]")
        return super().from_row(row)


def split_keywords(text: str | None) -> list[str]:
    """'a, b; c' -> ['a', 'b', 'c'] (commas or semicolons, blanks dropped)."""
    if not text:
        return []
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


@dataclass(eq=False, repr=False)
class Suggestion(Plain):
    """An article ranked for one client, with the reasons a person would give."""

    article: Article
    score: float
    reasons: list[str]
    feed_title: str | None = None

    def to_json(self) -> dict[str, Any]:
        a = self.article
        return {
            "article_id": a.id,
            "guid": a.guid,
            "link": a.link,
            "title": a.title,
            "summary": a.summary,
            "published": a.published.isoformat(sep=" ") if a.published else None,
            "feed": self.feed_title,
            "score": round(self.score, 4),
            "reasons": self.reasons,
        }
