"""Downloads through a proxy: httpx, which honours the proxy variables, behind the
interface of feeds/client.py (the direct path, without a proxy, is that lean client).

Imported only when the environment names a proxy: httpx and httpcore cost a tenth of a
second of imports and about 2.5 ms of CPU a request.
"""

from __future__ import annotations

import socket
import ssl
import sys
import time
from collections.abc import AsyncIterator

# httpx's package imports its own command-line tool (rich, pygments, click: a tenth of a
# second) when those are installed; prepdeck never runs it, and httpx falls back to a
# stub when that import fails, as a None here makes it.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

import httpx  # noqa: E402 - after the line above

from prepdeck.feeds.results import (  # noqa: E402
    FetchFailure,
    bad_compression,
    bad_url,
    broke_off,
    connect_timed_out,
    refused,
    tls_failed,
    too_large,
    too_many_redirects,
    unfetchable_redirect,
    unfinished,
    unknown_host,
    unreachable,
    worth_draining,
)


class ProxiedResponse:
    """An httpx streaming response as feeds/client.Response shows one."""

    def __init__(self, response: httpx.Response, url: str) -> None:
        self._response = response
        self._url = url
        self.status = response.status_code
        self.reason = response.reason_phrase
        self.headers = {name: response.headers[name] for name in response.headers}
        self.permanent_url: str | None = None
        if response.history and all(r.status_code in (301, 308) for r in response.history):
            self.permanent_url = str(response.url)

    async def chunks(self, max_bytes: int) -> AsyncIterator[bytes]:
        size = 0
        try:
            async for chunk in self._response.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise too_large(max_bytes, self.status)
                yield chunk
        except httpx.HTTPError as exc:
            raise failure_for(exc, self._url) from None

    async def drain(self, limit: int) -> None:
        if worth_draining(self.status, self.headers, limit):
            try:
                await self._response.aread()
            except httpx.HTTPError:
                pass
        await self.aclose()

    async def aclose(self) -> None:
        await self._response.aclose()


class ProxiedClient:
    """httpx.AsyncClient with the proxy settings of the environment."""

    def __init__(
        self,
        headers: dict[str, str],
        *,
        connect_timeout: float,
        timeout: float,
        max_connections: int,
    ) -> None:
        limits = httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        )
        # httpx's own timeouts (per phase) sit above the feed's deadline, which
        # http.download enforces over the whole exchange.
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout + 1, connect=connect_timeout),
            limits=limits,
            headers=headers,
        )

    async def __aenter__(self) -> ProxiedClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def get(
        self, url: str, headers: dict[str, str], *, max_redirects: int
    ) -> ProxiedResponse:
        self._client.max_redirects = max_redirects
        started = time.monotonic()
        try:
            request = self._client.build_request("GET", url, headers=headers)
            response = await self._client.send(request, stream=True, follow_redirects=True)
        except httpx.TooManyRedirects:
            raise too_many_redirects(max_redirects) from None
        except (httpx.HTTPError, httpx.InvalidURL, OSError, ssl.SSLError) as exc:
            raise failure_for(exc, url, time.monotonic() - started) from None
        return ProxiedResponse(response, url)


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


def failure_for(exc: BaseException, url: str, elapsed: float = 0.0) -> FetchFailure:
    """The failure whatever httpx raised stands for, `elapsed` seconds in."""
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or url
    text = str(exc)
    if isinstance(exc, httpx.ConnectTimeout):
        return connect_timed_out(host, elapsed)
    if isinstance(exc, httpx.TimeoutException):
        return unfinished(host, elapsed)
    if isinstance(exc, httpx.ConnectError):
        causes = _causes(exc)
        lowered = (text + " " + " ".join(str(c) for c in causes)).lower()
        if any(isinstance(c, ConnectionRefusedError) for c in causes) or "refused" in lowered:
            return refused(host)
        if any(isinstance(c, socket.gaierror) for c in causes) or "name or service" in lowered:
            return unknown_host(host)
        if "ssl" in lowered or "certificate" in lowered:
            return tls_failed(host)
        return unreachable(host, text or type(exc).__name__)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return unfetchable_redirect()
    if isinstance(exc, httpx.InvalidURL):
        return bad_url()
    if isinstance(exc, httpx.DecodingError):
        return bad_compression()
    if isinstance(exc, httpx.RemoteProtocolError):
        return broke_off(host)
    if isinstance(exc, httpx.NetworkError | ssl.SSLError | OSError):
        return FetchFailure(f"network error talking to {host} ({text or type(exc).__name__})")
    return FetchFailure(f"unexpected error fetching the feed ({type(exc).__name__})")
