"""Reasons: why an article was suggested, in the short words a person would use."""

from __future__ import annotations

from typing import Any

from prepdeck.rank.context import Candidate, Context
from prepdeck.rank.profile import Profile
from prepdeck.wording import counted

WEAK_REASON = 0.25  # a source adding under this share of the best one is not shown


def _evidence(cand: Candidate) -> list[tuple[float, str]]:
    """What matched, grouped by where it came from, as (strength, reason) pairs."""
    groups: dict[str, tuple[float, list[str], Any]] = {}
    for term, gained in sorted(cand.matched, key=lambda m: -m[1]):
        label = term.origin.label
        weight, displays, origin = groups.get(label, (0.0, [], term.origin))
        if term.display not in displays:
            displays.append(term.display)
        groups[label] = (weight + gained, displays, origin)
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


def reasons_for(
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
        texts.append(f"also in {counted(n, 'other feed')}")
    return texts
