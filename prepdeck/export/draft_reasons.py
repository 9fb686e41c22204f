"""Why this article, for this person: the one reason a draft opens with.

In order of how personal it is: the client's own company in the news; a
contact of theirs named in it; an open promise it helps keep; something they
raised (a business note or a logged conversation, with its date); their stated
topics; their industry. Only normal notes are ever quoted: private and
never-mention ones can only keep a reason out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from prepdeck.briefing import Briefing
from prepdeck.models import Contact, Note, Promise
from prepdeck.rank.lexicon import PERSONAL
from prepdeck.wording import lower_first, one_line

_STOP = frozenset(
    """about above after again against also among another because been before being below
    between both could does doing down during each even every from further have having here
    into itself just last made make many more most much must next only other over same should
    some such than that their them then there these they this those through under until very
    want well were what when where which while will with would year years your yours week
    weeks month months today said says news new never mention""".split()
)
_SMALL = frozenset(
    """a an and are as at be been but by for from had has have he her his in is it its of
    on or our she so that the their them they this to too was we were will with who you
    your ends end starts start ask asks wants want needs need said says call talked about
    quick near across into onto over under within without after before via per than""".split()
)
_SUFFIXES = frozenset("ltd limited llp plc inc co corp gmbh group holdings company the".split())
# Headlines worth congratulating a client on; anything else about them gets a plain word.
_GOOD_NEWS = re.compile(
    r"\b(opens?|opening|signs?|wins?|won|named|awarded|acquires?|partners?|launch(es)?|adds?|"
    r"raises?|expands?|appoints?|celebrates?|presents?|secures?|completes?|joins?|record)\b",
    re.I,
)
_BAD_NEWS = re.compile(
    r"\b(fine[ds]?|loss(es)?|cuts?|clos(es|ure|ing)|strike|lawsuit|sued|probe|delays?|falls?|"
    r"warns?|warning|breach|redundanc\w*|layoffs?|job losses|collapse\w*|administration|"
    r"investigat\w*|complaints?|recall\w*)\b",
    re.I,
)


def words(text: str) -> set[str]:
    """The content words of a text, lower case (four letters or more, no filler)."""
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) >= 4 and w not in _STOP}


def _related(a: str, b: str) -> bool:
    """Same word, or one a form of the other ("expand" ~ "expansion")."""
    if a == b or a in (b + "s", b + "es") or b in (a + "s", a + "es"):
        return True
    n = min(len(a), len(b))
    return n >= 5 and a[:5] == b[:5] and abs(len(a) - len(b)) <= 5


def overlap(mine: set[str], article: set[str]) -> set[str]:
    return {w for w in mine if any(_related(w, x) for x in article)}


@dataclass(frozen=True)
class Subject:
    """What a draft sends: an article's title, link, source, summary and ranking reasons."""

    title: str
    link: str | None = None
    summary: str = ""
    reasons: tuple[str, ...] = ()
    feed_title: str | None = None
    note: str | None = None  # the user's own reason (one line) or whole message (several)
    share_id: int | None = None

    @property
    def text(self) -> str:
        return f"{self.title} {self.summary}"


@dataclass(frozen=True)
class Why:
    """The reason a draft gives, and the person it was picked for (when there is one)."""

    kind: str  # own-news, contact-news, promise, conversation, topic, industry, general, user
    phrase: str = ""
    when: date | None = None
    contact: Contact | None = None
    good_news: bool = False
    newsroom: bool = False
    topics: tuple[str, ...] = ()


def company_core(company: str | None) -> str:
    """ "Northway Freight Ltd" -> "northway freight": how headlines name a company."""
    found = re.findall(r"[\w&'-]+", (company or "").lower())
    while found and found[-1] in _SUFFIXES:
        found.pop()
    return " ".join(found)


def is_business(note: Note) -> bool:
    """A note fit to cite in a draft: about the business, not someone's private life."""
    found = re.findall(r"[\w-]+", note.text.lower())
    if not found or found[0] in ("ask", "remember", "remind", "never", "don't", "do"):
        return False
    return not any(w in PERSONAL for w in found)


def matched_topics(keywords: list[str], article: set[str]) -> list[str]:
    """The client's keywords the article is about (every word of a keyword present)."""
    found: list[tuple[str, set[str]]] = []
    for keyword in keywords:
        kw = words(keyword)
        if kw and len(overlap(kw, article)) == len(kw):
            found.append((keyword, kw))
    # "procurement" adds nothing next to "Procurement Act": keep the fuller one.
    return [k for k, kw in found if not any(kw <= other and len(k) < len(o) for o, other in found)]


def _phrase(text: str, article: set[str], generic: set[str], names: str) -> str | None:
    """A short phrase of a note around the first word the article echoes, as a noun phrase.

    "Board worried that the driver shortage will delay…" with an article on driver
    licences gives "the driver shortage": the topic, not the sentence.
    """
    tokens = re.findall(r"[\w&'-]+", one_line(text))
    low = [t.lower() for t in tokens]
    if len(tokens) <= 10 and low and low[0].endswith("ing") and overlap(words(text), article):
        return lower_first(text, names)  # "planning to expand to Poland next year"

    def content(i: int) -> bool:
        return low[i] not in _SMALL and low[i] not in _STOP and not low[i].isdigit()

    hit = next(
        (
            i
            for i, w in enumerate(low)
            if len(w) >= 4 and w not in generic and content(i) and overlap({w}, article)
        ),
        None,
    )
    if hit is None:
        return None
    lo = hi = hit
    while lo > 0 and content(lo - 1) and hi - lo < 2:
        lo -= 1
    while hi + 1 < len(tokens) and content(hi + 1) and hi - lo < 2:
        hi += 1
    # A verb or adjective the note opened with ("Board worried…", "Moving the lab…") is
    # not part of the topic.
    while lo < hi and (lo == 0 and (low[lo].endswith(("ed", "ing")) or low[lo] == "board")):
        lo += 1
    phrase = " ".join(tokens[lo : hi + 1])
    if lo == 0:
        phrase = lower_first(phrase, names)
    single_name = " " not in phrase and phrase[:1].isupper()
    return phrase if single_name else f"the {phrase}"


_SEND_VERBS = frozenset(
    "send share deliver draft prepare write provide forward produce finish complete build".split()
)
_OTHER_VERBS = frozenset(
    """introduce compare check find book call follow look set arrange organise organize review
    research summarise summarize chase confirm update fix get put ask email contact plan
    recommend help get explore""".split()
)


def promise_phrase(promise: Promise, names: str) -> str:
    """A promise as a noun phrase: "the VAT registration guide I promised you",
    "my promise to compare three energy quotes"."""
    text = one_line(promise.text).rstrip(".")
    first, _, rest = text.partition(" ")
    verb = first.lower()
    if verb in _SEND_VERBS and rest:
        thing = (
            rest
            if rest.split(" ", 1)[0].lower() in ("the", "a", "an", "our", "my")
            else (f"the {rest}")
        )
        return f"{thing} I promised you"
    if verb in _OTHER_VERBS:
        return f"my promise to {lower_first(text, names)}"
    return f"the {lower_first(text, names)} I promised you"


def _contact(b: Briefing, contact_id: int | None) -> Contact | None:
    return next((c for c in b.contacts if c.id == contact_id), None) if contact_id else None


def _own_news(b: Briefing, subject: Subject) -> Why | None:
    client = b.client
    owner = client.company or client.name
    newsroom = f"from {owner}'s newsroom" in subject.reasons
    core = company_core(client.company)
    named = bool(core) and re.search(rf"(?<!\w){re.escape(core)}(?!\w)", subject.title.lower())
    if not (newsroom or named):
        return None
    good = bool(_GOOD_NEWS.search(subject.title)) and not _BAD_NEWS.search(subject.title)
    shown = " ".join((client.company or core).split()[: max(1, len(core.split()))])
    return Why("own-news", shown, good_news=good, newsroom=newsroom)


def _contact_news(b: Briefing, subject: Subject) -> Why | None:
    person = b.client.name.lower()
    for c in b.contacts:
        if c.name.lower() != person and c.name.lower() in subject.text.lower():
            return Why("contact-news", c.name, contact=c)
    return None


def _promise(b: Briefing, article: set[str], generic: set[str], names: str) -> Why | None:
    best: tuple[int, int, Promise] | None = None
    for open_promise in b.open_promises:
        p = open_promise.promise
        hits = len(overlap(words(p.text) - generic, article))
        if hits >= 2 and (best is None or hits > best[0]):
            best = (hits, -p.id, p)
    if best is None:
        return None
    p = best[2]
    return Why("promise", promise_phrase(p, names), contact=_contact(b, p.contact_id))


def _conversation(
    b: Briefing, article: set[str], generic: set[str], banned: set[str], names: str
) -> Why | None:
    """The business note or logged conversation the article echoes most (newest on a tie)."""
    found: list[tuple[int, date | None, str, int | None]] = []
    for n in b.all_notes:
        if n.sensitivity == "normal" and is_business(n):
            when = n.created_at.date() if n.created_at else None
            found.append(
                (len(overlap(words(n.text) - generic, article)), when, n.text, n.contact_id)
            )
    for i in b.interactions:
        if i.kind in ("in-person", "meeting", "call", "email", "message"):
            hits = len(overlap(words(i.text) - generic, article))
            found.append((hits, i.happened_on, i.text, i.contact_id))
    found = [f for f in found if f[0]]
    found.sort(key=lambda f: (f[0], f[1] or date.min), reverse=True)
    for _, when, text, contact_id in found:
        phrase = _phrase(text, article, generic | banned, names)
        if phrase and not (words(phrase) & banned):
            dated = when if when is not None and when < b.today else None
            return Why("conversation", phrase, dated, _contact(b, contact_id))
    return None


def proper_names(b: Briefing) -> str:
    """Words that keep their capital at the start of a phrase: topics, contacts, and the
    company's own words unless they are ordinary ones ("Dental" in "BrightSmile Dental")."""
    client = b.client
    ordinary = words(f"{client.industry or ''} {(client.keywords or '').lower()}")
    company = [w for w in (client.company or "").split() if w.lower() not in ordinary]
    return " ".join([client.keywords or "", *company, *(c.name for c in b.contacts)])


def why_this(b: Briefing, subject: Subject) -> Why:
    """The most personal reason the article relates to this client."""
    if subject.note and "\n" not in subject.note.strip():
        return Why("user", one_line(subject.note))
    own = _own_news(b, subject) or _contact_news(b, subject)
    if own:
        return own
    client = b.client
    article = words(subject.text)
    generic = words(f"{client.company or ''} {client.industry or ''}")
    names = proper_names(b)
    unsafe = [n for n in b.all_notes if n.sensitivity != "normal"]
    safe = words(" ".join([*(n.text for n in b.all_notes if n.sensitivity == "normal"), names]))
    banned = set().union(*(words(n.text) for n in unsafe)) - safe if unsafe else set()
    found = _promise(b, article, generic, names) or _conversation(
        b, article, generic, banned, names
    )
    if found:
        return found
    topics = matched_topics(client.keyword_list, article)[:3]
    if topics:
        return Why("topic", topics=tuple(topics))
    if client.industry:
        return Why("industry", one_line(client.industry).lower())
    return Why("general")


def touches_never_mention(b: Briefing, subject: Subject) -> bool:
    """True when a never-mention note shares a subject word with the article."""
    client = b.client
    generic = words(f"{client.company or ''} {client.industry or ''} {client.name}")
    article = words(subject.text)
    return any(
        overlap(words(n.text) - generic, article) for n in b.all_notes if n.sensitivity == "never"
    )
