"""Noticing that the terminal is gone, so that the app never outlives it.

Closing a terminal (or `tmux kill-session`) sends SIGHUP to the session leader alone.
When the app is that leader it dies; when the leader is `make` (`make demo`) or
another parent that catches SIGHUP and waits for its children, the app hears nothing:
its reads return EOF at once, forever, and Textual's input thread spins at full CPU.
So the app also asks its terminal, once a second, whether it is still there.
"""

from __future__ import annotations

import os
import threading
import time

try:
    import termios
except ImportError:  # not a POSIX system: no terminal to ask
    termios = None  # type: ignore[assignment]  # no termios on Windows

# What a shell reports for a process ended by SIGHUP (128 + 1).
HANGUP_STATUS = 129
# A clean exit writes to the terminal; if that is gone and the write hangs, end anyway.
GRACE_S = 3.0


def terminal_fds() -> list[int]:
    """stdin and stdout, those of them that are terminals now."""
    return [fd for fd in (0, 1) if termios is not None and os.isatty(fd)]


def terminal_lost(fds: list[int]) -> bool:
    """True once any of these terminals has hung up (its ioctls then fail with EIO)."""
    for fd in fds:
        try:
            termios.tcgetattr(fd)
        except (termios.error, OSError):
            return True
    return False


def end_process_soon(status: int = HANGUP_STATUS) -> None:
    """The last resort behind a clean exit: end the process after GRACE_S whatever runs."""

    def end() -> None:
        time.sleep(GRACE_S)
        os._exit(status)

    threading.Thread(target=end, name="prepdeck-hangup", daemon=True).start()
