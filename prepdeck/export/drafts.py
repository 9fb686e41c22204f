"""The one draft builder: who a note goes to, how it greets them, its subject, text and cautions.

The share queue, `share list --json` and `share export` all come here, so the
recipient, subject and text are the same wherever a user looks. A draft opens
with why this article is for this person (see `draft_reasons`), in about eighty
words, and ends with the sender's signature. Drafts in one queue never open the
same way: each reason has several openings, and a queue takes them in turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from email.headerregistry import Address

from prepdeck.briefing import Briefing, is_formal
from prepdeck.config import Sender
from prepdeck.export.draft_reasons import Subject, Why, company_core, why_this
from prepdeck.export.draft_reasons import touches_never_mention as _touches
from prepdeck.models import Client, Contact, Share, Suggestion
from prepdeck.wording import (
    count_words,
    day_month,
    indefinite,
    one_line,
    safe_link,
    sentence,
    topics,
)

SIGN_OFF = "Best wishes,"

# Openings by reason; each starts differently from every other, so a queue can vary them.
# {t} the quoted title, {src} " in <feed>", {from_src} " from <feed>", {p} the reason's phrase.
OPENINGS: dict[str, list[tuple[str, str]]] = {
    "own-news-announced": [
        ("announce", "I saw your announcement, {t}. Congratulations to you and the team."),
        ("congrats", "Many congratulations on {t}; it is good to see the work paying off."),
        ("well-done", "Well done on the news: {t}. I look forward to hearing more."),
    ],
    "own-news-covered": [
        ("pleased", "I was pleased to see your news covered{src}: {t}. Congratulations."),
        ("well-done", "Well done on the news: {t}{src}. I look forward to hearing more."),
    ],
    "own-news-plain": [
        ("not-reached", "In case it has not reached you yet, there is a piece on {p}{src}: {t}."),
        ("read-yours", "I read {t}{src} with interest, and wanted to make sure you had seen it."),
    ],
    "contact-news": [
        ("mention", "{p} gets a mention{src}: {t}. I thought you would like to see it."),
        ("spotted", "I spotted {p} in {t}{src}, and thought it worth passing on."),
    ],
    "promise": [
        ("while", "While I work on {p}, here is something that bears directly on it: {t}{src}."),
        ("forgotten", "I have not forgotten {p}; in the meantime {t}{src} is useful background."),
        ("help-with", "This piece{from_src} should help with {p}: {t}."),
    ],
    "conversation": [
        ("spoke", "When we spoke on {when} you mentioned {p}, so {t}{src} caught my eye."),
        ("think", "This made me think of {p}, which came up when we spoke on {when}: {t}{src}."),
        ("raised", "You raised {p} on {when}, and {t}{src} speaks to it directly."),
        ("since", "Since you mentioned {p} on {when}, I thought you would want to see {t}{src}."),
        ("back-to", "Going back to {p}, which we discussed on {when}: {t}{src} is worth a look."),
        ("reminded", "Reading {t}{src} reminded me of {p}, which you brought up on {when}."),
    ],
    "conversation-undated": [
        ("mentioned", "You mentioned {p}, so {t}{src} caught my eye."),
        ("said", "This made me think of what you said about {p}: {t}{src}."),
        ("before", "Here is something on {p}, which you have mentioned before: {t}{src}."),
    ],
    "topic": [
        ("follow", "Knowing how closely you follow {p}, I thought you would want to see {t}{src}."),
        (
            "agenda",
            "With {p} high on your agenda, this piece{from_src} seemed worth passing on: {t}.",
        ),
        ("close", "This piece{from_src} on {p} felt close to home for {who}: {t}."),
    ],
    "industry": [
        ("talking", "People across {p} are talking about this piece{from_src}: {t}."),
        ("useful", "Here is a useful read for anyone running {business}: {t}{src}."),
        ("side", "One for the {p} side of things: {t}{src}."),
    ],
    "general": [
        ("came", "I came across {t}{src} and thought it might be useful."),
        ("passing", "Passing this on in case it is useful: {t}{src}."),
    ],
    "user": [
        ("came", "I came across {t}{src}. {p}"),
        ("sharing", "Sharing a piece{from_src} you may like: {t}. {p}"),
        ("saw", "I saw {t}{src}. {p}"),
    ],
}

# The same reasons in a few words, for a message that sends several articles.
SHORT_WHY = {
    "own-news-announced": "congratulations!",
    "own-news-covered": "your news; congratulations!",
    "own-news-plain": "a piece on {p}.",
    "contact-news": "{p} gets a mention.",
    "promise": "useful for {p}.",
    "conversation": "on {p}, which came up on {when}.",
    "conversation-undated": "on {p}, which you have mentioned.",
    "topic": "on {p}.",
    "industry": "much discussed across {p}.",
    "general": "",
    "user": "{p}",
}


@dataclass(frozen=True)
class Draft:
    """One message ready to send: to whom, subject, whole text, and what to check first."""

    client_id: int
    client_name: str
    share_ids: tuple[int, ...]
    to_name: str
    to_email: str | None
    subject: str
    body: str
    cautions: list[str] = field(default_factory=list)
    opening: str = ""  # which opening it used ("topic/follow"), so a queue can vary them

    @property
    def to(self) -> str | None:
        """ "Anna Kowalski <anna@…>" (RFC 5322 quoting where needed), None without an email."""
        if not self.to_email:
            return None
        try:
            return str(Address(display_name=self.to_name, addr_spec=self.to_email))
        except (ValueError, IndexError):
            return f"{self.to_name} <{self.to_email}>"

    @property
    def to_line(self) -> str:
        """What a screen shows beside To."""
        return self.to or f"{self.to_name} (no email address stored: fill in To yourself)"


def greeting(person: Client | Contact, *, organisation: bool = False) -> str:
    """The one place a form of address becomes a salutation.

    "Dear Mrs Patel," for a formal form of address, "Hi Priya," for a first name,
    "Hello," for an organisation with no person to address.
    """
    if is_formal(person.address_as):
        return f"Dear {one_line(person.address_as or '')},"
    if organisation and not person.address_as:
        return "Hello,"
    return f"Hi {one_line(person.salutation_name)},"


def _is_organisation(client: Client) -> bool:
    """A client stored under a company's name ("Acme Group"): no first name to use."""
    name = client.name.lower()
    return bool(client.company and name == client.company.lower()) or (
        company_core(client.name) != " ".join(name.split()) and bool(company_core(client.name))
    )


def addressee(b: Briefing, picked: Contact | None) -> tuple[Client | Contact, str | None]:
    """Who a note goes to: the contact it was picked for (when they have an email), else
    the client's own address, else the first contact with one; else nobody's address."""
    if picked and picked.email:
        return picked, picked.email
    if b.client.email:
        return b.client, b.client.email
    first = next((c for c in b.contacts if c.email), None)
    if first:
        return first, first.email
    return picked or b.client, None


def subject_of(
    item: Share | Suggestion, feed_title: str | None = None, summary: str = ""
) -> Subject:
    """What a share or a suggestion sends (a share keeps no summary: pass the article's)."""
    if isinstance(item, Suggestion):
        a = item.article
        return Subject(
            a.title, a.link, a.summary or "", tuple(item.reasons), item.feed_title or feed_title
        )
    return Subject(
        item.title, item.link, summary, tuple(item.reasons), feed_title, item.note, item.id
    )


def cautions(b: Briefing, subjects: Sequence[Subject]) -> list[str]:
    """What to weigh before sending news: a complaint, overdue promises, a sore subject.

    Never the never-mention note's words: only that one exists and touches the subject.
    """
    out: list[str] = []
    who = b.salutation
    if b.health.open_complaints:
        since = b.health.oldest_open_complaint
        when = f" (raised {day_month(since, b.today)})" if since else ""
        n = b.health.open_complaints
        out.append(
            f"{who} has {'an open complaint' if n == 1 else f'{n} open complaints'}{when}"
            " — answer that before sending news?"
        )
    overdue = len(b.overdue_promises)
    if overdue:
        out.append(
            f"{overdue} {'promise' if overdue == 1 else 'promises'} to {who}"
            f" {'is' if overdue == 1 else 'are'} overdue — keep {'it' if overdue == 1 else 'those'}"
            " first?"
        )
    if any(_touches(b, s) for s in subjects):
        out.append(
            "A do-not-mention note for this client touches this article's subject:"
            " read it in the briefing before sending."
        )
    return out


def _quoted(title: str) -> str:
    return f"“{one_line(title) or 'this article'}”"


def _reason_key(why: Why) -> str:
    if why.kind == "own-news":
        if why.newsroom:
            return "own-news-announced" if why.good_news else "own-news-plain"
        return "own-news-covered" if why.good_news else "own-news-plain"
    if why.kind == "conversation" and why.when is None:
        return "conversation-undated"
    return why.kind


def _fill(
    template: str, b: Briefing, why: Why, subject: Subject | None, *, capital: bool = True
) -> str:
    feed = one_line(subject.feed_title or "") if subject else ""
    industry = one_line(b.client.industry or "").lower()
    phrase = why.phrase
    if why.kind == "topic":
        phrase = topics(list(why.topics))
    elif why.kind == "contact-news" and why.contact:
        phrase = why.contact.name.split()[0]
    elif why.kind == "user":
        phrase = sentence(why.phrase)
    text = template.format(
        t=_quoted(subject.title) if subject else "",
        src=f" in {feed}" if feed else "",
        from_src=f" from {feed}" if feed else "",
        p=phrase,
        when=day_month(why.when, b.today) if why.when else "",
        who=one_line(b.client.company or "") or "you",
        business=indefinite(f"{industry} business") if industry else "a business like yours",
    )
    return text[:1].upper() + text[1:] if capital else text


def _choose(key: str, seed: int, used: set[str]) -> tuple[str, str]:
    """The reason's opening for this draft: turn by seed, skipping ones the queue has used."""
    variants = OPENINGS[key]
    start = seed % len(variants)
    for step in range(len(variants)):
        name, template = variants[(start + step) % len(variants)]
        if f"{key}/{name}" not in used:
            break
    else:
        name, template = variants[start]
    used.add(f"{key}/{name}")
    return f"{key}/{name}", template


CLOSERS = (
    "No need to reply; I just thought you would want to see it.",
    "Do say if it would help to talk it over.",
)


def _closer(b: Briefing, person: Client | Contact, seed: int) -> str:
    """Offer to talk at the next meeting, when it is soon and with the person written to."""
    days = b.days_to_meeting
    meeting_them = person is b.client or person.name.lower() == b.client.name.lower()
    if meeting_them and days is not None and 0 <= days <= 14 and b.next_meeting is not None:
        if days == 0:
            return "Happy to talk it through when we meet later today."
        if days == 1:
            return "Happy to talk it through when we meet tomorrow."
        day = f"{b.next_meeting:%A}" if days < 7 else day_month(b.next_meeting.date(), b.today)
        return f"Happy to talk it through when we meet on {day}."
    return CLOSERS[seed % len(CLOSERS)]


def _finish(
    lines: list[str], b: Briefing, person: Client | Contact, sender: Sender | None, seed: int = 0
) -> str:
    lines += ["", _closer(b, person, seed), ""]
    sign_off = sender.sign_off if sender else ""
    # A signature that brings its own "Kind regards," replaces ours.
    if not sign_off.split("\n", 1)[0].rstrip().endswith(","):
        lines.append(SIGN_OFF)
    if sign_off:
        lines.append(sign_off)
    return "\n".join(lines) + "\n"


def build_draft(
    b: Briefing,
    subject: Subject,
    sender: Sender | None = None,
    *,
    used: set[str] | None = None,
) -> Draft:
    """The draft for one article. `used` carries the openings a queue has taken so far."""
    why = why_this(b, subject)
    person, email = addressee(b, why.contact)
    edited = subject.note if subject.note and "\n" in subject.note.strip() else None
    key = _reason_key(why)
    opening, template = _choose(key, subject.share_id or 0, used if used is not None else set())
    if edited:
        body = edited if edited.endswith("\n") else edited + "\n"
    else:
        organisation = person is b.client and _is_organisation(b.client)
        lines = [greeting(person, organisation=organisation), "", _fill(template, b, why, subject)]
        link = safe_link(subject.link)
        if link:
            lines += ["", link]
        body = _finish(lines, b, person, sender, subject.share_id or 0)
    title = one_line(subject.title) or "An article you may like"
    return Draft(
        client_id=b.client.id,
        client_name=b.client.name,
        share_ids=(subject.share_id,) if subject.share_id is not None else (),
        to_name=person.name,
        to_email=email,
        subject=f"Congratulations: {title}" if why.good_news else title,
        body=body,
        cautions=cautions(b, [subject]),
        opening=opening,
    )


def build_combined(b: Briefing, subjects: Sequence[Subject], sender: Sender | None = None) -> Draft:
    """One message sending several articles to one client, each with its reason in a line."""
    if len(subjects) == 1:
        return build_draft(b, subjects[0], sender)
    person, email = addressee(b, None)
    organisation = person is b.client and _is_organisation(b.client)
    n = len(subjects)
    lines = [
        greeting(person, organisation=organisation),
        "",
        f"Here are {count_words(n, 'piece')} I came across that I thought you would want to see:",
    ]
    for s in subjects:
        why = why_this(b, s)
        source = f" ({one_line(s.feed_title)})" if s.feed_title else ""
        reason = _fill(SHORT_WHY[_reason_key(why)], b, why, None, capital=False)
        lines += ["", f"- {_quoted(s.title)}{source}" + (f": {reason}" if reason else "")]
        link = safe_link(s.link)
        if link:
            lines.append(f"  {link}")
    return Draft(
        client_id=b.client.id,
        client_name=b.client.name,
        share_ids=tuple(s.share_id for s in subjects if s.share_id is not None),
        to_name=person.name,
        to_email=email,
        subject=f"{count_words(n, 'article').capitalize()} you may find useful",
        body=_finish(lines, b, person, sender),
        cautions=cautions(b, subjects),
        opening="combined",
    )
