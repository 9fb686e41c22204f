"""Helpers for the calendar and mail tests: the .ics files written for them, a scripted server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).parent / "data"
WORK_ICS = DATA / "work.ics"
BROKEN_ICS = DATA / "broken.ics"
VDIR = DATA / "vdir"


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/calendar; charset=utf-8"
    etag: str | None = None


@dataclass
class CalendarServer:
    """Routes by path; records each request's If-None-Match so tests see conditional GETs."""

    port: int = 0
    routes: dict[str, Route] = field(default_factory=dict)
    conditional: list[str | None] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@contextmanager
def calendar_server() -> Iterator[CalendarServer]:
    state = CalendarServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            route = state.routes.get(self.path, Route(404, b"not here", "text/plain"))
            state.conditional.append(self.headers.get("If-None-Match"))
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", route.etag)
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
