"""Fetching and parsing news feeds: network I/O lives here alone.

`fetch_all` (async) and `run_fetch` (sync) bring every feed's new articles into
the store; `sanitize.clean_text` / `sanitize.safe_link` make untrusted feed text
safe to show.
"""

from __future__ import annotations

from prepdeck.feeds.fetch import (
    FAILED,
    GONE,
    NOT_MODIFIED,
    OK,
    SKIPPED,
    USER_AGENT,
    FeedResult,
    FetchSummary,
    feed_url,
    fetch_all,
    run_fetch,
)

__all__ = [
    "FAILED",
    "GONE",
    "NOT_MODIFIED",
    "OK",
    "SKIPPED",
    "USER_AGENT",
    "FeedResult",
    "FetchSummary",
    "feed_url",
    "fetch_all",
    "run_fetch",
]
