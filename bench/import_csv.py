"""Benchmark: import a 5,000-row contacts CSV (target: under 2 s), then re-import it unchanged."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.results import write_section
from prepdeck.store import Store
from prepdeck.transfer import ImportReport, import_people

ROWS = 5000
RUNS = 5
TARGET_S = 2.0


def _contacts_csv(path: Path, rows: int, style: str) -> Path:
    """The shared generator's believable export (Outlook or Google column names)."""
    from bench.generate import contacts_csv

    return contacts_csv(path, rows, style=style)


def _timed(func: Callable[[], ImportReport]) -> tuple[float, ImportReport]:
    start = time.perf_counter()
    report = func()
    return time.perf_counter() - start, report


def _fresh_store(folder: Path, name: str) -> Store:
    path = folder / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return Store(path)


def measure(folder: Path, style: str) -> dict[str, object]:
    csv_path = _contacts_csv(folder / f"{style}.csv", ROWS, style)
    fresh_times: list[float] = []
    reimport_times: list[float] = []
    dry_times: list[float] = []
    report: ImportReport | None = None
    again: ImportReport | None = None
    for run in range(RUNS):
        store = _fresh_store(folder, f"{style}-{run}.db")
        try:
            seconds, report = _timed(lambda s=store: import_people(s, csv_path))
            fresh_times.append(seconds)
            seconds, again = _timed(lambda s=store: import_people(s, csv_path))
            reimport_times.append(seconds)
            seconds, _ = _timed(lambda s=store: import_people(s, csv_path, dry_run=True))
            dry_times.append(seconds)
        finally:
            store.close()
    assert report is not None and again is not None
    assert report.added + report.updated + report.skipped > 0
    assert (again.added, again.updated) == (0, 0), "a re-import must change nothing"
    return {
        "style": style,
        "fresh": statistics.median(fresh_times),
        "fresh_max": max(fresh_times),
        "reimport": statistics.median(reimport_times),
        "dry": statistics.median(dry_times),
        "clients": report.count("add", "client"),
        "contacts": report.count("add", "contact"),
        "merged_rows": ROWS - report.added - report.skipped,
        "unchanged": again.unchanged,
    }


def end_to_end(folder: Path) -> float:
    """The command a user runs, as a fresh process on a fresh database (startup included)."""
    csv_path = _contacts_csv(folder / "cli.csv", ROWS, "outlook")
    db = folder / "cli.db"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "prepdeck", "import", "clients", str(csv_path), "--db", str(db)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def startup() -> float:
    """`prepdeck --help` as a new process: the share of end-to-end time that is not import."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "prepdeck", "--help"], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="prepdeck-bench-import-") as tmp:
        folder = Path(tmp)
        results = [measure(folder, style) for style in ("outlook", "google")]
        cli_s = end_to_end(folder)
        startup_s = startup()
    lines = [
        f"Importing a {ROWS:,}-row contacts CSV (bench.generate.contacts_csv) with "
        f"`prepdeck.transfer.import_people`; median of {RUNS} runs, each on a fresh database "
        f"(target: under {TARGET_S:.0f} s). Each row has a name, email, company, job title and "
        "a note, so a run writes clients, contacts and two notes per person, with FTS triggers.",
        "",
        "| CSV style | fresh import (median) | slowest | re-import, all unchanged | dry run "
        "| clients / contacts added |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['style']} | {r['fresh']:.2f} s | {r['fresh_max']:.2f} s | "
            f"{r['reimport']:.2f} s ({r['unchanged']:,} unchanged) | {r['dry']:.2f} s | "
            f"{r['clients']:,} / {r['contacts']:,} |"
        )
    verdict = "meets" if all(r["fresh"] < TARGET_S for r in results) else "MISSES"
    lines += [
        "",
        f"End to end, `python -m prepdeck import clients` as a new process on a new database "
        f"(interpreter start-up and schema creation included): {cli_s:.2f} s, of which "
        f"{startup_s:.2f} s is start-up alone (`python -m prepdeck --help`).",
        "",
        f"The fresh import {verdict} the {TARGET_S:.0f} s target.",
    ]
    write_section("import_csv", "Import a 5,000-row contacts CSV", "\n".join(lines))


if __name__ == "__main__":
    main()
