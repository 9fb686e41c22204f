"""Real second processes: kill -9 in the middle of a rewrite, and fetch beside CLI writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from crypt_support import PASSPHRASE, contents, header  # type: ignore[import-not-found]
from feeds_support import FeedServer, item, rss, start_server  # type: ignore[import-not-found]

from prepdeck.passphrase import open_unlocked
from prepdeck.store import cipher

PLAIN = b"SQLite format 3\x00"


def wait_for(marker: Path, proc: subprocess.Popen[str]) -> None:
    """Until the paused process has written its marker (or died, which fails the test)."""
    deadline = time.monotonic() + 90
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the rewrite never reached its pause"
        time.sleep(0.05)


@pytest.mark.parametrize(
    "command, stage",
    [
        ("encrypt", "exported"),
        ("encrypt", "verified"),
        ("decrypt", "verified"),
        ("passphrase", "exported"),
    ],
)
def test_kill_9_mid_rewrite_leaves_the_original_usable(
    run, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, stage: str
) -> None:
    monkeypatch.setenv("PREPDECK_PASSPHRASE", PASSPHRASE)
    if command != "encrypt":
        assert run("encrypt").code == 0
        cipher.forget()
    was_encrypted = header(demo_db) != PLAIN
    before = contents(demo_db)
    marker = tmp_path / "paused"
    env = {
        **os.environ,
        "PREPDECK_NEW_PASSPHRASE": "another",
        "PREPDECK_TEST_PAUSE": f"{stage}:{marker}",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "prepdeck", command, "--db", str(demo_db)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(marker, proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL

    assert (header(demo_db) != PLAIN) == was_encrypted
    cipher.forget()
    assert contents(demo_db) == before  # the original opens, every row still there
    partial = demo_db.parent / f".{demo_db.name}.rewrite"
    assert partial.exists()
    if command == "encrypt":
        assert header(partial) != PLAIN  # what was left behind is not plaintext

    monkeypatch.setenv("PREPDECK_NEW_PASSPHRASE", "another")
    again = run(command)  # a second try clears the leftover and finishes
    assert again.code == 0, again.err
    assert not partial.exists()
    cipher.forget()
    if command == "passphrase":
        monkeypatch.setenv("PREPDECK_PASSPHRASE", "another")
    if command == "decrypt":
        monkeypatch.delenv("PREPDECK_PASSPHRASE")
    assert contents(demo_db) == before


def test_fetch_from_cron_beside_cli_writes_on_an_encrypted_database(
    run, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREPDECK_PASSPHRASE", PASSPHRASE)
    assert run("encrypt").code == 0
    server, httpd = start_server()
    written = 0
    try:
        _serve_feed(server)
        assert run("feed", "add", server.url("/feed.xml"), "--client", "Anna").code == 0
        fetch = subprocess.Popen(
            [sys.executable, "-m", "prepdeck", "fetch", "--json", "--db", str(demo_db)],
            env={**os.environ, "PREPDECK_PASSPHRASE": PASSPHRASE},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        while fetch.poll() is None or written < 3:  # CLI writes while the fetch writes
            result = run("note", "add", "Anna", f"Written during the fetch {written}")
            assert result.code == 0, result.err
            written += 1
        out, err = fetch.communicate()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert fetch.returncode == 0 and err == "", err
    assert json.loads(out)["failed"] == 0, out
    store = open_unlocked(demo_db)
    try:
        notes = store.scalar("SELECT count(*) FROM notes WHERE text LIKE 'Written during%'")
        hits = store.search("cryptographic")
    finally:
        store.close()
    assert notes == written
    assert [h.title for h in hits if h.kind == "article"] == ["A cryptographic harbour"]
    assert header(demo_db) != PLAIN


def _serve_feed(server: FeedServer) -> None:
    items = [item(str(n), title=f"Freight story {n}") for n in range(40)]
    items.append(item("crypto", title="A cryptographic harbour"))
    server.serve("/feed.xml", rss(*items))
