"""Fetching and parsing news feeds: network I/O lives here alone.

`fetch_all` (async) and `run_fetch` (sync) bring every feed's new articles into
the store; `sanitize.clean_text` / `sanitize.safe_link` make untrusted feed text
safe to show. By role: `results` (what a run reports), `http` (web downloads),
`local` (feed URLs and file feeds), `parse`, `sanitize`, `opml`, and `fetch`
(the run itself).
"""

from __future__ import annotations

from prepdeck.feeds.fetch import fetch_all, run_fetch
from prepdeck.feeds.http import USER_AGENT
from prepdeck.feeds.local import feed_url
from prepdeck.feeds.results import (
    FAILED,
    GONE,
    NOT_MODIFIED,
    OK,
    SKIPPED,
    FeedResult,
    FetchSummary,
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
