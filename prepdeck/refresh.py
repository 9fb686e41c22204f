"""What a finished refresh says: one summary line, and the feeds that failed, in words.

It reads a FetchSummary without importing prepdeck.feeds (httpx and feedparser cost
the app's start-up 0.2 s); the statuses are the strings feeds/results.py defines.
"""

from __future__ import annotations

from typing import Any

from prepdeck.wording import counted

FAILED = "failed"  # feeds.results.FAILED


def connection_failed(result: Any) -> bool:
    """Failed before any answer came back: no server reached (offline, DNS, refused)."""
    return (
        result.status == FAILED
        and result.http_status is None
        and result.url.lower().startswith(("http://", "https://"))
    )


def looks_offline(summary: Any) -> bool:
    """Every web feed tried failed to connect: the network, not the feeds, is the trouble."""
    tried = [r for r in getattr(summary, "results", []) if r.status != "skipped"]
    return bool(tried) and all(connection_failed(r) for r in tried)


def describe_fetch(summary: Any) -> str:
    """One line about a finished refresh (a FetchSummary from the feed engine)."""
    totals = summary.totals() if hasattr(summary, "totals") else {}
    if not totals.get("feeds"):
        return "No feeds to refresh yet: add one with `prepdeck feed add URL`."
    if looks_offline(summary):
        tried = totals["feeds"] - totals.get("skipped", 0)
        return (
            f"You appear to be offline: none of the {tried} feeds could be reached."
            " Nothing was changed; refresh again once connected."
        )
    parts = [
        f"{counted(totals['new_articles'], 'new article')} from {counted(totals['feeds'], 'feed')}"
    ]
    if totals.get("not_modified"):
        parts.append(f"{totals['not_modified']} unchanged")
    if totals.get("failed"):
        parts.append(f"{totals['failed']} failed")
    return "Refreshed: " + ", ".join(parts) + "."


def failed_feeds(summary: Any) -> list[str]:
    """One line per failed feed, its name and its error (none when simply offline)."""
    if looks_offline(summary):
        return []
    return [
        f"{r.title or r.url}: {r.error or 'failed'}"
        for r in getattr(summary, "results", [])
        if r.status == FAILED
    ]
