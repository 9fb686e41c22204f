"""Benchmark: does the briefing keep its speed as articles pile up (200,000 vs 1,000,000)?

Targets (issue 18): `build_briefing` with 1,000,000 articles within 1.3x its time with
200,000 (same run, same clients); Enter to briefing drawn under 100 ms median with
1,000,000; the app under 150 MB resident after opening 50 briefings.

Both databases come from `bench.generate` with the same seed, so they hold the same
500 clients; they are cached (BENCH_CACHE, default a folder in the temp dir), keyed
by size and the day they were generated for, because the 1,000,000-article file
(about 760 MB) takes a minute and a half or more to build.

    python -m bench growth
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.generate import STANDARD, generate
from bench.results import write_section
from prepdeck.dates import today as current_day

SIZES = (200_000, 1_000_000)
CLIENTS = 50
ROUNDS = 3
RATIO_TARGET = 1.3
OPEN_TARGET_MS = 100.0
RSS_TARGET_MB = 150.0
OPENS = 50
# The store's ranking queries, timed one by one to show how each part grows.
PARTS = (
    "rank_matches",
    "newest_matches",
    "window_document_counts",
    "term_document_counts",
    "articles_by_ids",
    "recent_articles",
)


def cache_dir() -> Path:
    path = Path(os.environ.get("BENCH_CACHE") or Path(tempfile.gettempdir()) / "prepdeck-bench-cache")
    path.mkdir(parents=True, exist_ok=True)
    return path


def cached_database(articles: int) -> tuple[Path, float | None]:
    """The generated database with `articles` articles for today; (path, seconds built or None).

    Articles are dated relative to the day they were generated for, so a file from an
    earlier day is replaced rather than reused.
    """
    day = current_day()
    folder = cache_dir()
    path = folder / f"articles-{articles}-{day.isoformat()}.db"
    for stale in folder.glob(f"articles-{articles}-*.db"):
        if stale != path:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{stale}{suffix}").unlink(missing_ok=True)
    if path.exists():
        return path, None
    started = time.perf_counter()
    settings = {**STANDARD, "articles": articles}
    generate(path, **settings, today=day)
    return path, time.perf_counter() - started


def _timed_parts(store: Any, totals: dict[str, float]) -> None:
    """Wrap the store's ranking queries (on this instance) to add their time to `totals`."""
    for name in PARTS:
        method = getattr(store, name)

        def timed(*args: Any, _method: Callable[..., Any] = method, _name: str = name, **kw: Any):
            started = time.perf_counter()
            try:
                return _method(*args, **kw)
            finally:
                totals[_name] = totals.get(_name, 0.0) + time.perf_counter() - started

        setattr(store, name, timed)


def briefing_growth(paths: dict[int, Path]) -> dict[str, Any]:
    """build_briefing for the same clients on each size, taking turns; first opens only.

    Each round forgets the ranking's caches (document counts, article words), so every
    figure is a client's first briefing of the session, the one a user waits for.
    """
    from prepdeck.briefing import build_briefing
    from prepdeck.rank import context
    from prepdeck.store import Store

    day = current_day()
    stores = {size: Store(path) for size, path in paths.items()}
    parts: dict[int, dict[str, float]] = {size: {} for size in paths}
    times: dict[int, list[float]] = {size: [] for size in paths}
    try:
        ids = [c.id for c in stores[SIZES[0]].list_clients()]
        sample = ids[:: max(1, len(ids) // CLIENTS)][:CLIENTS]
        for size, store in stores.items():
            build_briefing(store, sample[0], day)  # warm-up: imports, the file's first pages
            _timed_parts(store, parts[size])
        for _ in range(ROUNDS):
            context._DF_CACHE.clear()
            context._TOKENS.clear()
            for client_id in sample:
                for size, store in stores.items():
                    started = time.perf_counter()
                    build_briefing(store, client_id, day)
                    times[size].append((time.perf_counter() - started) * 1000)
    finally:
        for store in stores.values():
            store.close()
    runs = len(sample) * ROUNDS
    return {
        "median": {size: statistics.median(t) for size, t in times.items()},
        "parts": {
            size: {name: total * 1000 / runs for name, total in found.items()}
            for size, found in parts.items()
        },
        "clients": len(sample),
    }


def app_figures(path: Path) -> dict[str, float]:
    """In a fresh process: Enter-to-drawn median over OPENS briefings, and the RSS after."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.growth", "--app", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _app_child(path: Path) -> None:
    from bench.app import _open_times

    drawn, _settled, _rows, _gc = asyncio.run(_open_times(path, opens=OPENS))
    rss = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) / 1024
    print(json.dumps({"drawn": statistics.median(drawn), "rss": rss, "opens": len(drawn)}))


def main() -> None:
    load_before = os.getloadavg()
    paths, built = {}, {}
    for size in SIZES:
        paths[size], built[size] = cached_database(size)
    growth = briefing_growth(paths)
    apps = {size: app_figures(paths[size]) for size in SIZES}
    load_after = os.getloadavg()
    small, big = SIZES
    med = growth["median"]
    ratio = med[big] / med[small]
    print(f"  build_briefing {med[small]:.1f} ms -> {med[big]:.1f} ms ({ratio:.2f}x)")
    for size in SIZES:
        print(f"  app {size:,}: drawn {apps[size]['drawn']:.1f} ms, {apps[size]['rss']:.0f} MB")

    def verdict(ok: bool) -> str:
        return "meets" if ok else "**misses**"

    built_note = ", ".join(
        f"{size:,}: {'reused' if secs is None else f'built in {secs:.0f} s'}"
        for size, secs in built.items()
    )
    rows = [
        "| figure | 200,000 articles | 1,000,000 articles | growth | target |",
        "|---|---:|---:|---:|---|",
        f"| `build_briefing`, first open of {growth['clients']} clients × {ROUNDS} rounds,"
        f" median | {med[small]:.1f} ms | {med[big]:.1f} ms | {ratio:.2f}x"
        f" | ≤ {RATIO_TARGET}x ({verdict(ratio <= RATIO_TARGET)}) |",
    ]
    for name in PARTS:
        a = growth["parts"][small].get(name)
        b = growth["parts"][big].get(name)
        if a is None and b is None:
            continue
        a, b = a or 0.0, b or 0.0
        grew = f"{b / a:.2f}x" if a else "—"
        rows.append(f"| … of which `{name}`, mean per briefing | {a:.2f} ms | {b:.2f} ms | {grew} | |")
    drawn_small, drawn_big = apps[small]["drawn"], apps[big]["drawn"]
    rss_small, rss_big = apps[small]["rss"], apps[big]["rss"]
    rows += [
        f"| Enter to briefing drawn, median of {OPENS} | {drawn_small:.1f} ms | {drawn_big:.1f} ms"
        f" | {drawn_big / drawn_small:.2f}x"
        f" | < {OPEN_TARGET_MS:.0f} ms ({verdict(drawn_big < OPEN_TARGET_MS)}) |",
        f"| app resident memory after {OPENS} briefings | {rss_small:.0f} MB | {rss_big:.0f} MB"
        f" | {rss_big / rss_small:.2f}x"
        f" | < {RSS_TARGET_MB:.0f} MB ({verdict(rss_big < RSS_TARGET_MB)}) |",
    ]
    body = f"""
Load average before / after: {load_before[0]:.2f} / {load_after[0]:.2f} (2 cores, shared with
other engineers' work: compare the two columns, measured in turn in one run, not absolute times).
Databases from `bench.generate` (500 clients, 300 feeds; {built_note}).

{chr(10).join(rows)}

How each part grows with the archive. Ranking searches the newest 200,000 stored
articles (`prepdeck.rank.context.WINDOW`, by id, the order they were stored), so:

- `rank_matches` (bm25 over the interest, FTS5 `rowid >` the window's start): the
  postings walked are those in the window, constant in the archive's size; bm25 itself
  still counts each phrase's articles over the whole index (FTS5 does that once per
  query, in C), the one part that grows, and slowly.
- `newest_matches`: newest matches by rowid, bounded by the window and a limit of 15.
- `window_document_counts` (document counts for idf): one FTS5 count per stem within
  the window: grows with the postings in the window, not the archive (fts5vocab, used
  before, walks a term's postings in the whole archive: 5x the work at 5x the articles).
  `term_document_counts` (fts5vocab) is only asked for a stem no word stems back to.
- `recent_articles` (own and industry feeds): each feed's newest few through the
  (feed_id, published) index, merged: grows with the number of feeds, not articles.
- `articles_by_ids`: at most ~80 rows by primary key per briefing: constant, apart from
  the page cache a bigger file fills less well.
- The article count for idf is the window's size; `max(id)` and `max(published)` are
  index look-ups.

An archive under 200,000 articles is ranked whole, exactly as before (the relevance
figures of bench/relevance are unchanged).
"""
    write_section("growth", "Briefing as the archive grows (200,000 vs 1,000,000 articles)", body)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--app"]:
        _app_child(Path(sys.argv[2]))
    else:
        main()
