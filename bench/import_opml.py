"""Benchmark: `prepdeck feed import` of OPML lists of 1,000 and 3,000 feeds, then again.

Adding a feed looks for a stored feed that is the same one (feeds.local.feed_identity).
It once read every stored feed to do so, so a list of n feeds read n²/2 rows: 3.8 s for
1,000 feeds and 14.7 s for 3,000 on the machine of RESULTS.md. Since schema 4 it is one
indexed lookup; the ratio of the two sizes shows whether the time grows with n or n².
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.results import write_section

SIZES = (1000, 3000)
RUNS = 3
HOSTS = 50  # a reader's list: many feeds from few sites


def _opml(path: Path, feeds: int) -> Path:
    outlines = "".join(
        f'<outline type="rss" text="Feed {i}"'
        f' xmlUrl="https://news{i % HOSTS}.example/feeds/{i}/rss"/>'
        for i in range(feeds)
    )
    path.write_text(
        f'<?xml version="1.0"?><opml version="2.0"><head/><body>{outlines}</body></opml>'
    )
    return path


def _import(opml: Path, db: Path) -> tuple[float, str]:
    """`prepdeck feed import` as a new process: its seconds and its summary line."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "prepdeck", "feed", "import", str(opml), "--db", str(db)],
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - start, done.stdout.strip().splitlines()[-1]


def measure(folder: Path, feeds: int) -> dict[str, float | str]:
    opml = _opml(folder / f"{feeds}.opml", feeds)
    fresh: list[float] = []
    again: list[float] = []
    said = ""
    for run in range(RUNS):
        db = folder / f"{feeds}-{run}.db"
        seconds, _ = _import(opml, db)
        fresh.append(seconds)
        seconds, said = _import(opml, db)
        again.append(seconds)
    assert "(0 new," in said, said  # the second import added nothing
    return {"fresh": statistics.median(fresh), "again": statistics.median(again), "said": said}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="prepdeck-bench-opml-") as tmp:
        results = {n: measure(Path(tmp), n) for n in SIZES}
    small, large = (results[n] for n in SIZES)
    ratio = float(large["fresh"]) / float(small["fresh"])
    lines = [
        f"`prepdeck feed import LIST.opml` as a new process on a new database, then the same "
        f"list again (every feed already there); median of {RUNS} runs. The feeds come from "
        f"{HOSTS} sites. Start-up and schema creation are included.",
        "",
        "| feeds in the list | import | import again |",
        "|---|---|---|",
    ]
    lines += [
        f"| {n:,} | {float(r['fresh']):.2f} s | {float(r['again']):.2f} s |"
        for n, r in results.items()
    ]
    lines += [
        "",
        f"{SIZES[1]:,} feeds took {ratio:.1f}× the time of {SIZES[0]:,}: the time grows with the "
        "list, not with its square (before schema 4: 3.76 s and 14.65 s, 3.9×).",
    ]
    write_section("import_opml", "Import an OPML list of feeds", "\n".join(lines))


if __name__ == "__main__":
    main()
