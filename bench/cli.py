"""Benchmark: how fast commands that do not fetch start and finish, as whole processes.

Each command runs as a real `prepdeck` process on a demo database (writes on a copy
per run), interleaved with `sqlite-utils --version` from the same environment, so
a busy machine slows both alike; the figure that counts is the ratio of medians
(target: under 0.6), and `due --json` (a shell-prompt hook) under 150 ms on a quiet run.

    python -m bench cli
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.results import write_section

TARGET_RATIO = 0.6
DUE_TARGET_MS = 150.0
ROUNDS = 21
BIN = Path(sys.executable).parent

# (label, argv after `prepdeck`, on a fresh copy?) — CLIENT 1 and promise 1 exist in the
# demo. brief and suggest read back the ranking remembered by the previous round (news.py);
# the "first of the day" rows forget it first, as any change to what ranking reads does.
COMMANDS: list[tuple[str, list[str], bool]] = [
    ("client list --json", ["client", "list", "--json"], False),
    ("note add", ["note", "add", "1", "Asked about the new depot"], True),
    ("promise keep", ["promise", "keep", "1"], True),
    ("due --json", ["due", "--json"], False),
    ("brief", ["brief", "1"], False),
    ("search", ["search", "energy", "--json"], False),
    ("suggest", ["suggest", "1", "--json"], False),
]
FIRST_OF_THE_DAY: list[tuple[str, list[str]]] = [
    ("brief, ranking anew", ["brief", "1"]),
    ("suggest, ranking anew", ["suggest", "1", "--json"]),
]


def _forgotten(demo: Path, scratch: Path) -> Path:
    """A copy of the demo with no ranking remembered."""
    shutil.copyfile(demo, scratch)
    conn = sqlite3.connect(scratch)
    with conn:
        conn.execute("DELETE FROM ranking_memo")
    conn.close()
    return scratch


def _run(argv: list[str]) -> tuple[float, float]:
    """(wall ms, CPU ms: user + system) of one process; CPU time barely moves with load."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def _medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def measure(rounds: int = ROUNDS) -> tuple[tuple[float, float], dict[str, tuple[float, float]]]:
    """(median wall and CPU ms of `sqlite-utils --version`, the same per command)."""
    from bench.app import _compile_prepdeck

    _compile_prepdeck()  # as pip leaves an installed package (sqlite-utils is compiled)
    prepdeck = str(BIN / "prepdeck")
    with tempfile.TemporaryDirectory(prefix="prepdeck-bench-cli-") as tmp:
        demo = Path(tmp) / "demo.db"
        subprocess.run(
            [prepdeck, "demo", "--no-open", "--db", str(demo)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        scratch = Path(tmp) / "scratch.db"
        env_db = ["--db", str(demo)]
        baseline: list[tuple[float, float]] = []
        times: dict[str, list[tuple[float, float]]] = {
            label: [] for label in [c[0] for c in COMMANDS] + [c[0] for c in FIRST_OF_THE_DAY]
        }
        for _ in range(rounds):
            baseline.append(_run([str(BIN / "sqlite-utils"), "--version"]))
            for label, args, writes in COMMANDS:
                db = env_db
                if writes:  # each write starts from the same file (promise 1 open again)
                    shutil.copyfile(demo, scratch)
                    db = ["--db", str(scratch)]
                times[label].append(_run([prepdeck, *args, *db]))
            for label, args in FIRST_OF_THE_DAY:
                db = ["--db", str(_forgotten(demo, scratch))]
                times[label].append(_run([prepdeck, *args, *db]))
    return _medians(baseline), {k: _medians(v) for k, v in times.items()}


def main() -> None:
    load = os.getloadavg()
    (base_wall, base_cpu), figures = measure()
    end = os.getloadavg()[0]
    lines = [
        f"Load average at start: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}; at the end"
        f" {end:.2f} (2 cores, shared).",
        "",
        f"`sqlite-utils --version` (the yardstick): median {base_wall:.0f} ms wall,"
        f" {base_cpu:.0f} ms CPU over {ROUNDS} rounds, interleaved with the commands below;",
        "prepdeck byte-compiled first, as an installed package is. Wall time stretches with",
        "the machine's load; CPU time (user + system) is the steadier figure on a busy machine.",
        "",
        "| command (whole process) | median wall | ÷ yardstick | median CPU | ÷ yardstick"
        f" | target < {TARGET_RATIO} |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for label, (wall, cpu) in figures.items():
        ratio, cpu_ratio = wall / base_wall, cpu / base_cpu
        mark = "yes" if max(ratio, cpu_ratio) < TARGET_RATIO else "**no**"
        lines.append(
            f"| `prepdeck {label}` | {wall:.0f} ms | {ratio:.2f} | {cpu:.0f} ms | {cpu_ratio:.2f}"
            f" | {mark} |"
        )
        print(f"  {label:<22} {wall:5.0f} ms {ratio:.2f}x   CPU {cpu:5.0f} ms {cpu_ratio:.2f}x")
    due_wall, due_cpu = figures["due --json"]
    lines += [
        "",
        f"`prepdeck due --json`: {due_wall:.0f} ms wall, {due_cpu:.0f} ms CPU"
        f" (target < {DUE_TARGET_MS:.0f} ms on a quiet run).",
        "",
        "Before the commands loaded lazily (issue 18; measured once, 11 rounds, the old and",
        "new trees taking turns, load ~7): 1.67x to 2.42x the yardstick's wall time and",
        "1.73x to 2.25x its CPU time, every command importing httpx, feedparser and asyncio,",
        "and reads or writes importing sqlite-utils; the same run had the new tree at",
        "0.48x to 0.56x wall and 0.45x to 0.67x CPU.",
        "",
        "Later merges put pycountry back on the path of every briefing (places, issue 15):",
        "measured 2026-11-28 10:42 (11 rounds, load ~7), `brief` took 1.93x the yardstick's",
        "wall and 1.84x its CPU, `suggest` 2.18x and 1.81x, the others 0.77x to 0.91x wall",
        "and 0.77x to 0.82x CPU (urllib.request, hashlib and the feed modules loaded by every",
        "command). The ranking now reads its places from a precomputed table",
        "(`prepdeck/rank/data/places.tsv`) and those modules load only where used.",
        "What was left then was mostly fixed cost: click (which the yardstick imports too),",
        "`dataclasses` compiling an __init__, __repr__ and __eq__ for ~30 record classes (a",
        "sixth of `brief`), and importing and running the ranking (a quarter).",
        "",
        "Since: records on these paths take their equality and repr from one base",
        "(`prepdeck/plain.py`), so only __init__ is compiled per class (dataclass creation in",
        "`brief` 32 ms -> 12 ms CPU); and a client's ranking is remembered for the day",
        "(`prepdeck/news.py`, exact: any change to what ranking reads forgets it), so",
        "`brief` and `suggest` after the first of the day never import the ranking. The",
        'rows "ranking anew" are those first runs, on a copy that remembers nothing.',
    ]
    print(f"  sqlite-utils --version {base_wall:5.0f} ms        CPU {base_cpu:5.0f} ms")
    write_section("cli", "Command-line start-up (commands that do not fetch)", "\n".join(lines))


if __name__ == "__main__":
    main()
