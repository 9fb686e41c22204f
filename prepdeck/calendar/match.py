"""Which client a meeting is with, and the rule that said so.

In order: an attendee's (or the organiser's) email is a client's or contact's;
an attendee's domain is the domain of that one client's stored emails (never a
free-mail domain); the client's name or company is a whole phrase in the title,
accent-insensitive, and no other client's is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from prepdeck.calendar.freemail import is_free_mail
from prepdeck.calendar.parse import Occurrence
from prepdeck.wording import one_line


@dataclass(frozen=True)
class Person:
    """A stored email at a client: the client's own (contact_id None) or a contact's."""

    client_id: int
    email: str
    contact_id: int | None = None


@dataclass(frozen=True)
class Match:
    client_id: int
    matched_by: str  # "attendee priya@patelrowe.example", "domain patelrowe.example", …
    contact_id: int | None = None


def fold(text: str) -> str:
    """Lower-case without accents: "Café Müller" and "cafe muller" fold alike."""
    if text.isascii():
        return text.lower()  # nothing to decompose; casefold is lower for ASCII
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].lower()


class Matcher:
    """Built once per sync from every client's names and stored emails."""

    def __init__(self, people: Iterable[Person], names: Iterable[tuple[int, str]]) -> None:
        self.by_email: dict[str, Person] = {}
        domains: dict[str, set[int]] = {}
        for person in people:
            email = person.email.strip().lower()
            if "@" not in email:
                continue
            # A client's own address wins over a contact's with the same address.
            if email not in self.by_email or person.contact_id is None:
                self.by_email[email] = person
            domain = domain_of(email)
            if not is_free_mail(domain):
                domains.setdefault(domain, set()).add(person.client_id)
        # A domain shared by two clients' people says nothing about which one.
        self.by_domain = {d: next(iter(ids)) for d, ids in domains.items() if len(ids) == 1}
        phrases: dict[str, set[int]] = {}
        self._written: dict[str, str] = {}  # folded phrase -> as the user wrote it
        for client_id, name in names:
            folded = " ".join(fold(name or "").split())
            if len(folded) >= 3:
                phrases.setdefault(folded, set()).add(client_id)
                self._written.setdefault(folded, one_line(name))
        self.by_phrase = phrases
        ordered = sorted(phrases, key=len, reverse=True)
        self._phrases = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in ordered) + r")(?!\w)")
            if ordered
            else None
        )

    def match(self, meeting: Occurrence) -> Match | None:
        addresses = [(a.email.lower(), "attendee") for a in meeting.attendees]
        if meeting.organizer:
            addresses.append((meeting.organizer.lower(), "organiser"))
        for email, role in addresses:
            person = self.by_email.get(email)
            if person is not None:
                return Match(person.client_id, f"{role} {email}", person.contact_id)
        for email, role in addresses:
            domain = domain_of(email)
            client_id = self.by_domain.get(domain) if role == "attendee" else None
            if client_id is not None:
                return Match(client_id, f"domain {domain} ({email})")
        return self.match_title(meeting.title)

    def match_title(self, title: str) -> Match | None:
        if self._phrases is None or not title:
            return None
        folded = " ".join(fold(title).split())
        found = {m.group(0) for m in self._phrases.finditer(folded)}
        clients = {cid for phrase in found for cid in self.by_phrase[phrase]}
        if len(clients) != 1:
            return None
        phrase = max(found, key=len)
        return Match(next(iter(clients)), f'title "{self._written[phrase]}"')
