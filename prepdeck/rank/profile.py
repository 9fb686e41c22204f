"""A client's interest profile: weighted words and phrases, each remembering where it came from.

The profile is built from what the store knows — keywords, company, industry,
the account plan, business notes, recent interactions, contacts' names — and
from the articles the user already marked, sent or dismissed. Personal notes
(family, sport, holidays, health) are kept out: they belong to *Ask about*, not
to the news query. Private and never-mention notes are kept out entirely, so
that nothing from them can surface in a reason shown on screen or in an export.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from prepdeck.models import Client, Contact, Interaction, Note
from prepdeck.plain import Plain
from prepdeck.rank.entities import looks_like_name
from prepdeck.rank.lexicon import ALIASES, BUSINESS, COMPANY_SUFFIXES, PERSONAL
from prepdeck.rank.places import Place, mentioned, resolve
from prepdeck.rank.text import fold, is_content, raw_words, sentences, stem, words

KEYWORD_PHRASE = 3.0
KEYWORD_WORD = 1.5
COMPANY = 3.0
CONTACT = 2.0
INDUSTRY_WORD = 1.0
AGREED_WORD = 0.8
NOTE_BUSINESS = 1.2
NOTE_NEUTRAL = 0.25
INTERACTION_BUSINESS = 1.0
INTERACTION_NEUTRAL = 0.2
INTERACTION_HALF_LIFE_DAYS = 60.0
MAX_WORDS = 30
# Notes read into a profile: the pinned ones and then the newest. A long relationship's
# hundreds of old notes cost tens of milliseconds a briefing and add little signal.
PROFILE_NOTES = 40
_CLAUSE = re.compile(r"[,;:()\[\]/|\u2013\u2014]+|\s-\s")
STRONG = 0.5  # a word weighing at least this counts towards "matches the interest as a whole"

PERSONAL_STEMS = frozenset(stem(w) for w in PERSONAL)
BUSINESS_STEMS = frozenset(stem(w) for w in BUSINESS)

# The FTS query must find the alias forms too: the stem of a canonical word -> every word
# folding to it ("acquisitions" shares its stem with "acquisition", which "takeover" folds to).
_SPELLINGS: dict[str, set[str]] = {}
for _alias, _canonical in ALIASES.items():
    _SPELLINGS.setdefault(stem(_canonical), {_canonical}).add(_alias)


def spellings(word: str) -> list[str]:
    """Words FTS should look for to find `word` (itself plus what ALIASES folds into it)."""
    canonical = ALIASES.get(word, word)
    return sorted({canonical} | _SPELLINGS.get(stem(canonical), set()))


def _word_forms(token: str) -> list[str]:
    """The token and, for an -ing word, its base and the one who does it ("mining" -> "mine",
    "miner"; "shipping" -> "ship", "shipper"): Porter stems them apart, yet a client
    following mining follows mines and miners."""
    forms = [token]
    if token.endswith("ing") and len(token) >= 6:
        root = token[:-3]
        doubled = root[-1] == root[-2]
        base = root[:-1] if doubled else root + "e"  # shipping -> ship, mining -> mine
        for form in (base, root + "er"):  # shipper, miner
            if stem(form) not in {stem(f) for f in forms}:
                forms.append(form)
    return forms


class Origin(NamedTuple):
    """Where a term came from, phrased for a reason: 'from your note of 3 Oct'."""

    kind: str  # keyword, company, industry, agreed, note, interaction, contact, liked
    label: str
    order: int = 0  # lower is a better reason (keywords before notes before industry)


@dataclass(eq=False, repr=False)
class Term(Plain):
    stems: tuple[str, ...]
    words: tuple[str, ...]
    display: str
    weight: float
    origin: Origin
    contributions: list[float] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Profile(Plain):
    """Everything the ranking knows about what one client cares about."""

    client: Client
    words: dict[str, Term] = field(default_factory=dict)  # stem -> unigram term
    phrases: dict[tuple[str, ...], Term] = field(default_factory=dict)
    industry_stems: frozenset[str] = frozenset()
    own_names: frozenset[str] = frozenset()  # stems of the client's and contacts' names
    has_interests: bool = False  # keywords, notes or interactions gave business terms
    # countries, regions, cities named in keywords or business notes (constraints on topics)
    places: list[Place] = field(default_factory=list)
    has_topics: bool = False  # keywords or business notes beyond places (what meets a place)
    declared_topics: bool = False  # keywords beyond places
    noted_places: frozenset[str] = frozenset()  # displays of the places only notes name
    # first stem -> (phrase, term, its adjacent stem pairs): lets scoring skip phrases fast
    phrase_starts: dict[str, list[tuple[tuple[str, ...], Term, list[tuple[str, str]]]]] = field(
        default_factory=dict
    )

    def add(
        self, tokens: list[str], display: str, weight: float, origin: Origin, phrase: bool
    ) -> None:
        """Add a unigram (one token) or a phrase (several), keeping the strongest origin."""
        if not tokens or weight <= 0:
            return
        key = tuple(stem(t) for t in tokens)
        canonical = tuple(ALIASES.get(t, t) for t in tokens)
        table: dict = self.phrases if phrase else self.words
        target = key if phrase else key[0]
        term = table.get(target)
        if term is None:
            table[target] = Term(key, canonical, display, weight, origin, [weight])
            return
        term.contributions.append(weight)
        term.weight = max(term.weight, weight)
        # The reason names the clearest source: a keyword before a note before the industry.
        if origin.order < term.origin.order:
            term.origin, term.display = origin, display

    def finish(self) -> None:
        """Combine repeated evidence (max + a little of the rest) and keep the strongest words."""
        for table in (self.words, self.phrases):
            for term in table.values():
                top = max(term.contributions)
                rest = sum(term.contributions) - top
                term.weight = min(top * 1.6, top + 0.3 * rest)
        if len(self.words) > MAX_WORDS:
            best = sorted(self.words.items(), key=lambda kv: -kv[1].weight)[:MAX_WORDS]
            self.words = dict(best)
        self.phrase_starts = {}
        for key, term in self.phrases.items():
            steps = list(zip(key, key[1:], strict=False))
            self.phrase_starts.setdefault(key[0], []).append((key, term, steps))


def short_date(when: date | datetime | None, today: date) -> str:
    """'3 Oct' this year, '3 Oct 2025' otherwise."""
    if when is None:
        return ""
    day = when.date() if isinstance(when, datetime) else when
    text = f"{day.day} {day.strftime('%b')}"
    return text if day.year == today.year else f"{text} {day.year}"


def classify(sentence: str, vocabulary: frozenset[str]) -> str:
    """business, personal or neutral, by the words a sentence uses.

    Words of the client's own vocabulary (keywords, industry, company) count as
    business, never as personal: "holiday" is business for a travel agency. A
    personal sentence that merely names a keyword ("her son plays football in
    Poland", for a client following Poland) stays personal.
    """
    tokens = words(sentence)
    own = [t for t in tokens if is_content(t) and stem(t) in vocabulary]
    personal = sum(
        1 for t in tokens if (t in PERSONAL or stem(t) in PERSONAL_STEMS) and t not in own
    )
    business = len(own) + sum(
        1 for t in tokens if (t in BUSINESS or stem(t) in BUSINESS_STEMS) and t not in own
    )
    if business and business >= personal:
        return "business"
    if personal:
        return "personal"
    return "neutral"


def _content_tokens(
    text: str, profile: Profile, vocabulary: frozenset[str], skip: frozenset[str] = frozenset()
) -> list[list[tuple[str, str]]]:
    """Runs of adjacent content words as (folded, as written), personal words, people's
    names and the words of `skip` (places named) removed."""
    runs: list[list[tuple[str, str]]] = [[]]
    # Punctuation ends a run: "launch, employment law" holds no phrase "launch employment".
    written_words = [w for part in _CLAUSE.split(text) for w in [*raw_words(part), ""]]
    for written in written_words:
        if not written:
            if runs[-1]:
                runs.append([])
            continue
        token = fold(written)
        s = stem(token)
        keep = (
            is_content(token)
            and token not in skip
            and s not in profile.own_names
            and (s in vocabulary or (token not in PERSONAL and s not in PERSONAL_STEMS))
        )
        if keep:
            runs[-1].append((token, written))
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def _add_text(
    profile: Profile,
    text: str,
    origin: Origin,
    vocabulary: frozenset[str],
    business_weight: float,
    neutral_weight: float,
    places: bool = False,
) -> None:
    """Add a text's sentences; with `places`, a place a business sentence names ("deals in
    Canada") constrains the topics as a place keyword does, and is no topic word itself."""
    for sentence in sentences(text):
        kind = classify(sentence, vocabulary)
        if kind == "personal":
            continue
        weight = business_weight if kind == "business" else neutral_weight
        skip: frozenset[str] = frozenset()
        if kind == "business":
            profile.has_interests = True
            if places:
                skip = _add_places(profile, sentence)
        runs = _content_tokens(sentence, profile, vocabulary, skip)
        if places and kind == "business" and runs:
            profile.has_topics = True
        for run in runs:
            for token, written in run:
                profile.add([token], written, weight, origin, phrase=False)
            for (a, a_written), (b, b_written) in zip(run, run[1:], strict=False):
                profile.add([a, b], f"{a_written} {b_written}", weight * 0.8, origin, phrase=True)


def _add_places(profile: Profile, sentence: str) -> frozenset[str]:
    """The places a business sentence names, added to the profile; returns their words."""
    said: set[str] = set()
    for name, _ in mentioned(sentence):
        place = resolve(name)
        if place is None:
            continue
        said.update(words(name))
        if all(place.forms != p.forms for p in profile.places):
            profile.places.append(place)
            profile.noted_places |= {place.display}
    return frozenset(said)


def company_tokens(company: str | None) -> list[str]:
    tokens = [t for t in words(company) if t not in COMPANY_SUFFIXES and len(t) > 1]
    return tokens if any(is_content(t) for t in tokens) else []


def build_profile(
    client: Client,
    notes: list[Note],
    interactions: list[Interaction],
    contacts: list[Contact],
    *,
    today: date,
    liked: Sequence[tuple[str, str]] = (),  # (title, label)
) -> Profile:
    """The client's profile from its records (feedback articles passed in as titles)."""
    profile = Profile(client)
    names = set(words(client.name))
    for contact in contacts:
        names.update(words(contact.name))
    profile.own_names = frozenset(stem(n) for n in names)

    keyword_origin = Origin("keyword", "one of their topics", 0)
    vocab: set[str] = set()
    entity_origin = Origin("entity", "a name they follow", 0)
    for keyword in client.keyword_list:
        tokens = [t for t in words(keyword) if is_content(t)]
        if not tokens:
            continue
        profile.has_interests = True
        vocab.update(stem(t) for t in tokens)
        place = resolve(keyword)
        if place is not None:  # a place constrains the topics; alone it is no interest
            profile.places.append(place)
            continue
        profile.has_topics = profile.declared_topics = True
        if looks_like_name(keyword):  # a firm or person: the whole name, never its words
            profile.add(tokens, keyword.strip(), KEYWORD_PHRASE, entity_origin, len(tokens) > 1)
            continue
        if len(tokens) > 1:
            profile.add(tokens, keyword.strip(), KEYWORD_PHRASE, keyword_origin, phrase=True)
        for token in (form for t in tokens for form in _word_forms(t)):
            weight = KEYWORD_WORD if len(tokens) > 1 else KEYWORD_PHRASE * 0.85
            profile.add(
                [token],
                keyword.strip(),  # the client's words, not a stem's leftovers
                weight,
                keyword_origin,
                phrase=False,
            )

    company = company_tokens(client.company)
    if company:
        label = f"{client.company}'s name"
        profile.add(
            company,
            client.company or "",
            COMPANY,
            Origin("company", label, 1),
            phrase=len(company) > 1,
        )
        vocab.update(stem(t) for t in company)

    industry = [t for t in words(client.industry) if is_content(t)]
    if industry and client.industry:
        origin = Origin("industry", f"industry: {client.industry.strip().lower()}", 5)
        for token in industry:
            profile.add([token], token, INDUSTRY_WORD, origin, phrase=False)
        if len(industry) > 1:
            profile.add(industry, client.industry or "", INDUSTRY_WORD * 1.5, origin, True)
        vocab.update(stem(t) for t in industry)
    profile.industry_stems = frozenset(stem(t) for t in industry)
    vocabulary = frozenset(vocab)

    if client.agreed:
        _add_text(
            profile,
            client.agreed,
            Origin("agreed", "from the account plan", 2),
            vocabulary,
            AGREED_WORD,
            AGREED_WORD * 0.5,
            places=True,
        )

    # Private and never-mention notes never feed a visible reason.
    readable = [n for n in notes if n.sensitivity == "normal"]
    readable.sort(key=lambda n: n.created_at or datetime.min, reverse=True)
    readable.sort(key=lambda n: not n.pinned)  # stable: pinned first, each part newest first
    for note in readable[:PROFILE_NOTES]:
        when = short_date(note.created_at, today)
        label = f"from your note of {when}" if when else "from your notes"
        weight = NOTE_BUSINESS * (1.2 if note.pinned else 1.0) * (0.6 if note.ask_on else 1.0)
        origin = Origin("note", label, 2)
        _add_text(profile, note.text, origin, vocabulary, weight, NOTE_NEUTRAL, places=True)

    for item in interactions:
        age = max(0, (today - item.happened_on).days)
        decay = 0.5 ** (age / INTERACTION_HALF_LIFE_DAYS)
        if decay < 0.05:
            continue
        when = short_date(item.happened_on, today)
        if item.kind == "article-sent":
            label = f"as did the article you sent on {when}"
        else:
            kind = {"in-person": "meeting"}.get(item.kind, item.kind)
            label = f"from your {kind} on {when}"
        origin = Origin("interaction", label, 3)
        _add_text(
            profile,
            item.text,
            origin,
            vocabulary,
            INTERACTION_BUSINESS * decay,
            INTERACTION_NEUTRAL * decay,
        )

    for contact in contacts:
        tokens = words(contact.name)
        if len(tokens) > 1:
            profile.add(
                tokens,
                contact.name,
                CONTACT,
                Origin("contact", "your contact there", 1),
                True,
            )

    for title, label in liked:
        origin = Origin("liked", label, 4)
        for token in {t for t in words(title) if is_content(t)}:
            if stem(token) not in profile.own_names:
                profile.add([token], token, 0.6, origin, phrase=False)

    profile.finish()
    return profile


def decay(age_days: float, half_life: float) -> float:
    return math.pow(0.5, max(0.0, age_days) / half_life)
