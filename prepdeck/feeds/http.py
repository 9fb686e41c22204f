"""Web feeds: one httpx streaming GET with a size cap and conditional headers.

Whatever goes wrong (a status, a refused connection, a timeout) becomes a
FetchFailure whose text is one sentence a user can act on.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from prepdeck import __version__
from prepdeck.dates import now
from prepdeck.feeds.results import Download, FetchFailure, size_text
from prepdeck.numbers import whole_number

USER_AGENT = f"prepdeck/{__version__} (+https://pypi.org/project/prepdeck/; feed reader)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
# One deadline per feed, for connecting, the headers and the whole body together.
DEFAULT_TIMEOUT = 30.0
CONNECT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 10
RETRY_AFTER_MAX = timedelta(days=7)


def host_key(url: str) -> str | None:
    """The "host:port" of an http(s) URL (the unit of per-host politeness); None otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    return f"{(parts.hostname or '').lower()}:{parts.port or ''}"


def make_client(concurrency: int, timeout: float) -> httpx.AsyncClient:
    """The one client a run shares: its pool is as large as the run's concurrency.

    httpx's own timeouts (per phase) sit above the feed's deadline, which download()
    enforces over the whole exchange; only connecting has a shorter limit of its own.
    """
    return httpx.AsyncClient(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(timeout + 1, connect=min(timeout, CONNECT_TIMEOUT)),
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
    )


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from what the last response said (not file stamps)."""
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified and not last_modified.startswith("file:"):
        headers["If-Modified-Since"] = last_modified
    return headers


async def download(
    client: httpx.AsyncClient,
    url: str,
    headers: dict[str, str],
    *,
    timeout: float,
    max_bytes: int,
) -> Download:
    """GET url within `timeout` seconds in all (connect, headers, body). Raises FetchFailure.

    A server trickling its body byte by byte is cut at the deadline like a silent one.
    """
    started = time.monotonic()
    try:
        async with asyncio.timeout(timeout):
            return await _stream(client, url, headers, max_bytes)
    except FetchFailure:
        raise
    except (httpx.HTTPError, httpx.InvalidURL, TimeoutError, OSError, ssl.SSLError) as exc:
        elapsed = time.monotonic() - started
        timed_out = isinstance(exc, TimeoutError | httpx.TimeoutException)
        raise FetchFailure(describe_exception(exc, url, elapsed), timed_out=timed_out) from None


async def _stream(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], max_bytes: int
) -> Download:
    async with client.stream("GET", url, headers=headers) as response:
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
        too_large = FetchFailure(f"response larger than {size_text(max_bytes)}", http_status=code)
        declared = response.headers.get("content-length", "")
        if (whole_number(declared) or 0) > max_bytes:
            raise too_large
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise too_large
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


def _retry_after(value: str | None) -> datetime | None:
    """A Retry-After header (seconds or an HTTP date) as a local naive datetime."""
    if not value:
        return None
    value = value.strip()
    current = now()
    seconds = whole_number(value)
    if seconds is not None:
        delay = timedelta(seconds=min(seconds, int(RETRY_AFTER_MAX.total_seconds())))
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
    length = whole_number(declared)
    if length is not None and length <= limit:
        try:
            await response.aread()
        except httpx.HTTPError:
            pass


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


def seconds_text(seconds: float) -> str:
    """ "0.3 s", "20 s": a duration as a timeout message gives it."""
    return f"{seconds:.1f} s" if seconds < 10 else f"{seconds:.0f} s"


def describe_exception(exc: BaseException, url: str, elapsed: float) -> str:
    """One sentence for whatever the network layer raised, `elapsed` seconds in."""
    host = urlsplit(url).hostname or url
    text = str(exc)
    if isinstance(exc, httpx.TooManyRedirects):
        return f"too many redirects (more than {MAX_REDIRECTS}; a redirect loop?)"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out connecting to {host} after {seconds_text(elapsed)}"
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return f"{host} timed out (the feed was not complete after {seconds_text(elapsed)})"
    if isinstance(exc, httpx.ConnectError):
        causes = _causes(exc)
        lowered = (text + " " + " ".join(str(c) for c in causes)).lower()
        if any(isinstance(c, ConnectionRefusedError) for c in causes):
            return f"connection refused by {host}"
        if any(isinstance(c, socket.gaierror) for c in causes):
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
