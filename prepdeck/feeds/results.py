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


def seconds_text(seconds: float) -> str:
    """ "0.3 s", "20 s": a duration as a timeout message gives it."""
    return f"{seconds:.1f} s" if seconds < 10 else f"{seconds:.0f} s"


# The failures a download can meet, each told in one sentence here, whichever way the feed
# came: feeds/client.py directly, or feeds/proxied.py through httpx and a proxy.


def too_large(max_bytes: int, http_status: int | None) -> FetchFailure:
    return FetchFailure(f"response larger than {size_text(max_bytes)}", http_status=http_status)


def too_many_redirects(limit: int) -> FetchFailure:
    return FetchFailure(f"too many redirects (more than {limit}; a redirect loop?)")


def unfetchable_redirect() -> FetchFailure:
    return FetchFailure("the server redirected to an address prepdeck cannot fetch")


def bad_url() -> FetchFailure:
    return FetchFailure("not a valid feed URL")


def broke_off(host: str) -> FetchFailure:
    return FetchFailure(f"{host} broke off the connection")


def bad_compression() -> FetchFailure:
    return FetchFailure("the server sent badly compressed data")


def connect_timed_out(host: str, elapsed: float) -> FetchFailure:
    text = f"timed out connecting to {host} after {seconds_text(elapsed)}"
    return FetchFailure(text, timed_out=True)


def unfinished(host: str, elapsed: float) -> FetchFailure:
    """The feed's one deadline (connect, headers and body) passed."""
    text = f"{host} timed out (the feed was not complete after {seconds_text(elapsed)})"
    return FetchFailure(text, timed_out=True)


def refused(host: str) -> FetchFailure:
    return FetchFailure(f"connection refused by {host}")


def unknown_host(host: str) -> FetchFailure:
    return FetchFailure(f"the host name {host} could not be found")


def tls_failed(host: str) -> FetchFailure:
    return FetchFailure(f"the secure connection to {host} failed (certificate or TLS problem)")


def unreachable(host: str, detail: str) -> FetchFailure:
    return FetchFailure(f"could not connect to {host} ({detail})")


def worth_draining(status: int, headers: dict[str, str], limit: int) -> bool:
    """Whether a body to throw away is short enough to read, so its connection is reused."""
    length = headers.get("content-length", "")
    return status in (204, 304) or (length.isdigit() and int(length) <= limit)
