"""Fetching and parsing news feeds: network I/O lives here alone.

`fetch_all` (async) and `run_fetch` (sync) bring every feed's new articles into
the store; `sanitize.clean_text` / `wording.safe_link` make untrusted feed text
safe to show. By role: `results` (what a run reports), `http` (web downloads),
`client` (the HTTP/1.1 client), `proxied` (httpx, through a proxy),
`local` (feed URLs and file feeds), `parse` (its results in `entries`), `sanitize`,
`workers`, `opml`, and `fetch` (the run itself).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from prepdeck.feeds.results import (
    FAILED,
    GONE,
    NOT_MODIFIED,
    OK,
    SKIPPED,
    FeedResult,
    FetchSummary,
)

if TYPE_CHECKING:
    from prepdeck.feeds.fetch import fetch_all, run_fetch
    from prepdeck.feeds.http import USER_AGENT
    from prepdeck.feeds.local import feed_url

# Imported on first use: a parse worker (`python -m prepdeck.feeds.workers`) imports this
# package and must not pay for the HTTP client and the fetch machinery it never uses.
_LAZY = {
    "fetch_all": "prepdeck.feeds.fetch",
    "run_fetch": "prepdeck.feeds.fetch",
    "USER_AGENT": "prepdeck.feeds.http",
    "feed_url": "prepdeck.feeds.local",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'prepdeck.feeds' has no attribute {name!r}")


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
