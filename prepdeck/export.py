"""Printable briefings (markdown, plain text), share drafts and RFC 5322 draft emails.

Everything here renders a `Briefing` (or a share) that was already built: it
never queries the store, so the printout and the screen cannot disagree.
Private notes are left out unless asked for; never-mention notes appear only as
cautions and never in a drafted message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path

from prepdeck.briefing import AskAbout, Briefing, OpenPromise
from prepdeck.models import Client, Contact, Interaction, Note, Share, Suggestion
from prepdeck.rank.lexicon import PERSONAL

SPARK = "▁▂▃▄▅▆▇█"

# --------------------------------------------------------------------------- helpers


def sparkline(values: list[int]) -> str:
    """Tiny bar chart of monthly counts (all-zero months draw the lowest bar)."""
    top = max(values, default=0)
    if top <= 0:
        return SPARK[0] * len(values)
    return "".join(SPARK[round(v / top * (len(SPARK) - 1))] for v in values)


_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")


def md_escape(text: str) -> str:
    """Escape user text for inline markdown: it renders literally, on one line.

    Only characters that would change the rendering are escaped, so the raw
    markdown stays readable when pasted into a mail or a notes app.
    """
    one_line = " ".join(str(text).split())
    escaped = _MD_ENTITY.sub(r"\\&", _MD_INLINE.sub(r"\\\1", one_line))
    # At the start of a line "#", "+", "-", "=" or "1." would start a block.
    escaped = re.sub(r"^([#+\-=])", r"\\\1", escaped)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", escaped)


def safe_url(url: str | None) -> str | None:
    """Only plain http(s) URLs become links."""
    if not url:
        return None
    url = url.strip()
    if not re.match(r"^https?://", url, re.I) or re.search(r"[\s<>]", url):
        return None
    return url


def md_link(title: str, url: str | None) -> str:
    link = safe_url(url)
    label = md_escape(title or url or "untitled")
    return f"[{label}](<{link}>)" if link else label


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _days_ago(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def _in_days(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days < 0:
        return _days_ago(-days)
    return f"in {days} days"


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
        return f"due {p.due_on}, {o.days_overdue} days overdue"
    if p.due_on is None:
        return "no due date"
    return f"due {p.due_on} ({_in_days(o.days_until_due)})"


def _interaction_bits(i: Interaction) -> list[str]:
    bits = []
    if i.satisfaction is not None:
        bits.append(f"satisfaction {i.satisfaction}/5")
    if i.complaint:
        bits.append(f"complaint resolved {i.resolved_on}" if i.resolved_on else "open complaint")
    return bits


def _contact_line(c: Contact) -> tuple[str, list[str]]:
    bits = [x for x in (c.role, c.authority) if x]
    if c.address_as and c.address_as != c.name.split()[0]:
        bits.append(f'address as "{c.address_as}"')
    if c.email:
        bits.append(c.email)
    return c.name, bits


def _header_facts(b: Briefing) -> list[tuple[str, str]]:
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
        when = _in_days(b.days_to_meeting)
        facts.append(("Next meeting", f"{b.next_meeting:%Y-%m-%d %H:%M} ({when})"))
    if b.last_contact:
        facts.append(("Last contact", f"{b.last_contact} ({_days_ago(b.days_since_contact)})"))
    else:
        facts.append(("Last contact", "none logged"))
    return facts


# --------------------------------------------------------------------------- markdown


def briefing_markdown(b: Briefing, *, include_private: bool = False) -> str:
    """The whole briefing as CommonMark (with one table), ready to print or paste."""
    c = b.client
    out: list[str] = []
    title = md_escape(c.name) + (f" — {md_escape(c.company)}" if c.company else "")
    out += [f"# Briefing: {title}", "", f"*{_long_date(b.today)}*", ""]
    for label, value in _header_facts(b):
        out.append(f"- **{label}:** {md_escape(value)}")
    out.append("")

    h = b.health
    if h.needs_attention:
        out += ["## Needs attention", ""]
        out += [f"- {md_escape(r)}" for r in h.attention_reasons]
        out.append("")

    if b.cautions:
        out += ["## Cautions", ""]
        for n in b.cautions:
            who = _contact_name(b, n.contact_id)
            about = f" (about {md_escape(who)})" if who else ""
            out.append(f"- **Do not mention:** {md_escape(n.text)}{about}")
        out.append("")

    ask = [a for a in b.ask_about if include_private or a.note.sensitivity != "private"]
    out += ["## Ask about", ""]
    if ask:
        for a in ask:
            bits = [_ask_when(a), *_note_bits(b, a.note)]
            out.append(f"- {md_escape(a.note.text)} *({md_escape(', '.join(bits))})*")
    else:
        out.append("Nothing with an ask-on date around now.")
    out.append("")

    pinned = _visible(b.pinned, include_private)
    if pinned:
        out += ["## Pinned notes", ""]
        for n in pinned:
            bits = _note_bits(b, n)
            extra = f" *({md_escape(', '.join(bits))})*" if bits else ""
            out.append(f"- {md_escape(n.text)}{extra}")
        out.append("")

    out += ["## Promises", ""]
    if b.open_promises or b.kept_recently:
        for o in b.open_promises:
            state = _promise_state(o)
            state = f"**{md_escape(state)}**" if o.overdue else md_escape(state)
            out.append(f"- [ ] {md_escape(o.promise.text)} — {state}")
        for p in b.kept_recently:
            late = "" if p.kept_on_time else ", late"
            out.append(f"- [x] {md_escape(p.text)} — kept {p.kept_on}{late}")
    else:
        out.append("No open promises, none kept recently.")
    out.append("")
    if b.kept_on_time_rate is not None:
        out += [
            f"Kept on time: {b.kept_on_time_rate:.0%} "
            f"({h.kept_on_time} of {h.promises_counted} that came due).",
            "",
        ]

    out += ["## Last interactions", ""]
    if b.interactions:
        for i in b.interactions:
            bits = _interaction_bits(i)
            extra = f" *({md_escape(', '.join(bits))})*" if bits else ""
            text = md_escape(i.text) if i.text else "(no notes)"
            out.append(f"- {i.happened_on} **{md_escape(i.kind)}:** {text}{extra}")
        if b.interaction_count > len(b.interactions):
            out += ["", f"{b.interaction_count} interactions in all."]
    else:
        out.append("None logged yet.")
    out.append("")

    out += ["## Relationship health", ""]
    out += ["| Figure | Value | Why |", "|---|---|---|"]
    for f in h.figures:
        mark = "" if f.ok else " ⚠"
        out.append(
            f"| {md_escape(f.label)} | {md_escape(f.value)}{mark} | {md_escape(f.explanation)} |"
        )
    out += [
        "",
        f"Contacts by month ({h.frequency_months[0]} to {h.frequency_months[-1]}): "
        f"{sparkline(h.frequency)} {md_escape(', '.join(map(str, h.frequency)))}",
        "",
    ]

    out += ["## Agreed expectations", ""]
    out += [md_escape(b.agreed) if b.agreed else "Nothing recorded.", ""]

    out += ["## Contacts", ""]
    if b.contacts:
        for ct in b.contacts:
            name, bits = _contact_line(ct)
            extra = f" — {md_escape(', '.join(bits))}" if bits else ""
            out.append(f"- **{md_escape(name)}**{extra}")
    else:
        out.append("None stored.")
    out.append("")

    others = _visible(b.other_notes, include_private)
    if others:
        out += ["## Other notes", ""]
        for n in others:
            bits = _note_bits(b, n)
            if n.ask_on:
                bits.append(f"ask on {n.ask_on}")
            extra = f" *({md_escape(', '.join(bits))})*" if bits else ""
            out.append(f"- {md_escape(n.text)}{extra}")
        out.append("")
    hidden = _hidden_private(b, include_private)
    if hidden:
        out += [
            f"*{hidden} private note{'s' if hidden != 1 else ''} left out of this printout.*",
            "",
        ]

    out += ["## News", ""]
    if b.news:
        for s in b.news:
            a = s.article
            meta = ", ".join(
                x for x in (s.feed_title, f"{a.published:%Y-%m-%d}" if a.published else None) if x
            )
            extra = f" *({md_escape(meta)})*" if meta else ""
            out.append(f"- {md_link(a.title, a.link)}{extra}")
            if s.reasons:
                out.append(f"  - Why: {md_escape('; '.join(s.reasons))}")
    else:
        out.append("No matching news stored.")
    out.append("")

    if b.marked_shares:
        out += ["## Marked to send", ""]
        for sh in b.marked_shares:
            out.append(f"- {md_link(sh.title, sh.link)} *(share {sh.id})*")
        out.append("")

    if b.missing:
        out += ["## Not stored yet", ""]
        out += [f"- {md_escape(m)}" for m in b.missing]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- plain text


def _heading(text: str) -> list[str]:
    return ["", text.upper(), "-" * len(text)]


def briefing_text(b: Briefing, *, include_private: bool = False) -> str:
    """The whole briefing as plain text for a terminal, mail body or notes app."""
    c = b.client
    title = f"Briefing: {c.name}" + (f" — {c.company}" if c.company else "")
    out = [title, "=" * len(title), _long_date(b.today), ""]
    width = max(len(label) for label, _ in _header_facts(b))
    for label, value in _header_facts(b):
        out.append(f"{label + ':':<{width + 1}} {_one_line(value)}")
    h = b.health
    if h.needs_attention:
        out += _heading("Needs attention")
        out += [f"  ! {r}" for r in h.attention_reasons]
    if b.cautions:
        out += _heading("Cautions")
        for n in b.cautions:
            who = _contact_name(b, n.contact_id)
            out.append(
                f"  DO NOT MENTION: {_one_line(n.text)}" + (f" (about {who})" if who else "")
            )
    out += _heading("Ask about")
    ask = [a for a in b.ask_about if include_private or a.note.sensitivity != "private"]
    if ask:
        for a in ask:
            bits = [_ask_when(a), *_note_bits(b, a.note)]
            out.append(f"  * {_one_line(a.note.text)} ({', '.join(bits)})")
    else:
        out.append("  Nothing with an ask-on date around now.")
    pinned = _visible(b.pinned, include_private)
    if pinned:
        out += _heading("Pinned notes")
        for n in pinned:
            bits = _note_bits(b, n)
            out.append(f"  * {_one_line(n.text)}" + (f" ({', '.join(bits)})" if bits else ""))
    out += _heading("Promises")
    if b.open_promises or b.kept_recently:
        for o in b.open_promises:
            state = _promise_state(o)
            out.append(
                f"  [ ] {_one_line(o.promise.text)} — {state.upper() if o.overdue else state}"
            )
        for p in b.kept_recently:
            late = "" if p.kept_on_time else ", late"
            out.append(f"  [x] {_one_line(p.text)} — kept {p.kept_on}{late}")
    else:
        out.append("  No open promises, none kept recently.")
    if b.kept_on_time_rate is not None:
        out.append(
            f"  Kept on time: {b.kept_on_time_rate:.0%} "
            f"({h.kept_on_time} of {h.promises_counted} that came due)."
        )
    out += _heading("Last interactions")
    if b.interactions:
        for i in b.interactions:
            bits = _interaction_bits(i)
            extra = f" ({', '.join(bits)})" if bits else ""
            out.append(f"  {i.happened_on}  {i.kind}: {_one_line(i.text) or '(no notes)'}{extra}")
        if b.interaction_count > len(b.interactions):
            out.append(f"  {b.interaction_count} interactions in all.")
    else:
        out.append("  None logged yet.")
    out += _heading("Relationship health")
    lw = max(len(f.label) for f in h.figures)
    for f in h.figures:
        mark = "!" if not f.ok else " "
        out.append(f" {mark}{f.label + ':':<{lw + 1}} {f.value} — {f.explanation}")
    out.append(
        f"  Contacts by month ({h.frequency_months[0]} to {h.frequency_months[-1]}): "
        f"{sparkline(h.frequency)} {', '.join(map(str, h.frequency))}"
    )
    out += _heading("Agreed expectations")
    out.append(f"  {_one_line(b.agreed)}" if b.agreed else "  Nothing recorded.")
    out += _heading("Contacts")
    if b.contacts:
        for ct in b.contacts:
            name, bits = _contact_line(ct)
            out.append(f"  * {name}" + (f" — {', '.join(bits)}" if bits else ""))
    else:
        out.append("  None stored.")
    others = _visible(b.other_notes, include_private)
    if others:
        out += _heading("Other notes")
        for n in others:
            bits = _note_bits(b, n)
            if n.ask_on:
                bits.append(f"ask on {n.ask_on}")
            out.append(f"  * {_one_line(n.text)}" + (f" ({', '.join(bits)})" if bits else ""))
    hidden = _hidden_private(b, include_private)
    if hidden:
        out.append(
            f"  ({hidden} private note{'s' if hidden != 1 else ''} left out of this printout.)"
        )
    out += _heading("News")
    if b.news:
        for s in b.news:
            a = s.article
            out.append(f"  * {_one_line(a.title)}")
            if safe_url(a.link):
                out.append(f"    {a.link}")
            if s.reasons:
                out.append(f"    Why: {'; '.join(s.reasons)}")
    else:
        out.append("  No matching news stored.")
    if b.marked_shares:
        out += _heading("Marked to send")
        for sh in b.marked_shares:
            out.append(f"  * [share {sh.id}] {_one_line(sh.title)}")
            if safe_url(sh.link):
                out.append(f"    {sh.link}")
    if b.missing:
        out += _heading("Not stored yet")
        out += [f"  - {m}" for m in b.missing]
    return "\n".join(out).rstrip("\n") + "\n"


def render_briefing(b: Briefing, fmt: str = "markdown", *, include_private: bool = False) -> str:
    """`brief`'s output in "markdown" or "text"."""
    if fmt == "markdown":
        return briefing_markdown(b, include_private=include_private)
    if fmt == "text":
        return briefing_text(b, include_private=include_private)
    raise ValueError(f"unknown format {fmt!r}")


# --------------------------------------------------------------------------- share drafts

_STOP = frozenset(
    """about above after again against also among another because been before being below
    between both could does doing down during each even every from further have having here
    into itself just last made make many more most much must next only other over same should
    some such than that their them then there these they this those through under until very
    want well were what when where which while will with would year years your yours week
    weeks month months today said says news new""".split()
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) >= 4 and w not in _STOP}


def _related(a: str, b: str) -> bool:
    """Same word, or one a form of the other ("expand" ~ "expansion")."""
    if a == b:
        return True
    n = min(len(a), len(b))
    return n >= 5 and a[:5] == b[:5] and abs(len(a) - len(b)) <= 5


def _overlap(words: set[str], article: set[str]) -> set[str]:
    return {w for w in words if any(_related(w, x) for x in article)}


@dataclass(frozen=True)
class DraftSubject:
    """What a draft is about: the share's or suggestion's article, reasons and own note."""

    title: str
    link: str | None
    summary: str
    reasons: list[str]
    note: str | None
    feed_title: str | None = None


def _subject_of(item: Share | Suggestion) -> DraftSubject:
    if isinstance(item, Suggestion):
        a = item.article
        return DraftSubject(
            a.title, a.link, a.summary or "", list(item.reasons), None, item.feed_title
        )
    return DraftSubject(item.title, item.link, "", list(item.reasons), item.note)


def _lower_first(text: str) -> str:
    text = _one_line(text).rstrip(".!;: ")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _is_business(note: Note) -> bool:
    """A note fit to cite in a draft: about the business, not someone's private life."""
    words = re.findall(r"[\w-]+", note.text.lower())
    if not words or words[0] in ("ask", "remember", "remind", "never", "don't", "do"):
        return False
    return not any(w in PERSONAL for w in words)


def _topics(client: Client, article: set[str]) -> list[str]:
    """The client's keywords the article is about (every word of a keyword present)."""
    found: list[tuple[str, set[str]]] = []
    for keyword in client.keyword_list:
        kw = _words(keyword)
        if kw and len(_overlap(kw, article)) == len(kw):
            found.append((keyword, kw))
    # "procurement" adds nothing next to "Procurement Act": keep the fuller one.
    return [k for k, kw in found if not any(kw <= other and len(k) < len(o) for o, other in found)]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


_SMALL = frozenset(
    """a an and are as at be been but by for from had has have he her his in is it its of
    on or our she so that the their them they this to too was we were will with who you
    your ends end starts start ask asks wants want needs need said says""".split()
)
_SUFFIXES = frozenset("ltd limited llp plc inc co corp gmbh group holdings company the".split())


def _company_core(company: str | None) -> str:
    """ "Northway Freight Ltd" -> "northway freight": how headlines name a company."""
    words = re.findall(r"[\w&'-]+", (company or "").lower())
    while words and words[-1] in _SUFFIXES:
        words.pop()
    return " ".join(words)


def _keep_case(word: str, client: Client) -> bool:
    """A capitalised first word that is a name (written so in their topics) keeps its case."""
    return re.search(rf"\b{re.escape(word)}\b", client.keywords or "") is not None


def _note_phrase(client: Client, text: str, article: set[str], generic: set[str]) -> str | None:
    """A short phrase of the note around the first word the article echoes.

    "Dental nurse vacancies are the group's biggest risk" with an article on a
    nurse shortage gives "dental nurse vacancies": the topic, not the sentence.
    """
    tokens = re.findall(r"[\w&'-]+", _one_line(text))
    words = [t.lower() for t in tokens]

    def content(i: int) -> bool:
        return words[i] not in _SMALL and words[i] not in _STOP and not words[i].isdigit()

    hit = next(
        (
            i
            for i, w in enumerate(words)
            if len(w) >= 4 and w not in generic and content(i) and _overlap({w}, article)
        ),
        None,
    )
    if hit is None:
        return None
    lo = hi = hit
    while lo > 0 and content(lo - 1) and hi - lo < 3:
        lo -= 1
    while hi + 1 < len(tokens) and content(hi + 1) and hi - lo < 3:
        hi += 1
    phrase = tokens[lo : hi + 1]
    if lo == 0 and not _keep_case(phrase[0], client):
        phrase[0] = phrase[0].lower() if not phrase[0].isupper() else phrase[0]
    return " ".join(phrase)


def _why_sentence(
    client: Client, subject: DraftSubject, notes: list[Note], unsafe: list[Note]
) -> str:
    """Why this article relates to them, from business notes, topics and the ranking reasons.

    Preference: their own company in the news; a business note the article echoes
    ("our conversation about planning to expand to Poland", or the topic phrase
    of a longer note); their stated topics; then the ranking's reasons.
    """
    text = f"{subject.title} {subject.summary}"
    article = _words(text)
    core = _company_core(client.company)
    if core and re.search(rf"(?<!\w){re.escape(core)}(?!\w)", text.lower()):
        name = client.company or core
        shown = " ".join(name.split()[: len(core.split())])
        return f"It is good to see {shown} in the news."
    generic = _words(f"{client.company or ''} {client.industry or ''}")
    business = [n for n in notes if _is_business(n)]
    echoed = [
        (len(_overlap(_words(n.text) - generic, article)), n.id, n)
        for n in business
        if _overlap(_words(n.text) - generic, article)
    ]
    echoed.sort(key=lambda e: (e[0], e[1]), reverse=True)
    topics = _topics(client, article)[:2]
    for _, _, n in echoed:
        first = n.text.split()[0].lower() if n.text.split() else ""
        if first.endswith("ing") and len(n.text.split()) <= 10:
            return f"It made me think of our conversation about {_lower_first(n.text)}."
    if topics:
        topic_words = _words(" ".join(topics))
        if any(_overlap(_words(n.text), topic_words) for n in business):
            return f"It made me think of our conversation about {_and(topics)}."
        return f"Given your interest in {_and(topics)}, I thought it would be worth a look."
    for _, _, n in echoed:
        phrase = _note_phrase(client, n.text, article, generic)
        if phrase:
            return f"It made me think of our conversation about {phrase}."
    # The ranking's own reasons, minus any that echo a private or never-mention note.
    banned = set().union(*(_words(n.text) for n in unsafe)) if unsafe else set()
    allowed = set().union(*(_words(n.text) for n in notes)) if notes else set()
    allowed |= _words(" ".join([*client.keyword_list, client.company or "", client.industry or ""]))
    reasons = [r for r in subject.reasons if r != "demo" and not ((_words(r) & banned) - allowed)]
    if reasons:
        return f"It seemed relevant to you ({_lower_first('; '.join(reasons[:2]))})."
    if client.industry:
        return f"It seemed relevant to what is happening in {client.industry}."
    if client.company:
        return f"It seemed relevant to your work at {client.company}."
    return "It seemed relevant to what we last discussed."


def greeting(client: Client, contact: Contact | None = None) -> str:
    """ "Dear Mrs Patel," for a formal form of address, else "Hi Priya,"."""
    from prepdeck.briefing import is_formal

    person = contact or client
    address = person.address_as
    if is_formal(address):
        return f"Dear {_one_line(address or '')},"
    return f"Hi {person.salutation_name},"


def draft_note(
    who: Briefing | Client,
    item: Share | Suggestion,
    notes: list[Note] | None = None,
    *,
    contact: Contact | None = None,
    signature: str | None = None,
) -> str:
    """A short note to send the article, in the client's form of address, saying why.

    `notes` (default: the briefing's) are used for the reason; private and
    never-mention notes are never quoted. The share's own note, if the user
    wrote one, is their reason in their words and is used as written.
    """
    if isinstance(who, Briefing):
        client = who.client
        notes = who.all_notes if notes is None else notes
    else:
        client = who
        notes = notes or []
    usable = [n for n in notes if n.sensitivity == "normal"]
    unsafe = [n for n in notes if n.sensitivity != "normal"]
    subject = _subject_of(item)
    title = _one_line(subject.title) or "this article"
    source = f" in {subject.feed_title}" if subject.feed_title else ""
    lines = [greeting(client, contact), ""]
    opening = f'I came across "{title}"{source} and thought of you.'
    if subject.note:
        why = _one_line(subject.note)
        if why[-1:] not in ".!?":
            why += "."
    else:
        why = _why_sentence(client, subject, usable, unsafe)
    lines.append(f"{opening} {why}")
    link = safe_url(subject.link)
    if link:
        lines += ["", link]
    lines += ["", "Best wishes,"]
    if signature:
        lines.append(signature)
    return "\n".join(lines) + "\n"


def recipient(b: Briefing) -> tuple[str, str] | None:
    """(name, email): the client's own address, else the first contact with one."""
    if b.client.email:
        return b.client.name, b.client.email
    for c in b.contacts:
        if c.email:
            return c.name, c.email
    return None


def share_email(
    b: Briefing,
    share: Share,
    *,
    sender: str | None = None,
    when: datetime | None = None,
    signature: str | None = None,
) -> EmailMessage:
    """An RFC 5322 draft (X-Unsent: 1) for one share, addressed to the client."""
    to = recipient(b)
    contact = None
    if to and not b.client.email:
        contact = next((c for c in b.contacts if c.email == to[1]), None)
    body = draft_note(b, share, contact=contact, signature=signature)
    msg = EmailMessage()
    if to:
        msg["To"] = formataddr(to)
    if sender:
        msg["From"] = sender
    msg["Subject"] = _one_line(share.title) or "An article you may like"
    if when is not None:
        msg["Date"] = format_datetime(when)
    msg["X-Unsent"] = "1"
    msg["X-Prepdeck-Share"] = str(share.id)
    msg.set_content(body)
    return msg


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:50].rstrip("-") or "article"


def write_eml(msg: EmailMessage, out_dir: Path, share: Share) -> Path:
    """Write one draft as share-<id>-<slug>.eml (replacing an older draft of the same share)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"share-{share.id}-{_slug(share.title)}.eml"
    tmp = path.with_suffix(".eml.tmp")
    tmp.write_bytes(msg.as_bytes(policy=msg.policy.clone(linesep="\r\n")))
    tmp.replace(path)
    return path
