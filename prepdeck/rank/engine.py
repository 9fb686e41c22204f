"""Retrieval and scoring: FTS5 candidates for a client, scored as a whole interest, with
recency, feed signals and feedback; then one suggestion per story, with reasons."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from prepdeck.models import Article, Suggestion
from prepdeck.rank.context import (
    SUMMARY_CHARS,
    Candidate,
    Context,
    Feedback,
    FeedInfo,
    load_feedback,
    similarity,
)
from prepdeck.rank.entities import base_name, names
from prepdeck.rank.lexicon import PLACES
from prepdeck.rank.places import Place, resolve
from prepdeck.rank.profile import STRONG, Profile, build_profile, decay, spellings
from prepdeck.rank.reasons import reasons_for
from prepdeck.rank.source import RankingStore
from prepdeck.rank.stem import porter
from prepdeck.rank.stories import collapse
from prepdeck.rank.text import is_content, quote, stem, words

WINDOW_DAYS = 120  # industry-feed fill-ins (for thin profiles) come from this window
FTS_POOL = 30
NEWEST_POOL = 15
PAIR_BUDGET = 8000  # postings (article x word) FTS5 may walk for one query
# bm25 counts each phrase's articles over the whole archive, not only the window: past
# the window, a query whose words would make it walk more postings than this takes the
# newest matches instead (every one still has the interests it asks for together).
BM25_WALK = 60_000
CORE_UNITS = 6
BROAD_UNITS = 16
NEWEST_UNITS = 8
COMMON_SHARE = 0.25  # a word in more than this share of articles is no use for finding any
INDUSTRY_FEED_POOL = 60
RECENCY_HALF_LIFE = 14.0
RECENCY_FLOOR = 0.3
TITLE_BONUS = 1.5
COORD_STEP = 0.6
COORD_MAX = 4
INDUSTRY_FEED_BOOST = 1.5
INDUSTRY_FEED_BASE = 1.5
FRESH_BASE = 0.3
LIKED_BOOST = 1.5
PLACE_ONLY = 0.4
PLACE_STEMS = frozenset(stem(p) for p in PLACES)
TOPIC_KINDS = frozenset({"keyword", "entity", "agreed", "note", "interaction", "contact"})
DECLARED_KINDS = frozenset({"keyword", "entity", "contact"})
PLACE_POOL = 30
DISLIKED_SINK = 2.0


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


def _queries(
    profile: Profile, idf: dict[str, float], context: Context
) -> tuple[str, str, str, int, int, list[str]]:
    """Three safe FTS5 queries: the interest as a whole, any rare part, any part; and
    the postings (in the window) of the first two's words, for the cost of their bm25.

    The first ranks by bm25 only articles where two of the strongest interests
    meet (or a contact's name appears; never the client's own company, whose news is
    not suggested): few rows, so bm25 stays cheap with 200,000 articles. The second
    (used when the first finds little) ranks any single part of the interest, leaving
    out parts too common to rank cheaply. The third finds the newest articles touching
    any part, which costs nothing to rank (rowid order).
    """
    # Only in a large archive is a word too common to help find anything.
    common = context.total * COMMON_SHARE if context.total >= 1000 else math.inf
    df = context.df
    named: list[str] = []
    named_postings = 0
    # (strength, FTS expression, postings FTS must read for it, stems, declared)
    units: list[tuple[float, str, int, frozenset[str], bool]] = []
    for key, term in profile.phrases.items():
        if min(df.get(s, 0) for s in key) == 0:
            continue  # a word of it appears nowhere: the phrase cannot match
        if term.origin.kind == "company":
            continue  # what names the client's own company is its own news, never suggested
        expr = quote(term.words)
        postings = sum(df.get(s, 0) for s in key)
        if term.origin.kind == "contact":
            named.append(expr)
            named_postings += postings
            continue
        strength = term.weight * max(idf.get(s, 0.0) for s in key)
        units.append((strength, expr, postings, frozenset(key), term.origin.kind == "keyword"))
    for stem_, term in profile.words.items():
        forms = spellings(term.words[0])
        postings = sum(df.get(porter(f), 0) for f in forms)
        if not postings or df.get(stem_, 0) > common:
            continue
        expr = (
            quote([forms[0]]) if len(forms) == 1 else f"({' OR '.join(quote([f]) for f in forms)})"
        )
        strength = term.weight * idf.get(stem_, 0.0)
        units.append((strength, expr, postings, frozenset([stem_]), term.origin.kind == "keyword"))
    # The client's declared topics first (a rare word in a note must not crowd them out),
    # each group strongest first.
    units.sort(key=lambda u: (not u[4], -u[0], u[1]))
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
    interest_postings = named_postings + PAIR_BUDGET - budget
    # For a thin profile (or few co-occurrences): any single part, while affordable.
    parts: list[str] = []
    budget = PAIR_BUDGET
    for _, expr, postings, _, _ in units[:BROAD_UNITS]:
        if not parts or postings <= budget:
            parts.append(expr)
            budget -= postings
    single = " OR ".join(dict.fromkeys(parts))
    broad = " OR ".join(dict.fromkeys(u[1] for u in units[:NEWEST_UNITS]))
    declared = [u[1] for u in units if u[4]][:CORE_UNITS] + named
    return interest, single, broad, interest_postings, PAIR_BUDGET - budget, declared


def _place_query(profile: Profile, declared: list[str]) -> str:
    """Articles where a declared topic (or a name) meets one of the client's places."""
    where = _where(tuple(profile.places)) if declared else ""
    return f"({' OR '.join(declared)}) AND ({where})" if where else ""


@lru_cache(maxsize=512)
def _where(places: tuple[Place, ...]) -> str:
    """Any name of the places, as safe FTS5 (names of no content word, like "US", left out:
    FTS5 folds case, and "us" is everywhere)."""
    forms = [f for place in places for f in place.forms]
    quoted = [quote([f]) for f in forms if any(is_content(w) for w in words(f))]
    return " OR ".join(dict.fromkeys(quoted))


def _best_matches(store: RankingStore, query: str, postings: int, context: Context) -> list[int]:
    """Up to FTS_POOL ids for a query in the window: bm25's best, or past the window, when
    bm25's count over the whole archive would walk too many postings, the newest."""
    archive_postings = postings * (context.total + context.after) / max(context.total, 1)
    if context.after and archive_postings > BM25_WALK:
        return store.newest_matches(query, limit=FTS_POOL, after=context.after)
    return [i for i, _ in store.rank_matches(query, limit=FTS_POOL, after=context.after)]


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
    if profile.places and profile.has_topics:
        _place_tier(cand, profile, matched)
    if hits and hits <= PLACE_STEMS and not any(len(t.stems) > 1 for t, _ in matched):
        total *= PLACE_ONLY  # only a place matched: Polish news about something else
    return total * (1.0 + COORD_STEP * min(max(strong - 1, 0), COORD_MAX))


def _place_tier(cand: Candidate, profile: Profile, matched: list[tuple[Any, float]]) -> None:
    """Where the client follows a topic in a place: the topic in the place ranks first, a
    topic elsewhere next, the place alone not at all."""
    text = f"{cand.row['title'] or ''}\n{(cand.row['summary'] or '')[:SUMMARY_CHARS]}"
    where, noted = "", False
    for place in profile.places:
        cues = place.cue_stems
        if cues is not None and cues.isdisjoint(cand.body):
            continue  # no word of any of its names: the costly search is not needed
        form = place.find(text)
        if form is not None:
            same = form.lower() == place.display.lower()
            where = place.display if same else f"{place.display} ({form})"
            noted = place.display in profile.noted_places
            break
    # The topic: any of the client's declared words or names, or a strong business word
    # of its notes or account plan; a place word is never the topic. A place only a note
    # names meets the client's keywords, when it has some: the note's other words ("wants
    # to launch in the UK next year") are rarely the topic.
    kinds = DECLARED_KINDS if noted and profile.declared_topics else TOPIC_KINDS
    topic = any(
        term.origin.kind in kinds
        and (term.weight >= STRONG or term.origin.kind == "keyword")
        and not set(term.stems) <= PLACE_STEMS
        and resolve(term.display) is None  # "Poznań" in a note is a place, not a topic
        for term, _ in matched
    )
    cand.place = where if topic else ""
    cand.tier = (2 if where else 1) if topic else (0 if where else 1)


def own_news_of(
    row: dict[str, Any], company: str | None, own_feeds: set[int], context: Context
) -> bool:
    """The client's own news: from its newsroom, or naming its company."""
    if row["feed_id"] in own_feeds:
        return True
    if not company:
        return False
    cues = _name_stems(company)
    if not cues or not cues <= context.text(row).present:
        return False  # one of the name's words is missing: no need to read the text
    return names(f"{row['title'] or ''}\n{row['summary'] or ''}", company)


@lru_cache(maxsize=1024)
def _name_stems(company: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words(base_name(company)) if is_content(w))


def rank_client(
    store: RankingStore,
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
    interest, single, broad, interest_postings, single_postings, declared = _queries(
        profile, idf, context
    )
    placed = _place_query(profile, declared)
    if placed:  # the topic in the place: a pool of its own, newest first (bm25 over a
        # country's dozens of names would walk far more postings than it is worth)
        found = store.newest_matches(placed, limit=PLACE_POOL, after=context.after)
        ids.update((i, None) for i in found)
    # Only the newest stored articles (the window) are searched.
    if interest:
        ids.update((i, None) for i in _best_matches(store, interest, interest_postings, context))
    if single and len(ids) < FTS_POOL // 2:  # few co-occurrences: rank any single part
        ids.update((i, None) for i in _best_matches(store, single, single_postings, context))
    if broad:
        newest = store.newest_matches(broad, limit=NEWEST_POOL, after=context.after)
        ids.update((i, None) for i in newest)
    candidates: dict[int, Candidate] = {}

    def take(rows: list[dict[str, Any]]) -> None:
        # The client's own news is for the briefing's own line, never a share to send it.
        for row in rows:
            if row["id"] not in candidates and row["id"] not in feedback.excluded:
                if not own_news_of(row, client.company, own_feeds, context):
                    candidates[row["id"]] = Candidate(row)

    take(store.articles_by_ids([i for i in ids if i not in feedback.excluded]))
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
        _score(c, profile, idf, context, industry_feeds, feedback, today)
        for c in candidates.values()
    ]
    scored.sort(key=lambda c: (-c.tier, -c.score, -(c.row["id"])))
    kept = collapse(scored, feedback, limit, frozenset(profile.words))
    return [
        Suggestion(
            article=Article.from_row(cand.row),
            score=cand.score,
            reasons=reasons_for(cand, profile, context, own_feeds, industry_feeds),
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
    industry_feeds: set[int],
    feedback: Feedback,
    today: date,
) -> Candidate:
    row = cand.row
    relevance = _score_relevance(cand, profile, idf, context)
    boost = 1.0
    if row["feed_id"] in industry_feeds:  # (the client's own feeds are never candidates)
        boost = INDUSTRY_FEED_BOOST
        relevance = max(relevance, INDUSTRY_FEED_BASE)
    if relevance <= 0:
        relevance = FRESH_BASE
    when = _when(row)
    cand.age = max(0, (today - when.date()).days) if when else 365
    recency = RECENCY_FLOOR + (1 - RECENCY_FLOOR) * decay(cand.age, RECENCY_HALF_LIFE)
    factor = 1.0
    if feedback.liked:
        best, reason = max((similarity(cand.body, b), r) for b, r in feedback.liked)
        factor *= 1 + LIKED_BOOST * best
        if best >= 0.2:
            cand.liked_reason = reason
    if feedback.disliked:
        worst = max(similarity(cand.body, b) for b in feedback.disliked)
        factor *= max(0.05, 1 - DISLIKED_SINK * worst)
    cand.score = relevance * recency * boost * factor if cand.tier else 0.0
    return cand


def own_news(store: Any, client_id: int, *, today: date, limit: int = 5) -> list[Suggestion]:
    """What changed in the client's world: its newsroom and articles naming its company,
    newest first (for the briefing; never suggested to send to the client)."""
    if limit <= 0:
        return []
    context = Context.load(store)
    client = store.get_client(client_id)
    own_feeds = {fid for fid, info in context.feeds.items() if info.client_id == client_id}
    rows = {r["id"]: r for r in store.recent_articles(feed_ids=sorted(own_feeds), limit=limit)}
    company = base_name(client.company) if client.company else ""
    if company and any(is_content(w) for w in words(company)):
        found = store.newest_matches(quote(words(company)), limit=limit * 3, after=context.after)
        for row in store.articles_by_ids([i for i in found if i not in rows]):
            if names(f"{row['title'] or ''}\n{row['summary'] or ''}", company):
                rows[row["id"]] = row
    ordered = sorted(
        rows.values(), key=lambda r: (str(r["published"] or ""), r["id"]), reverse=True
    )
    out = []
    for row in ordered[:limit]:
        feed = context.feeds.get(row["feed_id"])
        who = client.company or client.name
        reason = f"from {who}'s newsroom" if row["feed_id"] in own_feeds else f"names {who}"
        out.append(
            Suggestion(
                article=Article.from_row(row),
                score=0.0,
                reasons=[reason],
                feed_title=feed.title if feed else None,
            )
        )
    return out
