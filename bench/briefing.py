"""Benchmark: one briefing with 200,000 articles and 500 clients stored (target: median < 50 ms).

Also times the parts the app draws on every refresh: the client table rows for all
500 clients, the `due` list, and rendering a briefing as markdown.

    python -m bench briefing        (BENCH_DB=PATH reuses a generated file)
"""

from __future__ import annotations

import functools
import itertools
import statistics
import tempfile
import time
from pathlib import Path

from bench.generate import standard_database
from bench.results import median_ms, write_section
from prepdeck import export
from prepdeck.briefing import build_briefing, client_rows
from prepdeck.dates import today as current_day
from prepdeck.due import due_items
from prepdeck.store import Store

TARGET_MS = 50.0


def _busiest(store: Store) -> int:
    """The client with the most stored records: the slowest briefing to build."""
    return int(
        store.scalar(
            """SELECT c.id FROM clients c ORDER BY
                 (SELECT count(*) FROM notes WHERE client_id = c.id)
               + (SELECT count(*) FROM promises WHERE client_id = c.id)
               + (SELECT count(*) FROM interactions WHERE client_id = c.id) DESC, c.id
               LIMIT 1"""
        )
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="prepdeck-bench-") as tmp:
        path, built_in = standard_database(Path(tmp) / "briefing.db")
        store = Store(path)
        try:
            day = current_day()
            counts = {
                t: store.scalar(f"SELECT count(*) FROM {t}")
                for t in ("clients", "articles", "notes", "promises", "interactions")
            }
            busiest = _busiest(store)
            ids = [c.id for c in store.list_clients()]
            sample = itertools.cycle(ids[:: max(1, len(ids) // 50)])

            # As the app builds them: ranked each time, never read back from the memo.
            build = functools.partial(build_briefing, store, today=day, remember=False)
            one = median_ms(lambda: build(busiest))
            spread = median_ms(lambda: build(next(sample)), repeat=50)
            no_news = median_ms(lambda: build(busiest, news_limit=0))
            b = build(busiest)
            md = median_ms(lambda: export.briefing_markdown(b))
            rows = median_ms(lambda: client_rows(store, day), repeat=11)
            due = median_ms(lambda: due_items(store, day, 7), repeat=11)

            # Worst case among the sample, so a slow outlier is not hidden by the median.
            worst = []
            for cid in ids[:: max(1, len(ids) // 20)]:
                started = time.perf_counter()
                build(cid)
                worst.append((time.perf_counter() - started) * 1000)
        finally:
            store.close()

    verdict = "meets" if one < TARGET_MS and spread < TARGET_MS else "MISSES"
    generated = f" (generated in {built_in:.1f} s)" if built_in is not None else ""
    body = f"""
Database: {counts["clients"]} clients, {counts["articles"]:,} articles, {counts["notes"]:,} notes,
{counts["promises"]:,} promises, {counts["interactions"]:,} interactions{generated}.

| what | median |
|---|---|
| `build_briefing`, busiest client, with 5 news suggestions | {one:.1f} ms |
| `build_briefing`, 50 different clients in turn, with news | {spread:.1f} ms |
| `build_briefing`, busiest client, without news | {no_news:.1f} ms |
| render that briefing as markdown | {md:.2f} ms |
| `client_rows` (all {counts["clients"]} clients, table rows + health) | {rows:.1f} ms |
| `due_items` (7 days, all clients) | {due:.1f} ms |

Slowest single briefing of 20 sampled clients (cold-ish, one run each): {max(worst):.1f} ms;
mean {statistics.mean(worst):.1f} ms. Target: median under {TARGET_MS:.0f} ms — {verdict}.
News ranking (`prepdeck.rank.suggest`) is the bulk of a briefing's time; the rest is
a handful of indexed queries per client.
"""
    write_section("briefing", "Briefing: one client with 200,000 articles stored", body)


if __name__ == "__main__":
    main()
