"""Encryption benchmark: what SQLCipher costs on the standard database.

A plain and an encrypted copy of the same 500-client, 200,000-article database are
measured in turn, in one process, so both see the same machine load. Target: opening
a briefing on the encrypted copy takes at most 1.3 times as long as on the plain one.

    python -m bench encryption        (BENCH_DB=PATH reuses a generated file)
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.briefing import _busiest
from bench.fetch import generate as generate_feeds
from bench.generate import standard_database
from bench.results import write_section
from prepdeck.briefing import build_briefing
from prepdeck.dates import today as current_day
from prepdeck.feeds import fetch_all
from prepdeck.passphrase import open_unlocked
from prepdeck.store import Store, cipher
from prepdeck.store.recrypt import rewrite

PASSPHRASE = "bench passphrase"
TARGET = 1.3
KINDS = ("plain", "encrypted")


def _paired(funcs: dict[str, Callable[[], object]], repeat: int = 21) -> dict[str, float]:
    """Median ms of each, the runs interleaved so that load hits both alike."""
    times: dict[str, list[float]] = {kind: [] for kind in funcs}
    for _ in range(2):
        for func in funcs.values():
            func()
    for _ in range(repeat):
        for kind, func in funcs.items():
            started = time.perf_counter()
            func()
            times[kind].append((time.perf_counter() - started) * 1000)
    return {kind: statistics.median(values) for kind, values in times.items()}


def _open_close(path: Path) -> Callable[[], object]:
    return lambda: Store(path).close()


def _fetch(store: Store, folder: Path) -> float:
    """Seconds for a first fetch of 20 local feeds × 50 entries (parse, insert, index)."""
    folder.mkdir()
    ids = [store.add_feed(p.as_uri()).id for p in generate_feeds(folder, feeds=20, entries=50)]
    started = time.perf_counter()
    summary = asyncio.run(fetch_all(store, feed_ids=ids))
    elapsed = time.perf_counter() - started
    assert summary.totals()["new_articles"] == 1000, summary.totals()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="prepdeck-bench-") as tmp_name:
        tmp = Path(tmp_name)
        source, _ = standard_database(tmp / "standard.db")
        Store(source).close()  # checkpointed: the copies need no WAL
        paths = {kind: tmp / f"{kind}.db" for kind in KINDS}
        for path in paths.values():
            shutil.copy(source, path)
        size_mb = paths["plain"].stat().st_size / 1e6
        started = time.perf_counter()
        rewrite(paths["encrypted"], old=None, new=PASSPHRASE)
        encrypt_s = time.perf_counter() - started
        os.environ["PREPDECK_PASSPHRASE"] = PASSPHRASE

        cipher.forget()
        started = time.perf_counter()
        open_unlocked(paths["encrypted"]).close()
        first_open_ms = (time.perf_counter() - started) * 1000  # derives the key
        opens = _paired({k: _open_close(p) for k, p in paths.items()}, repeat=11)

        stores = {kind: Store(path) for kind, path in paths.items()}
        try:
            day = current_day()
            busiest = _busiest(stores["plain"])
            ids = [c.id for c in stores["plain"].list_clients()][::10]
            cycles = {kind: itertools.cycle(ids) for kind in KINDS}
            one = _paired(
                {
                    k: lambda s=s: build_briefing(s, busiest, day, remember=False)
                    for k, s in stores.items()
                }
            )
            spread = _paired(
                {
                    k: lambda s=s, k=k: build_briefing(s, next(cycles[k]), day, remember=False)
                    for k, s in stores.items()
                },
                repeat=50,
            )
            search = _paired({k: lambda s=s: s.search("freight tariff") for k, s in stores.items()})
            fetches: dict[str, list[float]] = {kind: [] for kind in KINDS}
            for round_ in range(3):
                for kind, store in stores.items():
                    fetches[kind].append(_fetch(store, tmp / f"feeds-{kind}-{round_}"))
            fetch = {kind: statistics.median(v) * 1000 for kind, v in fetches.items()}
        finally:
            for store in stores.values():
                store.close()
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    versions = (
        f"SQLite {sqlite3.sqlite_version} (standard library) against SQLCipher's own "
        f"SQLite {cipher.sqlcipher().sqlite_version}"
    )

    def row(what: str, figures: dict[str, float], digits: int = 1) -> str:
        ratio = figures["encrypted"] / figures["plain"]
        return (
            f"| {what} | {figures['plain']:.{digits}f} ms | {figures['encrypted']:.{digits}f} ms "
            f"| {ratio:.2f}x |"
        )

    briefing_ratio = one["encrypted"] / one["plain"]
    verdict = "meets" if briefing_ratio <= TARGET else "MISSES"
    body = f"""
Database: the standard one (500 clients, 200,000 articles), {size_mb:.0f} MB; encrypted
with `prepdeck encrypt`'s own rewrite in {encrypt_s:.1f} s (export, check, swap, old file
overwritten). Load average at the end: {load}. Medians, plain and encrypted runs interleaved.

| what | plain | encrypted | ratio |
|---|---:|---:|---:|
{row("open a briefing: `build_briefing`, busiest client, with news", one)}
{row("open a briefing, 50 different clients in turn", spread)}
{row("full-text search, two words", search)}
{row("first fetch of 20 local feeds × 50 entries (parse, store, index)", fetch, 0)}
{row("connect (open, check, pragmas), key already derived", opens, 2)}

The two run different SQLite builds ({versions}), so a query may even be quicker on
the encrypted copy; reading pages not yet in the cache is where decryption costs.
First connection of a process to the encrypted file: {first_open_ms:.0f} ms, nearly all of
it PBKDF2 (SQLCipher 4's 256,000 rounds); the derived key is kept for the process's later
connections (the app opens two or three). Target: a briefing on the encrypted database at
most {TARGET}x the plain one — {briefing_ratio:.2f}x, {verdict}.
"""
    write_section("encryption", "Encryption: the cost of SQLCipher", body)


if __name__ == "__main__":
    main()
