"""Benchmark: ranking news with 200,000 articles and 500 clients stored.

Targets: one client's top 20 in under 50 ms (median), every client's in under 15 s.

    python -m bench rank        (BENCH_DB=PATH reuses a generated file)

Each timed single call ranks a *different* client (50 spread over the 500), so the
median is not one client's warm cache. Also reported: the very first call in a
fresh process (term statistics and feed signals not yet cached) and CPU time,
since the machines here are shared and wall time includes waiting for a core.
"""

from __future__ import annotations

import itertools
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.generate import STANDARD, standard_database
from bench.results import write_section
from prepdeck.dates import today as current_day
from prepdeck.rank import suggest, suggest_all
from prepdeck.store import Store

LIMIT = 20
SINGLE_TARGET_MS = 50.0
ALL_TARGET_S = 15.0


# Measured by hand beside the run above (update with it): what the load hides.
NOTE = """\
Issue 15 (2026-11-28): at load 9-11 the branch's run took 103 ms wall / 29.0 ms CPU \
for one client and 46.3 s / 13.9 s for all 500 (main then: 83.3 ms / 29.4 ms, 40.0 s / \
12.5 s), wall time 2.5-3.5 times the CPU time; the run above, at load ~1, meets both \
targets. In alternating runs of the same 50 clients, no longer searching for the \
client's own company name (its news is never suggested) saved 3-5 ms CPU a client; \
places read from business notes cost about 0.5 ms."""


def _timed(func) -> tuple[float, float]:
    """(wall ms, cpu ms) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="prepdeck-bench-") as tmp:
        path, built_in = standard_database(Path(tmp) / "rank.db")
        store = Store(path)
        try:
            day = current_day()
            articles = store.scalar("SELECT count(*) FROM articles")
            ids = [c.id for c in store.list_clients()]
            spread = ids[:: max(1, len(ids) // 50)][:50]

            first_wall, first_cpu = _timed(
                lambda: suggest(store, spread[0], today=day, limit=LIMIT)
            )
            sample = itertools.cycle(spread[1:] + spread[:1])
            for _ in range(3):  # warm-up: SQLite page cache
                suggest(store, next(sample), today=day, limit=LIMIT)
            walls, cpus, sizes = [], [], []
            for _ in range(len(spread)):
                cid = next(sample)
                wall, cpu = _timed(lambda cid=cid: suggest(store, cid, today=day, limit=LIMIT))
                walls.append(wall)
                cpus.append(cpu)

            all_wall, all_cpu = _timed(lambda: suggest_all(store, today=day, limit=LIMIT))
            everyone = suggest_all(store, today=day, limit=LIMIT)
            sizes = [len(found) for found in everyone.values()]
        finally:
            store.close()

    single = statistics.median(walls)
    single_cpu = statistics.median(cpus)
    p90 = sorted(walls)[int(len(walls) * 0.9) - 1]
    verdict_one = "meets" if single < SINGLE_TARGET_MS else "MISSES"
    verdict_all = "meets" if all_wall / 1000 < ALL_TARGET_S else "MISSES"
    rows = "\n".join(
        [
            f"| one client's top {LIMIT}, median over {len(walls)} different clients"
            f" | **{single:.1f} ms** | {single_cpu:.1f} ms"
            f" | < {SINGLE_TARGET_MS:.0f} ms ({verdict_one}) |",
            f"| same, 90th percentile | {p90:.1f} ms | | |",
            f"| first call in a fresh process (caches cold) | {first_wall:.1f} ms"
            f" | {first_cpu:.1f} ms | |",
            f"| all {len(ids)} clients (`suggest_all`) | **{all_wall / 1000:.2f} s**"
            f" | {all_cpu / 1000:.2f} s | < {ALL_TARGET_S:.0f} s ({verdict_all}) |",
        ]
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    built = f"generated in {built_in:.1f} s" if built_in is not None else "reused"
    feeds = STANDARD["feeds"]
    body = f"""
{articles:,} articles, {len(ids)} clients, {feeds} feeds (bench.generate, {built}); top {LIMIT}.

| measure | wall | CPU | target |
|---|---:|---:|---|
{rows}

Suggestions per client: median {statistics.median(sizes):.0f}, fewest {min(sizes)}. Wall
time on a shared 2-core machine includes waiting for a core (load average {load}); CPU
time is the process's own work.
"""
    write_section("rank", "Ranking speed (bench/rank.py)", body + "\n" + NOTE)


if __name__ == "__main__":
    main()
