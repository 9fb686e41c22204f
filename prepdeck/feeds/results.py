"""What a fetch produces: per-feed results, the run's summary, and one download's outcome."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from prepdeck.wording import one_line

OK = "ok"
NOT_MODIFIED = "not-modified"
FAILED = "failed"
GONE = "gone"
SKIPPED = "skipped"
STATUSES = (OK, NOT_MODIFIED, FAILED, GONE, SKIPPED)

Progress = Callable[[int, int, "FeedResult"], object]


@dataclass
class FeedResult:
    """How one feed fared in a run."""

    feed_id: int
    url: str
    title: str | None
    status: str
    new: int = 0
    error: str | None = None
    note: str | None = None
    http_status: int | None = None
    new_url: str | None = None
    seconds: float = 0.0


@dataclass
class FetchSummary:
    """A whole run: per-feed results and totals; `to_json()` is what `fetch --json` prints."""

    results: list[FeedResult] = field(default_factory=list)
    purged: int = 0
    seconds: float = 0.0
    # Feeds the run's time limit stopped before they were done (their results say so).
    not_reached: int = 0
    run_timeout: float | None = None

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def new_articles(self) -> int:
        return sum(r.new for r in self.results)

    @property
    def nothing_worked(self) -> bool:
        """True when feeds were tried and every one failed (offline, say)."""
        tried = [r for r in self.results if r.status != SKIPPED]
        return bool(tried) and all(r.status == FAILED for r in tried)

    def totals(self) -> dict[str, int]:
        return {
            "feeds": len(self.results),
            "ok": self.count(OK),
            "not_modified": self.count(NOT_MODIFIED),
            "failed": self.count(FAILED),
            "gone": self.count(GONE),
            "skipped": self.count(SKIPPED),
            "new_articles": self.new_articles,
            "purged": self.purged,
            "not_reached": self.not_reached,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            **self.totals(),
            "seconds": round(self.seconds, 3),
            # Every field is a plain value: a copy of each result's fields is asdict's
            # answer without its recursion (a third of a 300-feed run's JSON output).
            "results": [dict(vars(r)) for r in self.results],
        }


class FeedError(Exception):
    """A feed that could not be used; the message is one sentence for the user.

    Raised by prepdeck.feeds.parse; defined here so that the fetch and the worker pool
    can catch it without importing the parser (feedparser) in a process that never
    parses.
    """


class FetchFailure(Exception):
    """A feed that failed this run; `str()` is one sentence for the user."""

    def __init__(
        self,
        sentence: str,
        *,
        http_status: int | None = None,
        retry_at: datetime | None = None,
        gone: bool = False,
        timed_out: bool = False,
    ) -> None:
        super().__init__(sentence)
        self.http_status = http_status
        self.retry_at = retry_at
        self.gone = gone
        self.timed_out = timed_out


@dataclass
class Download:
    """A successful response or file read: the body, or nothing when unchanged (304)."""

    body: bytes | None
    headers: dict[str, str]
    http_status: int | None
    etag: str | None = None
    last_modified: str | None = None
    new_url: str | None = None


def sentence(text: str) -> str:
    """Capitalised, with a full stop: how errors are stored and shown."""
    text = one_line(text).rstrip(".")
    return (text[:1].upper() + text[1:] + ".") if text else "Unknown error."


def size_text(limit: int) -> str:
    """A byte cap as people say it ("10 MB", "512 KB"), for "larger than ..." errors."""
    megabytes = limit / (1024 * 1024)
    return f"{megabytes:g} MB" if megabytes >= 1 else f"{limit // 1024} KB"
