"""Parse worker processes that cannot outlive the fetch that started them.

Each worker is a plain child process (`python -m prepdeck.feeds.workers`) that reads
pickled (body, headers, url) requests on its stdin and writes pickled results on its
stdout. No multiprocessing: no resource tracker, no semaphores, nothing of ours left
behind. A worker ends when its parent does, whichever way the parent goes (exit, SIGTERM,
kill -9): on Linux the kernel sends it SIGKILL (PR_SET_PDEATHSIG); everywhere, the end of
its stdin (the parent's end of the pipe closes with the parent) stops it after the parse
in hand, and a watcher thread notices a new parent id within half a second.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
from typing import IO, Any

from prepdeck.feeds.parse import FeedError, ParsedFeed, parse_feed

PARENT_POLL_S = 0.5
CLOSE_WAIT_S = 1.0


class WorkerPool:
    """`size` worker processes, started on first use; `parse` blocks a thread, not the loop."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._idle: queue.Queue[subprocess.Popen[bytes] | None] = queue.Queue()
        self._all: list[subprocess.Popen[bytes]] = []
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(size):
            self._idle.put(None)  # a slot; its process starts when first needed

    def _start(self) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "prepdeck.feeds.workers", str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
        with self._lock:
            self._all.append(proc)
        return proc

    def parse(self, body: bytes, headers: dict[str, str], url: str) -> ParsedFeed:
        """parse_feed in a worker; raises FeedError as parse_feed does."""
        proc = self._idle.get()
        try:
            if self._closed:
                raise FeedError("the fetch was stopped before this feed was parsed")
            if proc is None or proc.poll() is not None:
                proc = self._start()
            assert proc.stdin is not None and proc.stdout is not None
            try:
                pickle.dump((body, headers, url), proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                proc.stdin.flush()
                kind, value = pickle.load(proc.stdout)
            except (OSError, EOFError, pickle.UnpicklingError):
                proc.kill()
                proc = None
                raise FeedError("the feed parser stopped unexpectedly") from None
        finally:
            self._idle.put(proc)
        if kind == "ok":
            return value
        if kind == "feed-error":
            raise FeedError(value)
        raise RuntimeError(value)

    def close(self) -> None:
        """Close every worker's stdin (they exit), then kill any still running after 1 s."""
        self._closed = True
        with self._lock:
            procs = list(self._all)
        for proc in procs:
            with contextlib.suppress(OSError):
                if proc.stdin:
                    proc.stdin.close()
        for proc in procs:
            try:
                proc.wait(CLOSE_WAIT_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stdout:
                proc.stdout.close()


# --- the worker's side -------------------------------------------------------------------


def _die_with_parent(parent: int) -> None:
    """Linux: the kernel kills us when the parent dies; anywhere: a thread checks."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(0)

    def watch() -> None:
        while True:
            threading.Event().wait(PARENT_POLL_S)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def serve(parent: int, requests: IO[bytes], replies: IO[bytes]) -> None:
    """Answer parse requests until stdin ends."""
    _die_with_parent(parent)
    # Ctrl-C reaches the whole process group: the parent decides, the worker keeps quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            body, headers, url = pickle.load(requests)
        except (EOFError, OSError, pickle.UnpicklingError):
            return
        reply: tuple[str, Any]
        try:
            reply = ("ok", parse_feed(body, headers, url))
        except FeedError as exc:
            reply = ("feed-error", str(exc))
        except Exception as exc:  # reported for this one feed, as in-process parsing does
            reply = ("crash", f"{type(exc).__name__}: {exc}")
        try:
            pickle.dump(reply, replies, protocol=pickle.HIGHEST_PROTOCOL)
            replies.flush()
        except OSError:
            return


def main() -> None:
    # Replies go on a private copy of stdout; anything a library prints goes nowhere.
    replies = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    serve(int(sys.argv[1]), sys.stdin.buffer, replies)


if __name__ == "__main__":
    main()
