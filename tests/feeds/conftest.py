"""Fixtures for the feed engine's tests: a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from feeds_support import FeedServer, start_server


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A scripted server on a free port, stopped after the test."""
    state, httpd = start_server()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
