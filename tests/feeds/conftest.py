"""Fixtures for the feed engine's tests: a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import socket

import pytest
from feeds_support import feed_server  # noqa: F401 - a fixture for every feed test


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
