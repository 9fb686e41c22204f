"""The feeds' own HTTP client (h11 on asyncio) against real servers on 127.0.0.1: https
with a certificate verified (and one refused), connections kept alive and reused, a
kept-alive connection the server dropped, chunked and compressed bodies, and the
httpx path taken when a proxy is configured."""

from __future__ import annotations

import asyncio
import base64
import gzip
import socket
import ssl
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import trustme
from feeds_support import FeedServer, _Server, item, rss, start_server

from prepdeck.feeds import FAILED, OK, run_fetch
from prepdeck.feeds.client import _addresses, _open, tls_context
from prepdeck.store import Store

BODY = rss(item("1", "Over TLS"), item("2", "Second"))


@pytest.fixture
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(authority: trustme.CA) -> Iterator[FeedServer]:
    """The scripted server speaking https with a certificate for 127.0.0.1."""
    state, httpd = start_server()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    state.base = state.base.replace("http://", "https://")
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def trusted(authority: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test authority is the only one trusted (SSL_CERT_FILE, as httpx reads it)."""
    pem = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(pem))
    monkeypatch.setenv("SSL_CERT_FILE", str(pem))
    tls_context.cache_clear()
    yield
    tls_context.cache_clear()


def test_https_feed_is_fetched_with_its_certificate_verified(
    store: Store, tls_server: FeedServer, trusted: None
) -> None:
    url = tls_server.serve("/f", BODY)
    store.add_feed(url)
    result = run_fetch(store, timeout=5).results[0]
    assert (result.status, result.error) == (OK, None)
    assert [r["title"] for r in store.rows("SELECT title FROM articles ORDER BY id")] == [
        "Over TLS",
        "Second",
    ]


def test_https_body_ended_by_the_server_closing_is_read_whole(
    store: Store, tls_server: FeedServer, trusted: None
) -> None:
    """No Content-Length: the body ends where the server closes (without TLS's
    close_notify, as many servers do)."""

    def respond(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.end_headers()
        h.wfile.write(BODY)

    store.add_feed(tls_server.route("/until-close", respond))
    result = run_fetch(store, timeout=5).results[0]
    assert (result.status, result.error) == (OK, None)
    assert store.rows("SELECT count(*) AS n FROM articles")[0]["n"] == 2


def test_https_with_an_untrusted_certificate_fails_in_one_sentence(
    store: Store, tls_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    tls_context.cache_clear()
    url = tls_server.serve("/f", BODY)
    store.add_feed(url)
    result = run_fetch(store, timeout=5).results[0]
    tls_context.cache_clear()
    assert result.status == FAILED
    assert result.error == (
        "The secure connection to 127.0.0.1 failed (certificate or TLS problem)."
    )
    assert tls_server.hits("/f") == []


class _KeepAlive(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive; counts connections; `drop` closes each after one reply."""

    protocol_version = "HTTP/1.1"
    connections = 0
    requests = 0
    drop = False
    chunked = False
    encoding = ""

    def setup(self) -> None:
        super().setup()
        type(self).connections += 1

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        cls = type(self)
        cls.requests += 1
        body = BODY
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        if cls.encoding == "gzip":
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        elif cls.encoding == "deflate":  # raw deflate, as some servers send it
            packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
            body = packer.compress(body) + packer.flush()
            self.send_header("Content-Encoding", "deflate")
        if cls.chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(body), 7):
                piece = body[start : start + 7]
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        self.wfile.flush()
        if cls.drop:  # gone without a word, as a server's idle timeout does
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def keep_alive() -> Iterator[tuple[type[_KeepAlive], str]]:
    handler = type("Handler", (_KeepAlive,), {})
    httpd = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True).start()
    try:
        yield handler, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _add(store: Store, base: str, count: int) -> None:
    for number in range(count):
        store.add_feed(f"{base}/feed{number}.xml")


def test_connections_are_kept_alive_and_reused(
    store: Store, keep_alive: tuple[type[_KeepAlive], str]
) -> None:
    handler, base = keep_alive
    _add(store, base, 6)
    summary = run_fetch(store, timeout=5, concurrency=2, per_host=2)
    assert [r.status for r in summary.results] == [OK] * 6
    assert handler.requests == 6
    assert handler.connections <= 2


def test_a_kept_alive_connection_the_server_dropped_is_replaced(
    store: Store, keep_alive: tuple[type[_KeepAlive], str]
) -> None:
    handler, base = keep_alive
    handler.drop = True
    _add(store, base, 4)
    summary = run_fetch(store, timeout=5, concurrency=1, per_host=1)
    assert [(r.status, r.error) for r in summary.results] == [(OK, None)] * 4
    assert handler.connections >= 4


@pytest.mark.parametrize(("chunked", "encoding"), [(True, ""), (True, "gzip"), (False, "deflate")])
def test_chunked_and_compressed_bodies_are_read_whole(
    store: Store,
    keep_alive: tuple[type[_KeepAlive], str],
    chunked: bool,
    encoding: str,
) -> None:
    handler, base = keep_alive
    handler.chunked, handler.encoding = chunked, encoding
    _add(store, base, 1)
    result = run_fetch(store, timeout=5).results[0]
    assert (result.status, result.error) == (OK, None)
    assert store.rows("SELECT count(*) AS n FROM articles")[0]["n"] == 2


def test_a_cookie_set_on_a_redirect_goes_back_with_the_next_request(
    store: Store, feed_server: FeedServer
) -> None:
    """Some sites redirect a request without their cookie to the same address, setting
    it: without the cookie on the next request that is a redirect loop."""

    def respond(h: BaseHTTPRequestHandler) -> None:
        if "visited=yes" not in (h.headers.get("Cookie") or ""):
            h.send_response(302)
            h.send_header(
                "Set-Cookie", "visited=yes; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT"
            )
            h.send_header("Set-Cookie", "other=1")
            h.send_header("Location", "/check")
            h.end_headers()
            return
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", str(len(BODY)))
        h.end_headers()
        h.wfile.write(BODY)

    store.add_feed(feed_server.route("/check", respond))
    result = run_fetch(store, timeout=5).results[0]
    assert (result.status, result.error) == (OK, None)
    assert feed_server.hits("/check")[-1].headers["Cookie"] == "visited=yes; other=1"


def test_credentials_in_the_url_are_sent_as_basic_auth(
    store: Store, feed_server: FeedServer
) -> None:
    url = feed_server.serve("/private", BODY)
    store.add_feed(url.replace("http://", "http://reader:s%3Acret@"))
    result = run_fetch(store, timeout=5).results[0]
    assert (result.status, result.error) == (OK, None)
    assert feed_server.hits("/private")[0].headers["Authorization"] == (
        "Basic " + base64.b64encode(b"reader:s:cret").decode()
    )


def test_a_compression_bomb_is_cut_at_the_size_cap(store: Store, feed_server: FeedServer) -> None:
    bomb = gzip.compress(b"<rss>" + b" " * (8 * 1024 * 1024))
    url = feed_server.serve("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    store.add_feed(url)
    result = run_fetch(store, timeout=5, max_bytes=1024 * 1024).results[0]
    assert result.status == FAILED and result.error == "Response larger than 1 MB."


def test_a_body_compressed_twice_is_refused_in_one_sentence(
    store: Store, feed_server: FeedServer
) -> None:
    body = gzip.compress(gzip.compress(BODY))
    url = feed_server.serve("/twice", body, headers={"Content-Encoding": "gzip, gzip"})
    store.add_feed(url)
    result = run_fetch(store, timeout=5).results[0]
    assert (result.status, result.error) == (
        FAILED,
        "The server compressed the feed twice (gzip, gzip).",
    )


def test_through_a_proxy_the_request_goes_to_the_proxy(
    store: Store, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With HTTP_PROXY set, httpx carries the request: the proxy (here the scripted
    server) is asked for the feed's whole URL."""
    proxy = feed_server.base
    wanted = "http://feeds.example.invalid/news.xml"
    feed_server.serve(wanted, BODY)
    monkeypatch.setenv("HTTP_PROXY", proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    store.add_feed(wanted)
    result = run_fetch(store, timeout=5).results[0]
    assert (result.status, result.error) == (OK, None)
    assert len(feed_server.hits(wanted)) == 1


def test_a_refused_connection_says_so(store: Store) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    store.add_feed(f"https://127.0.0.1:{port}/f")
    result = run_fetch(store, timeout=5).results[0]
    assert result.error == "Connection refused by 127.0.0.1."


def test_a_host_with_several_addresses_is_reached_on_the_one_that_answers(
    feed_server: FeedServer,
) -> None:
    """Happy Eyeballs over a name's addresses: 127.0.0.2 refuses (the server listens on
    127.0.0.1 only), the next address is tried at once and connects; when every one
    refuses, the refusal is what the user is told."""
    port = int(feed_server.serve("/f", BODY).rsplit(":", 1)[1].split("/")[0])

    async def status_line(addresses: list[str], port: int) -> bytes:
        reader, writer = await _open(addresses, port, "feeds.example", None)
        writer.write(b"GET /f HTTP/1.1\r\nHost: feeds.example\r\nConnection: close\r\n\r\n")
        try:
            return await reader.readline()
        finally:
            writer.close()

    assert b" 200 " in asyncio.run(status_line(["127.0.0.2", "127.0.0.1"], port))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    with pytest.raises(ConnectionRefusedError):
        asyncio.run(status_line(["127.0.0.2", "127.0.0.1"], closed))


def test_an_address_is_its_own_and_a_name_is_looked_up() -> None:
    assert asyncio.run(_addresses("127.0.0.1", 80)) == ["127.0.0.1"]
    assert asyncio.run(_addresses("::1", 80)) == ["::1"]
    assert "127.0.0.1" in asyncio.run(_addresses("localhost", 80))


def test_after_the_race_the_winner_alone_does_the_tls_handshake(
    tls_server: FeedServer, trusted: None
) -> None:
    """Only TCP connections race; the certificate is then verified on the one that won."""
    port = int(tls_server.serve("/f", BODY).rsplit(":", 1)[1].split("/")[0])

    async def status_line() -> bytes:
        reader, writer = await _open(["127.0.0.2", "127.0.0.1"], port, "127.0.0.1", tls_context())
        writer.write(b"GET /f HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        try:
            return await reader.readline()
        finally:
            writer.close()

    assert b" 200 " in asyncio.run(status_line())
