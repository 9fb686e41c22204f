"""Scoring candidate articles against a profile: interest as a whole, recency, feeds, feedback."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from prepdeck.models import Article, Suggestion
from prepdeck.rank.lexicon import PLACES
from prepdeck.rank.profile import STRONG, Profile, build_profile, decay, spellings
from prepdeck.rank.stem import porter
from prepdeck.rank.text import (
    content_sequence,
    content_stems,
    jaccard,
    quote,
    stem,
    title_signature,
)
from prepdeck.rank.text import words as text_words

WINDOW_DAYS = 120  # industry-feed fill-ins (for thin profiles) come from this window
FTS_POOL = 30
NEWEST_POOL = 15
PAIR_BUDGET = 8000  # postings (article x word) FTS5 may walk for one query
CORE_UNITS = 6
BROAD_UNITS = 16
NEWEST_UNITS = 8
COMMON_SHARE = 0.25  # a word in more than this share of articles is no use for finding any
OWN_FEED_POOL = 30
INDUSTRY_FEED_POOL = 60
SUMMARY_CHARS = 500
RECENCY_HALF_LIFE = 14.0
RECENCY_FLOOR = 0.3
TITLE_BONUS = 1.5
COORD_STEP = 0.6
COORD_MAX = 4
OWN_FEED_BOOST = 1.5
OWN_FEED_BASE = 4.0
INDUSTRY_FEED_BOOST = 1.5
INDUSTRY_FEED_BASE = 1.5
FRESH_BASE = 0.3
DUPLICATE_TITLE = 0.7
ALREADY_SHARED = 0.8  # stricter: a similar story the client has not seen is boosted, not hidden
DUPLICATE_TEXT = 0.5
DUPLICATE_DAYS = 2
SAME_DAY_HEADLINE = 0.4
LIKED_BOOST = 1.5
WEAK_REASON = 0.25  # a source adding under this share of the best one is not shown
PLACE_ONLY = 0.4
PLACE_STEMS = frozenset(stem(p) for p in PLACES)
DISLIKED_SINK = 2.0


@dataclass
class FeedInfo:
    title: str | None
    client_id: int | None
    tags: frozenset[frozenset[str]]  # each tag as its set of stems


_DF_CACHE: dict[tuple[str, int, str | None], dict[str, int]] = {}
_FEEDS_CACHE: dict[tuple[str, tuple[Any, ...]], dict[int, FeedInfo]] = {}


@dataclass(frozen=True)
class ArticleText:
    """What scoring needs from an article's text, independent of any client."""

    check: int
    in_title: frozenset[str]
    present: frozenset[str]
    title_pairs: frozenset[tuple[str, str]]
    pairs: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, check: int, title: str, summary: str) -> ArticleText:
        title_seq, body_seq = content_sequence(title), content_sequence(summary)
        title_pairs = frozenset(zip(title_seq, title_seq[1:], strict=False))
        body_pairs = zip(body_seq, body_seq[1:], strict=False)
        in_title = frozenset(title_seq)
        return cls(
            check, in_title, in_title.union(body_seq), title_pairs, title_pairs.union(body_pairs)
        )


# (file, article id) -> its text worked out: articles rarely change once stored, and the
# same candidates come up for many clients of one industry.
_TOKENS: dict[tuple[str, int], ArticleText] = {}
_TOKENS_MAX = 50_000


def _load_feeds(store: Any) -> dict[int, FeedInfo]:
    key = (str(getattr(store, "path", id(store))), tuple(store.feeds_signature()))
    cached = _FEEDS_CACHE.get(key)
    if cached is not None:
        return cached
    feeds = {}
    for row in store.ranking_feeds():
        try:
            tags = [str(t) for t in json.loads(row["tags"] or "[]")]
        except (ValueError, TypeError):
            tags = []
        stems = frozenset(frozenset(stem(w) for w in text_words(t)) for t in tags) - {frozenset()}
        feeds[row["id"]] = FeedInfo(row["title"] or row["url"], row["client_id"], stems)
    if len(_FEEDS_CACHE) >= 4:
        _FEEDS_CACHE.pop(next(iter(_FEEDS_CACHE)))
    _FEEDS_CACHE[key] = feeds
    return feeds


@dataclass
class Context:
    """What is shared between clients in one ranking run (feeds, term statistics)."""

    feeds: dict[int, FeedInfo]
    total: int
    newest: str | None
    df: dict[str, int] = field(default_factory=dict)
    source: str = ""

    def text(self, row: dict[str, Any]) -> ArticleText:
        """An article's stems, sets and word pairs, worked out once per process."""
        title = row["title"] or ""
        summary = (row["summary"] or "")[:SUMMARY_CHARS]
        key = (self.source, row["id"])
        check = hash((title, summary))
        hit = _TOKENS.get(key)
        if hit is not None and hit.check == check:
            return hit
        if len(_TOKENS) >= _TOKENS_MAX:
            _TOKENS.clear()
        made = _TOKENS[key] = ArticleText.of(check, title, summary)
        return made

    @classmethod
    def load(cls, store: Any) -> Context:
        feeds = _load_feeds(store)
        total, newest = store.article_stats()
        # Document counts only change when articles do: keep them per file and article count.
        key = (str(getattr(store, "path", id(store))), total, newest)
        df = _DF_CACHE.get(key)
        if df is None:
            if len(_DF_CACHE) >= 4:
                _DF_CACHE.pop(next(iter(_DF_CACHE)))
            df = _DF_CACHE[key] = {}
        return cls(feeds, total, newest, df, str(getattr(store, "path", id(store))))

    def idf(self, store: Any, stems: list[str]) -> dict[str, float]:
        missing = [s for s in stems if s not in self.df]
        if missing:
            counts = store.term_document_counts(missing)
            for s in missing:
                self.df[s] = counts.get(s, 0)
        n = max(self.total, 1)
        return {s: math.log(1 + (n - self.df[s] + 0.5) / (self.df[s] + 0.5)) for s in stems}


@dataclass
class Candidate:
    row: dict[str, Any]
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    signature: frozenset[str] = frozenset()
    body: frozenset[str] = frozenset()
    also: set[int] = field(default_factory=set)  # other feeds carrying the same story
    matched: list[tuple[Any, float]] = field(default_factory=list)
    liked_reason: str = ""
    age: int = 365
    norm: float = 0.0


def _when(row: dict[str, Any]) -> datetime | None:
    value = row.get("published") or row.get("fetched_at")
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        try:
            return datetime.fromisoformat(str(value)[:10])
        except ValueError:
            return None


def _industry_feeds(profile: Profile, feeds: dict[int, FeedInfo]) -> set[int]:
    """Feeds with a tag naming the client's industry ("energy" or "energy storage" for an
    energy storage firm; not "renewable energy")."""
    wanted = profile.industry_stems
    if not wanted:
        return set()
    return {
        feed_id
        for feed_id, info in feeds.items()
        if any(tag <= wanted or wanted <= tag for tag in info.tags)
    }


def _queries(profile: Profile, idf: dict[str, float], context: Context) -> tuple[str, str, str]:
    """Three safe FTS5 queries: the interest as a whole, any rare part, any part.

    The first ranks by bm25 only articles where two of the strongest interests
    meet (or the company's or a contact's name appears): few rows, so bm25 stays
    cheap with 200,000 articles. The second (used when the first finds little)
    ranks any single part of the interest, leaving out parts too common to rank
    cheaply. The third finds the newest articles touching any part, which costs
    nothing to rank (rowid order).
    """
    # Only in a large archive is a word too common to help find anything.
    common = context.total * COMMON_SHARE if context.total >= 1000 else math.inf
    df = context.df
    named: list[str] = []
    # (strength, FTS expression, postings FTS must read for it, stems)
    units: list[tuple[float, str, int, frozenset[str]]] = []
    for key, term in profile.phrases.items():
        if min(df.get(s, 0) for s in key) == 0:
            continue  # a word of it appears nowhere: the phrase cannot match
        expr = quote(term.words)
        if term.origin.kind in ("company", "contact"):
            named.append(expr)
            continue
        strength = term.weight * max(idf.get(s, 0.0) for s in key)
        units.append((strength, expr, sum(df.get(s, 0) for s in key), frozenset(key)))
    for stem_, term in profile.words.items():
        forms = spellings(term.words[0])
        postings = sum(df.get(porter(f), 0) for f in forms)
        if not postings or df.get(stem_, 0) > common:
            continue
        expr = (
            quote([forms[0]]) if len(forms) == 1 else f"({' OR '.join(quote([f]) for f in forms)})"
        )
        units.append((term.weight * idf.get(stem_, 0.0), expr, postings, frozenset([stem_])))
    units.sort(key=lambda u: (-u[0], u[1]))
    core = units[:CORE_UNITS]
    # Pairs, strongest first, while the postings FTS5 must walk stay few: that walk, not
    # the bm25 of the few rows that match, is what costs time in a large archive.
    pairs: list[str] = []
    budget = PAIR_BUDGET
    for i, a in enumerate(core):
        for b in core[i + 1 :]:
            if a[3] & b[3]:
                continue  # "battery" with "battery regulation" says nothing new
            cost = a[2] + b[2]
            if pairs and cost > budget:
                continue
            pairs.append(f"({a[1]} AND {b[1]})")
            budget -= cost
    interest = " OR ".join(dict.fromkeys(named + pairs))
    # For a thin profile (or few co-occurrences): any single part, while affordable.
    parts, budget = [], PAIR_BUDGET
    for _, expr, postings, _ in units[:BROAD_UNITS]:
        if not parts or postings <= budget:
            parts.append(expr)
            budget -= postings
    single = " OR ".join(dict.fromkeys(parts))
    broad = " OR ".join(dict.fromkeys(u[1] for u in units[:NEWEST_UNITS]))
    return interest, single, broad


def _score_relevance(
    cand: Candidate, profile: Profile, idf: dict[str, float], context: Context
) -> float:
    """Relevance from matched words and phrases, multiplied when several distinct ones match.

    Records what matched on the candidate (for the reasons, built later for the few kept).
    """
    text = context.text(cand.row)
    in_title, present = text.in_title, text.present
    cand.body = present
    cand.signature = in_title
    total = 0.0
    strong = 0
    matched: list[tuple[Any, float]] = []
    hits = present.intersection(profile.words)
    for s in hits:
        term = profile.words[s]
        gained = term.weight * idf.get(s, 1.0) * (TITLE_BONUS if s in in_title else 1.0)
        total += gained
        if term.weight >= STRONG:
            strong += 1
        matched.append((term, gained))
    for first in present.intersection(profile.phrase_starts):
        for key, term, steps in profile.phrase_starts[first]:
            if not all(step in text.pairs for step in steps):
                continue
            hit_title = all(step in text.title_pairs for step in steps)
            mean_idf = sum(idf.get(s, 1.0) for s in key) / len(key)
            gained = term.weight * mean_idf * (TITLE_BONUS if hit_title else 1.0)
            total += gained
            if not hits.intersection(key):
                strong += 1  # a name matched only as a phrase is a distinct interest too
            matched.append((term, gained))
    cand.matched = matched
    if hits and hits <= PLACE_STEMS and not any(len(t.stems) > 1 for t, _ in matched):
        total *= PLACE_ONLY  # only a place matched: Polish news about something else
    return total * (1.0 + COORD_STEP * min(max(strong - 1, 0), COORD_MAX))


def _evidence(cand: Candidate) -> list[tuple[float, str]]:
    """What matched, grouped by where it came from, as (strength, reason) pairs."""
    groups: dict[str, tuple[float, list[str], Any]] = {}
    for term, gained in sorted(cand.matched, key=lambda m: -m[1]):
        label = term.origin.label
        weight, shown, origin = groups.get(label, (0.0, [], term.origin))
        if term.display not in shown:
            shown.append(term.display)
        groups[label] = (weight + gained, shown, origin)
    out: list[tuple[float, str]] = []
    strongest = max((g[0] for g in groups.values()), default=0.0)
    for label, (weight, shown_list, origin) in groups.items():
        shown = _phrase_list(shown_list)
        if origin.kind == "company":
            out.append((weight + 100, f"mentions {shown} by name"))
        elif origin.kind == "contact":
            out.append((weight + 100, f"mentions {shown}, {label}"))
        elif origin.kind == "keyword":
            out.append((weight + 50, f"mentions {shown} — {label}"))
        elif weight < WEAK_REASON * strongest or origin.kind == "liked":
            continue  # a passing word is no reason; liked articles have their own
        elif origin.kind == "industry":
            out.append((weight, label))
        else:
            out.append((weight, f"mentions {shown} — {label}"))
    return out


def _phrase_list(shown: list[str]) -> str:
    """What matched, as a reader would say it: phrases chained ("closed containment" +
    "containment pens" -> "closed containment pens"), words inside a phrase left out."""
    phrases: list[list[str]] = []
    for text in (s for s in shown if " " in s):
        parts = text.split()
        for other in phrases:
            if other[-1].lower() == parts[0].lower():
                other.extend(parts[1:])
                break
            if parts[-1].lower() == other[0].lower():
                other[:0] = parts[:-1]
                break
        else:
            phrases.append(parts)
    inside = {w.lower() for p in phrases for w in p}
    kept = [" ".join(p) for p in phrases]
    kept += [s for s in shown if " " not in s and s.lower() not in inside]
    return ", ".join(kept[:3])


def _similarity(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


@dataclass
class Feedback:
    excluded: set[int]
    excluded_signatures: list[frozenset[str]]
    liked: list[tuple[set[str], str]]  # (stems, reason)
    disliked: list[set[str]]
    liked_titles: list[tuple[str, str]]


def load_feedback(store: Any, client_id: int) -> Feedback:
    excluded: set[int] = set()
    signatures, liked, disliked, liked_titles = [], [], [], []
    for row in store.share_feedback(client_id):
        if row["article_id"] is not None:
            excluded.add(row["article_id"])
        title = row["title"] or ""
        signatures.append(title_signature(title))
        body = content_stems(f"{title} {(row['summary'] or '')[:SUMMARY_CHARS]}")
        if row["status"] == "dismissed":
            disliked.append(body)
        else:
            verb = "sent" if row["status"] == "sent" else "marked"
            short = title if len(title) <= 50 else title[:47].rstrip() + "…"
            reason = f"like “{short}”, which you {verb}"
            liked.append((body, reason))
            liked_titles.append((title, reason))
    return Feedback(excluded, signatures, liked, disliked, liked_titles)


def rank_client(
    store: Any,
    client_id: int,
    *,
    today: date,
    limit: int,
    context: Context | None = None,
) -> list[Suggestion]:
    """The client's best `limit` articles, near-duplicates collapsed, with reasons."""
    if limit <= 0:
        return []
    context = context or Context.load(store)
    if context.total == 0:
        return []
    client = store.get_client(client_id)
    feedback = load_feedback(store, client_id)
    profile = build_profile(
        client,
        store.list_notes(client_id),
        store.list_interactions(client_id, limit=50),
        store.list_contacts(client_id),
        today=today,
        liked=feedback.liked_titles[:10],
    )
    own_feeds = {fid for fid, info in context.feeds.items() if info.client_id == client_id}
    industry_feeds = _industry_feeds(profile, context.feeds) - own_feeds

    # Document counts for what can drive retrieval; passing words (weak note or old
    # interaction words) score with a flat weight instead of costing a lookup each.
    strong_words = [t for t in profile.words.values() if t.weight >= STRONG]
    stems = {t.stems[0] for t in strong_words}
    stems |= {s for key, t in profile.phrases.items() if t.weight >= STRONG for s in key}
    stems |= {porter(f) for t in strong_words for f in spellings(t.words[0])}
    idf = context.idf(store, sorted(stems))
    since = (today - timedelta(days=WINDOW_DAYS)).isoformat()
    ids: dict[int, None] = {}
    interest, single, broad = _queries(profile, idf, context)
    if interest:
        ids.update((i, None) for i, _ in store.rank_matches(interest, limit=FTS_POOL))
    if single and len(ids) < FTS_POOL // 2:
        ids.update((i, None) for i, _ in store.rank_matches(single, limit=FTS_POOL))
    if broad:
        ids.update((i, None) for i in store.newest_matches(broad, limit=NEWEST_POOL))
    candidates: dict[int, Candidate] = {}

    def take(rows: list[dict[str, Any]]) -> None:
        for row in rows:
            if row["id"] not in candidates and row["id"] not in feedback.excluded:
                candidates[row["id"]] = Candidate(row)

    take(store.articles_by_ids([i for i in ids if i not in feedback.excluded]))
    take(store.recent_articles(feed_ids=sorted(own_feeds), limit=OWN_FEED_POOL))
    if not profile.has_interests or len(candidates) < limit * 2:
        take(
            store.recent_articles(
                feed_ids=sorted(industry_feeds), since=since, limit=INDUSTRY_FEED_POOL
            )
        )
    if len(candidates) < limit:
        take(store.recent_articles(limit=max(limit * 3, 30)))
    if not candidates:
        return []

    scored = [
        _score(c, profile, idf, context, own_feeds, industry_feeds, feedback, today)
        for c in candidates.values()
    ]
    scored.sort(key=lambda c: (-c.score, -(c.row["id"])))
    kept = _collapse(scored, feedback, limit, frozenset(profile.words))
    return [
        Suggestion(
            article=Article.from_row(cand.row),
            score=cand.score,
            reasons=_reasons(cand, profile, context, own_feeds, industry_feeds),
            feed_title=context.feeds[cand.row["feed_id"]].title
            if cand.row["feed_id"] in context.feeds
            else None,
        )
        for cand in kept
    ]


def _score(
    cand: Candidate,
    profile: Profile,
    idf: dict[str, float],
    context: Context,
    own_feeds: set[int],
    industry_feeds: set[int],
    feedback: Feedback,
    today: date,
) -> Candidate:
    row = cand.row
    relevance = _score_relevance(cand, profile, idf, context)
    boost = 1.0
    if row["feed_id"] in own_feeds:
        boost = OWN_FEED_BOOST
        relevance = max(relevance, OWN_FEED_BASE)
    elif row["feed_id"] in industry_feeds:
        boost = INDUSTRY_FEED_BOOST
        relevance = max(relevance, INDUSTRY_FEED_BASE)
    if relevance <= 0:
        relevance = FRESH_BASE
    when = _when(row)
    cand.age = max(0, (today - when.date()).days) if when else 365
    recency = RECENCY_FLOOR + (1 - RECENCY_FLOOR) * decay(cand.age, RECENCY_HALF_LIFE)
    factor = 1.0
    if feedback.liked:
        best, reason = max((_similarity(cand.body, b), r) for b, r in feedback.liked)
        factor *= 1 + LIKED_BOOST * best
        if best >= 0.2:
            cand.liked_reason = reason
    if feedback.disliked:
        worst = max(_similarity(cand.body, b) for b in feedback.disliked)
        factor *= max(0.05, 1 - DISLIKED_SINK * worst)
    cand.score = relevance * recency * boost * factor
    return cand


def _reasons(
    cand: Candidate,
    profile: Profile,
    context: Context,
    own_feeds: set[int],
    industry_feeds: set[int],
) -> list[str]:
    """Short human reasons, strongest first: newsroom, names, feedback, topics, feed, age."""
    reasons = _evidence(cand)
    feed_id = cand.row["feed_id"]
    if feed_id in industry_feeds:  # the feed's own reason says the industry better
        reasons = [r for r in reasons if not r[1].startswith("industry: ")]
    feed = context.feeds.get(feed_id)
    client = profile.client
    if feed_id in own_feeds:
        reasons.append((1000, f"from {client.company or client.name}'s newsroom"))
    elif feed_id in industry_feeds:
        industry = (client.industry or "").strip().lower()
        title = feed.title if feed and feed.title else "a feed"
        reasons.append((0.5, f"from {title} ({industry})"))
    if cand.liked_reason:
        reasons.append((500, cand.liked_reason))
    reasons.sort(key=lambda r: -r[0])
    texts = [text for _, text in reasons[:3]]
    if not profile.has_interests:
        industry = (client.industry or "").strip().lower()
        what = f"recent {industry} news" if industry else "recent news"
        texts.append(f"no keywords or notes yet, so {what}")
    if cand.age <= 1:
        texts.append("new today" if cand.age == 0 else "new yesterday")
    elif cand.age <= 7:
        texts.append("new this week")
    if cand.also:
        n = len(cand.also)
        texts.append(f"also in {n} other feed{'s' if n > 1 else ''}")
    return texts


def _story_weights(cands: list[Candidate]) -> dict[str, float]:
    """Each word's weight within this pool: words most candidates share (the client's own
    topic words) say little about which *story* an article tells; rarer shared ones do."""
    counts: Counter[str] = Counter()
    for cand in cands:
        counts.update(cand.body)
    n = len(cands)
    return {stem_: math.log(1 + n / df) ** 2 for stem_, df in counts.items()}


def _same_story(
    a: Candidate, b: Candidate, weights: dict[str, float], topic: frozenset[str]
) -> bool:
    """The same news: one link, near-identical headlines, or close in time and told with
    the same distinctive words (pool-weighted cosine over title and summary).

    Deliberately cautious: two outlets' rewrites of one story with different words
    may both stay, because merging two different stories would hide one.
    """
    if a.row["link"] and a.row["link"] == b.row["link"]:
        return True
    common = a.signature & b.signature
    if not common:
        return False  # no headline word in common: never the same story
    if len(common) / (len(a.signature) + len(b.signature) - len(common)) >= DUPLICATE_TITLE:
        return True
    if a.row["feed_id"] == b.row["feed_id"]:
        return False  # one outlet does not tell one story twice in other words
    if abs(a.age - b.age) > DUPLICATE_DAYS or len(a.body) < 4 or len(b.body) < 4:
        return False
    if (
        a.age == b.age
        and len(common - topic) >= 2
        and len(common) / min(len(a.signature), len(b.signature)) >= SAME_DAY_HEADLINE
    ):
        return True  # same day, and the headlines share words beyond the client's own topic
    shared = sum(weights.get(x, 0.0) for x in a.body & b.body)
    if not shared:
        return False
    if not a.norm:
        a.norm = sum(weights.get(x, 0.0) for x in a.body)
    if not b.norm:
        b.norm = sum(weights.get(x, 0.0) for x in b.body)
    return shared / math.sqrt(a.norm * b.norm) >= DUPLICATE_TEXT


def _collapse(
    scored: list[Candidate], feedback: Feedback, limit: int, topic: frozenset[str]
) -> list[Candidate]:
    """Best first, each story once; stories the client already has are left out."""
    weights = _story_weights(scored)
    kept: list[Candidate] = []
    extra = 0
    for cand in scored:
        if cand.score <= 0:
            continue
        if any(jaccard(cand.signature, s) >= ALREADY_SHARED for s in feedback.excluded_signatures):
            continue
        twin = next((k for k in kept if _same_story(k, cand, weights, topic)), None)
        if twin is not None:
            if cand.row["feed_id"] != twin.row["feed_id"]:
                twin.also.add(cand.row["feed_id"])
            continue
        if len(kept) < limit:
            kept.append(cand)
        else:
            extra += 1  # look a little further only to count other feeds' copies
            if extra > limit // 2:
                break
    return kept
