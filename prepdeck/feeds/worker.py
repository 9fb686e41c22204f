"""A parse worker process: reads (body, headers, url) requests on stdin, answers on stdout.

Started by prepdeck.feeds.fetch as `python -m prepdeck.feeds.worker` for big runs,
so feedparser's CPU-bound work runs on another core and never holds the GIL the
downloads need. It is started directly (not through multiprocessing), so it never
re-imports the caller's main script. Messages are length-prefixed pickles between
two processes of the same prepdeck; nothing from the network is unpickled here.
"""

from __future__ import annotations

import sys
from typing import Any

from prepdeck.feeds.framing import read_message, write_message


def handle(request: tuple[bytes, dict[str, str], str]) -> tuple[str, Any]:
    """("ok", ParsedFeed) or ("error", sentence) for one request."""
    from prepdeck.feeds.parse import FeedError, parse_feed

    body, headers, url = request
    try:
        return "ok", parse_feed(body, headers, url)
    except FeedError as exc:
        return "error", str(exc)
    except Exception as exc:  # the input is hostile; report, never die
        return "error", f"the feed could not be parsed ({type(exc).__name__})"


def main() -> None:
    import prepdeck.feeds.parse  # noqa: F401 - pay the import before the first request

    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while (request := read_message(source)) is not None:
        write_message(sink, handle(request))


if __name__ == "__main__":
    main()
