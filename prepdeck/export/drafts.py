"""Short notes that send a client an article, in their form of address, saying why.

Used for share drafts on screen and in .eml files. Only normal notes are ever
quoted: private and never-mention notes can only keep a ranking reason out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prepdeck.briefing import Briefing, is_formal
from prepdeck.export.common import one_line, safe_url
from prepdeck.models import Client, Contact, Note, Share, Suggestion
from prepdeck.rank.lexicon import PERSONAL

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
    text = one_line(text).rstrip(".!;: ")
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
    tokens = re.findall(r"[\w&'-]+", one_line(text))
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
    person = contact or client
    address = person.address_as
    if is_formal(address):
        return f"Dear {one_line(address or '')},"
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
    wrote one, is their reason in their words and is used as written; a note of
    several lines is a whole message the user edited, returned unchanged.
    """
    own = getattr(item, "note", None)
    if own and "\n" in own.strip():
        return own if own.endswith("\n") else own + "\n"
    if isinstance(who, Briefing):
        client = who.client
        notes = who.all_notes if notes is None else notes
    else:
        client = who
        notes = notes or []
    usable = [n for n in notes if n.sensitivity == "normal"]
    unsafe = [n for n in notes if n.sensitivity != "normal"]
    subject = _subject_of(item)
    title = one_line(subject.title) or "this article"
    source = f" in {subject.feed_title}" if subject.feed_title else ""
    lines = [greeting(client, contact), ""]
    opening = f'I came across "{title}"{source} and thought of you.'
    if subject.note:
        why = one_line(subject.note)
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
