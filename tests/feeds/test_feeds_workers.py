"""Parse workers end with the fetch that started them, however it ends (a real kill -9)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from feeds_support import FeedServer, item, rss

from prepdeck.feeds import FAILED, OK, run_fetch
from prepdeck.feeds.fetch import PARSE_WORKERS_ENV, PROCESS_PARSING_FROM
from prepdeck.feeds.workers import WorkerPool
from prepdeck.store import Store

linux_only = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="reads the process tree from /proc (Linux)"
)


def descendants(pid: int) -> dict[int, str]:
    """pid -> command line of every live descendant of pid."""
    found: dict[int, str] = {}
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            try:
                found[child] = (
                    Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                )
            except OSError:
                continue
            found.update(descendants(child))
    return found


def alive(pid: int) -> bool:
    """Running (a zombie nobody reaps is not running)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def hang(h: BaseHTTPRequestHandler) -> None:
    time.sleep(30)


@linux_only
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_workers_exit_within_2_s_of_the_fetch_dying(
    how: signal.Signals, store: Store, db_path: Path, feed_server: FeedServer
) -> None:
    feeds = PROCESS_PARSING_FROM + 6
    for n in range(feeds):
        if n < 6:
            store.add_feed(feed_server.serve(f"/f{n}", rss(item(f"{n}-1"))))
        else:
            store.add_feed(feed_server.route(f"/slow{n}", hang))
    store.close()
    env = {**os.environ, PARSE_WORKERS_ENV: "2"}
    fetch = subprocess.Popen(
        [sys.executable, "-m", "prepdeck", "fetch", "--db", str(db_path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        workers: dict[int, str] = {}
        while time.monotonic() < deadline and len(workers) < 2:
            workers = {
                pid: cmd
                for pid, cmd in descendants(fetch.pid).items()
                if "prepdeck.feeds.workers" in cmd
            }
            time.sleep(0.05)
        assert len(workers) == 2, descendants(fetch.pid)
        # Nothing else runs beside them: no multiprocessing resource tracker.
        assert set(descendants(fetch.pid)) == set(workers)
        os.kill(fetch.pid, how)
        fetch.wait(10)
        died = time.monotonic()
        while any(alive(pid) for pid in workers) and time.monotonic() - died < 2:
            time.sleep(0.05)
        assert not any(alive(pid) for pid in workers), "a parse worker outlived the fetch"
    finally:
        if fetch.poll() is None:
            fetch.kill()
            fetch.wait()


def test_a_worker_pool_parses_reports_bad_feeds_and_ends_its_processes() -> None:
    pool = WorkerPool(2)
    try:
        parsed = pool.parse(rss(item("a-1"), item("a-2")), {}, "https://x.example/feed")
        assert [e.guid for e in parsed.entries] == ["a-1", "a-2"]
        with pytest.raises(Exception, match="HTML page"):
            pool.parse(b"<html><body>no</body></html>", {"content-type": "text/html"}, "u")
    finally:
        procs = list(pool._all)
        pool.close()
    assert procs and all(proc.poll() is not None for proc in procs)


def test_a_run_with_workers_ingests_and_fails_one_broken_feed(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PARSE_WORKERS_ENV, "2")
    count = PROCESS_PARSING_FROM + 2
    for n in range(count):
        path = tmp_path / f"f{n}.xml"
        path.write_bytes(rss(item(f"{n}-1"), item(f"{n}-2")) if n else b"<html>not a feed</html>")
        store.add_feed(path.as_uri())
    summary = run_fetch(store)
    assert summary.count(OK) == count - 1 and summary.count(FAILED) == 1
    assert "HTML page" in (summary.results[0].error or "")
    assert store.article_count() == 2 * (count - 1)
