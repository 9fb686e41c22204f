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


# Browsers that run inside the terminal: started from the app they would fight it for
# the screen, so they count as no browser at all.
CONSOLE_BROWSERS = frozenset({"www-browser", "links", "elinks", "lynx", "w3m", "links2"})


def open_in_browser(url: str) -> str | None:
    """Open a web link in the user's browser; None when it worked, else why not."""
    import webbrowser

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return "no web browser is set up here"
    name = os.path.basename(getattr(browser, "name", "") or "")
    if not isinstance(browser, webbrowser.BackgroundBrowser) and name in CONSOLE_BROWSERS:
        return f"the only browser set up ({name}) runs in the terminal"
    try:
        opened = browser.open(url)
    except (webbrowser.Error, OSError) as exc:
        return f"the browser could not be started ({exc})"
    return None if opened else "the browser did not start"
