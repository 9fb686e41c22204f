"""`prepdeck demo` in a real terminal under tmux: open a briefing by keystrokes, read it back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

PREPDECK = Path(sys.executable).with_name("prepdeck")


def tmux(session: str, *args: str, check: bool = True) -> str:
    """tmux on a server of the session's own (its socket is named after it), so tests in
    parallel, and the developer's own tmux, never see each other's sessions."""
    command = ["tmux", "-L", session, *args]
    return subprocess.run(command, capture_output=True, text=True, check=check).stdout


def wait_for(session: str, text: str, timeout: float = 30.0) -> str:
    """Poll the pane until `text` shows up (a real terminal has no 'workers done' signal)."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux(session, "capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


@pytest.fixture
def session(tmp_path: Path) -> Iterator[str]:
    name = f"prepdeck-test-{uuid.uuid4().hex[:8]}"
    env = f"PREPDECK_TODAY=2026-11-23 XDG_DATA_HOME={tmp_path} XDG_CONFIG_HOME={tmp_path}"
    # COLUMNS/LINES from the test runner's environment would override the pane's real size.
    command = f"env -u COLUMNS -u LINES {env} {PREPDECK} demo --db {tmp_path / 'demo.db'}"
    tmux(name, "new-session", "-d", "-s", name, "-x", "100", "-y", "32", command)
    try:
        yield name
    finally:
        tmux(name, "kill-server", check=False)


@pytest.mark.skipif(not PREPDECK.exists(), reason="the prepdeck script is not installed")
def test_demo_opens_a_briefing_by_keystrokes(session: str) -> None:
    home = wait_for(session, "Meetings today")  # the today strip comes after the names
    assert "Anna Kowalski" in home and "Next meeting" in home
    tmux(session, "send-keys", "-t", session, "Margaret")  # type-to-filter
    wait_for(session, "Clients (1 of")
    tmux(session, "send-keys", "-t", session, "Enter")
    briefing = wait_for(session, "News · ")  # the news section's title names the client
    for section in ("Margaret Hughes", "Promises", "Ask about", "Last conversations"):
        assert section in briefing
    tmux(session, "send-keys", "-t", session, "Escape")
    wait_for(session, "Clients (1 of 8)")  # home again, the filter kept
    tmux(session, "send-keys", "-t", session, "C-q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "prepdeck" in tmux(
        session, "list-panes", "-t", session, "-F", "#{pane_current_command}"
    ):
        time.sleep(0.2)


@pytest.mark.skipif(not PREPDECK.exists(), reason="the prepdeck script is not installed")
def test_a_client_added_with_the_cli_appears_in_the_running_app(
    session: str, tmp_path: Path
) -> None:
    wait_for(session, "Meetings today")
    env = {"PREPDECK_TODAY": "2026-11-23", "XDG_DATA_HOME": str(tmp_path)}
    subprocess.run(
        [str(PREPDECK), "client", "add", "Aaron Able", "--db", str(tmp_path / "demo.db")],
        check=True,
        capture_output=True,
        env={**os.environ, **env, "XDG_CONFIG_HOME": str(tmp_path)},
    )
    # No key pressed: the app finds the other process's write by itself (it looks each
    # second). How soon is no test's business: on a loaded machine a second's timer and the
    # redraw after it can take longer than the 3 s this once allowed.
    wait_for(session, "Aaron Able")
