"""The one exception type a user may see: its message is a single clear sentence."""

from __future__ import annotations


class PrepdeckError(Exception):
    """Something the user can cause and fix; shown without a traceback."""


class NotFound(PrepdeckError):
    """A client, promise, feed or article that does not exist."""
