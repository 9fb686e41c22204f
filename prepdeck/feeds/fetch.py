"""Fetch every feed concurrently and politely, and store what is new, one feed at a time.

One shared HTTP client (feeds/http.py); a semaphore bounds the total number
of downloads and one per host bounds each server's share. Parsing runs off the event
loop (worker processes on a machine of 2+ cores, feeds/workers.py; else one thread) so
a large feed never stalls the downloads. Each feed has one deadline for its whole
download and the run has one of its own. Each feed's articles
and state are written in one transaction on the caller's thread, so an
interrupted run loses nothing already stored and never leaves half a feed; unchanged
feeds (304) only have their check time written, many in one transaction.
Failing feeds back off (1 h, 2 h, 4 h ... up to a day); a server's Retry-After
pauses every feed on that host.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from prepdeck.dates import now
from prepdeck.feeds.http import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    conditional_headers,
    download,
    host_key,
    make_client,
)
from prepdeck.feeds.local import local_path, read_file
from prepdeck.feeds.results import (
    FAILED,
    GONE,
    NOT_MODIFIED,
    OK,
    SKIPPED,
    Download,
    FeedError,
    FeedResult,
    FetchFailure,
    FetchSummary,
    Progress,
    sentence,
)
from prepdeck.models import Feed
from prepdeck.wording import counted

if TYPE_CHECKING:
    from prepdeck.feeds.client import Client
    from prepdeck.feeds.entries import ParsedFeed
    from prepdeck.feeds.proxied import ProxiedClient
    from prepdeck.feeds.workers import WorkerPool
    from prepdeck.store import Store

# Consecutive failures before a feed is backed off, then 1 h, 2 h, 4 h ... up to a day.
BACKOFF_AFTER = 3
BACKOFF_BASE = timedelta(hours=1)
BACKOFF_MAX = timedelta(days=1)
# A whole run stops after this many seconds (config `run-timeout`); what it did not reach
# is reported and tried next time.
DEFAULT_RUN_TIMEOUT = 600.0


# Unchanged feeds' state (checked_at) is written this many at a time, in one transaction.
STATE_BATCH = 100

# Below this many feeds a worker process costs more to start than it saves.
PROCESS_PARSING_FROM = 24
# Overrides the choice below (0 = one thread): for tests and benchmarks.
PARSE_WORKERS_ENV = "PREPDECK_PARSE_WORKERS"


def _parse_workers(feeds: int) -> int:
    """How many parse worker processes a run of `feeds` feeds gets (0: parse in a thread).

    feedparser is CPU-bound Python, and even the C reader's normalising is: a first fetch
    of many feeds is bound by it. One worker process on any machine with two cores or
    more, even a busy one: it has a GIL of its own, so parsing never stalls the event
    loop, and the scheduler gives it a share of the CPU of its own, which a parse thread
    in this process does not get. On a loaded 2-core machine (load ~10) that took a first
    fetch of 300 feeds from 10-22 s to 7-13 s for about the same CPU (its start-up is
    ~0.15 s). Spare cores (below the load average) get more, up to 3.
    """
    forced = os.environ.get(PARSE_WORKERS_ENV, "")
    if forced.isdigit():
        return min(int(forced), 8)
    cores = os.cpu_count() or 1
    if feeds < PROCESS_PARSING_FROM or cores < 2:
        return 0
    try:
        load = os.getloadavg()[0]
    except (OSError, AttributeError):  # not measurable here (Windows has no load average)
        load = 0.0
    spare = int(cores - 1 - load)
    return max(1, min(spare, 3))


def _parse_off_loop(
    workers: WorkerPool | None, body: bytes, headers: dict[str, str], url: str
) -> ParsedFeed:
    """In a parse thread: parse_feed here or in a worker, its FeedError as a FetchFailure.

    The parser (feedparser and all, 40-80 ms of imports) is imported here, on the first
    body and off the event loop, and only when no worker parses: a run whose feeds all
    answer 304, or whose workers parse, never loads it.
    """
    try:
        if workers is not None:
            return workers.parse(body, headers, url)
        from prepdeck.feeds import parse as parsing

        return parsing.parse_feed(body, headers, url)
    except FeedError as exc:
        raise FetchFailure(str(exc)) from None


class _Run:
    """The state of one fetch_all call: client, semaphores, per-host waits, the parse thread."""

    def __init__(
        self,
        store: Store,
        client: Client | ProxiedClient,
        *,
        concurrency: int,
        per_host: int,
        timeout: float,
        max_bytes: int,
        force: bool,
        feeds: int,
        clock: datetime | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.total = asyncio.Semaphore(concurrency)
        self.per_host = per_host
        self.hosts: dict[str, asyncio.Semaphore] = {}
        self.host_wait: dict[str, datetime] = {}
        # Per host: feeds that ran out of time, and whether it answered any feed in time.
        self.host_timeouts: dict[str, int] = {}
        self.host_answered: set[str] = set()
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.force = force
        self.feeds = feeds
        self._threads: ThreadPoolExecutor | None = None  # made on the first body to parse
        self._workers: WorkerPool | None = None
        self.clock = clock
        self._states: list[tuple[int, dict[str, Any]]] = []

    async def parse(self, body: bytes, headers: dict[str, str], url: str) -> ParsedFeed:
        """parse_feed off the event loop: in worker processes on a machine of 2+ cores.

        Raises FetchFailure for a document that is not a usable feed.
        """
        if self._threads is None:
            workers = _parse_workers(self.feeds)
            if workers:
                from prepdeck.feeds.workers import WorkerPool

                self._workers = WorkerPool(workers)
            self._threads = ThreadPoolExecutor(
                max_workers=max(1, workers), thread_name_prefix="prepdeck-parse"
            )
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._threads, _parse_off_loop, self._workers, body, headers, url
        )

    def write_states(self) -> None:
        """Write the queued state of unchanged feeds, in one transaction."""
        if self._states:
            self.store.record_feed_states(self._states)
            self._states = []

    def close(self) -> None:
        if self._workers is not None:
            self._workers.close()  # their threads then return at once
        if self._threads is not None:
            self._threads.shutdown(wait=True, cancel_futures=True)

    def host_semaphore(self, key: str) -> asyncio.Semaphore:
        if key not in self.hosts:
            self.hosts[key] = asyncio.Semaphore(self.per_host)
        return self.hosts[key]

    async def fetch(self, feed: Feed) -> FeedResult:
        started = time.perf_counter()
        result = FeedResult(feed.id, feed.url, feed.title, FAILED)
        try:
            await self._fetch(feed, result)
        except (asyncio.CancelledError, sqlite3.Error):
            # A database still locked after the busy timeout is not this feed's fault:
            # the run stops with one sentence rather than marking feeds as failed.
            raise
        except Exception as exc:  # never let one feed sink the run
            result.status = FAILED
            result.error = sentence(f"unexpected error ({type(exc).__name__}: {exc})")
        result.seconds = round(time.perf_counter() - started, 3)
        return result

    def _skipped(self, feed: Feed, key: str | None, result: FeedResult) -> bool:
        """Fill in result and return True when this feed is not to be requested now."""
        reason = self._waiting(feed, key)
        if reason is None:
            return False
        result.status = GONE if feed.gone else SKIPPED
        result.error = reason
        if key is not None and not feed.gone and self.host_wait.get(key, now()) > now():
            # The host asked for a pause: this feed waits as long as the one told so.
            until = self.host_wait[key]
            if feed.next_check_at is None or feed.next_check_at < until:
                self.store.record_feed_state(feed.id, {"next_check_at": until.isoformat(" ")})
        return True

    def _waiting(self, feed: Feed, key: str | None) -> str | None:
        """Why this feed is not to be requested now, or None."""
        current = now()
        if feed.gone:
            return "The server said this feed is gone (HTTP 410); it is no longer fetched."
        if key and key in self.host_wait and self.host_wait[key] > current:
            return sentence(
                f"waiting: the server asked prepdeck to retry after "
                f"{self.host_wait[key]:%Y-%m-%d %H:%M}"
            )
        if not self.force and feed.next_check_at and feed.next_check_at > current:
            if feed.error_count:
                return sentence(
                    f"backed off after {feed.error_count} failures in a row; next try after "
                    f"{feed.next_check_at:%Y-%m-%d %H:%M} (last error: "
                    f"{(feed.last_error or 'unknown').rstrip('.')})"
                )
            return sentence(f"next try after {feed.next_check_at:%Y-%m-%d %H:%M}")
        return None

    async def _fetch(self, feed: Feed, result: FeedResult) -> None:
        key = host_key(feed.url)
        if self._skipped(feed, key, result):
            return
        try:
            if key is None:
                async with self.total:
                    got = await self._read_local(feed)
            else:
                # The host's slot first, then a slot of the total: a feed queued behind a
                # busy host must not hold a slot that a feed on another host could use.
                async with self.host_semaphore(key), self.total:
                    # Another feed on this host may have been told to wait meanwhile.
                    if self._skipped(feed, key, result) or self._slow_host(key, result):
                        return
                    got = await self._download(feed, key)
            if got.body is None:
                self._not_modified(feed, result, got)
                return
            parsed = await self.parse(got.body, got.headers, got.new_url or feed.url)
        except FetchFailure as failure:
            self._failed(feed, result, failure, key)
            return
        self._ingest(feed, result, got, parsed)

    async def _download(self, feed: Feed, key: str) -> Download:
        """download(), noting (before the host's slot is released) whether the host answered."""
        try:
            got = await download(
                self.client,
                feed.url,
                conditional_headers(feed.etag, feed.last_modified),
                timeout=self.timeout,
                max_bytes=self.max_bytes,
            )
        except FetchFailure as failure:
            if failure.timed_out:
                self.host_timeouts[key] = self.host_timeouts.get(key, 0) + 1
            elif failure.http_status is not None:
                self.host_answered.add(key)
            raise
        self.host_answered.add(key)
        return got

    def _slow_host(self, key: str, result: FeedResult) -> bool:
        """Skip, for this run, a feed whose server let feeds time out and answered none:
        16 feeds on a server that stalls cost one deadline, not one per batch of them."""
        timeouts = self.host_timeouts.get(key, 0)
        if not timeouts or key in self.host_answered:
            return False
        result.status = SKIPPED
        result.error = sentence(
            f"not tried this run: {key.rstrip(':')} ran out of time on "
            f"{counted(timeouts, 'other feed')} and answered none"
        )
        return True

    async def _read_local(self, feed: Feed) -> Download:
        path = local_path(feed.url)
        if path is None:
            raise FetchFailure("only http, https and file feeds can be fetched")
        return await asyncio.to_thread(read_file, path, self.max_bytes, feed.last_modified)

    def _not_modified(self, feed: Feed, result: FeedResult, got: Download) -> None:
        result.status = NOT_MODIFIED
        result.http_status = got.http_status
        changes: dict[str, Any] = {"checked_at": self.store.stamp()}
        if feed.error_count or feed.last_status not in (OK, NOT_MODIFIED):
            changes.update(last_status=OK, last_error=None, error_count=0, next_check_at=None)
        if got.new_url and got.new_url != feed.url:
            changes["url"] = got.new_url
            if self.store.record_feed_state(feed.id, changes):
                result.new_url = got.new_url
            return
        # A run of unchanged feeds writes their state in a few transactions, not one each.
        self._states.append((feed.id, changes))
        if len(self._states) >= STATE_BATCH:
            self.write_states()

    def _failed(
        self, feed: Feed, result: FeedResult, failure: FetchFailure, key: str | None
    ) -> None:
        result.status = GONE if failure.gone else FAILED
        result.error = sentence(str(failure))
        result.http_status = failure.http_status
        count = feed.error_count + 1
        next_check = failure.retry_at
        if count >= BACKOFF_AFTER:
            delay = min(BACKOFF_BASE * 2 ** (count - BACKOFF_AFTER), BACKOFF_MAX)
            backoff = now() + delay
            next_check = max(next_check, backoff) if next_check else backoff
        if failure.retry_at and key:
            self.host_wait[key] = failure.retry_at
        changes: dict[str, Any] = {
            "last_status": result.status,
            "last_error": result.error,
            "error_count": count,
            "checked_at": self.store.stamp(),
            "next_check_at": next_check.isoformat(" ") if next_check else None,
        }
        if failure.gone:
            changes["gone"] = 1
        self.store.record_feed_state(feed.id, changes)

    def _ingest(self, feed: Feed, result: FeedResult, got: Download, parsed: ParsedFeed) -> None:
        result.status = OK
        result.http_status = got.http_status
        notes = [parsed.note] if parsed.note else []
        if parsed.duplicates:
            notes.append(f"{parsed.duplicates} duplicate entries ignored")
        changes: dict[str, Any] = {
            "last_status": OK,
            "last_error": None,
            "error_count": 0,
            "checked_at": self.store.stamp(),
            "next_check_at": None,
            "etag": got.etag,
            "last_modified": got.last_modified,
            "title_if_missing": parsed.title or None,
        }
        if got.new_url and got.new_url != feed.url:
            changes["url"] = got.new_url
        # Also the latest date an article may claim: later ones are clamped to it.
        first_seen = (self.clock or now()).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
        outcome = self.store.ingest_articles(
            feed.id, parsed.entries, first_seen=first_seen, feed_changes=changes
        )
        result.new = outcome.new
        if outcome.url_changed:
            result.new_url = got.new_url
        elif got.new_url and got.new_url != feed.url:
            notes.append("moved permanently, but another feed already has the new address")
        if outcome.too_old:
            notes.append(f"{outcome.too_old} entries older than the retention period skipped")
        if not result.title:
            result.title = parsed.title or None
        result.note = sentence("; ".join(notes)) if notes else None


async def fetch_all(
    store: Store,
    *,
    concurrency: int = 16,
    per_host: int = 8,
    progress: Progress | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    force: bool = False,
    feed_ids: list[int] | None = None,
    run_timeout: float | None = DEFAULT_RUN_TIMEOUT,
    clock: datetime | None = None,
) -> FetchSummary:
    """Fetch every feed (or `feed_ids`) and store new articles; never raises for a bad feed.

    Args:
        store: the open Store; all writes happen on the calling thread.
        concurrency: downloads in flight at once, over all hosts.
        per_host: downloads in flight at once to any one host.
        progress: called as `progress(done, total, feed_result)` when each feed finishes.
        timeout: each feed's deadline in seconds, for connecting, the headers and the
            body together.
        max_bytes: a larger response is cut off and the feed reported as failed.
        force: fetch feeds that are backed off too (gone feeds stay stopped).
        feed_ids: only these feeds.
        run_timeout: the whole run's bound in seconds (None: none); feeds not done by
            then are reported as not reached, their stored state untouched.
        clock: the local time this fetch counts as now (the demo builds for another day).
    """
    started = time.perf_counter()
    feeds = store.list_feeds()
    if feed_ids is not None:
        wanted = set(feed_ids)
        feeds = [f for f in feeds if f.id in wanted]
    summary = FetchSummary()
    total = len(feeds)
    if not feeds:
        return summary
    concurrency = max(1, concurrency)
    per_host = max(1, min(per_host, concurrency))
    client = make_client(concurrency, timeout)
    run = _Run(
        store,
        client,
        concurrency=concurrency,
        per_host=per_host,
        timeout=timeout,
        max_bytes=max_bytes,
        force=force,
        feeds=len(feeds),
        clock=clock,
    )
    tasks = {asyncio.create_task(run.fetch(feed)): feed for feed in feeds}
    try:
        async with asyncio.timeout(run_timeout):
            for done, finished in enumerate(asyncio.as_completed(tasks), start=1):
                result = await finished
                summary.results.append(result)
                if progress is not None:
                    progress(done, total, result)
    except TimeoutError:
        _not_reached(summary, tasks, run_timeout or 0.0)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await client.aclose()
        run.close()
        run.write_states()
    order = {feed.id: index for index, feed in enumerate(feeds)}
    summary.results.sort(key=lambda r: order[r.feed_id])
    summary.purged = store.purge_old_articles()
    summary.seconds = time.perf_counter() - started
    return summary


def _not_reached(
    summary: FetchSummary, tasks: dict[asyncio.Task[FeedResult], Feed], limit: float
) -> None:
    """Results for the feeds a run's time limit stopped (one may have just finished)."""
    reported = {result.feed_id for result in summary.results}
    summary.run_timeout = limit
    for task, feed in tasks.items():
        if feed.id in reported:
            continue
        if task.done() and not task.cancelled() and task.exception() is None:
            summary.results.append(task.result())
            continue
        summary.not_reached += 1
        summary.results.append(
            FeedResult(
                feed.id,
                feed.url,
                feed.title,
                SKIPPED,
                error=sentence(
                    f"not reached: the run stopped at its limit of {limit:g} s; "
                    "it is tried next time"
                ),
            )
        )


def run_fetch(store: Store, **kwargs: Any) -> FetchSummary:
    """fetch_all for synchronous callers (the CLI, the demo builder, benchmarks).

    On uvloop where it is installed (not on Windows): its connections, timers and
    callbacks cost a fifth less CPU than asyncio's own loop on a run of 300 conditional
    requests (bench/RESULTS.md). The app's refresh runs fetch_all on Textual's loop.
    """
    with asyncio.Runner(loop_factory=_event_loop_factory()) as runner:
        return runner.run(fetch_all(store, **kwargs))


def _event_loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's loop, or None (asyncio's own) where uvloop is not installed."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop
