"""A person read from a file, before deciding where it goes: the shape CSV and vCard share."""

from __future__ import annotations

from dataclasses import dataclass, field

from prepdeck.dates import parse_datetime
from prepdeck.errors import PrepdeckError
from prepdeck.models import CLIENT_FIELDS, STATUSES
from prepdeck.store.base import MULTILINE_COLUMNS
from prepdeck.untrusted import clean_chars

# Canonical fields a reader may fill; several raw columns may feed one of them.
SINGLE_FIELDS = (
    "name",
    "given",
    "middle",
    "family",
    "nickname",
    "company",
    "role",
    "authority",
    "address_as",
    "industry",
    "keywords",
    "warmth",
    "status",
    "agreed",
    "cadence_days",
    "next_meeting",
    "kind",
    "client",
)
MULTI_FIELDS = ("email", "note")

# What a contact can store (DESIGN.md's contact); a client's is models.CLIENT_FIELDS.
CONTACT_FIELDS = ("name", "email", "role", "authority", "address_as")


class SkipPerson(PrepdeckError):
    """A row or card that cannot become a person; its message is the reason shown."""


@dataclass
class Person:
    """One row or card, cleaned: values are stripped text (None when blank), ints validated."""

    ref: str
    name: str
    company: str | None = None
    emails: list[str] = field(default_factory=list)
    role: str | None = None
    authority: str | None = None
    address_as: str | None = None
    industry: str | None = None
    keywords: str | None = None
    warmth: int | None = None
    status: str | None = None
    agreed: str | None = None
    cadence_days: int | None = None
    next_meeting: str | None = None
    notes: list[str] = field(default_factory=list)
    kind: str | None = None
    client: str | None = None
    refs: list[str] = field(default_factory=list)

    @property
    def email(self) -> str | None:
        return self.emails[0] if self.emails else None

    def value(self, name: str) -> object:
        return self.email if name == "email" else getattr(self, name)

    def absorb(self, other: Person) -> None:
        """Merge a later row about the same person: its stated values win, lists combine."""
        for name in CLIENT_FIELDS + CONTACT_FIELDS + ("kind", "client"):
            if name == "email":
                continue
            value = getattr(other, name)
            if value is not None:
                setattr(self, name, value)
        for email in other.emails:
            if email.lower() not in {e.lower() for e in self.emails}:
                self.emails.append(email)
        for note in other.notes:
            if note not in self.notes:
                self.notes.append(note)
        self.refs += other.refs


def _clean(value: str | None, *, multiline: bool = False) -> str | None:
    """Stripped text under the store's character rule, so a re-import compares equal."""
    if value is None:
        return None
    return clean_chars(value, multiline=multiline).strip() or None


def _whole_number(text: str, what: str, low: int, high: int | None) -> int:
    try:
        number = float(text)
    except ValueError:
        number = float("nan")
    if number != number or number != int(number) or number < low or (high and number > high):
        bounds = f"from {low} to {high}" if high else f"of at least {low}"
        raise SkipPerson(f"{what} must be a whole number {bounds}, not {text!r}")
    return int(number)


def split_emails(values: list[str]) -> list[str]:
    """Emails from cells that may hold several (Google joins them with ' ::: ')."""
    found: list[str] = []
    for value in values:
        for part in value.replace(" ::: ", "\n").replace(";", "\n").splitlines():
            part = part.strip().strip("<>").strip()
            if part.lower().startswith("mailto:"):
                part = part[7:]
            if part and part.lower() not in {f.lower() for f in found}:
                found.append(part)
    return found


def make_person(ref: str, single: dict[str, str], multi: dict[str, list[str]]) -> Person:
    """Build and validate a Person from canonical fields; raise SkipPerson with the reason.

    The name falls back from a stated name to given + middle + family names, then to
    the organisation, then to the email address: a card for "Acme Ltd" or a bare
    address is still someone to know.
    """
    v: dict[str, str | None] = dict.fromkeys(SINGLE_FIELDS)
    for key, raw in single.items():
        v[key] = _clean(raw, multiline=key in MULTILINE_COLUMNS["clients"])
    emails = split_emails([e for e in (_clean(e) for e in multi.get("email", [])) if e])
    notes = [n for n in (_clean(n, multiline=True) for n in multi.get("note", [])) if n]
    name: str | None = v["name"] or " ".join(p for p in (v["given"], v["middle"], v["family"]) if p)
    name = name or v["company"] or (emails[0] if emails else None)
    if not name:
        raise SkipPerson("no name, organisation or email")
    person = Person(
        ref=ref,
        name=name,
        company=v["company"],
        emails=emails,
        role=v["role"],
        authority=v["authority"],
        address_as=v["address_as"] or v["nickname"],
        industry=v["industry"],
        keywords=v["keywords"],
        agreed=v["agreed"],
        notes=notes,
        refs=[ref],
    )
    if v["warmth"]:
        person.warmth = _whole_number(v["warmth"], "warmth", 1, 5)
    if v["cadence_days"]:
        person.cadence_days = _whole_number(v["cadence_days"], "cadence", 1, None)
    if v["status"]:
        status = v["status"].lower()
        if status not in STATUSES:
            raise SkipPerson(f"status must be one of {', '.join(STATUSES)}, not {v['status']!r}")
        person.status = status
    if v["next_meeting"]:
        try:
            when = parse_datetime(v["next_meeting"], "next meeting")
        except PrepdeckError as exc:
            raise SkipPerson(str(exc).rstrip(".")) from None
        person.next_meeting = when.isoformat(sep=" ", timespec="minutes")
    kind = (v["kind"] or "").lower()
    if kind in ("client", "contact"):
        person.kind = kind
    person.client = v["client"]
    if person.kind == "contact" and not person.client:
        person.kind = None
    return person
