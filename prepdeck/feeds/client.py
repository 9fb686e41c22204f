"""A lean HTTP/1.1 GET for feeds: h11 (the protocol) over asyncio's streams.

httpx spends about 2.5 ms of CPU on each request (its client layer, then httpcore's pool,
anyio and h11); a run of 300 feeds that all answer 304 spent most of its CPU there.
h11 over asyncio's own streams makes the same 300 conditional requests for a fifth of
that CPU (bench/RESULTS.md). This client does what fetching a feed needs and nothing
more: GET with keep-alive, redirects, gzip and deflate, TLS verified as httpx verifies
it (certifi's CA bundle, or SSL_CERT_FILE / SSL_CERT_DIR). With a proxy configured,
feeds/http.py uses httpx instead, which honours the proxy variables.

Every failure is a FetchFailure with one sentence; the caller's deadline (asyncio.timeout
around the whole exchange) is the only timeout besides connecting's.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import os
import socket
import ssl
import time
import zlib
from asyncio.staggered import staggered_race
from base64 import b64encode
from collections.abc import AsyncIterator
from urllib.parse import quote, unquote, urljoin, urlsplit

import h11

from prepdeck.feeds.results import (
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
    unknown_host,
    unreachable,
    worth_draining,
)

READ_SIZE = 64 * 1024
# A response's status line and headers may take this much (h11's default is 16 KB; some
# sites send long cookies and policies): httpcore's limit, which httpx used.
MAX_HEAD_BYTES = 100 * 1024
REDIRECTS = (301, 302, 303, 307, 308)
PERMANENT = (301, 308)
ACCEPT_ENCODING = "gzip, deflate"
# A redirect's or an error's body up to this size is read, so its connection is reused.
DRAIN_LIMIT = 64 * 1024
# The characters a request target keeps as they are; anything else (spaces, non-ASCII)
# is percent-encoded, as httpx does.
_TARGET_SAFE = "!#$%&'()*+,/:;=?@[]~"

_Origin = tuple[str, str, int]
_Streams = tuple[asyncio.StreamReader, asyncio.StreamWriter]


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The verifying context every https connection shares, made on the first one.

    Loading the CA bundle costs 0.2-0.4 s of CPU: a run of plain http feeds never pays it.
    """
    cafile = os.environ.get("SSL_CERT_FILE")
    capath = os.environ.get("SSL_CERT_DIR")
    if cafile and os.path.isfile(cafile):
        return ssl.create_default_context(cafile=cafile)
    if capath and os.path.isdir(capath):
        return ssl.create_default_context(capath=capath)
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


class _Connection:
    """One open connection to an origin and its h11 state."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.h11 = h11.Connection(h11.CLIENT, max_incomplete_event_size=MAX_HEAD_BYTES)

    def usable(self) -> bool:
        return not self.writer.is_closing() and not self.reader.at_eof()

    def close(self) -> None:
        self.writer.close()


class Response:
    """A response whose headers have arrived; its body is read by `chunks()`."""

    def __init__(
        self,
        client: Client,
        origin: _Origin,
        connection: _Connection,
        head: h11.Response,
        url: str,
        host: str,
    ) -> None:
        self.status = head.status_code
        self.reason = head.reason.decode("latin-1")
        headers: dict[str, str] = {}
        for name, value in head.headers:
            key = name.decode("latin-1")  # h11 gives names in lower case
            text = _header_text(value)
            headers[key] = f"{headers[key]}, {text}" if key in headers else text
        self.headers = headers
        # name=value of each Set-Cookie (one header each: joined, their dates' commas
        # would be ambiguous).
        self.cookies = [
            _header_text(value).split(";", 1)[0].strip()
            for name, value in head.headers
            if name == b"set-cookie"
        ]
        self.url = url
        self.permanent_url: str | None = None  # set when every redirect was permanent
        self._client = client
        self._origin = origin
        self._connection: _Connection | None = connection
        self._host = host

    async def raw_chunks(self) -> AsyncIterator[bytes]:
        """The body as sent; the connection goes back to the pool once it is all read."""
        connection = self._connection
        if connection is None:
            return
        while True:
            event = await self._client.next_event(connection, self._host)
            if isinstance(event, h11.Data):
                yield bytes(event.data)
            elif isinstance(event, h11.EndOfMessage):
                self._connection = None
                self._client.release(self._origin, connection)
                return
            else:  # ConnectionClosed before the end of the body
                raise broke_off(self._host)

    async def chunks(self, max_bytes: int) -> AsyncIterator[bytes]:
        """The body decoded (gzip, deflate); FetchFailure once it passes `max_bytes`."""
        decoder = _decoder(self.headers.get("content-encoding", ""))
        size = 0
        async for raw in self.raw_chunks():
            data = raw if decoder is None else decoder.feed(raw, max_bytes - size + 1)
            if data is None:
                raise too_large(max_bytes, self.status)
            size += len(data)
            if size > max_bytes:
                raise too_large(max_bytes, self.status)
            if data:
                yield data
        tail = decoder.flush() if decoder is not None else b""
        if size + len(tail) > max_bytes:
            raise too_large(max_bytes, self.status)
        if tail:
            yield tail

    async def drain(self, limit: int) -> None:
        """Read a short body so the connection can be reused; close on a long one."""
        if worth_draining(self.status, self.headers, limit):
            try:
                async for _ in self.raw_chunks():
                    pass
            except FetchFailure:
                pass
        await self.aclose()

    async def aclose(self) -> None:
        """Give up on the rest of the body (the connection is closed, not reused)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class Client:
    """One run's connections: kept alive per origin, at most `max_idle` idle in all."""

    def __init__(self, headers: dict[str, str], *, connect_timeout: float, max_idle: int) -> None:
        self.headers = {"Accept-Encoding": ACCEPT_ENCODING, **headers}
        self.connect_timeout = connect_timeout
        self.max_idle = max(1, max_idle)
        self._idle: list[tuple[_Origin, _Connection]] = []

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the idle connections, waiting at most a second in all for them to go."""
        idle, self._idle = self._idle, []
        for _, connection in idle:
            connection.close()
        waits = [asyncio.ensure_future(c.writer.wait_closed()) for _, c in idle]
        if waits:
            done, pending = await asyncio.wait(waits, timeout=1)
            for task in pending:
                task.cancel()
            for task in done:
                task.exception()  # an error while closing is of no interest: retrieved

    def release(self, origin: _Origin, connection: _Connection) -> None:
        """Back to the pool after a complete response, if the server keeps it open."""
        state = connection.h11
        if state.our_state is h11.DONE and state.their_state is h11.DONE:
            state.start_next_cycle()
            self._idle.append((origin, connection))
            if len(self._idle) > self.max_idle:
                self._idle.pop(0)[1].close()
        else:
            connection.close()

    async def get(self, url: str, headers: dict[str, str], *, max_redirects: int) -> Response:
        """GET url, following redirects; the response's body is still to be read.

        Cookies a server sets along the redirects go back to that server for the rest of
        them (a site that redirects to check that cookies work would otherwise loop).
        """
        permanent = True
        cookies: dict[str, dict[str, str]] = {}
        for hop in range(max_redirects + 1):
            host = (urlsplit(url).hostname or "").lower()
            sent = dict(headers)
            if cookies.get(host):
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies[host].items())
            response = await self._request(url, sent)
            location = response.headers.get("location")
            if response.status not in REDIRECTS or not location:
                if hop and permanent:
                    response.permanent_url = url
                return response
            await response.drain(DRAIN_LIMIT)
            for pair in response.cookies:
                name, _, value = pair.partition("=")
                if name.strip():
                    cookies.setdefault(host, {})[name.strip()] = value.strip()
            permanent = permanent and response.status in PERMANENT
            url = urljoin(url, location.strip()).split("#", 1)[0]
            if urlsplit(url).scheme not in ("http", "https"):
                raise unfetchable_redirect()
        raise too_many_redirects(max_redirects)

    async def _request(self, url: str, headers: dict[str, str]) -> Response:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        try:
            host = parts.hostname or ""
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            raise bad_url() from None
        if scheme not in ("http", "https") or not host:
            raise bad_url()
        origin = (scheme, host, port)
        target = quote(parts.path or "/", safe=_TARGET_SAFE)
        if parts.query:
            target += "?" + quote(parts.query, safe=_TARGET_SAFE)
        try:
            name = host.encode("idna").decode("ascii") if not host.isascii() else host
        except UnicodeError:
            raise bad_url() from None
        shown = f"[{name}]" if ":" in name else name
        default = 443 if scheme == "https" else 80
        fields = [("Host", shown if port == default else f"{shown}:{port}")]
        fields += [(k, v) for k, v in {**self.headers, **headers}.items()]
        if parts.username is not None:  # a private feed's https://user:password@host/...
            secret = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
            fields.append(("Authorization", "Basic " + b64encode(secret.encode()).decode()))
        request = h11.Request(
            method="GET",
            target=target.encode("ascii"),
            headers=[(k.encode("ascii"), _header_bytes(v)) for k, v in fields],
        )
        connection = self._take(origin)
        if connection is not None:
            try:
                return await self._exchange(origin, connection, request, url, host)
            except FetchFailure:
                pass  # a kept-alive connection the server closed meanwhile: once more, anew
        connection = await self._connect(scheme, name, port)
        return await self._exchange(origin, connection, request, url, host)

    def _take(self, origin: _Origin) -> _Connection | None:
        for index in range(len(self._idle) - 1, -1, -1):
            if self._idle[index][0] == origin:
                connection = self._idle.pop(index)[1]
                if connection.usable():
                    return connection
                connection.close()
        return None

    async def _connect(self, scheme: str, host: str, port: int) -> _Connection:
        """A new connection to host (its ASCII form), TLS verified for https."""
        started = time.monotonic()
        context = tls_context() if scheme == "https" else None
        try:
            async with asyncio.timeout(self.connect_timeout):
                reader, writer = await _open(await _addresses(host, port), port, host, context)
        except TimeoutError:
            raise connect_timed_out(host, time.monotonic() - started) from None
        except ssl.SSLError:
            raise tls_failed(host) from None
        except ConnectionRefusedError:
            raise refused(host) from None
        except socket.gaierror:
            raise unknown_host(host) from None
        except OSError as exc:
            raise unreachable(host, exc.strerror or type(exc).__name__) from None
        return _Connection(reader, writer)

    async def _exchange(
        self,
        origin: _Origin,
        connection: _Connection,
        request: h11.Request,
        url: str,
        host: str,
    ) -> Response:
        state = connection.h11
        try:
            connection.writer.write(state.send(request) + state.send(h11.EndOfMessage()))
            await connection.writer.drain()
            while True:
                event = await self.next_event(connection, host)
                if isinstance(event, h11.Response):
                    return Response(self, origin, connection, event, url, host)
                if not isinstance(event, h11.InformationalResponse):
                    raise broke_off(host)
        except h11.LocalProtocolError:
            connection.close()
            raise FetchFailure("the request could not be sent (an invalid header)") from None
        except (OSError, FetchFailure):
            connection.close()
            raise broke_off(host) from None
        except BaseException:  # cancelled (the feed's deadline): the socket is not left open
            connection.close()
            raise

    async def next_event(self, connection: _Connection, host: str) -> h11.Event:
        """The next event on a connection; FetchFailure when the server breaks it off."""
        state = connection.h11
        try:
            while True:
                event = state.next_event()
                if event is not h11.NEED_DATA:
                    if isinstance(event, h11.ConnectionClosed):
                        connection.close()
                    return event  # type: ignore[return-value]
                state.receive_data(await connection.reader.read(READ_SIZE))
        except (h11.RemoteProtocolError, OSError, ssl.SSLError):
            connection.close()
            raise broke_off(host) from None


async def _addresses(host: str, port: int) -> list[str]:
    """The addresses to try for `host`, families interleaved as Happy Eyeballs (RFC 8305)
    orders them; an address literal is its own, with no lookup."""
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            socket.inet_pton(family, host)
            return [host]
        except OSError:
            pass
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    by_family: dict[int, list[str]] = {}
    for family, _, _, _, address in infos:
        found = by_family.setdefault(family, [])
        if address[0] not in found:
            found.append(str(address[0]))
    lists = list(by_family.values())
    ordered = [a for row in itertools.zip_longest(*lists) for a in row if a is not None]
    if not ordered:
        raise OSError(f"no address found for {host}")
    return ordered


async def _open(
    addresses: list[str], port: int, host: str, context: ssl.SSLContext | None
) -> _Streams:
    """A connection to the first of `addresses` to answer, TLS verified for `host` when
    `context` is given. One address is simply connected to (a race costs a task and its
    waits on every connection); several are raced as asyncio races them (Happy Eyeballs):
    TCP connections start 250 ms apart, the first to connect wins, and only the winner
    then does the TLS handshake."""
    name = host if context else None
    if len(addresses) == 1:
        return await asyncio.open_connection(
            addresses[0], port, ssl=context, server_hostname=name, limit=READ_SIZE
        )
    attempts = [functools.partial(_tcp_connect, address, port) for address in addresses]
    sock, _, errors = await staggered_race(attempts, 0.25)
    if sock is None:
        failures = [e for e in errors if e is not None]
        # A refusal says more than the other family's "unreachable" (asyncio's message
        # names both, and the refusal is what it is read as).
        refusals = [e for e in failures if isinstance(e, ConnectionRefusedError)]
        raise (refusals or failures or [OSError(f"could not connect to {host}")])[0]
    return await asyncio.open_connection(
        sock=sock, ssl=context, server_hostname=name, limit=READ_SIZE
    )


async def _tcp_connect(address: str, port: int) -> socket.socket:
    """A connected socket to one address; closed if the attempt fails or loses the race."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, (address, port))
    except BaseException:
        sock.close()
        raise
    return sock


class _Decoder:
    """One content coding undone (gzip or deflate), its output bounded per chunk."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        wbits = zlib.MAX_WBITS | 16 if coding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._zlib = zlib.decompressobj(wbits)
        self._first = True

    def feed(self, data: bytes, limit: int) -> bytes | None:
        """The decoded bytes, or None when they would pass `limit` (a bomb is never
        inflated beyond it)."""
        try:
            out = self._zlib.decompress(data, max(limit, 1))
        except zlib.error:
            if self.coding == "deflate" and self._first:  # raw deflate, as some servers send
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                self._first = False
                return self.feed(data, limit)
            raise bad_compression() from None
        self._first = False
        if self._zlib.unconsumed_tail:
            return None
        return out

    def flush(self) -> bytes:
        try:
            return self._zlib.flush()
        except zlib.error:
            raise bad_compression() from None


def _decoder(encoding: str) -> _Decoder | None:
    """The decoder for a Content-Encoding (None: identity, or codings httpx would leave
    alone too). A body compressed twice is refused: no feed server sends one."""
    codings = [c.strip().lower() for c in encoding.split(",")]
    known = [c for c in codings if c in ("gzip", "x-gzip", "deflate")]
    if len(known) > 1:
        raise FetchFailure(f"the server compressed the feed twice ({encoding.strip()})")
    return _Decoder(known[0]) if known else None


def _header_text(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


def _header_bytes(value: str) -> bytes:
    return value.encode("utf-8")  # what _header_text read back: a stored ETag goes out as it came
