"""Helpers for the feed tests: a scripted HTTP server and small feed documents."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

Handler = Callable[[BaseHTTPRequestHandler], None]


def rss(*items: str, title: str = "Test feed") -> bytes:
    """A small RSS 2.0 document around the given <item> strings."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://example.com/</link>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def item(
    guid: str | None,
    title: str = "An article",
    *,
    link: str | None = "https://example.com/a",
    date: str | None = "Mon, 16 Nov 2026 10:00:00 GMT",
    description: str = "Some text.",
) -> str:
    parts = [f"<title>{title}</title>", f"<description>{description}</description>"]
    if guid is not None:
        parts.append(f"<guid>{guid}</guid>")
    if link is not None:
        parts.append(f"<link>{link}</link>")
    if date is not None:
        parts.append(f"<pubDate>{date}</pubDate>")
    return "<item>" + "".join(parts) + "</item>"


@dataclass
class Seen:
    """One request the server received."""

    path: str
    headers: dict[str, str]


@dataclass
class FeedServer:
    """Routes paths to scripted responses; records requests and peak concurrency."""

    base: str = ""
    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    in_flight: int = 0
    peak: int = 0
    delay: float = 0.0
    files: Path | None = None  # serve this folder for paths with no route
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url(path)

    def serve(
        self,
        path: str,
        body: bytes,
        *,
        status: int = 200,
        content_type: str = "application/rss+xml; charset=utf-8",
        headers: dict[str, str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> str:
        """A fixed response; with etag/last_modified it answers 304 to a matching request."""

        def respond(h: BaseHTTPRequestHandler) -> None:
            if etag and h.headers.get("If-None-Match") == etag:
                h.send_response(304)
                h.end_headers()
                return
            if last_modified and h.headers.get("If-Modified-Since") == last_modified:
                h.send_response(304)
                h.end_headers()
                return
            h.send_response(status)
            h.send_header("Content-Type", content_type)
            h.send_header("Content-Length", str(len(body)))
            if etag:
                h.send_header("ETag", etag)
            if last_modified:
                h.send_header("Last-Modified", last_modified)
            for name, value in (headers or {}).items():
                h.send_header(name, value)
            h.end_headers()
            h.wfile.write(body)

        return self.route(path, respond)

    def hits(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path == path]


def _file_handler(root: Path, path: str) -> Handler | None:
    """Serve a file under root as a feed (JSON as application/json, the rest as XML)."""
    target = (root / unquote(path).lstrip("/")).resolve()
    if not target.is_file() or root.resolve() not in target.parents:
        return None

    def respond(h: BaseHTTPRequestHandler) -> None:
        body = target.read_bytes()
        kind = "application/json" if target.suffix == ".json" else "application/xml"
        h.send_response(200)
        h.send_header("Content-Type", kind)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return respond


def _handler_class(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Scripted(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            with server.lock:
                server.requests.append(Seen(self.path, dict(self.headers.items())))
                server.in_flight += 1
                server.peak = max(server.peak, server.in_flight)
            try:
                if server.delay:
                    time.sleep(server.delay)
            finally:
                # Counted while the request waits, not while its answer is written: a
                # client may read the whole answer and send its next request before this
                # thread runs again, which is no breach of its limit.
                with server.lock:
                    server.in_flight -= 1
            handler = server.routes.get(self.path)
            if handler is None and server.files is not None:
                handler = _file_handler(server.files, self.path)
            if handler is None:
                self.send_error(404)
                return
            try:
                handler(self)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Scripted


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A scripted server on a free port, stopped after the test."""
    state, httpd = start_server()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def http_date(offset: float = 0.0) -> str:
    return formatdate(time.time() + offset, usegmt=True)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the default 5 drops connections under a concurrent fetch


def start_server() -> tuple[FeedServer, ThreadingHTTPServer]:
    """A ThreadingHTTPServer on 127.0.0.1 with a free port, serving in a daemon thread."""
    state = FeedServer()
    httpd = _Server(("127.0.0.1", 0), _handler_class(state))
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True).start()
    return state, httpd
