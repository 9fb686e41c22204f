"""Concurrent writers: 200 CLI writes while `prepdeck fetch` of 200 feeds runs in a loop.

The app and a cron fetch share one database. Every write must wait for the other's
write lock (BEGIN IMMEDIATE and the busy timeout) rather than fail: the target is
0 failed writes and 0 feeds failed with "database is locked".

    python -m bench.locking
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.fetch import _start_server, generate
from bench.results import write_section

FEEDS = 200
ENTRIES = 20
WRITES = 200


def _prepdeck(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "prepdeck", *args, "--db", str(db)],
        capture_output=True,
        text=True,
    )


def _last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else "(no message)"


class FetchLoop(threading.Thread):
    """`prepdeck fetch --json` again and again until stopped; counts runs and failures."""

    def __init__(self, db: Path) -> None:
        super().__init__(daemon=True)
        self.db = db
        self.stop = threading.Event()
        self.runs = 0
        self.failed_runs: list[str] = []
        self.locked_feeds = 0
        self.other_failed_feeds = 0

    def run(self) -> None:
        while not self.stop.is_set():
            done = _prepdeck(self.db, "fetch", "--json")
            self.runs += 1
            if done.returncode != 0:
                self.failed_runs.append(_last_line(done.stderr))
                continue
            for feed in json.loads(done.stdout)["results"]:
                if feed["status"] == "failed":
                    if "locked" in (feed.get("error") or ""):
                        self.locked_feeds += 1
                    else:
                        self.other_failed_feeds += 1


def main() -> None:
    from prepdeck.store import Store

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="prepdeck-locking-") as tmp:
        folder = Path(tmp)
        paths = generate(folder, FEEDS, ENTRIES)
        server, base = _start_server(folder)
        db = folder / "shared.db"
        try:
            store = Store(db)
            client = store.add_client("Bench Client", company="Bench Ltd")
            for path in paths:
                store.add_feed(f"{base}/{path.name}")
            store.close()

            loop = FetchLoop(db)
            loop.start()
            failures: list[str] = []
            seconds: list[float] = []
            started = time.perf_counter()
            for number in range(WRITES):
                kind = number % 3
                args = (
                    ("note", "add", str(client.id), f"Bench note {number}")
                    if kind == 0
                    else ("promise", "add", str(client.id), f"Bench promise {number}")
                    if kind == 1
                    else ("log", str(client.id), f"Bench call {number}", "--kind", "call")
                )
                begun = time.perf_counter()
                done = _prepdeck(db, *args)
                seconds.append(time.perf_counter() - begun)
                if done.returncode != 0:
                    failures.append(_last_line(done.stderr))
            elapsed = time.perf_counter() - started
            loop.stop.set()
            loop.join()
            store = Store(db)
            stored = sum(
                store.scalar(f"SELECT count(*) FROM {table}")
                for table in ("notes", "promises", "interactions")
            )
            articles = store.scalar("SELECT count(*) FROM articles")
            store.close()
        finally:
            server.terminate()
            server.wait()
    load_after = os.getloadavg()

    clean = not failures and not loop.failed_runs and not loop.locked_feeds
    verdict = " Meets." if clean else " FAILS."
    body = f"""
{WRITES} CLI writes (`note add`, `promise add`, `log`, each its own process, one after
another) while `prepdeck fetch --json` of {FEEDS} feeds ({ENTRIES} entries each, served on
127.0.0.1 with 100 ms latency; the first run stores them, later ones get 304s and write
each feed's state) ran in a loop on the same database. Load average before / after:
{load_before[0]:.2f} / {load_after[0]:.2f}.

| what | result |
|---|---|
| CLI writes failed | {len(failures)} of {WRITES} |
| records stored by them | {stored} |
| fetch runs during the writes | {loop.runs} |
| fetch runs failed | {len(loop.failed_runs)} |
| feeds failed with "database is locked" | {loop.locked_feeds} |
| feeds failed otherwise | {loop.other_failed_feeds} |
| articles stored | {articles:,} |
| one CLI write, median / slowest | {statistics.median(seconds):.2f} s / {max(seconds):.2f} s |
| all {WRITES} writes | {elapsed:.1f} s |

Target: 0 failures.{verdict}
"""
    if failures or loop.failed_runs:
        body += "\nFirst errors: " + "; ".join((failures + loop.failed_runs)[:3]) + "\n"
    write_section("locking", "Concurrent writers: CLI writes during a fetch loop", body)


if __name__ == "__main__":
    main()
