"""Hand a saved draft or a mailto: link to the system's mail client (xdg-open, open).

Whether a mail client exists is only known by trying: the opener's exit status
says whether anything took the file. The opener runs detached from the terminal,
so nothing it prints can reach the app's screen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

OPEN_TIMEOUT = 10.0  # seconds; an opener still running then is taken to have worked


def opener() -> list[str] | None:
    """The command that opens files and links with the user's chosen app, if there is one."""
    if sys.platform == "darwin":
        found = shutil.which("open")
    elif os.name == "nt":
        return None  # os.startfile below
    else:
        found = shutil.which("xdg-open")
    return [found] if found else None


def open_with_system(target: str) -> str | None:
    """Open a path or URL with the system's default app; None when it worked, else why not."""
    if os.name == "nt":
        try:
            os.startfile(target)  # type: ignore[attr-defined]  # Windows only, behind the platform check
        except OSError as exc:
            return f"Windows could not open it: {exc.strerror or exc}."
        return None
    command = opener()
    if command is None:
        name = "open" if sys.platform == "darwin" else "xdg-open"
        return f"No {name} command here to hand it to a mail app."
    try:
        done = subprocess.run(
            [*command, target],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            timeout=OPEN_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None
    except OSError as exc:
        return f"Could not run {command[0]}: {exc.strerror or exc}."
    if done.returncode != 0:
        return "No app is set up to open it (the opener said no)."
    return None
