"""Scoring candidate articles against a profile: interest as a whole, recency, feeds, feedback."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from prepdeck.models import Article, Suggestion
from prepdeck.rank.profile import Profile, build_profile, decay
from prepdeck.rank.text import content_stems, fts_or, is_content, jaccard, stem, title_signature
from prepdeck.rank.text import words as text_words

WINDOW_DAYS = 120  # candidates come from this window first; older ones only if it is thin
FTS_POOL = 150
OWN_FEED_POOL = 30
INDUSTRY_FEED_POOL = 60
SUMMARY_CHARS = 1500
RECENCY_HALF_LIFE = 14.0
RECENCY_FLOOR = 0.3
TITLE_BONUS = 1.5
COORD_STEP = 0.6
COORD_MAX = 4
OWN_FEED_BOOST = 1.5
OWN_FEED_BASE = 4.0
INDUSTRY_FEED_BOOST = 1.2
INDUSTRY_FEED_BASE = 0.8
FRESH_BASE = 0.3
DUPLICATE_TITLE = 0.5
DUPLICATE_TEXT = 0.6
LIKED_BOOST = 1.5
DISLIKED_SINK = 2.0


@dataclass
class FeedInfo:
    title: str | None
    client_id: int | None
    tags: frozenset[str]


@dataclass
class Context:
    """What is shared between clients in one ranking run (feeds, term statistics)."""

    feeds: dict[int, FeedInfo]
    total: int
    newest: str | None
    df: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Any) -> Context:
        feeds = {}
        for row in store.ranking_feeds():
            try:
                tags = frozenset(str(t).strip().lower() for t in json.loads(row["tags"] or "[]"))
            except (ValueError, TypeError):
                tags = frozenset()
            feeds[row["id"]] = FeedInfo(row["title"] or row["url"], row["client_id"], tags)
        total, newest = store.article_stats()
        return cls(feeds, total, newest)

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
    body: set[str] = field(default_factory=set)
    also: set[int] = field(default_factory=set)  # other feeds carrying the same story


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
    industry = (profile.client.industry or "").strip().lower()
    if not industry:
        return set()
    wanted = profile.industry_stems
    found = set()
    for feed_id, info in feeds.items():
        for tag in info.tags:
            if tag == industry or (wanted and {stem(w) for w in text_words(tag)} & wanted):
                found.add(feed_id)
                break
    return found


def _sequence(text: str) -> list[str]:
    return [stem(w) for w in text_words(text) if is_content(w)]


def _has_phrase(seq: list[str], phrase: tuple[str, ...], present: set[str]) -> bool:
    if phrase[0] not in present or any(p not in present for p in phrase):
        return False
    n = len(phrase)
    for i in range(len(seq) - n + 1):
        if seq[i] == phrase[0] and tuple(seq[i : i + n]) == phrase:
            return True
    return False


def _score_relevance(
    cand: Candidate, profile: Profile, idf: dict[str, float]
) -> tuple[float, dict[str, tuple[float, str]]]:
    """Relevance from matched words and phrases, multiplied when several distinct ones match.

    Returns the score and, per origin label, (weight, what matched) for the reasons.
    """
    row = cand.row
    title_seq = _sequence(row["title"] or "")
    body_seq = _sequence((row["summary"] or "")[:SUMMARY_CHARS])
    in_title = set(title_seq)
    present = in_title | set(body_seq)
    cand.body = present
    total = 0.0
    strong = 0
    evidence: dict[str, tuple[float, list[str], Any]] = {}

    def note(term: Any, gained: float) -> None:
        label = term.origin.label
        weight, shown, origin = evidence.get(label, (0.0, [], term.origin))
        if term.display not in shown:
            shown.append(term.display)
        evidence[label] = (weight + gained, shown, origin)

    matched_stems: set[str] = set()
    for s, term in profile.words.items():
        if s in present:
            gained = term.weight * idf.get(s, 1.0) * (TITLE_BONUS if s in in_title else 1.0)
            total += gained
            matched_stems.add(s)
            if term.weight >= 0.5:
                strong += 1
            note(term, gained)
    for key, term in profile.phrases.items():
        hit_title = _has_phrase(title_seq, key, in_title)
        if hit_title or _has_phrase(body_seq, key, present):
            mean_idf = sum(idf.get(s, 1.0) for s in key) / len(key)
            gained = term.weight * mean_idf * (TITLE_BONUS if hit_title else 1.0)
            total += gained
            if not (set(key) & matched_stems):
                strong += 1  # a name matched only as a phrase is a distinct interest too
            note(term, gained)
    coord = 1.0 + COORD_STEP * min(max(strong - 1, 0), COORD_MAX)
    explained = {
        label: (weight, _phrase_list(shown), origin)
        for label, (weight, shown, origin) in evidence.items()
    }
    return total * coord, explained


def _phrase_list(shown: list[str]) -> str:
    # A phrase makes its own words redundant: "battery regulation", not "+ battery".
    phrases = [s for s in shown if " " in s]
    kept = [s for s in shown if " " in s or not any(s in p.split() for p in phrases)]
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

    since = (today - timedelta(days=WINDOW_DAYS)).isoformat()
    pool = max(FTS_POOL, limit * 5)
    candidates: dict[int, Candidate] = {}

    def take(rows: list[dict[str, Any]]) -> None:
        for row in rows:
            if row["id"] not in candidates and row["id"] not in feedback.excluded:
                candidates[row["id"]] = Candidate(row)

    query = fts_or(profile.fts_phrases())
    if query:
        rows = store.rank_matches(query, since=since, limit=pool)
        if len(rows) < limit * 2:
            rows += store.rank_matches(query, since=None, limit=pool)
        take(rows)
    take(store.recent_articles(feed_ids=sorted(own_feeds), limit=OWN_FEED_POOL))
    if not profile.has_interests or len(candidates) < limit * 2:
        take(store.recent_articles(feed_ids=sorted(industry_feeds), limit=INDUSTRY_FEED_POOL))
    if len(candidates) < limit:
        take(store.recent_articles(limit=max(limit * 3, 30)))
    if not candidates:
        return []

    stems = list(profile.words) + sorted({s for key in profile.phrases for s in key})
    idf = context.idf(store, sorted(set(stems)))
    scored = [
        _score(c, profile, idf, context, own_feeds, industry_feeds, feedback, today)
        for c in candidates.values()
    ]
    scored.sort(key=lambda c: (-c.score, -(c.row["id"])))
    return _collapse(scored, feedback, context, limit)


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
    relevance, evidence = _score_relevance(cand, profile, idf)
    reasons: list[tuple[float, str]] = []
    for _label, (weight, shown, origin) in evidence.items():
        if origin.kind == "industry":
            reasons.append((weight, origin.label))
        elif origin.kind == "company":
            reasons.append((weight + 100, f"mentions {shown} by name"))
        elif origin.kind == "contact":
            reasons.append((weight + 100, f"mentions {origin.label}"))
        elif origin.kind == "liked":
            continue  # said by the similarity reason below
        else:
            reasons.append((weight, f"mentions {shown} — {origin.label}"))
    feed = context.feeds.get(row["feed_id"])
    boost = 1.0
    if row["feed_id"] in own_feeds:
        boost = OWN_FEED_BOOST
        relevance = max(relevance, OWN_FEED_BASE)
        owner = profile.client.company or profile.client.name
        reasons.append((1000, f"from {owner}'s newsroom"))
    elif row["feed_id"] in industry_feeds:
        boost = INDUSTRY_FEED_BOOST
        relevance = max(relevance, INDUSTRY_FEED_BASE)
        industry = (profile.client.industry or "").strip().lower()
        title = feed.title if feed and feed.title else "a feed"
        reasons.append((0.5, f"from {title} ({industry})"))
    if relevance <= 0:
        relevance = FRESH_BASE
    if not profile.has_interests:
        what = (
            f"recent {profile.client.industry.strip().lower()} news"
            if (profile.client.industry and profile.client.industry.strip())
            else "recent news"
        )
        reasons.append((-1, f"no keywords or notes yet, so {what}"))

    when = _when(row)
    age = max(0, (today - when.date()).days) if when else 365
    recency = RECENCY_FLOOR + (1 - RECENCY_FLOOR) * decay(age, RECENCY_HALF_LIFE)
    factor = 1.0
    if feedback.liked:
        best, reason = max(((_similarity(cand.body, b), r) for b, r in feedback.liked))
        factor *= 1 + LIKED_BOOST * best
        if best >= 0.2:
            reasons.append((500, reason))
    if feedback.disliked:
        worst = max(_similarity(cand.body, b) for b in feedback.disliked)
        factor *= max(0.05, 1 - DISLIKED_SINK * worst)
    cand.score = relevance * recency * boost * factor
    reasons.sort(key=lambda r: -r[0])
    texts = [text for _, text in reasons[:3]]
    if age <= 1:
        texts.append("new today" if age == 0 else "new yesterday")
    elif age <= 7:
        texts.append("new this week")
    cand.reasons = texts
    cand.signature = title_signature(row["title"] or "")
    return cand


def _same_story(a: Candidate, b: Candidate) -> bool:
    if a.row.get("link") and a.row.get("link") == b.row.get("link"):
        return True
    if jaccard(a.signature, b.signature) >= DUPLICATE_TITLE:
        return True
    return len(a.body) >= 6 and jaccard(a.body, b.body) >= DUPLICATE_TEXT


def _collapse(
    scored: list[Candidate], feedback: Feedback, context: Context, limit: int
) -> list[Suggestion]:
    """Best first, each story once; stories the client already has are left out."""
    kept: list[Candidate] = []
    for cand in scored:
        if cand.score <= 0:
            continue
        if any(jaccard(cand.signature, s) >= DUPLICATE_TITLE for s in feedback.excluded_signatures):
            continue
        twin = next((k for k in kept if _same_story(k, cand)), None)
        if twin is not None:
            if cand.row["feed_id"] != twin.row["feed_id"]:
                twin.also.add(cand.row["feed_id"])
            continue
        if len(kept) < limit:
            kept.append(cand)
        elif not any(jaccard(cand.signature, k.signature) >= DUPLICATE_TITLE * 0.8 for k in kept):
            break
    out = []
    for cand in kept:
        reasons = list(cand.reasons)
        if cand.also:
            n = len(cand.also)
            reasons.append(f"also in {n} other feed{'s' if n > 1 else ''}")
        feed = context.feeds.get(cand.row["feed_id"])
        out.append(
            Suggestion(
                article=Article.from_row(cand.row),
                score=cand.score,
                reasons=reasons,
                feed_title=feed.title if feed else None,
            )
        )
    return out
