"""Benchmark: how fast commands that do not fetch start and finish, as whole processes.

Each command runs as a real `prepdeck` process on a demo database (writes on a copy
per run), interleaved with `sqlite-utils --version` from the same environment, so
a busy machine slows both alike; the figure that counts is the ratio of medians
(target: under 0.6), and `due --json` (a shell-prompt hook) under 150 ms on a quiet run.

    python -m bench cli
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.results import write_section

TARGET_RATIO = 0.6
DUE_TARGET_MS = 150.0
ROUNDS = 15
BIN = Path(sys.executable).parent

# (label, argv after `prepdeck`, writes?) — CLIENT 1 and promise 1 exist in the demo.
COMMANDS: list[tuple[str, list[str], bool]] = [
    ("client list --json", ["client", "list", "--json"], False),
    ("note add", ["note", "add", "1", "Asked about the new depot"], True),
    ("promise keep", ["promise", "keep", "1"], True),
    ("due --json", ["due", "--json"], False),
    ("brief", ["brief", "1"], False),
    ("search", ["search", "energy", "--json"], False),
    ("suggest", ["suggest", "1", "--json"], False),
]


def _run(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def measure(rounds: int = ROUNDS) -> tuple[float, dict[str, float]]:
    """(median ms of `sqlite-utils --version`, median ms per command)."""
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
        baseline: list[float] = []
        times: dict[str, list[float]] = {label: [] for label, _, _ in COMMANDS}
        for _ in range(rounds):
            baseline.append(_run([str(BIN / "sqlite-utils"), "--version"]))
            for label, args, writes in COMMANDS:
                db = env_db
                if writes:  # each write starts from the same file (promise 1 open again)
                    shutil.copyfile(demo, scratch)
                    db = ["--db", str(scratch)]
                times[label].append(_run([prepdeck, *args, *db]))
    return statistics.median(baseline), {k: statistics.median(v) for k, v in times.items()}


def main() -> None:
    load = os.getloadavg()
    base, figures = measure()
    lines = [
        f"Load average at start: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} (2 cores, shared).",
        "",
        f"`sqlite-utils --version` (the yardstick): median {base:.0f} ms over {ROUNDS} rounds,",
        "interleaved with the commands below.",
        "",
        "| command (whole process) | median ms | ÷ sqlite-utils --version | target < 0.6 |",
        "|---|---:|---:|---|",
    ]
    for label, ms in figures.items():
        ratio = ms / base
        mark = "yes" if ratio < TARGET_RATIO else "**no**"
        lines.append(f"| `prepdeck {label}` | {ms:.0f} | {ratio:.2f} | {mark} |")
        print(f"  {label:<22} {ms:7.0f} ms  {ratio:.2f}x sqlite-utils --version")
    due = figures["due --json"]
    lines += [
        "",
        f"`prepdeck due --json`: {due:.0f} ms (target < {DUE_TARGET_MS:.0f} ms on a quiet run).",
    ]
    print(f"  sqlite-utils --version {base:7.0f} ms")
    write_section("cli", "Command-line start-up (commands that do not fetch)", "\n".join(lines))


if __name__ == "__main__":
    main()
