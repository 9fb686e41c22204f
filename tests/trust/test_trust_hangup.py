"""The app dies with its terminal, however it was started (issue 10, part 5).

Under `make demo` the app is make's child: closing the terminal sends SIGHUP to make
alone, which waits for its children, and the app used to spin at full CPU for ever.
"""

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
from test_app_tmux import tmux, wait_for  # type: ignore[import-not-found]

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

PREPDECK = Path(sys.executable).with_name("prepdeck")


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(todo.pop())], capture_output=True, text=True
        ).stdout
        children = [int(p) for p in out.split()]
        found += children
        todo += children
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purpose (its parent may not have reaped it yet).
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().rsplit(")", 1)[-1].split()[0] == "Z")


@pytest.fixture
def session() -> Iterator[str]:
    name = f"prepdeck-hangup-{uuid.uuid4().hex[:8]}"
    yield name
    tmux(name, "kill-server", check=False)


def _start(session: str, command: str) -> list[int]:
    tmux(session, "new-session", "-d", "-s", session, "-x", "100", "-y", "32", command)
    wait_for(session, "Meetings today")
    leader = int(tmux(session, "list-panes", "-t", session, "-F", "#{pane_pid}").split()[0])
    return [leader, *descendants(leader)]


def _all_gone(pids: list[int], timeout: float = 15.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.2)
    left = [p for p in pids if alive(p)]
    for pid in left:  # never leave a spinning process behind a failed test
        os.kill(pid, 9)
    return left


def _env(tmp_path: Path) -> str:
    return (
        f"env -u COLUMNS -u LINES PREPDECK_TODAY=2026-11-23 XDG_DATA_HOME={tmp_path} "
        f"XDG_CONFIG_HOME={tmp_path}"
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_app_run_by_make_exits_when_its_terminal_closes(session: str, tmp_path: Path) -> None:
    makefile = tmp_path / "Makefile"
    makefile.write_text(f"demo:\n\t{_env(tmp_path)} {PREPDECK} demo --db {tmp_path / 'demo.db'}\n")
    pids = _start(session, f"make -f {makefile} demo")
    assert len(pids) >= 2  # make and the app under it
    tmux(session, "kill-session", "-t", session)
    assert _all_gone(pids) == []


def test_app_exits_on_hangup_even_if_started_ignoring_it(session: str, tmp_path: Path) -> None:
    # As under `nohup` or a launcher that ignores SIGHUP: the app inherits SIG_IGN.
    command = (
        f"sh -c \"trap '' HUP; exec {_env(tmp_path)} {PREPDECK} demo --db {tmp_path / 'demo.db'}\""
    )
    pids = _start(session, command)
    tmux(session, "kill-session", "-t", session)
    assert _all_gone(pids) == []
