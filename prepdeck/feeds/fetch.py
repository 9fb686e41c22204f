"""Fetch every feed concurrently and politely, and store what is new, one feed at a time.

One shared httpx.AsyncClient; a semaphore bounds the total number of downloads
and one per host bounds each server's share. Responses are streamed and cut
off at a size cap; conditional GET (ETag / Last-Modified) makes an unchanged
feed cost a 304 and nothing else. Parsing runs in a worker thread so a large
feed never stalls the downloads. Each feed's articles and state are written in
one transaction on the caller's thread, so an interrupted run loses nothing
already stored and never leaves half a feed.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import socket
import ssl
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import httpx

from prepdeck import __version__
from prepdeck.dates import now
from prepdeck.errors import PrepdeckError
from prepdeck.feeds.framing import HEADER as MESSAGE_HEADER
from prepdeck.feeds.framing import encode
from prepdeck.feeds.parse import FeedError, ParsedFeed, parse_feed
from prepdeck.models import Feed

if TYPE_CHECKING:
    from prepdeck.store import Store

USER_AGENT = f"prepdeck/{__version__} (+https://pypi.org/project/prepdeck/; feed reader)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 10
# Consecutive failures before a feed is backed off, then 1 h, 2 h, 4 h ... up to a day.
BACKOFF_AFTER = 3
BACKOFF_BASE = timedelta(hours=1)
BACKOFF_MAX = timedelta(days=1)
RETRY_AFTER_MAX = timedelta(days=7)
# Parsing is CPU-bound Python (feedparser). For a big run on a machine with cores to
# spare it goes to worker processes, so it runs in parallel and never holds the GIL the
# downloads need. Otherwise one thread parses: on a 2-core machine the workers' start-up
# and the cores' contention cost more than they save (bench/fetch.py measures both).
PARSE_PROCESSES = 2
PROCESS_PARSING_FROM = 24
PROCESS_PARSING_MIN_CPUS = 4
PARSE_TIMEOUT = 120.0

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
        }

    def to_json(self) -> dict[str, Any]:
        return {
            **self.totals(),
            "seconds": round(self.seconds, 3),
            "results": [asdict(r) for r in self.results],
        }


class FetchFailure(Exception):
    """A feed that failed this run; `str()` is one sentence for the user."""

    def __init__(
        self,
        sentence: str,
        *,
        http_status: int | None = None,
        retry_at: datetime | None = None,
        gone: bool = False,
    ) -> None:
        super().__init__(sentence)
        self.http_status = http_status
        self.retry_at = retry_at
        self.gone = gone


@dataclass
class Download:
    """A successful response: the body, or nothing for a 304."""

    body: bytes | None
    headers: dict[str, str]
    http_status: int | None
    etag: str | None = None
    last_modified: str | None = None
    new_url: str | None = None


def sentence(text: str) -> str:
    """Capitalised, with a full stop: how errors are stored and shown."""
    text = " ".join(text.split()).rstrip(".")
    return (text[:1].upper() + text[1:] + ".") if text else "Unknown error."


def _host_key(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    return f"{(parts.hostname or '').lower()}:{parts.port or ''}"


def local_path(url: str) -> Path | None:
    """The file a file:// URL or plain path names; None for web URLs."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            return None
        return Path(url2pathname(parts.path))
    if parts.scheme == "" or (len(parts.scheme) == 1 and os.name == "nt"):
        return Path(url).expanduser()
    return None


def feed_url(text: str) -> str:
    """What a user typed as a feed -> the URL to store (raises PrepdeckError if unusable).

    http(s) and file URLs are kept; an existing local file becomes a file:// URL
    (so it works from any folder later); "example.com/feed" gets https://.
    """
    value = text.strip()
    if not value:
        raise PrepdeckError("A feed needs a URL.")
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        if not parts.hostname:
            raise PrepdeckError(f"{value!r} is not a valid feed URL (it has no host).")
        return value
    if scheme == "file":
        return value
    if scheme in ("", "feed") or (len(scheme) == 1 and os.name == "nt"):
        if scheme == "feed":
            value = value.split(":", 1)[1].lstrip("/")
        path = Path(value).expanduser()
        if path.is_file():
            return path.resolve().as_uri()
        host = value.split("/", 1)[0]
        if "." in host and " " not in value and not value.startswith((".", "/", "~")):
            return "https://" + value
        raise PrepdeckError(f"{value!r} is neither a web address (http/https) nor a feed file.")
    raise PrepdeckError(f"Only http, https and file feeds can be read, not {scheme}: URLs.")


def _retry_after(value: str | None) -> datetime | None:
    """A Retry-After header (seconds or an HTTP date) as a local naive datetime."""
    if not value:
        return None
    value = value.strip()
    current = now()
    if value.isdigit():
        delay = timedelta(seconds=int(value))
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        delay = when - datetime.now(UTC)
    delay = max(timedelta(0), min(delay, RETRY_AFTER_MAX))
    return current + delay


async def _drain_small(response: httpx.Response, limit: int = 64 * 1024) -> None:
    """Read a short error body so the connection can be reused; leave a long one unread."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) <= limit:
        try:
            await response.aread()
        except httpx.HTTPError:
            pass


def _size(limit: int) -> str:
    megabytes = limit / (1024 * 1024)
    return f"{megabytes:g} MB" if megabytes >= 1 else f"{limit // 1024} KB"


def _describe_http_status(code: int, reason: str) -> str:
    if code == 404:
        return "not found (HTTP 404)"
    if code in (401, 403):
        return f"access denied (HTTP {code})"
    if code == 429:
        return "the server asked prepdeck to slow down (HTTP 429)"
    if code == 503:
        return "the server is temporarily unavailable (HTTP 503)"
    if code >= 500:
        return f"server error (HTTP {code} {reason})".replace(" )", ")")
    return f"the server answered HTTP {code} {reason}".strip()


def _causes(exc: BaseException) -> list[BaseException]:
    """The chain of exceptions behind one (httpx wraps the OS error)."""
    found: list[BaseException] = []
    current = exc.__cause__ or exc.__context__
    while current is not None and len(found) < 10:
        found.append(current)
        if isinstance(current, BaseExceptionGroup):
            found.extend(current.exceptions)
        current = current.__cause__ or current.__context__
    return found


def _describe_exception(exc: BaseException, url: str, timeout: float) -> str:
    """One sentence for whatever the network layer raised."""
    host = urlsplit(url).hostname or url
    text = str(exc)
    if isinstance(exc, httpx.TooManyRedirects):
        return f"too many redirects (more than {MAX_REDIRECTS}; a redirect loop?)"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out connecting to {host} after {timeout:g} s"
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return f"{host} stopped responding (timed out after {timeout:g} s)"
    if isinstance(exc, httpx.ConnectError):
        lowered = (text + " " + " ".join(str(c) for c in _causes(exc))).lower()
        if any(isinstance(c, ConnectionRefusedError) for c in _causes(exc)):
            return f"connection refused by {host}"
        if any(isinstance(c, socket.gaierror) for c in _causes(exc)):
            return f"the host name {host} could not be found"
        if "refused" in lowered:
            return f"connection refused by {host}"
        if "name or service" in lowered or "nodename" in lowered or "getaddrinfo" in lowered:
            return f"the host name {host} could not be found"
        if "ssl" in lowered or "certificate" in lowered:
            return f"the secure connection to {host} failed (certificate or TLS problem)"
        return f"could not connect to {host} ({text or type(exc).__name__})"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "the server redirected to an address prepdeck cannot fetch"
    if isinstance(exc, httpx.InvalidURL):
        return "not a valid feed URL"
    if isinstance(exc, httpx.DecodingError):
        return "the server sent badly compressed data"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"{host} broke off the connection"
    if isinstance(exc, httpx.NetworkError | ssl.SSLError | OSError):
        return f"network error talking to {host} ({text or type(exc).__name__})"
    return f"unexpected error fetching the feed ({type(exc).__name__})"


def _read_file(path: Path, max_bytes: int, validator: str | None) -> Download:
    """Read a local feed file, with the same size cap and a change check via mtime."""
    try:
        info = path.stat()
        if path.is_dir():
            raise FetchFailure(f"{path} is a folder, not a feed file")
        stamp = f"file:{info.st_mtime_ns}:{info.st_size}"
        if validator == stamp:
            return Download(body=None, headers={}, http_status=None, last_modified=stamp)
        if info.st_size > max_bytes:
            raise FetchFailure(f"the file is larger than {_size(max_bytes)}")
        with path.open("rb") as handle:
            body = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise FetchFailure(f"file not found: {path}") from None
    except PermissionError:
        raise FetchFailure(f"no permission to read {path}") from None
    except OSError as exc:
        raise FetchFailure(f"cannot read {path} ({exc.strerror or exc})") from None
    if len(body) > max_bytes:
        raise FetchFailure(f"the file is larger than {_size(max_bytes)}")
    headers = {}
    if path.suffix.lower() == ".json":
        headers["content-type"] = "application/feed+json"
    return Download(body=body, headers=headers, http_status=None, last_modified=stamp)


class _Parser:
    """Runs parse_feed off the event loop: in worker processes for big runs, else a thread.

    Workers are `python -m prepdeck.feeds.worker` processes started at the first parse.
    One that dies or hangs on a document (a parser crash, a pathological feed) fails
    only that feed and is dropped; one that dies before its first answer (it could
    not start) hands the feed to the thread; with no workers left the thread does
    all the parsing.
    """

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prepdeck-parse")
        self.idle: asyncio.Queue[asyncio.subprocess.Process | None] = asyncio.Queue()
        self.running: list[asyncio.subprocess.Process] = []
        self.waiting = 0
        self.proven: set[int] = set()  # pids of workers that have answered once
        self.started = False
        self.start_lock = asyncio.Lock()

    async def start(self) -> None:
        """Start the worker processes when the first feed needs parsing (an all-304 run
        starts none); if they cannot start, the thread does the work."""
        async with self.start_lock:
            if not self.started:
                await self._spawn()
                self.started = True

    async def _spawn(self) -> None:
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        for _ in range(self.processes):
            try:
                proc = await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "prepdeck.feeds.worker",
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                    stderr=asyncio.subprocess.DEVNULL,
                    env=env,
                )
            except (OSError, RuntimeError, NotImplementedError):
                break
            self.running.append(proc)
            self.idle.put_nowait(proc)
        self.processes = len(self.running)

    async def _worker(self) -> asyncio.subprocess.Process | None:
        if not self.started and self.processes:
            await self.start()
        if not self.running:
            return None
        self.waiting += 1
        try:
            return await self.idle.get()
        finally:
            self.waiting -= 1

    def _discard(self, proc: asyncio.subprocess.Process) -> None:
        """Drop a worker that died or hung; when none are left, waiters use the thread."""
        if proc in self.running:
            self.running.remove(proc)
        if proc.returncode is None:
            proc.kill()
        if not self.running:
            for _ in range(self.waiting):
                self.idle.put_nowait(None)

    async def parse(self, body: bytes, headers: dict[str, str], url: str) -> ParsedFeed:
        proc = await self._worker()
        if proc is None or proc.stdin is None or proc.stdout is None:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self.thread, parse_feed, body, headers, url)
        healthy = crashed_at_start = False
        try:
            proc.stdin.write(encode((body, headers, url)))
            async with asyncio.timeout(PARSE_TIMEOUT):
                await proc.stdin.drain()
                (size,) = MESSAGE_HEADER.unpack(await proc.stdout.readexactly(MESSAGE_HEADER.size))
                kind, value = pickle.loads(await proc.stdout.readexactly(size))
            healthy = True
            self.proven.add(proc.pid)
        except TimeoutError:
            raise FetchFailure(f"parsing took longer than {PARSE_TIMEOUT:g} s") from None
        except (asyncio.IncompleteReadError, ConnectionError, pickle.UnpicklingError):
            if proc.pid in self.proven:
                raise FetchFailure("the feed parser crashed on this feed") from None
            crashed_at_start = True
        finally:
            if healthy:
                self.idle.put_nowait(proc)
            else:
                self._discard(proc)
        if crashed_at_start:
            return await self.parse(body, headers, url)
        if kind == "error":
            raise FeedError(value)
        return value

    async def aclose(self) -> None:
        """Let workers exit at end of input; kill any that do not promptly."""
        self.thread.shutdown(wait=False, cancel_futures=True)
        for proc in self.running:
            if proc.stdin is not None:
                proc.stdin.close()
        for proc in self.running:
            try:
                async with asyncio.timeout(2):
                    await proc.wait()
            except TimeoutError:
                proc.kill()
                await proc.wait()
        self.running.clear()


class _Run:
    """The state of one fetch_all call: client, semaphores, per-host waits."""

    def __init__(
        self,
        store: Store,
        client: httpx.AsyncClient,
        *,
        concurrency: int,
        per_host: int,
        timeout: float,
        max_bytes: int,
        force: bool,
        parser: _Parser,
    ) -> None:
        self.store = store
        self.client = client
        self.total = asyncio.Semaphore(concurrency)
        self.per_host = per_host
        self.hosts: dict[str, asyncio.Semaphore] = {}
        self.host_wait: dict[str, datetime] = {}
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.force = force
        self.parser = parser

    def host_semaphore(self, key: str) -> asyncio.Semaphore:
        if key not in self.hosts:
            self.hosts[key] = asyncio.Semaphore(self.per_host)
        return self.hosts[key]

    async def fetch(self, feed: Feed) -> FeedResult:
        started = time.perf_counter()
        result = FeedResult(feed.id, feed.url, feed.title, FAILED)
        try:
            await self._fetch(feed, result)
        except asyncio.CancelledError:
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
        key = _host_key(feed.url)
        if self._skipped(feed, key, result):
            return
        try:
            if key is None:
                async with self.total:
                    download = await self._read_local(feed)
            else:
                # The host's slot first, then a slot of the total: a feed queued behind a
                # busy host must not hold a slot that a feed on another host could use.
                async with self.host_semaphore(key), self.total:
                    # Another feed on this host may have been told to wait meanwhile.
                    if self._skipped(feed, key, result):
                        return
                    download = await self._download(feed)
            if download.body is None:
                self._not_modified(feed, result, download)
                return
            parsed = await self.parser.parse(
                download.body, download.headers, download.new_url or feed.url
            )
        except FetchFailure as failure:
            self._failed(feed, result, failure, key)
            return
        except FeedError as exc:
            self._failed(feed, result, FetchFailure(str(exc)), key)
            return
        self._ingest(feed, result, download, parsed)

    async def _read_local(self, feed: Feed) -> Download:
        path = local_path(feed.url)
        if path is None:
            raise FetchFailure("only http, https and file feeds can be fetched")
        return await asyncio.to_thread(_read_file, path, self.max_bytes, feed.last_modified)

    async def _download(self, feed: Feed) -> Download:
        headers: dict[str, str] = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified and not feed.last_modified.startswith("file:"):
            headers["If-Modified-Since"] = feed.last_modified
        try:
            async with asyncio.timeout(self.timeout * 3):
                return await self._stream(feed.url, headers)
        except FetchFailure:
            raise
        except (httpx.HTTPError, httpx.InvalidURL, TimeoutError, OSError, ssl.SSLError) as exc:
            raise FetchFailure(_describe_exception(exc, feed.url, self.timeout)) from None

    async def _stream(self, url: str, headers: dict[str, str]) -> Download:
        async with self.client.stream("GET", url, headers=headers) as response:
            new_url = None
            if response.history and all(r.status_code in (301, 308) for r in response.history):
                new_url = str(response.url)
            code = response.status_code
            if code == 304:
                await response.aread()  # consume the (empty) body so the connection is reused
                return Download(None, {}, code, new_url=new_url)
            if code == 410:
                raise FetchFailure(
                    "the server says this feed is gone (HTTP 410); it is no longer fetched",
                    http_status=code,
                    gone=True,
                )
            if code >= 400 or code < 200 or code in (204, 205):
                await _drain_small(response)
                retry_at = None
                if code in (429, 503):
                    retry_at = _retry_after(response.headers.get("retry-after"))
                text = _describe_http_status(code, response.reason_phrase)
                if code in (204, 205):
                    text = "the server sent an empty response"
                if retry_at:
                    text += f"; retrying after {retry_at:%Y-%m-%d %H:%M}"
                raise FetchFailure(text, http_status=code, retry_at=retry_at)
            if code >= 300:
                raise FetchFailure(f"the server answered HTTP {code} without a usable redirect")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchFailure(
                    f"response larger than {_size(self.max_bytes)}", http_status=code
                )
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchFailure(
                        f"response larger than {_size(self.max_bytes)}", http_status=code
                    )
                chunks.append(chunk)
            kept = {
                name: response.headers[name]
                for name in ("content-type", "content-language")
                if name in response.headers
            }
            return Download(
                body=b"".join(chunks),
                headers=kept,
                http_status=code,
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                new_url=new_url,
            )

    def _not_modified(self, feed: Feed, result: FeedResult, download: Download) -> None:
        result.status = NOT_MODIFIED
        result.http_status = download.http_status
        changes: dict[str, Any] = {"checked_at": self.store.stamp()}
        if feed.error_count or feed.last_status not in (OK, NOT_MODIFIED):
            changes.update(last_status=OK, last_error=None, error_count=0, next_check_at=None)
        if download.new_url and download.new_url != feed.url:
            changes["url"] = download.new_url
        if self.store.record_feed_state(feed.id, changes):
            result.new_url = download.new_url

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

    def _ingest(
        self, feed: Feed, result: FeedResult, download: Download, parsed: ParsedFeed
    ) -> None:
        result.status = OK
        result.http_status = download.http_status
        notes = [parsed.note] if parsed.note else []
        if parsed.duplicates:
            notes.append(f"{parsed.duplicates} duplicate entries ignored")
        changes: dict[str, Any] = {
            "last_status": OK,
            "last_error": None,
            "error_count": 0,
            "checked_at": self.store.stamp(),
            "next_check_at": None,
            "etag": download.etag,
            "last_modified": download.last_modified,
            "title_if_missing": parsed.title or None,
        }
        if download.new_url and download.new_url != feed.url:
            changes["url"] = download.new_url
        first_seen = now().astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
        outcome = self.store.ingest_articles(
            feed.id, parsed.entries, first_seen=first_seen, feed_changes=changes
        )
        result.new = outcome.new
        if outcome.url_changed:
            result.new_url = download.new_url
        elif download.new_url and download.new_url != feed.url:
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
    parse_in_processes: bool | None = None,
) -> FetchSummary:
    """Fetch every feed (or `feed_ids`) and store new articles; never raises for a bad feed.

    Args:
        store: the open Store; all writes happen on the calling thread.
        concurrency: downloads in flight at once, over all hosts.
        per_host: downloads in flight at once to any one host.
        progress: called as `progress(done, total, feed_result)` when each feed finishes.
        timeout: seconds allowed to connect and between bytes read; a whole
            download gets three times this.
        max_bytes: a larger response is cut off and the feed reported as failed.
        force: fetch feeds that are backed off too (gone feeds stay stopped).
        feed_ids: only these feeds.
        parse_in_processes: parse in worker processes (True), in a thread (False),
            or decide by the number of web feeds and of CPUs (None).
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
    client = httpx.AsyncClient(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
    )
    due = sum(1 for feed in feeds if not feed.gone and _host_key(feed.url))
    if parse_in_processes is None:
        cpus = os.cpu_count() or 1
        parse_in_processes = due >= PROCESS_PARSING_FROM and cpus >= PROCESS_PARSING_MIN_CPUS
    parser = _Parser(min(PARSE_PROCESSES, os.cpu_count() or 1) if parse_in_processes else 0)
    run = _Run(
        store,
        client,
        concurrency=concurrency,
        per_host=per_host,
        timeout=timeout,
        max_bytes=max_bytes,
        force=force,
        parser=parser,
    )
    tasks = [asyncio.create_task(run.fetch(feed)) for feed in feeds]
    try:
        for done, finished in enumerate(asyncio.as_completed(tasks), start=1):
            result = await finished
            summary.results.append(result)
            if progress is not None:
                progress(done, total, result)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await client.aclose()
        await parser.aclose()
    order = {feed.id: index for index, feed in enumerate(feeds)}
    summary.results.sort(key=lambda r: order[r.feed_id])
    summary.purged = store.purge_old_articles()
    summary.seconds = time.perf_counter() - started
    return summary


def run_fetch(store: Store, **kwargs: Any) -> FetchSummary:
    """fetch_all for synchronous callers (the CLI, the demo builder, benchmarks)."""
    return asyncio.run(fetch_all(store, **kwargs))
