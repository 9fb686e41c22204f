"""What a briefing printout says, section by section, once for every format.

`walk` decides what goes in (private notes left out unless asked for, the
empty-section sentences, the details shown next to each line) and hands each
piece to a `Layout`, which only decides how it looks: markdown.py and text.py.
So the markdown and the plain-text printouts cannot drift apart in content.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple, Protocol

from prepdeck.briefing import AskAbout, Briefing, OpenPromise
from prepdeck.health import HealthFigure
from prepdeck.models import Contact, Interaction, Note, Suggestion
from prepdeck.wording import counted, days_ago, relative_days

SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    """Tiny bar chart of monthly counts (all-zero months draw the lowest bar)."""
    top = max(values, default=0)
    if top <= 0:
        return SPARK[0] * len(values)
    return "".join(SPARK[round(v / top * (len(SPARK) - 1))] for v in values)


class NoteLine(NamedTuple):
    """One bulleted note: its text and the details shown in parentheses after it."""

    text: str
    details: list[str]


class Layout(Protocol):
    """How one format draws each kind of piece; `walk` decides which pieces and in what order.

    Text arguments are the user's raw text: escaping (markdown) or flattening to one
    line (plain text) is the layout's job.
    """

    def title(self, name: str, company: str | None, day: str) -> None: ...
    def facts(self, facts: list[tuple[str, str]]) -> None: ...
    def section(self, title: str) -> None: ...
    def says(self, sentence: str) -> None:
        """A sentence on its own: an empty section's message or a closing figure."""

    def aside(self, sentence: str) -> None:
        """A remark about the printout itself (private notes left out)."""

    def points(self, mark: str, items: list[str]) -> None: ...
    def caution(self, text: str, about: str | None) -> None: ...
    def entries(self, entries: list[NoteLine]) -> None: ...
    def promise(self, text: str, state: str, overdue: bool) -> None: ...
    def kept(self, text: str, detail: str) -> None: ...
    def interaction(self, item: Interaction, details: list[str]) -> None: ...
    def figures(self, figures: list[HealthFigure]) -> None: ...
    def contact(self, name: str, details: list[str]) -> None: ...
    def article(self, title: str, link: str | None, meta: str, reasons: list[str]) -> None: ...
    def share(self, share_id: int, title: str, link: str | None) -> None: ...


def walk(b: Briefing, layout: Layout, *, include_private: bool) -> None:
    """Lay out the whole briefing, in the order it is read before a meeting."""
    c = b.client
    h = b.health
    layout.title(c.name, c.company, _long_date(b.today))
    layout.facts(header_facts(b))

    if h.needs_attention:
        layout.section("Needs attention")
        layout.points("!", h.attention_reasons)

    if b.cautions:
        layout.section("Cautions")
        for n in b.cautions:
            layout.caution(n.text, _contact_name(b, n.contact_id))

    layout.section("Ask about")
    ask = [a for a in b.ask_about if include_private or a.note.sensitivity != "private"]
    if ask:
        layout.entries([NoteLine(a.note.text, [_ask_when(a), *_note_bits(b, a.note)]) for a in ask])
    else:
        layout.says("Nothing with an ask-on date around now.")

    pinned = _visible(b.pinned, include_private)
    if pinned:
        layout.section("Pinned notes")
        layout.entries([NoteLine(n.text, _note_bits(b, n)) for n in pinned])

    layout.section("Promises")
    if b.open_promises or b.kept_recently:
        for o in b.open_promises:
            layout.promise(o.promise.text, _promise_state(o), o.overdue)
        for p in b.kept_recently:
            layout.kept(p.text, f"kept {p.kept_on}" + ("" if p.kept_on_time else ", late"))
    else:
        layout.says("No open promises, none kept recently.")
    if b.kept_on_time_rate is not None:
        layout.says(
            f"Kept on time: {b.kept_on_time_rate:.0%} "
            f"({h.kept_on_time} of {h.promises_counted} that came due)."
        )

    layout.section("Last interactions")
    if b.interactions:
        for i in b.interactions:
            layout.interaction(i, _interaction_bits(i))
        if b.interaction_count > len(b.interactions):
            layout.says(f"{counted(b.interaction_count, 'interaction')} in all.")
    else:
        layout.says("None logged yet.")

    layout.section("Relationship health")
    layout.figures(h.figures)
    layout.says(
        f"Contacts by month ({h.frequency_months[0]} to {h.frequency_months[-1]}): "
        f"{sparkline(h.frequency)} {', '.join(map(str, h.frequency))}"
    )

    layout.section("Agreed expectations")
    layout.says(b.agreed or "Nothing recorded.")

    layout.section("Contacts")
    if b.contacts:
        for ct in b.contacts:
            layout.contact(ct.name, _contact_bits(ct))
    else:
        layout.says("None stored.")

    others = _visible(b.other_notes, include_private)
    if others:
        layout.section("Other notes")
        layout.entries(
            [
                NoteLine(n.text, _note_bits(b, n) + ([f"ask on {n.ask_on}"] if n.ask_on else []))
                for n in others
            ]
        )
    hidden = _hidden_private(b, include_private)
    if hidden:
        layout.aside(f"{counted(hidden, 'private note')} left out of this printout.")

    if b.their_news:  # the client's own news: to know, not to send
        layout.section("What changed in their world")
        _articles(layout, b.their_news)

    layout.section("News")
    if b.news:
        _articles(layout, b.news)
    else:
        layout.says("No matching news stored.")

    if b.marked_shares:
        layout.section("Marked to send")
        for sh in b.marked_shares:
            layout.share(sh.id, sh.title, sh.link)

    if b.missing:
        layout.section("Not stored yet")
        layout.points("-", b.missing)


def _articles(layout: Layout, suggestions: list[Suggestion]) -> None:
    for s in suggestions:
        a = s.article
        published = f"{a.published:%Y-%m-%d}" if a.published else None
        meta = ", ".join(x for x in (s.feed_title, published) if x)
        layout.article(a.title, a.link, meta, s.reasons)


# --------------------------------------------------------------------------- the wording


def header_facts(b: Briefing) -> list[tuple[str, str]]:
    """The label/value lines under the title."""
    c = b.client
    facts = [("Address as", b.salutation)]
    if c.company:
        facts.append(("Company", c.company))
    if c.industry:
        facts.append(("Industry", c.industry))
    if c.keywords:
        facts.append(("Topics", ", ".join(c.keyword_list)))
    facts.append(("Status", f"{c.status}, warmth {c.warmth}/5"))
    if b.email:
        facts.append(("Email", b.email))
    if b.next_meeting:
        when = relative_days(b.days_to_meeting)
        facts.append(("Next meeting", f"{b.next_meeting:%Y-%m-%d %H:%M} ({when})"))
    if b.last_contact:
        facts.append(("Last contact", f"{b.last_contact} ({days_ago(b.days_since_contact)})"))
    else:
        facts.append(("Last contact", "none logged"))
    return facts


def _long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _visible(notes: Iterable[Note], include_private: bool) -> list[Note]:
    return [n for n in notes if include_private or n.sensitivity != "private"]


def _hidden_private(b: Briefing, include_private: bool) -> int:
    if include_private:
        return 0
    return sum(1 for n in b.all_notes if n.sensitivity == "private")


def _contact_name(b: Briefing, contact_id: int | None) -> str | None:
    return b.notes_by_contact.get(contact_id) if contact_id else None


def _note_bits(b: Briefing, note: Note) -> list[str]:
    bits = []
    who = _contact_name(b, note.contact_id)
    if who:
        bits.append(f"about {who}")
    if note.sensitivity == "private":
        bits.append("private")
    return bits


def _ask_when(a: AskAbout) -> str:
    return f"ask on {a.note.ask_on}, {a.when}"


def _promise_state(o: OpenPromise) -> str:
    p = o.promise
    if o.overdue:
        return f"due {p.due_on}, {counted(o.days_overdue, 'day')} overdue"
    if p.due_on is None:
        return "no due date"
    return f"due {p.due_on} ({relative_days(o.days_until_due)})"


def _interaction_bits(i: Interaction) -> list[str]:
    bits = []
    if i.satisfaction is not None:
        bits.append(f"satisfaction {i.satisfaction}/5")
    if i.complaint:
        bits.append(f"complaint resolved {i.resolved_on}" if i.resolved_on else "open complaint")
    return bits


def _contact_bits(c: Contact) -> list[str]:
    bits = [x for x in (c.role, c.authority) if x]
    if c.address_as and c.address_as != c.name.split()[0]:
        bits.append(f'address as "{c.address_as}"')
    if c.email:
        bits.append(c.email)
    return bits
