"""Web feeds: one streaming GET with a size cap and conditional headers (feeds/client.py;
through httpx, feeds/proxied.py, when a proxy is configured).

Whatever goes wrong (a status, a refused connection, a timeout) becomes a
FetchFailure whose text is one sentence a user can act on.
"""

from __future__ import annotations

import asyncio
import os
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from prepdeck import __version__
from prepdeck.dates import now
from prepdeck.feeds.client import DRAIN_LIMIT, Client, Response
from prepdeck.feeds.results import Download, FetchFailure, too_large, unfinished
from prepdeck.numbers import whole_number

if TYPE_CHECKING:
    from prepdeck.feeds.proxied import ProxiedClient, ProxiedResponse

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


def make_client(concurrency: int, timeout: float) -> Client | ProxiedClient:
    """The one client a run shares, keeping up to `concurrency` connections alive.

    Without a proxy: feeds/client.py (h11 on asyncio, a fifth of httpx's CPU a request).
    With one named in the environment: httpx, which honours it.
    """
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    connect = min(timeout, CONNECT_TIMEOUT)
    if _proxy_configured():
        from prepdeck.feeds.proxied import ProxiedClient

        return ProxiedClient(
            headers, connect_timeout=connect, timeout=timeout, max_connections=concurrency
        )
    return Client(headers, connect_timeout=connect, max_idle=concurrency)


def _proxy_configured() -> bool:
    """Whether the environment names a proxy, as httpx (through urllib) reads it."""
    return any(
        value and name.lower() in ("http_proxy", "https_proxy", "all_proxy")
        for name, value in os.environ.items()
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
    client: Client | ProxiedClient,
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
            response = await client.get(url, headers, max_redirects=MAX_REDIRECTS)
            try:
                return await _read(response, max_bytes)
            finally:
                await response.aclose()
    except TimeoutError:
        raise unfinished(urlsplit(url).hostname or url, time.monotonic() - started) from None


async def _read(response: Response | ProxiedResponse, max_bytes: int) -> Download:
    new_url = response.permanent_url
    code = response.status
    if code == 304:
        await response.drain(DRAIN_LIMIT)  # the (empty) body, so the connection is reused
        return Download(None, {}, code, new_url=new_url)
    if code == 410:
        raise FetchFailure(
            "the server says this feed is gone (HTTP 410); it is no longer fetched",
            http_status=code,
            gone=True,
        )
    if code >= 400 or code < 200 or code in (204, 205):
        await response.drain(DRAIN_LIMIT)
        retry_at = None
        if code in (429, 503):
            retry_at = _retry_after(response.headers.get("retry-after"))
        text = _describe_http_status(code, response.reason)
        if code in (204, 205):
            text = "the server sent an empty response"
        if retry_at:
            text += f"; retrying after {retry_at:%Y-%m-%d %H:%M}"
        raise FetchFailure(text, http_status=code, retry_at=retry_at)
    if code >= 300:
        raise FetchFailure(f"the server answered HTTP {code} without a usable redirect")
    declared = response.headers.get("content-length", "")
    if (whole_number(declared) or 0) > max_bytes:
        raise too_large(max_bytes, code)
    chunks = [chunk async for chunk in response.chunks(max_bytes)]
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
        from email.utils import parsedate_to_datetime  # rare: not on every fetch's start-up

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        delay = when - datetime.now(UTC)
    delay = max(timedelta(0), min(delay, RETRY_AFTER_MAX))
    return current + delay


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
