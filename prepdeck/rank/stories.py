"""Near-duplicate stories: the same news from several feeds becomes one suggestion."""

from __future__ import annotations

import math
from collections import Counter

from prepdeck.rank.context import Candidate, Feedback
from prepdeck.rank.text import jaccard

DUPLICATE_TITLE = 0.7
ALREADY_SHARED = 0.8  # stricter: a similar story the client has not seen is boosted, not hidden
DUPLICATE_TEXT = 0.5
DUPLICATE_DAYS = 2
SAME_DAY_HEADLINE = 0.4


def story_weights(cands: list[Candidate]) -> dict[str, float]:
    """Each word's weight within this pool: words most candidates share (the client's own
    topic words) say little about which *story* an article tells; rarer shared ones do."""
    counts: Counter[str] = Counter()
    for cand in cands:
        counts.update(cand.body)
    n = len(cands)
    return {stem_: math.log(1 + n / df) ** 2 for stem_, df in counts.items()}


def same_story(
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


def collapse(
    scored: list[Candidate], feedback: Feedback, limit: int, topic: frozenset[str]
) -> list[Candidate]:
    """Best first, each story once; stories the client already has are left out."""
    weights = story_weights(scored)
    kept: list[Candidate] = []
    extra = 0
    for cand in scored:
        if cand.score <= 0:
            continue
        if any(jaccard(cand.signature, s) >= ALREADY_SHARED for s in feedback.excluded_signatures):
            continue
        twin = next((k for k in kept if same_story(k, cand, weights, topic)), None)
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
